package io.hopsniff.decoder.tcp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * One {@code --server} value: the backend endpoint(s) whose connections are analysed and whose side is the server.
 *
 * @param address the IPv4 (4 bytes) or IPv6 (16 bytes) address, or null for any host
 * @param port    the TCP port, 1..65535
 */
public record ServerSpec(byte[] address, int port) {

    public ServerSpec {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, got " + port);
        }
        if (address != null && address.length != 4 && address.length != 16) {
            throw new IllegalArgumentException("address must be 4 or 16 bytes, got " + address.length);
        }
        address = address == null ? null : address.clone();
    }

    /**
     * Parses {@code HOST:PORT}, {@code [IPV6]:PORT} or {@code :PORT} (any host). HOST is an IP literal or a name,
     * resolved once here (its first address). Invalid input: IllegalArgumentException with a one-line message.
     */
    public static ServerSpec parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty server spec; expected HOST:PORT, [IPV6]:PORT or :PORT");
        }
        String s = text.trim();
        int scheme = s.indexOf("://");
        if (scheme > 0) {
            // a URL copied from a proxy config or a browser: say what to write instead
            String rest = s.substring(scheme + 3);
            int slash = rest.indexOf('/');
            throw new IllegalArgumentException("bad server spec '" + s + "': give HOST:PORT without a scheme or path, "
                    + "e.g. --server " + (slash < 0 ? rest : rest.substring(0, slash)));
        }
        String host;
        String portText;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0 || close + 1 >= s.length() || s.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("bad server spec '" + s + "': expected [IPV6]:PORT");
            }
            host = s.substring(1, close);
            portText = s.substring(close + 2);
            if (host.indexOf(':') < 0) {
                throw new IllegalArgumentException("bad server spec '" + s + "': brackets are for IPv6 literals");
            }
        } else {
            int colon = s.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("bad server spec '" + s + "': missing :PORT");
            }
            host = s.substring(0, colon);
            portText = s.substring(colon + 1);
            if (host.indexOf(':') >= 0) {
                throw new IllegalArgumentException("bad server spec '" + s + "': write IPv6 addresses as [ADDR]:PORT");
            }
        }
        int port = parsePort(s, portText);
        if (host.isEmpty() || host.equals("*")) {
            return new ServerSpec(null, port);
        }
        if (host.chars().anyMatch(c -> Character.isWhitespace(c) || c == '/')) {
            throw new IllegalArgumentException("bad server spec '" + s + "': bad host '" + host + "'");
        }
        try {
            return new ServerSpec(InetAddress.getByName(host).getAddress(), port);
        } catch (UnknownHostException | SecurityException e) {
            throw new IllegalArgumentException("bad server spec '" + s + "': cannot resolve host '" + host + "'");
        }
    }

    private static int parsePort(String spec, String portText) {
        if (portText.isEmpty() || portText.length() > 5 || !portText.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("bad server spec '" + spec + "': port '" + portText + "' is not 1..65535");
        }
        int port = Integer.parseInt(portText);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("bad server spec '" + spec + "': port " + port + " is not 1..65535");
        }
        return port;
    }

    /** True when this spec names the endpoint; reads {@code length} (4 or 16) bytes of {@code address}. */
    public boolean matches(byte[] address, int length, int port) {
        if (port != this.port) {
            return false;
        }
        byte[] mine = this.address;
        if (mine == null) {
            return true;
        }
        if (mine.length != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (mine[i] != address[i]) {
                return false;
            }
        }
        return true;
    }

    /** True when this spec names the endpoint; {@code address} is 4 or 16 bytes. */
    public boolean matches(byte[] address, int port) {
        return matches(address, address.length, port);
    }

    @Override
    public byte[] address() {
        return address == null ? null : address.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServerSpec other && other.port == port && Arrays.equals(other.address, address);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(address) + port;
    }

    /** {@code :80}, {@code 10.0.0.1:80}, {@code [::1]:80}. */
    @Override
    public String toString() {
        if (address == null) {
            return ":" + port;
        }
        return new Endpoint(io.hopsniff.decoder.ip.IpAddresses.format(address, address.length), port).toString();
    }
}
