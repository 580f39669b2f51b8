package io.hopsniff.decoder.tcp;

/**
 * An IP address (textual form: dotted quad, or RFC 5952 compressed IPv6) and a TCP port.
 */
public record Endpoint(String address, int port) {

    /** {@code 1.2.3.4:80} or {@code [::1]:80}. */
    @Override
    public String toString() {
        return address.indexOf(':') >= 0 ? "[" + address + "]:" + port : address + ":" + port;
    }
}
