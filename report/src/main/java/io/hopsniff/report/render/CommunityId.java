package io.hopsniff.report.render;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Community ID v1 of a TCP connection (https://github.com/corelight/community-id-spec), seed 0: base64 of the
 * SHA-1 of seed (2 bytes), source address, destination address, protocol 6, one pad byte, source port and
 * destination port, with the endpoints in canonical order (the smaller address, then the smaller port, first),
 * so both directions of a connection give the same id, and Zeek, Suricata or Arkime give it too.
 */
public final class CommunityId {

    private static final int TCP = 6;

    /**
     * One SHA-1 per thread, reset by each digest: the id is computed for every connection of a report, and looking
     * the algorithm up in the providers each time was a third of it (10 000 connections: 14 of 40 ms).
     */
    private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    });

    private CommunityId() {
    }

    /** {@code 1:…=} for two literal addresses (dotted quad or IPv6 text), or null when one is not a literal. */
    public static String tcp(String srcAddress, int srcPort, String dstAddress, int dstPort) {
        byte[] src = literal(srcAddress);
        byte[] dst = literal(dstAddress);
        if (src == null || dst == null || src.length != dst.length) {
            return null;
        }
        int c = compare(src, dst);
        if (c > 0 || c == 0 && srcPort > dstPort) {
            byte[] a = src;
            src = dst;
            dst = a;
            int p = srcPort;
            srcPort = dstPort;
            dstPort = p;
        }
        ByteBuffer b = ByteBuffer.allocate(2 + src.length * 2 + 2 + 4);
        b.putShort((short) 0).put(src).put(dst).put((byte) TCP).put((byte) 0)
                .putShort((short) srcPort).putShort((short) dstPort);
        return "1:" + Base64.getEncoder().encodeToString(SHA1.get().digest(b.array()));
    }

    /** From the report's endpoint strings: {@code 1.2.3.4:80} or {@code [::1]:80}; null when unparseable. */
    public static String tcp(String client, String server) {
        int cp = client == null ? -1 : client.lastIndexOf(':');
        int sp = server == null ? -1 : server.lastIndexOf(':');
        if (cp <= 0 || sp <= 0) {
            return null;
        }
        try {
            return tcp(unbracket(client.substring(0, cp)), Integer.parseInt(client.substring(cp + 1)),
                    unbracket(server.substring(0, sp)), Integer.parseInt(server.substring(sp + 1)));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String unbracket(String a) {
        return a.startsWith("[") && a.endsWith("]") ? a.substring(1, a.length() - 1) : a;
    }

    /** Parses an address literal without ever asking DNS (only hex digits, dots and colons get through). */
    private static byte[] literal(String address) {
        if (address == null || address.isEmpty()) {
            return null;
        }
        byte[] v4 = dottedQuad(address);
        if (v4 != null) {
            return v4;
        }
        for (int i = 0; i < address.length(); i++) { // a loop, not a stream: this runs for every connection
            char ch = address.charAt(i);
            if (Character.digit(ch, 16) < 0 && ch != '.' && ch != ':') {
                return null;
            }
        }
        try {
            return InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /**
     * The four bytes of a dotted quad as hopsniff writes them (four decimal numbers 0-255, no leading zeros), else
     * null: anything else goes to the JDK's parser (InetAddress's literal parsing was another fifth of the time).
     */
    static byte[] dottedQuad(String a) {
        byte[] out = new byte[4];
        int part = 0;
        int value = 0;
        int digits = 0;
        for (int i = 0; i <= a.length(); i++) {
            char ch = i < a.length() ? a.charAt(i) : '.';
            if (ch >= '0' && ch <= '9') {
                if (digits > 0 && value == 0) {
                    return null; // a leading zero: octal to some parsers, left to the JDK's
                }
                value = value * 10 + (ch - '0');
                if (++digits > 3 || value > 255) {
                    return null;
                }
            } else if (ch == '.' && digits > 0 && part < 4) {
                out[part++] = (byte) value;
                value = 0;
                digits = 0;
            } else {
                return null;
            }
        }
        return part == 4 ? out : null;
    }

    private static int compare(byte[] a, byte[] b) {
        for (int i = 0; i < a.length; i++) {
            int d = (a[i] & 0xff) - (b[i] & 0xff);
            if (d != 0) {
                return d;
            }
        }
        return 0;
    }
}
