package io.hopsniff.decoder.tls;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the first handshake message of each direction of a TLS connection from its first bytes: the ClientHello
 * (SNI, offered ALPN and versions) and the ServerHello (chosen version, and ALPN where visible). Nothing is
 * decrypted. The handshake message may span several records (RFC 8446 §5.1 allows fragmenting handshake
 * messages), so the fragments of consecutive handshake records are joined first. Bad or incomplete input gives
 * null, never an exception.
 */
public final class TlsHello {

    static final int CONTENT_HANDSHAKE = 22;
    private static final int CLIENT_HELLO = 1;
    private static final int SERVER_HELLO = 2;
    private static final int EXT_SERVER_NAME = 0;
    private static final int EXT_ALPN = 16;
    private static final int EXT_SUPPORTED_VERSIONS = 43;
    /** A record's fragment may not exceed 2^14 bytes (+2048 for ciphertext, RFC 8446 §5.2). */
    private static final int MAX_RECORD = (1 << 14) + 2048;
    /** RFC 8446 §4.1.3: the random of a HelloRetryRequest is SHA-256("HelloRetryRequest"). */
    private static final byte[] HRR_RANDOM = hex("CF21AD74E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C");

    private TlsHello() {
    }

    /** True when the bytes start like a TLS handshake record (content type 22, version 3.x). */
    public static boolean looksLikeHandshake(ByteBuffer b) {
        int p = b.position();
        return b.remaining() >= 3 && (b.get(p) & 0xff) == CONTENT_HANDSHAKE && b.get(p + 1) == 3
                && (b.get(p + 2) & 0xff) <= 4;
    }

    /** The ClientHello at the start of {@code b} (its position is not moved), or null. */
    public static ClientHello parseClientHello(ByteBuffer b) {
        ByteBuffer m = handshakeMessage(b, CLIENT_HELLO);
        if (m == null) {
            return null;
        }
        try {
            String legacy = version(m.getShort() & 0xffff);
            skip(m, 32);
            skip(m, m.get() & 0xff); // legacy_session_id
            int suitesLength = m.getShort() & 0xffff;
            skip(m, suitesLength);
            skip(m, m.get() & 0xff); // legacy_compression_methods
            String sni = null;
            List<String> alpn = new ArrayList<>();
            List<String> versions = new ArrayList<>();
            for (ByteBuffer ext : extensions(m)) {
                int type = ext.getShort() & 0xffff;
                ByteBuffer data = slice(ext, ext.getShort() & 0xffff);
                switch (type) {
                    case EXT_SERVER_NAME -> sni = serverName(data);
                    case EXT_ALPN -> alpn.addAll(protocolNames(data));
                    case EXT_SUPPORTED_VERSIONS -> {
                        ByteBuffer list = slice(data, data.get() & 0xff);
                        while (list.remaining() >= 2) {
                            int v = list.getShort() & 0xffff;
                            if (!grease(v)) {
                                versions.add(version(v));
                            }
                        }
                    }
                    default -> {
                    }
                }
            }
            return new ClientHello(legacy, sni, alpn, versions, suitesLength / 2);
        } catch (RuntimeException e) {
            return null; // BufferUnderflow or a bad length: not a readable ClientHello
        }
    }

    /** The ServerHello at the start of {@code b} (its position is not moved), or null. */
    public static ServerHello parseServerHello(ByteBuffer b) {
        ByteBuffer m = handshakeMessage(b, SERVER_HELLO);
        if (m == null) {
            return null;
        }
        try {
            int legacy = m.getShort() & 0xffff;
            byte[] random = new byte[32];
            m.get(random);
            skip(m, m.get() & 0xff);
            String suite = String.format("0x%04x", m.getShort() & 0xffff);
            skip(m, 1);
            int chosen = legacy;
            String alpn = null;
            for (ByteBuffer ext : extensions(m)) {
                int type = ext.getShort() & 0xffff;
                ByteBuffer data = slice(ext, ext.getShort() & 0xffff);
                if (type == EXT_SUPPORTED_VERSIONS && data.remaining() >= 2) {
                    chosen = data.getShort() & 0xffff;
                } else if (type == EXT_ALPN) {
                    List<String> names = protocolNames(data);
                    alpn = names.isEmpty() ? null : names.get(0);
                }
            }
            return new ServerHello(version(legacy), version(chosen), alpn, suite,
                    java.util.Arrays.equals(random, HRR_RANDOM));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** "TLSv1.3" for 0x0304, …, "SSLv3" for 0x0300, else {@code 0xNNNN}. */
    static String version(int v) {
        return switch (v) {
            case 0x0300 -> "SSLv3";
            case 0x0301 -> "TLSv1.0";
            case 0x0302 -> "TLSv1.1";
            case 0x0303 -> "TLSv1.2";
            case 0x0304 -> "TLSv1.3";
            default -> String.format("0x%04x", v);
        };
    }

    /** RFC 8701 GREASE values: 0x0A0A, 0x1A1A, … 0xFAFA. */
    private static boolean grease(int v) {
        return (v & 0x0f0f) == 0x0a0a && (v >> 8) == (v & 0xff);
    }

    /**
     * The body of the first handshake message, when it is of {@code type} and complete in {@code b}. Null when the
     * bytes are not TLS, the message is another one, or it is not complete yet.
     */
    static ByteBuffer handshakeMessage(ByteBuffer b, int type) {
        First f = first(b);
        if (f.message() == null || (f.message().get(0) & 0xff) != type) {
            return null;
        }
        ByteBuffer body = f.message().duplicate();
        body.position(4);
        return body.slice();
    }

    /** Whether more bytes could still complete the first handshake message of {@code b}. */
    static boolean mayComplete(ByteBuffer b) {
        return first(b).mayComplete();
    }

    /** The first handshake message (type and length included) or null, and whether more bytes could complete it. */
    private record First(ByteBuffer message, boolean mayComplete) {
    }

    /** Joins the fragments of consecutive handshake records until the first handshake message is complete. */
    private static First first(ByteBuffer b) {
        ByteBuffer in = b.duplicate();
        ByteBuffer joined = ByteBuffer.allocate(Math.min(in.remaining(), MAX_RECORD * 2));
        int needed = -1;
        while (in.remaining() >= 5) {
            int content = in.get() & 0xff;
            int major = in.get() & 0xff;
            in.get();
            int length = in.getShort() & 0xffff;
            if (content != CONTENT_HANDSHAKE || major != 3 || length == 0 || length > MAX_RECORD) {
                return new First(null, false);
            }
            int take = Math.min(length, Math.min(in.remaining(), joined.remaining()));
            joined.put(copy(in, take));
            if (needed < 0 && joined.position() >= 4) {
                needed = 4 + (((joined.get(1) & 0xff) << 16) | ((joined.get(2) & 0xff) << 8) | (joined.get(3) & 0xff));
            }
            if (needed >= 0 && joined.position() >= needed) {
                return new First(ByteBuffer.wrap(joined.array(), 0, needed).slice(), false);
            }
            if (take < length) {
                break; // the record goes on beyond the bytes we have
            }
        }
        return new First(null, needed <= MAX_RECORD * 2);
    }

    private static byte[] copy(ByteBuffer in, int n) {
        byte[] out = new byte[n];
        in.get(out);
        return out;
    }

    private static List<ByteBuffer> extensions(ByteBuffer m) {
        List<ByteBuffer> out = new ArrayList<>();
        if (m.remaining() < 2) {
            return out; // no extensions block (allowed before TLS 1.3)
        }
        ByteBuffer all = slice(m, m.getShort() & 0xffff);
        while (all.remaining() >= 4) {
            int start = all.position();
            all.getShort();
            int length = all.getShort() & 0xffff;
            all.position(start);
            out.add(slice(all, 4 + length));
        }
        return out;
    }

    private static String serverName(ByteBuffer data) {
        ByteBuffer list = slice(data, data.getShort() & 0xffff);
        while (list.remaining() >= 3) {
            int nameType = list.get() & 0xff;
            ByteBuffer name = slice(list, list.getShort() & 0xffff);
            if (nameType == 0) {
                return ascii(name);
            }
        }
        return null;
    }

    private static List<String> protocolNames(ByteBuffer data) {
        List<String> out = new ArrayList<>();
        ByteBuffer list = slice(data, data.getShort() & 0xffff);
        while (list.hasRemaining()) {
            out.add(ascii(slice(list, list.get() & 0xff)));
        }
        return out;
    }

    private static String ascii(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return new String(out, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** The next {@code n} bytes as their own buffer; the source moves past them. Throws when fewer remain. */
    private static ByteBuffer slice(ByteBuffer b, int n) {
        if (n > b.remaining()) {
            throw new IllegalArgumentException("length beyond the message");
        }
        ByteBuffer s = b.slice();
        s.limit(n);
        b.position(b.position() + n);
        return s;
    }

    private static void skip(ByteBuffer b, int n) {
        slice(b, n);
    }

    private static byte[] hex(String s) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
