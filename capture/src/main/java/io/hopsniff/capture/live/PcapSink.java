package io.hopsniff.capture.live;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where the capture thread writes the packets libpcap delivered: one pcap file ({@link LivePcapWriter}) or a
 * rotating series of them ({@link RotatingPcapWriter}). {@link #write} and {@link #close} are called by the
 * capture thread only; {@link #tick} by the analysis thread, so an implementation that acts on it synchronises.
 */
public interface PcapSink extends AutoCloseable {

    /** One record; {@code length} bytes of {@code data} from 0. */
    void write(long timestampNanos, byte[] data, int length, int originalLength) throws IOException;

    /**
     * The wall clock, from another thread, at least every few hundred milliseconds while the capture runs: the
     * capture thread sits in {@code pcap_loop} while the link is idle, so only this can close a file on time.
     */
    default void tick(long wallClockNanos) throws IOException {
    }

    /** Packets written so far, over all files. */
    long packets();

    /** The file being written (or the last one): what a failure message names. */
    Path path();

    /** Flushes and closes; idempotent. */
    @Override
    void close() throws IOException;
}
