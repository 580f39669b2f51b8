package io.hopsniff.decoder.session;

/** A byte count for each direction of a connection. */
public record ByteCounts(long clientToServer, long serverToClient) {
    public static final ByteCounts ZERO = new ByteCounts(0, 0);
}
