package io.hopsniff.decoder.ws;

import io.hopsniff.decoder.http.KeptBytes;

/**
 * What inflating permessage-deflate messages may cost a whole run, shared by every WebSocket direction: the memory
 * of the inflaters alive at once (zlib's state and 32 KiB window each, outside the Java heap) and the bytes
 * inflated in all. Every compressed message of every session is inflated (its text is checked for UTF-8, its
 * stream for DEFLATE data that does not decode), so without the second bound a capture of thousands of small
 * deflate bombs, each within the per-direction bound, would cost minutes of CPU.
 *
 * @param inflaters memory held by the inflaters alive at once, given back when a session ends
 * @param output    bytes inflated by the whole run; spent, never given back
 */
public record InflateBudget(KeptBytes inflaters, KeptBytes output) {

    /** About 680 inflaters of 48 KiB at once: 340 sessions compressing both ways; later ones are not inflated. */
    public static final long INFLATERS_LIMIT = 32L << 20;
    /** About a second of CPU: zlib inflates 1-2 GB a second of a deflate bomb, less of real text. */
    public static final long OUTPUT_LIMIT = 1L << 30;

    public static InflateBudget defaults() {
        return new InflateBudget(new KeptBytes(INFLATERS_LIMIT), new KeptBytes(OUTPUT_LIMIT));
    }

    /** A budget nothing exhausts (tests and tools that decode one small capture). */
    public static InflateBudget unlimited() {
        return new InflateBudget(KeptBytes.unlimited(), KeptBytes.unlimited());
    }

    /** The heap is nearly full: the inflaters' memory bound is halved like the run's other memory bounds. */
    public long tighten() {
        return inflaters.tighten();
    }
}
