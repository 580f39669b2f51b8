package io.hopsniff.capture.live;

/**
 * What crossed the hand-off between the capture thread and the analysis thread.
 * {@code received == delivered + dropped + inFlight}; once drained, {@code inFlight} is 0.
 *
 * @param received   packets libpcap gave hopsniff
 * @param delivered  packets handed to the analysis sink
 * @param dropped    packets hopsniff dropped because the hand-off was full
 * @param dropBursts runs of consecutive drops, each reported once as {@code HANDOFF_DROPPED}
 * @param inFlight   packets queued and not yet delivered
 */
public record HandoffStats(long received, long delivered, long dropped, long dropBursts, long inFlight) {
}
