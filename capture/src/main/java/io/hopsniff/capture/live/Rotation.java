package io.hopsniff.capture.live;

import java.nio.file.Path;

/**
 * When the {@code --write-pcap} file is closed and the next one started, and how many are kept: tcpdump's
 * {@code -C}, {@code -G} and {@code -W}. Zero means "not by this".
 *
 * <p>Names: file {@code n} (from 1) of {@code incident.pcap} is {@code incident-0001.pcap}: the number goes
 * before the last extension, zero-padded to at least {@value #DIGITS} digits, or at the end of a name without
 * one. Unlike tcpdump's {@code -W}, which reuses its names in a circle, the numbers only grow, so the names sort
 * in the order the packets came (up to file 9999; then they grow a digit). A run continues the series it finds
 * in the directory (a service restarted after a crash must not overwrite the packets from before it), and the
 * ring counts those files too.
 *
 * @param maxBytes      close the file before a packet when it already holds this many bytes (header included)
 * @param intervalNanos close the file when this much time has passed since the capture started, and every
 *                      interval after that
 * @param maxFiles      keep at most this many files of the series: starting one more removes the oldest
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

    /**
     * The number of {@code candidate} in the series {@code base} names (the inverse of {@link #fileName}), or 0
     * when it is not one of its files.
     */
    public static long numberIn(Path base, Path candidate) {
        String name = base.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        String c = candidate.getFileName().toString();
        if (!c.startsWith(stem + "-") || !c.endsWith(ext)) {
            return 0;
        }
        String digits = c.substring(stem.length() + 1, c.length() - ext.length());
        if (digits.length() < DIGITS || digits.length() > 18 || !digits.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            return 0;
        }
        long n = Long.parseLong(digits);
        // only the name fileName gives that number: "-00042" is not file 42's name
        return n > 0 && fileName(base, n).getFileName().toString().equals(c) ? n : 0;
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
