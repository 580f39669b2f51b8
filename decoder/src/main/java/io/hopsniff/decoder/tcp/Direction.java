package io.hopsniff.decoder.tcp;

/** Which way bytes travel, relative to the connection's roles (client = the side that sends requests). */
public enum Direction {
    CLIENT_TO_SERVER,
    SERVER_TO_CLIENT;

    public Direction reverse() {
        return this == CLIENT_TO_SERVER ? SERVER_TO_CLIENT : CLIENT_TO_SERVER;
    }

    /** "c2s" / "s2c", as used in the report. */
    public String shortName() {
        return this == CLIENT_TO_SERVER ? "c2s" : "s2c";
    }
}
