package io.hopsniff.decoder.session;

import io.hopsniff.decoder.anomaly.AnomalyType;
import io.hopsniff.decoder.tcp.Direction;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a PROXY protocol header or a SOCKS handshake ({@link Preamble}) from both directions, in the order the
 * protocol sets, then hands what follows back to detection, which finds HTTP (or whatever else) there. Bytes of a
 * side that is not due yet wait in a small buffer. Credentials of SOCKS5 username/password authentication (RFC
 * 1929) are skipped, never kept.
 */
final class PreambleLayer implements UpperLayer {

    /** What the connection does after the preamble. */
    interface Next {
        /**
         * {@code proceeded}: the handshake succeeded and the client's and server's remaining bytes (either may be
         * empty) start the carried protocol; else they are not decoded.
         */
        void preambleEnded(boolean proceeded, ByteBuffer client, long clientOffset, ByteBuffer server,
                           long serverOffset, long timestampNanos);
    }

    /** Room for a PROXY v2 header with its TLVs; SOCKS messages are under 600 bytes. */
    private static final int LIMIT = 16 * 1024;
    /** The longest PROXY v1 line, CRLF included (spec §2.1). */
    private static final int V1_MAX = 107;

    private enum Step {
        PROXY_V1, PROXY_V2, SOCKS4_REQUEST, SOCKS4_REPLY, SOCKS5_GREETING, SOCKS5_CHOICE, SOCKS5_AUTH,
        SOCKS5_AUTH_REPLY, SOCKS5_REQUEST, SOCKS5_REPLY, ENDED
    }

    private final ConnectionScope scope;
    private final Next next;
    private final Side client = new Side();
    private final Side server = new Side();
    private Step step;
    private String kind;
    private String source;
    private String target;
    private String status;

    PreambleLayer(Preamble.Kind kind, ConnectionScope scope, Next next) {
        this.scope = scope;
        this.next = next;
        switch (kind) {
            case PROXY_V1 -> start(Step.PROXY_V1, "proxy-v1");
            case PROXY_V2 -> start(Step.PROXY_V2, "proxy-v2");
            case SOCKS4 -> start(Step.SOCKS4_REQUEST, "socks4");
            default -> start(Step.SOCKS5_GREETING, "socks5");
        }
    }

    private void start(Step first, String name) {
        step = first;
        kind = name;
    }

    /** What was read so far. */
    Preamble facts() {
        return new Preamble(kind, source, target, status);
    }

    @Override
    public Protocol protocol() {
        return kind.startsWith("socks") ? Protocol.SOCKS : Protocol.UNKNOWN;
    }

    @Override
    public void data(Direction direction, ByteBuffer bytes, long streamOffset, long timestampNanos) {
        scope.countNonHttp(direction, bytes.remaining()); // the rest is given back uncounted when the preamble ends
        if (step == Step.ENDED) {
            return; // after a refusal or a malformed handshake: only counted
        }
        if (!(direction == Direction.CLIENT_TO_SERVER ? client : server).add(bytes, streamOffset)) {
            malformed(timestampNanos, "longer than " + LIMIT + " bytes");
            return;
        }
        while (step != Step.ENDED && advance(timestampNanos)) {
            // each step consumed one message
        }
    }

    @Override
    public void gap(Direction direction, long streamOffset, long length, long timestampNanos) {
        if (step != Step.ENDED) {
            malformed(timestampNanos, "a gap of " + length + " bytes in the handshake");
        }
    }

    /** Reads the next message when it is all there; false when more bytes are needed (or it ended). */
    private boolean advance(long ts) {
        return switch (step) {
            case PROXY_V1 -> proxyV1(ts);
            case PROXY_V2 -> proxyV2(ts);
            case SOCKS4_REQUEST -> socks4Request(ts);
            case SOCKS4_REPLY -> socks4Reply(ts);
            case SOCKS5_GREETING -> socks5Greeting(ts);
            case SOCKS5_CHOICE -> socks5Choice(ts);
            case SOCKS5_AUTH -> socks5Auth(ts);
            case SOCKS5_AUTH_REPLY -> socks5AuthReply(ts);
            case SOCKS5_REQUEST -> socks5Request(ts);
            case SOCKS5_REPLY -> socks5Reply(ts);
            case ENDED -> false;
        };
    }

    // ---------------------------------------------------------------- PROXY protocol

    private boolean proxyV1(long ts) {
        int lf = client.indexOf((byte) '\n', V1_MAX);
        if (lf < 0) {
            if (client.length() >= V1_MAX) {
                malformed(ts, "no CRLF within " + V1_MAX + " bytes");
            }
            return false;
        }
        String line = client.text(0, lf + 1 > 1 && client.at(lf - 1) == '\r' ? lf - 1 : lf);
        String[] w = line.split(" ", -1);
        if (w.length >= 2 && w[1].equals("UNKNOWN")) {
            source = "unknown";
        } else if (w.length == 6 && (w[1].equals("TCP4") || w[1].equals("TCP6"))) {
            source = endpoint(w[2], w[4]);
            target = endpoint(w[3], w[5]);
        } else {
            malformed(ts, "PROXY line: " + line);
            return false;
        }
        client.consume(lf + 1);
        return end(true, ts);
    }

    private boolean proxyV2(long ts) {
        if (client.length() < 16) {
            return false;
        }
        int versionCommand = client.at(12) & 0xFF;
        int family = client.at(13) & 0xFF;
        int length = client.u16(14);
        if (versionCommand >> 4 != 2 || (versionCommand & 0xF) > 1) {
            malformed(ts, "version/command byte 0x" + Integer.toHexString(versionCommand));
            return false;
        }
        if (client.length() < 16 + length) {
            return false;
        }
        if ((versionCommand & 0xF) == 0) {
            source = "local"; // a health check from the proxy itself: no original addresses
        } else if (family >> 4 == 1 && length >= 12) {
            source = endpoint(address(client.bytes(16, 4)), Integer.toString(client.u16(24)));
            target = endpoint(address(client.bytes(20, 4)), Integer.toString(client.u16(26)));
        } else if (family >> 4 == 2 && length >= 36) {
            source = endpoint(address(client.bytes(16, 16)), Integer.toString(client.u16(48)));
            target = endpoint(address(client.bytes(32, 16)), Integer.toString(client.u16(50)));
        } else {
            source = "unknown";
        }
        client.consume(16 + length);
        return end(true, ts);
    }

    // ---------------------------------------------------------------- SOCKS4 / 4a

    private boolean socks4Request(long ts) {
        int user = client.indexOf((byte) 0, 8, LIMIT); // the user id, after VN CD DSTPORT DSTIP
        if (user < 0) {
            return false;
        }
        int port = client.u16(2);
        byte[] ip = client.bytes(4, 4);
        int end = user + 1;
        if (ip[0] == 0 && ip[1] == 0 && ip[2] == 0 && ip[3] != 0) {
            kind = "socks4a"; // the host name follows the user id
            int host = client.indexOf((byte) 0, end, LIMIT);
            if (host < 0) {
                return false;
            }
            target = client.text(end, host) + ":" + port;
            end = host + 1;
        } else {
            target = endpoint(address(ip), Integer.toString(port));
        }
        client.consume(end);
        step = Step.SOCKS4_REPLY;
        return true;
    }

    private boolean socks4Reply(long ts) {
        if (server.length() < 8) {
            return false;
        }
        int code = server.at(1) & 0xFF;
        status = switch (code) {
            case 90 -> "granted";
            case 91 -> "rejected";
            case 92 -> "rejected: no identd";
            case 93 -> "rejected: identd user mismatch";
            default -> "reply " + code;
        };
        server.consume(8);
        return end(code == 90, ts);
    }

    // ---------------------------------------------------------------- SOCKS5 (RFC 1928, RFC 1929)

    private boolean socks5Greeting(long ts) {
        if (client.length() < 2 || client.length() < 2 + (client.at(1) & 0xFF)) {
            return false;
        }
        client.consume(2 + (client.at(1) & 0xFF));
        step = Step.SOCKS5_CHOICE;
        return true;
    }

    private boolean socks5Choice(long ts) {
        if (server.length() < 2) {
            return false;
        }
        int method = server.at(1) & 0xFF;
        server.consume(2);
        if (method == 0) {
            step = Step.SOCKS5_REQUEST;
            return true;
        }
        if (method == 2) {
            step = Step.SOCKS5_AUTH;
            return true;
        }
        status = method == 0xFF ? "no acceptable method" : "method " + method + " (not followed)";
        return end(false, ts);
    }

    private boolean socks5Auth(long ts) {
        if (client.length() < 2) {
            return false;
        }
        int user = client.at(1) & 0xFF;
        if (client.length() < 3 + user || client.length() < 3 + user + (client.at(2 + user) & 0xFF)) {
            return false;
        }
        client.consume(3 + user + (client.at(2 + user) & 0xFF)); // the credentials are not kept
        step = Step.SOCKS5_AUTH_REPLY;
        return true;
    }

    private boolean socks5AuthReply(long ts) {
        if (server.length() < 2) {
            return false;
        }
        boolean ok = server.at(1) == 0;
        server.consume(2);
        if (!ok) {
            status = "authentication failed";
            return end(false, ts);
        }
        step = Step.SOCKS5_REQUEST;
        return true;
    }

    private boolean socks5Request(long ts) {
        int length = socks5AddressEnd(client, 3);
        if (length < 0 || client.length() < length + 2) {
            return false;
        }
        if (client.at(0) != 5) {
            malformed(ts, "SOCKS5 request version " + client.at(0));
            return false;
        }
        target = socks5Address(client, 3, length) + ":" + client.u16(length);
        client.consume(length + 2);
        step = Step.SOCKS5_REPLY;
        return true;
    }

    private boolean socks5Reply(long ts) {
        int length = socks5AddressEnd(server, 3);
        if (length < 0 || server.length() < length + 2) {
            return false;
        }
        int code = server.at(1) & 0xFF;
        String[] names = {"succeeded", "general failure", "not allowed by ruleset", "network unreachable",
            "host unreachable", "connection refused", "TTL expired", "command not supported",
            "address type not supported"};
        status = code < names.length ? names[code] : "reply " + code;
        server.consume(length + 2);
        return end(code == 0, ts);
    }

    /** Where a SOCKS5 address (type byte at {@code at}) ends; -1 when not all there yet. */
    private static int socks5AddressEnd(Side s, int at) {
        if (s.length() <= at + 1) {
            return -1;
        }
        return switch (s.at(at)) {
            case 1 -> at + 1 + 4;
            case 4 -> at + 1 + 16;
            default -> at + 2 + (s.at(at + 1) & 0xFF); // 3: a length-prefixed domain name
        };
    }

    private static String socks5Address(Side s, int at, int end) {
        return switch (s.at(at)) {
            case 1, 4 -> address(s.bytes(at + 1, end - at - 1));
            default -> s.text(at + 2, end);
        };
    }

    // ---------------------------------------------------------------- the end

    private void malformed(long ts, String detail) {
        scope.anomaly(AnomalyType.HTTP_PREAMBLE_MALFORMED, ts, "kind=" + kind + ", " + detail);
        end(false, ts);
    }

    private boolean end(boolean proceeded, long ts) {
        if (!proceeded && kind.startsWith("socks") && status != null) {
            scope.anomaly(AnomalyType.HTTP_SOCKS_REFUSED, ts, "kind=" + kind + ", target=" + target + ", status="
                    + status);
        }
        step = Step.ENDED;
        scope.countNonHttp(Direction.CLIENT_TO_SERVER, -client.length());
        scope.countNonHttp(Direction.SERVER_TO_CLIENT, -server.length());
        next.preambleEnded(proceeded, client.rest(), client.offset, server.rest(), server.offset, ts);
        return false;
    }

    private static String endpoint(String address, String port) {
        return address.indexOf(':') >= 0 ? "[" + address + "]:" + port : address + ":" + port;
    }

    private static String address(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw).getHostAddress();
        } catch (UnknownHostException e) {
            return "?"; // only for a wrong length, which the callers rule out
        }
    }

    /** One direction's bytes not read yet, with the stream offset of the first. */
    private static final class Side {
        private byte[] data = new byte[0];
        private int length;
        long offset = -1;

        boolean add(ByteBuffer b, long streamOffset) {
            if (offset < 0) {
                offset = streamOffset;
            }
            int n = b.remaining();
            if (length + n > LIMIT) {
                return false;
            }
            if (length + n > data.length) {
                data = Arrays.copyOf(data, Math.min(LIMIT, Math.max(length + n, 2 * data.length + 64)));
            }
            b.get(b.position(), data, length, n);
            length += n;
            return true;
        }

        int length() {
            return length;
        }

        byte at(int i) {
            return data[i];
        }

        int u16(int i) {
            return (data[i] & 0xFF) << 8 | data[i + 1] & 0xFF;
        }

        byte[] bytes(int from, int n) {
            return Arrays.copyOfRange(data, from, from + n);
        }

        String text(int from, int to) {
            return new String(data, from, to - from, StandardCharsets.ISO_8859_1);
        }

        int indexOf(byte value, int max) {
            return indexOf(value, 0, max);
        }

        int indexOf(byte value, int from, int max) {
            for (int i = from; i < Math.min(length, max); i++) {
                if (data[i] == value) {
                    return i;
                }
            }
            return -1;
        }

        void consume(int n) {
            System.arraycopy(data, n, data, 0, length - n);
            length -= n;
            offset += n;
        }

        ByteBuffer rest() {
            return ByteBuffer.wrap(Arrays.copyOf(data, length));
        }
    }
}
