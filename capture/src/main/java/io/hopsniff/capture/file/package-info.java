/**
 * Capture files without libpcap: {@link io.hopsniff.capture.file.CaptureFiles} reads pcap and pcapng,
 * {@link io.hopsniff.capture.file.PcapWriter} writes pcap.
 */
package io.hopsniff.capture.file;
