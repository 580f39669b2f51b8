package io.hopsniff.capture.live;

import java.nio.file.Path;

/**
 * When the {@code --write-pcap} file is closed and the next one started, and how many are kept: tcpdump's
 * {@code -C}, {@code -G} and {@code -W}. Zero means "not by this".
 *
 * <p>Names: file {@code n} (from 1) of {@code incident.pcap} is {@code incident-0001.pcap}: the number goes
 * before the last extension, zero-padded to at least {@value #DIGITS} digits, or at the end of a name without
 * one. Unlike tcpdump's {@code -W}, which reuses its names in a circle, the numbers only grow, so the names sort
 * in the order the packets came (up to file 9999; then they grow a digit).
 *
 * @param maxBytes      close the file before a packet when it already holds this many bytes (header included)
 * @param intervalNanos close the file when this much time has passed since the capture started, and every
 *                      interval after that
 * @param maxFiles      keep at most this many files: starting one more removes the oldest of this run
 */
public record Rotation(long maxBytes, long intervalNanos, int maxFiles) {

    static final int DIGITS = 4;

    public Rotation {
        if (maxBytes < 0 || intervalNanos < 0 || maxFiles < 0) {
            throw new IllegalArgumentException("rotation limits must not be negative");
        }
        if (maxFiles > 0 && maxBytes == 0 && intervalNanos == 0) {
            throw new IllegalArgumentException("a ring of files needs a size or a time to rotate at");
        }
    }

    public static Rotation none() {
        return new Rotation(0, 0, 0);
    }

    /** True when the file is ever rotated; otherwise the one file keeps its given name. */
    public boolean enabled() {
        return maxBytes > 0 || intervalNanos > 0;
    }

    /** The name of file {@code n} (from 1) of the series {@code base} names. */
    public static Path fileName(Path base, long n) {
        if (n < 1) {
            throw new IllegalArgumentException("files are numbered from 1: " + n);
        }
        String name = base.getFileName().toString();
        int dot = name.lastIndexOf('.');
        // ".hidden" has no extension: the dot is the name's start
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        return base.resolveSibling(stem + "-" + String.format("%0" + DIGITS + "d", n) + ext);
    }
}
