package io.hopsniff.decoder.tcp;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * Test builder of one TCP segment in IPv4 (RFC 791) or IPv6 (RFC 8200), with optional IPv4 options, IPv6
 * extension headers and snaplen truncation. Checksums are left zero: the tracker must not care.
 */
public final class Seg {
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;

    private byte[] src;
    private byte[] dst;
    private int sport;
    private int dport;
    private int seq;
    private int ack;
    private int flags = ACK;
    private byte[] payload = new byte[0];
    private byte[] ipv4Options = new byte[0];
    private byte[] tcpOptions = new byte[0];
    private int fragmentField;
    private int protocol = 6;
    /** IPv6 extension headers: each {type, bytes (with next-header byte patched in)}. */
    private final java.util.List<Object[]> extensions = new java.util.ArrayList<>();
    private int keepBytes = -1;

    public static Seg of(String src, int sport, String dst, int dport) {
        Seg s = new Seg();
        s.src = addr(src);
        s.dst = addr(dst);
        s.sport = sport;
        s.dport = dport;
        return s;
    }

    public static byte[] addr(String literal) {
        try {
            return InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public Seg flags(int f) {
        flags = f;
        return this;
    }

    public Seg seq(long s) {
        seq = (int) s;
        return this;
    }

    public Seg ack(long a) {
        ack = (int) a;
        return this;
    }

    public Seg payload(String text) {
        return payload(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public Seg payload(byte[] bytes) {
        payload = bytes.clone();
        return this;
    }

    public Seg ipv4Options(byte[] options) {
        ipv4Options = options.clone();
        return this;
    }

    public Seg tcpOptions(byte[] options) {
        tcpOptions = options.clone();
        return this;
    }

    /** Sets the IPv4 flags+fragment offset field (MF = 0x2000). */
    public Seg fragmentField(int value) {
        fragmentField = value;
        return this;
    }

    public Seg protocol(int p) {
        protocol = p;
        return this;
    }

    /** Adds an IPv6 extension header of {@code type} (0, 43, 44, 51, 60) with total {@code length} bytes. */
    public Seg extension(int type, byte[] body) {
        extensions.add(new Object[] {type, body.clone()});
        return this;
    }

    /** Keeps only the first {@code n} bytes of the IP packet, as a snaplen would. */
    public Seg snap(int n) {
        keepBytes = n;
        return this;
    }

    private byte[] tcp() {
        int hl = 20 + tcpOptions.length;
        byte[] t = new byte[hl + payload.length];
        put16(t, 0, sport);
        put16(t, 2, dport);
        put32(t, 4, seq);
        put32(t, 8, ack);
        t[12] = (byte) ((hl / 4) << 4);
        t[13] = (byte) flags;
        put16(t, 14, 65535);
        System.arraycopy(tcpOptions, 0, t, 20, tcpOptions.length);
        System.arraycopy(payload, 0, t, hl, payload.length);
        return t;
    }

    /** The IP packet (v4 or v6 by the address length). */
    public byte[] ip() {
        byte[] full = src.length == 4 ? ipv4() : ipv6();
        if (keepBytes >= 0 && keepBytes < full.length) {
            return java.util.Arrays.copyOf(full, keepBytes);
        }
        return full;
    }

    private byte[] ipv4() {
        byte[] t = tcp();
        int ihl = 20 + ipv4Options.length;
        byte[] p = new byte[ihl + t.length];
        p[0] = (byte) (0x40 | ihl / 4);
        put16(p, 2, p.length);
        put16(p, 6, fragmentField);
        p[8] = 64;
        p[9] = (byte) protocol;
        System.arraycopy(src, 0, p, 12, 4);
        System.arraycopy(dst, 0, p, 16, 4);
        System.arraycopy(ipv4Options, 0, p, 20, ipv4Options.length);
        System.arraycopy(t, 0, p, ihl, t.length);
        return p;
    }

    private byte[] ipv6() {
        ByteArrayOutputStream ext = new ByteArrayOutputStream();
        int first = extensions.isEmpty() ? protocol : (int) extensions.get(0)[0];
        for (int i = 0; i < extensions.size(); i++) {
            byte[] body = ((byte[]) extensions.get(i)[1]).clone();
            body[0] = (byte) (i + 1 < extensions.size() ? (int) extensions.get(i + 1)[0] : protocol);
            ext.writeBytes(body);
        }
        byte[] t = tcp();
        byte[] e = ext.toByteArray();
        byte[] p = new byte[40 + e.length + t.length];
        p[0] = 0x60;
        put16(p, 4, e.length + t.length);
        p[6] = (byte) first;
        p[7] = 64;
        System.arraycopy(src, 0, p, 8, 16);
        System.arraycopy(dst, 0, p, 24, 16);
        System.arraycopy(e, 0, p, 40, e.length);
        System.arraycopy(t, 0, p, 40 + e.length, t.length);
        return p;
    }

    /** The packet in an Ethernet II frame with the given VLAN tag EtherTypes (outermost first). */
    public byte[] ethernet(int... tagTypes) {
        return Frames.ethernet(ip(), src.length == 4 ? 0x0800 : 0x86DD, tagTypes);
    }

    static void put16(byte[] b, int at, int v) {
        b[at] = (byte) (v >> 8);
        b[at + 1] = (byte) v;
    }

    static void put32(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
