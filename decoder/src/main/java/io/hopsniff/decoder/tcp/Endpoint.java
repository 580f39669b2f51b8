package io.hopsniff.decoder.tcp;

import java.util.Objects;

/**
 * An IP address (textual form: dotted quad, or RFC 5952 compressed IPv6) and a TCP port. A value, as a record would
 * be, but a class: the report asks each connection's endpoints for their text once per exchange and looks them up
 * in maps once per exchange, and a record's equals and hashCode run through method handles that C1 (the only
 * compiler the launcher's analyze options keep) does not inline: on the 1 GiB benchmark those and the text's
 * concatenation were 80 ms of the report threads' CPU.
 */
public final class Endpoint {
    private final String address;
    private final int port;
    /** The text, made on first use; a race only makes it twice (a String is safely published). */
    private String text;

    public Endpoint(String address, int port) {
        this.address = Objects.requireNonNull(address, "address");
        this.port = port;
    }

    public String address() {
        return address;
    }

    public int port() {
        return port;
    }

    /** {@code 1.2.3.4:80} or {@code [::1]:80}. */
    @Override
    public String toString() {
        String t = text;
        if (t == null) {
            t = address.indexOf(':') >= 0 ? "[" + address + "]:" + port : address + ":" + port;
            text = t;
        }
        return t;
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof Endpoint e && e.port == port && e.address.equals(address);
    }

    @Override
    public int hashCode() {
        return 31 * address.hashCode() + port;
    }
}
