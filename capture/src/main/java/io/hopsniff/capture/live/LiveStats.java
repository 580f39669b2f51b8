package io.hopsniff.capture.live;

/**
 * libpcap's {@code pcap_stats} for a live handle, counted since it was opened.
 *
 * @param received           packets the kernel passed to the capture (after the filter, on Linux including
 *                           those it then had to drop)
 * @param droppedByKernel    packets lost because the kernel buffer was full: raise the buffer size
 * @param droppedByInterface packets the NIC or driver dropped (often 0 or unsupported on Linux)
 */
public record LiveStats(long received, long droppedByKernel, long droppedByInterface) {
}
