import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Writes a deterministic synthetic classic pcap of the proxy -> backend hop, plus its ground truth.
 *
 * <pre>java scripts/bench.d/GenerateCapture.java OUT.pcap [SIZE_MB=1024] [SEED=1]</pre>
 *
 * Thousands of keep-alive connections from the proxy (10.0.x.y) to the backend 192.168.2.22:12656 are
 * interleaved packet by packet: GET/POST/HEAD/... with Caddy-like forwarding headers, Content-Length and
 * chunked responses, 204/304/404/500, WebSocket upgrades (101 + masked/unmasked frames + close handshake),
 * upgrades refused with FastAPI's 404, CONNECT tunnels (200 + TLS-looking records) and CONNECT refused with 405.
 * A few adjacent data segments are swapped and a few are sent twice; the byte streams stay intact, so the
 * counts in {@code OUT.pcap.truth.json} hold for any correct reassembler.
 *
 * Same SIZE_MB and SEED give a byte-identical file. Generation stops opening connections and exchanges once
 * the file reaches SIZE_MB, then lets every open connection finish, so the file ends slightly above SIZE_MB.
 */
public final class GenerateCapture {

    static final int MSS = 1448;
    static final int SERVER_IP = ipv4(192, 168, 2, 22);
    static final int SERVER_PORT = 12656;
    static final long START_EPOCH_SECONDS = 1_704_067_200L; // 2024-01-01T00:00:00Z: fixed, for determinism
    static final String WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args[0].equals("-h") || args[0].equals("--help")) {
            System.err.println("usage: java GenerateCapture.java OUT.pcap [SIZE_MB=1024] [SEED=1] [FLOWS]");
            System.exit(args.length < 1 ? 2 : 0);
        }
        Path out = Path.of(args[0]);
        long sizeMb = args.length > 1 ? Long.parseLong(args[1]) : 1024;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
        // Connections open at once; by default about two per MiB of target size, at most 2048.
        int flows = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        long t0 = System.nanoTime();
        Generator g = new Generator(seed, sizeMb * 1024 * 1024, flows);
        try (PcapWriter w = new PcapWriter(out)) {
            g.run(w);
            g.truth.packets = w.packets;
            g.truth.frameBytes = w.frameBytes;
            g.truth.fileBytes = w.fileBytesAfterClose();
            g.truth.firstMicros = w.firstMicros;
            g.truth.lastMicros = w.tsMicros;
        }
        Path truthFile = Path.of(out + ".truth.json");
        Files.writeString(truthFile, g.truth.toJson(seed, sizeMb));
        System.err.printf(Locale.ROOT, "wrote %s: %.1f MB, %d packets, %d connections, %d requests in %.1f s%n",
                out, g.truth.fileBytes / 1048576.0, g.truth.packets, g.truth.connections, g.truth.requests,
                (System.nanoTime() - t0) / 1e9);
    }

    static int ipv4(int a, int b, int c, int d) {
        return (a << 24) | (b << 16) | (c << 8) | d;
    }

    // ---------------------------------------------------------------------------------------------------------
    /** Exact counts of what was written; serialised by hand so the generator needs nothing but the JDK. */
    static final class Truth {
        long connections, requests, responses, informational, websocketUpgrades, websocketRejected,
                websocketFrames, connectTunnels, connectRejected, chunkedResponses, packets, frameBytes,
                fileBytes, outOfOrder, retransmissions, firstMicros, lastMicros;
        final Map<String, Long> methods = new TreeMap<>();
        final Map<String, Long> classes = new TreeMap<>(Map.of("1xx", 0L, "2xx", 0L, "3xx", 0L, "4xx", 0L, "5xx", 0L));
        final Map<String, Long> statuses = new TreeMap<>();

        void request(String method) {
            requests++;
            methods.merge(method, 1L, Long::sum);
        }

        void response(int status) {
            if (status < 200) informational++; else responses++;
            classes.merge((status / 100) + "xx", 1L, Long::sum);
            statuses.merge(Integer.toString(status), 1L, Long::sum);
        }

        String toJson(long seed, long sizeMb) {
            StringBuilder sb = new StringBuilder(1024);
            sb.append("{\n");
            field(sb, "generator", "\"scripts/bench.d/GenerateCapture.java v1\"");
            field(sb, "seed", seed);
            field(sb, "size_mb_target", sizeMb);
            field(sb, "server", "\"192.168.2.22:12656\"");
            field(sb, "connections", connections);
            field(sb, "requests", requests);
            field(sb, "responses", responses);
            field(sb, "informational_responses", informational);
            field(sb, "requests_by_method", map(methods));
            field(sb, "responses_by_status_class", map(classes));
            field(sb, "responses_by_status", map(statuses));
            field(sb, "chunked_responses", chunkedResponses);
            field(sb, "websocket_upgrades", websocketUpgrades);
            field(sb, "websocket_upgrades_rejected", websocketRejected);
            field(sb, "websocket_frames", websocketFrames);
            field(sb, "connect_tunnels", connectTunnels);
            field(sb, "connect_rejected", connectRejected);
            field(sb, "packets", packets);
            field(sb, "bytes", fileBytes);
            field(sb, "frame_bytes", frameBytes);
            field(sb, "first_packet", "\"" + iso(firstMicros) + "\"");
            field(sb, "last_packet", "\"" + iso(lastMicros) + "\"");
            field(sb, "out_of_order_injected", outOfOrder);
            field(sb, "retransmissions_injected", retransmissions);
            sb.setLength(sb.length() - 2);
            return sb.append("\n}\n").toString();
        }

        private static String iso(long micros) {
            return Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000).toString();
        }

        private static String map(Map<String, Long> m) {
            StringBuilder sb = new StringBuilder("{");
            m.forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append('"').append(k).append("\": ").append(v));
            return sb.append('}').toString();
        }

        private static void field(StringBuilder sb, String name, Object value) {
            sb.append("  \"").append(name).append("\": ").append(value).append(",\n");
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    /** One run of bytes: a literal, or {@code len} bytes of the shared body pattern starting at {@code patStart}. */
    record Part(byte[] lit, int len, int patStart) {
        static Part of(String s) {
            byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
            return new Part(b, b.length, 0);
        }

        static Part of(byte[] b) {
            return new Part(b, b.length, 0);
        }
    }

    /** One application message in one direction (0 = proxy to backend, 1 = backend to proxy). */
    static final class Msg {
        final int dir;
        final List<Part> parts = new ArrayList<>(4);
        long len;

        Msg(int dir) {
            this.dir = dir;
        }

        Msg add(Part p) {
            parts.add(p);
            len += p.len();
            return this;
        }

        Msg add(String s) {
            return add(Part.of(s));
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    static final class Body {
        /** Printable, repeating, and impossible to mistake for a start line. */
        static final int PERIOD = 1 << 16;
        static final byte[] PATTERN = new byte[PERIOD + MSS + 64];

        static {
            String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;{}[]\"";
            for (int i = 0; i < PATTERN.length; i++) {
                int j = i % PERIOD;
                PATTERN[i] = (byte) (j % 64 == 63 ? '\n' : alphabet.charAt((j * 31 + j / 64) % alphabet.length()));
            }
        }

        /** Copies {@code len} bytes of {@code m} starting at message offset {@code off}. */
        static void copy(Msg m, long off, byte[] dst, int dOff, int len) {
            for (Part p : m.parts) {
                if (len == 0) return;
                if (off >= p.len()) {
                    off -= p.len();
                    continue;
                }
                int n = (int) Math.min(len, p.len() - off);
                if (p.lit() != null) {
                    System.arraycopy(p.lit(), (int) off, dst, dOff, n);
                } else {
                    // PATTERN repeats PERIOD with MSS+64 spare bytes, so any slice <= MSS is contiguous.
                    int start = (int) ((p.patStart() + off) % PERIOD);
                    System.arraycopy(PATTERN, start, dst, dOff, n);
                }
                dOff += n;
                len -= n;
                off = 0;
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    /** Classic little-endian microsecond pcap of Ethernet/IPv4/TCP with real IP and TCP checksums. */
    static final class PcapWriter implements AutoCloseable {
        static final int FLUSH_AT = (1 << 23) - 4096;
        final byte[] buf = new byte[1 << 23];
        final ByteBuffer wrap = ByteBuffer.wrap(buf);
        final FileChannel ch;
        final Path path;
        int pos;
        long packets, frameBytes, tsMicros = START_EPOCH_SECONDS * 1_000_000L, firstMicros = -1;
        long flushed;

        PcapWriter(Path path) throws IOException {
            this.path = path;
            ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            le32(0xa1b2c3d4);
            le16(2);
            le16(4);
            le32(0);
            le32(0);
            le32(262144);
            le32(1); // LINKTYPE_ETHERNET
        }

        long size() {
            return flushed + pos;
        }

        long fileBytesAfterClose() throws IOException {
            flush();
            return flushed;
        }

        /** Reserve room for one packet; returns the offset where a TCP payload of up to MSS bytes goes. */
        int payloadOffset(boolean syn) throws IOException {
            if (pos > FLUSH_AT) flush();
            return pos + 16 + 14 + 20 + (syn ? 24 : 20);
        }

        void tcp(int srcIp, int srcPort, int dstIp, int dstPort, int seq, int ack, int flags, int ipId,
                 int payloadLen, long advanceMicros) {
            boolean syn = (flags & SYN) != 0;
            // SYNs carry MSS, SACK-permitted and window scale 7 (as Linux sends them), so every later segment's
            // 2048 means a 256 KiB window: readers that check windows (Suricata) see valid TCP.
            int tcpLen = syn ? 32 : 20;
            int frameLen = 14 + 20 + tcpLen + payloadLen;
            tsMicros += advanceMicros;
            if (firstMicros < 0) firstMicros = tsMicros;
            int p = pos;
            // record header, little-endian
            putLe32(p, (int) (tsMicros / 1_000_000));
            putLe32(p + 4, (int) (tsMicros % 1_000_000));
            putLe32(p + 8, frameLen);
            putLe32(p + 12, frameLen);
            p += 16;
            // Ethernet: locally administered MACs derived from the IPs
            boolean fromServer = srcIp == SERVER_IP;
            mac(p, dstIp);
            mac(p + 6, srcIp);
            buf[p + 12] = 0x08;
            buf[p + 13] = 0x00;
            p += 14;
            int ip = p;
            buf[p] = 0x45;
            buf[p + 1] = 0;
            putBe16(p + 2, 20 + tcpLen + payloadLen);
            putBe16(p + 4, ipId);
            putBe16(p + 6, 0x4000); // DF
            buf[p + 8] = (byte) (fromServer ? 64 : 63);
            buf[p + 9] = 6;
            putBe16(p + 10, 0);
            putBe32(p + 12, srcIp);
            putBe32(p + 16, dstIp);
            putBe16(p + 10, fold(sum(ip, 20, 0)));
            p += 20;
            int tcp = p;
            putBe16(p, srcPort);
            putBe16(p + 2, dstPort);
            putBe32(p + 4, seq);
            putBe32(p + 8, (flags & ACK) != 0 ? ack : 0);
            buf[p + 12] = (byte) ((tcpLen / 4) << 4);
            buf[p + 13] = (byte) flags;
            putBe16(p + 14, syn ? 65535 : 2048);
            putBe16(p + 16, 0);
            putBe16(p + 18, 0);
            if (syn) {
                buf[p + 20] = 2; // MSS option
                buf[p + 21] = 4;
                putBe16(p + 22, MSS + 12);
                buf[p + 24] = 1; // NOP, NOP, SACK permitted
                buf[p + 25] = 1;
                buf[p + 26] = 4;
                buf[p + 27] = 2;
                buf[p + 28] = 1; // NOP, window scale 7
                buf[p + 29] = 3;
                buf[p + 30] = 3;
                buf[p + 31] = 7;
            }
            int pseudo = (srcIp >>> 16) + (srcIp & 0xffff) + (dstIp >>> 16) + (dstIp & 0xffff) + 6
                    + tcpLen + payloadLen;
            putBe16(tcp + 16, fold(sum(tcp, tcpLen + payloadLen, pseudo)));
            pos = tcp + tcpLen + payloadLen;
            packets++;
            frameBytes += frameLen;
        }

        private void mac(int p, int ip) {
            buf[p] = 0x02;
            buf[p + 1] = 0x00;
            putBe32(p + 2, ip);
        }

        private int sum(int off, int len, int acc) {
            long s = acc;
            int end = off + (len & ~1);
            for (int i = off; i < end; i += 2) {
                s += ((buf[i] & 0xff) << 8) | (buf[i + 1] & 0xff);
            }
            if ((len & 1) != 0) s += (buf[off + len - 1] & 0xff) << 8;
            while ((s >>> 16) != 0) s = (s & 0xffff) + (s >>> 16);
            return (int) s;
        }

        private static int fold(int s) {
            int c = ~s & 0xffff;
            return c;
        }

        private void putBe16(int p, int v) {
            buf[p] = (byte) (v >>> 8);
            buf[p + 1] = (byte) v;
        }

        private void putBe32(int p, int v) {
            buf[p] = (byte) (v >>> 24);
            buf[p + 1] = (byte) (v >>> 16);
            buf[p + 2] = (byte) (v >>> 8);
            buf[p + 3] = (byte) v;
        }

        private void putLe32(int p, int v) {
            buf[p] = (byte) v;
            buf[p + 1] = (byte) (v >>> 8);
            buf[p + 2] = (byte) (v >>> 16);
            buf[p + 3] = (byte) (v >>> 24);
        }

        private void le16(int v) {
            buf[pos++] = (byte) v;
            buf[pos++] = (byte) (v >>> 8);
        }

        private void le32(int v) {
            putLe32(pos, v);
            pos += 4;
        }

        void flush() throws IOException {
            wrap.clear().limit(pos);
            while (wrap.hasRemaining()) ch.write(wrap);
            flushed += pos;
            pos = 0;
        }

        @Override
        public void close() throws IOException {
            flush();
            ch.close();
        }
    }

    static final int FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10;

    // ---------------------------------------------------------------------------------------------------------
    /** One TCP connection: handshake, a queue of messages, FIN close. */
    static final class Conn {
        final int clientIp, clientPort;
        final int[] nxt = new int[2];
        final int[] ipId = new int[2];
        final ArrayDeque<Msg> queue = new ArrayDeque<>();
        int phase; // 0 SYN, 1 SYN-ACK, 2 ACK, 3 data, 4 FIN, 5 FIN-ACK, 6 last ACK
        int closer;
        int exchangesLeft;
        Msg cur;
        long curOff;
        int segs;
        int pendingAckDir = -1;
        Msg retx;
        long retxOff;

        Conn(int clientIp, int clientPort) {
            this.clientIp = clientIp;
            this.clientPort = clientPort;
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    static final class Generator {
        static final String[] AGENTS = {
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
            "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
            "curl/8.5.0",
            "python-httpx/0.27.0",
            "okhttp/4.12.0",
        };
        static final String[] HOSTS = {"app.example.com", "api.example.com", "www.example.org"};
        static final String[] REASONS = new String[600];

        static {
            REASONS[101] = "Switching Protocols";
            REASONS[200] = "OK";
            REASONS[201] = "Created";
            REASONS[204] = "No Content";
            REASONS[301] = "Moved Permanently";
            REASONS[302] = "Found";
            REASONS[304] = "Not Modified";
            REASONS[400] = "Bad Request";
            REASONS[401] = "Unauthorized";
            REASONS[403] = "Forbidden";
            REASONS[404] = "Not Found";
            REASONS[405] = "Method Not Allowed";
            REASONS[500] = "Internal Server Error";
            REASONS[502] = "Bad Gateway";
            REASONS[503] = "Service Unavailable";
        }

        static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

        final SplittableRandom rnd;
        final long targetBytes;
        final int concurrency;
        final Truth truth = new Truth();
        final MessageDigest sha1;
        /** Payload queued but not yet written: lets generation stop close to the target size. */
        long pendingPayload;
        long connSerial;
        boolean draining;
        PcapWriter w;

        Generator(long seed, long targetBytes, int flows) throws Exception {
            this.rnd = new SplittableRandom(seed);
            this.targetBytes = targetBytes;
            // about 2 open connections per MB: thousands for a 1 GB file, a few dozen for a small test file
            this.concurrency = flows > 0 ? flows : (int) Math.max(16, Math.min(2048, targetBytes / (512 * 1024)));
            this.sha1 = MessageDigest.getInstance("SHA-1");
        }

        void run(PcapWriter w) throws IOException {
            this.w = w;
            List<Conn> open = new ArrayList<>(concurrency);
            for (int i = 0; i < concurrency; i++) open.add(newConn());
            while (!open.isEmpty()) {
                // Queued payload will be written with its headers on top, so the file ends at or just above target.
                if (!draining && w.size() + pendingPayload >= targetBytes) draining = true;
                int i = rnd.nextInt(open.size());
                Conn c = open.get(i);
                if (step(c)) {
                    int last = open.size() - 1;
                    open.set(i, open.get(last));
                    open.remove(last);
                    if (!draining) open.add(newConn());
                }
            }
        }

        Conn newConn() {
            long k = connSerial++;
            truth.connections++;
            // 4 proxy addresses, ephemeral ports 32768..60999; a new address block every 4*28232 connections
            long perIp = k / 4;
            int block = (int) (perIp / 28232);
            int clientIp = ipv4(10, 0, block & 0xff, 2 + (int) (k % 4));
            int port = 32768 + (int) (perIp % 28232);
            Conn c = new Conn(clientIp, port);
            c.nxt[0] = rnd.nextInt();
            c.nxt[1] = rnd.nextInt();
            c.ipId[0] = rnd.nextInt(65536);
            c.ipId[1] = rnd.nextInt(65536);
            c.closer = rnd.nextInt(3) == 0 ? 1 : 0;
            int kind = rnd.nextInt(100);
            if (kind < 5) {
                websocket(c);
            } else if (kind < 8) {
                connect(c);
            } else {
                c.exchangesLeft = 1 + (int) Math.min(40, -Math.log(1 - rnd.nextDouble()) * 6);
            }
            return c;
        }

        /** Emits the connection's next packet(s); true when it is closed. */
        boolean step(Conn c) throws IOException {
            switch (c.phase) {
                case 0 -> {
                    send(c, 0, SYN, 0, true);
                    c.nxt[0]++;
                    c.phase = 1;
                }
                case 1 -> {
                    send(c, 1, SYN | ACK, 0, true);
                    c.nxt[1]++;
                    c.phase = 2;
                }
                case 2 -> {
                    send(c, 0, ACK, 0, false);
                    c.phase = 3;
                }
                case 3 -> data(c);
                case 4 -> {
                    send(c, c.closer, FIN | ACK, 0, false);
                    c.nxt[c.closer]++;
                    c.phase = 5;
                }
                case 5 -> {
                    send(c, 1 - c.closer, FIN | ACK, 0, false);
                    c.nxt[1 - c.closer]++;
                    c.phase = 6;
                }
                case 6 -> {
                    send(c, c.closer, ACK, 0, false);
                    return true;
                }
                default -> throw new IllegalStateException("phase " + c.phase);
            }
            return false;
        }

        private void data(Conn c) throws IOException {
            if (c.retx != null) {
                int p = w.payloadOffset(false);
                Body.copy(c.retx, c.retxOff, w.buf, p, MSS);
                sendSeq(c, c.retx.dir, ACK, c.nxt[c.retx.dir] - MSS, MSS);
                c.retx = null;
                return;
            }
            if (c.pendingAckDir >= 0) {
                send(c, c.pendingAckDir, ACK, 0, false);
                c.pendingAckDir = -1;
                return;
            }
            if (c.cur == null) {
                if (c.queue.isEmpty() && c.exchangesLeft > 0 && !draining) {
                    c.exchangesLeft--;
                    exchange(c);
                }
                c.cur = c.queue.poll();
                c.curOff = 0;
                c.segs = 0;
                if (c.cur == null) {
                    c.phase = 4;
                    step(c);
                    return;
                }
            }
            Msg m = c.cur;
            long rem = m.len - c.curOff;
            // Faults only inside a message, after its first segment, with two full segments to spare.
            if (c.curOff > 0 && rem > 2 * MSS && rnd.nextInt(1500) == 0) {
                if (rnd.nextBoolean()) {
                    int bLen = (int) Math.min(MSS, rem - MSS);
                    segment(c, m, c.curOff + MSS, bLen);
                    segment(c, m, c.curOff, MSS);
                    truth.outOfOrder++;
                    c.curOff += MSS + bLen;
                    c.nxt[m.dir] += MSS + bLen;
                    pendingPayload -= MSS + bLen;
                    c.segs += 2;
                } else {
                    // Sent now and again on this connection's next turn, before anything newer in that
                    // direction: tshark then calls it a retransmission, not out-of-order.
                    segment(c, m, c.curOff, MSS);
                    c.retxOff = c.curOff;
                    c.curOff += MSS;
                    c.nxt[m.dir] += MSS;
                    pendingPayload -= MSS;
                    c.segs++;
                    c.retx = m;
                    truth.retransmissions++;
                }
            } else {
                int len = (int) Math.min(MSS, rem);
                segment(c, m, c.curOff, len);
                c.curOff += len;
                pendingPayload -= len;
                c.nxt[m.dir] += len;
                c.segs++;
            }
            if (c.curOff == m.len) {
                c.cur = null;
            } else if ((c.segs & 1) == 0) {
                c.pendingAckDir = 1 - m.dir; // delayed ACK every second full segment
            }
        }

        /** One data segment of {@code m} at message offset {@code off}; sequence number derived from c.nxt. */
        private void segment(Conn c, Msg m, long off, int len) throws IOException {
            int p = w.payloadOffset(false);
            Body.copy(m, off, w.buf, p, len);
            int seq = c.nxt[m.dir] + (int) (off - c.curOff);
            boolean last = off + len == m.len;
            sendSeq(c, m.dir, ACK | (last ? PSH : 0), seq, len);
        }

        private void send(Conn c, int dir, int flags, int len, boolean syn) throws IOException {
            w.payloadOffset(syn);
            sendSeq(c, dir, flags, (flags & SYN) != 0 ? c.nxt[dir] : c.nxt[dir], len);
        }

        private void sendSeq(Conn c, int dir, int flags, int seq, int len) {
            int id = c.ipId[dir]++ & 0xffff;
            long dt = 1 + rnd.nextInt(24);
            if (dir == 0) {
                w.tcp(c.clientIp, c.clientPort, SERVER_IP, SERVER_PORT, seq, c.nxt[1], flags, id, len, dt);
            } else {
                w.tcp(SERVER_IP, SERVER_PORT, c.clientIp, c.clientPort, seq, c.nxt[0], flags, id, len, dt);
            }
        }

        // ----------------------------------------------------------------------------------- traffic mix
        private void enqueue(Conn c, Msg m) {
            c.queue.add(m);
            pendingPayload += m.len;
        }

        private StringBuilder requestHead(String method, String target, String host) {
            StringBuilder sb = new StringBuilder(512);
            sb.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
            sb.append("Host: ").append(host).append("\r\n");
            sb.append("User-Agent: ").append(AGENTS[rnd.nextInt(AGENTS.length)]).append("\r\n");
            if (!method.equals("CONNECT")) {
                sb.append("Accept: ").append(rnd.nextBoolean() ? "application/json" : "*/*").append("\r\n");
            }
            sb.append("X-Forwarded-For: 203.0.113.").append(1 + rnd.nextInt(254)).append("\r\n");
            sb.append("X-Forwarded-Host: ").append(host).append("\r\n");
            sb.append("X-Forwarded-Proto: https\r\n");
            sb.append("Accept-Encoding: gzip\r\n");
            return sb;
        }

        private StringBuilder statusLine(int status) {
            StringBuilder sb = new StringBuilder(256);
            sb.append("HTTP/1.1 ").append(status).append(' ').append(REASONS[status]).append("\r\n");
            sb.append("date: ").append(HTTP_DATE.format(Instant.ofEpochSecond(w.tsMicros / 1_000_000))).append("\r\n");
            sb.append("server: uvicorn\r\n");
            return sb;
        }

        private Part pattern(long len) {
            return new Part(null, (int) len, rnd.nextInt(Body.PERIOD));
        }

        private long bodySize() {
            int r = rnd.nextInt(100);
            double lo, hi;
            if (r < 70) {
                lo = 200;
                hi = 8_192;
            } else if (r < 96) {
                lo = 8_192;
                hi = 131_072;
            } else {
                lo = 131_072;
                hi = 1_048_576;
            }
            return (long) Math.exp(Math.log(lo) + rnd.nextDouble() * (Math.log(hi) - Math.log(lo)));
        }

        private String path() {
            return switch (rnd.nextInt(7)) {
                case 0 -> "/";
                case 1 -> "/api/v1/items/" + rnd.nextInt(100_000);
                case 2 -> "/api/v1/users/" + rnd.nextInt(5_000) + "/orders?page=" + (1 + rnd.nextInt(20));
                case 3 -> "/static/js/app." + Integer.toHexString(rnd.nextInt()) + ".js";
                case 4 -> "/healthz";
                case 5 -> "/assets/img/" + rnd.nextInt(900) + ".png";
                default -> "/search?q=" + Long.toString(rnd.nextLong() & 0xffffffffL, 36);
            };
        }

        /** One ordinary request/response pair (or an upgrade refused by the backend). */
        private void exchange(Conn c) {
            String host = HOSTS[rnd.nextInt(HOSTS.length)];
            int r = rnd.nextInt(1000);
            if (r < 8) {
                websocketRefused(c, host);
                return;
            }
            String method = r < 600 ? "GET" : r < 800 ? "POST" : r < 880 ? "HEAD" : r < 930 ? "PUT"
                    : r < 960 ? "DELETE" : r < 980 ? "PATCH" : "OPTIONS";
            StringBuilder req = requestHead(method, method.equals("POST") && rnd.nextBoolean() ? "/graphql" : path(), host);
            Msg rq = new Msg(0);
            boolean conditional = method.equals("GET") && rnd.nextInt(12) == 0;
            if (conditional) req.append("If-None-Match: \"").append(Integer.toHexString(rnd.nextInt())).append("\"\r\n");
            if (method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
                long n = rnd.nextInt(10) == 0 ? bodySize() * 4 : 40 + rnd.nextInt(2000);
                req.append("Content-Type: application/json\r\n");
                if (rnd.nextInt(8) == 0) {
                    req.append("Transfer-Encoding: chunked\r\n\r\n");
                    rq.add(req.toString());
                    chunks(rq, n);
                } else {
                    req.append("Content-Length: ").append(n).append("\r\n\r\n");
                    rq.add(req.toString()).add(pattern(n));
                }
            } else {
                rq.add(req.append("\r\n").toString());
            }
            enqueue(c, rq);
            truth.request(method);

            int status;
            int s = rnd.nextInt(1000);
            if (conditional && s < 700) status = 304;
            else if (method.equals("OPTIONS")) status = 204;
            else if (s < 800) status = method.equals("POST") && s < 150 ? 201 : method.equals("DELETE") ? 204 : 200;
            else if (s < 830) status = 204;
            else if (s < 850) status = rnd.nextBoolean() ? 301 : 302;
            else if (s < 920) status = 404;
            else if (s < 940) status = new int[] {400, 401, 403}[rnd.nextInt(3)];
            else if (s < 985) status = 500;
            else status = rnd.nextBoolean() ? 502 : 503;

            StringBuilder rs = statusLine(status);
            Msg rp = new Msg(1);
            boolean head = method.equals("HEAD");
            if (status == 204 || status == 304) {
                if (status == 304) rs.append("etag: \"").append(Integer.toHexString(rnd.nextInt())).append("\"\r\n");
                rp.add(rs.append("\r\n").toString());
            } else if (status >= 300) {
                String json = status == 404 ? "{\"detail\":\"Not Found\"}"
                        : status == 500 ? "Internal Server Error"
                        : "{\"detail\":\"" + REASONS[status] + "\"}";
                if (status == 301 || status == 302) rs.append("location: https://").append(host).append("/\r\n");
                rs.append("content-type: ").append(status == 500 ? "text/plain; charset=utf-8" : "application/json")
                        .append("\r\ncontent-length: ").append(json.length()).append("\r\n\r\n");
                rp.add(rs.toString());
                if (!head) rp.add(json);
            } else if (!head && rnd.nextInt(5) == 0) {
                rs.append("content-type: text/html; charset=utf-8\r\ntransfer-encoding: chunked\r\n\r\n");
                rp.add(rs.toString());
                chunks(rp, bodySize());
                truth.chunkedResponses++;
            } else {
                long n = bodySize();
                rs.append("content-type: application/json\r\ncontent-length: ").append(n).append("\r\n\r\n");
                rp.add(rs.toString());
                if (!head) rp.add(pattern(n));
            }
            enqueue(c, rp);
            truth.response(status);
        }

        /** A chunked body of {@code total} bytes in several chunks, then the last chunk. */
        private void chunks(Msg m, long total) {
            // Servers flush chunks of a few KiB (Go, uvicorn); tshark 4.0 also marks some 100 KiB chunks malformed.
            int pieces = (int) Math.max(2 + rnd.nextInt(8), (total + 16_383) / 16_384);
            long left = total;
            for (int i = 0; i < pieces && left > 0; i++) {
                long n = i == pieces - 1 ? left : Math.max(1, Math.min(left, total / pieces + rnd.nextInt(64)));
                m.add(Long.toHexString(n) + "\r\n").add(pattern(n)).add("\r\n");
                left -= n;
            }
            m.add("0\r\n\r\n");
        }

        private String wsKey() {
            byte[] k = new byte[16];
            rnd.nextBytes(k);
            return Base64.getEncoder().encodeToString(k);
        }

        private String wsAccept(String key) {
            sha1.reset();
            return Base64.getEncoder().encodeToString(
                    sha1.digest((key + WS_GUID).getBytes(StandardCharsets.ISO_8859_1)));
        }

        private Msg wsRequest(String host) {
            StringBuilder sb = requestHead("GET", "/ws/" + rnd.nextInt(1_000_000), host);
            sb.append("Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n");
            sb.append("Sec-WebSocket-Key: ").append(wsKey()).append("\r\n\r\n");
            truth.request("GET");
            return new Msg(0).add(sb.toString());
        }

        private void websocketRefused(Conn c, String host) {
            enqueue(c, wsRequest(host));
            String json = "{\"detail\":\"Not Found\"}";
            enqueue(c, new Msg(1).add(statusLine(404).append("content-length: ").append(json.length())
                    .append("\r\ncontent-type: application/json\r\n\r\n").append(json).toString()));
            truth.response(404);
            truth.websocketRejected++;
        }

        /** Upgrade, frames both ways, close handshake; the backend closes TCP. */
        private void websocket(Conn c) {
            String host = HOSTS[rnd.nextInt(HOSTS.length)];
            if (rnd.nextInt(4) == 0) {
                websocketRefused(c, host);
                c.exchangesLeft = rnd.nextInt(3);
                return;
            }
            Msg rq = wsRequest(host);
            String key = new String(rq.parts.get(0).lit(), StandardCharsets.ISO_8859_1);
            key = key.substring(key.indexOf("Sec-WebSocket-Key: ") + 19, key.indexOf("\r\n", key.indexOf("Sec-WebSocket-Key: ")));
            enqueue(c, rq);
            enqueue(c, new Msg(1).add("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + wsAccept(key) + "\r\n\r\n"));
            truth.response(101);
            truth.websocketUpgrades++;
            int frames = 2 + rnd.nextInt(40);
            for (int i = 0; i < frames; i++) {
                int dir = rnd.nextInt(3) == 0 ? 0 : 1;
                int n = rnd.nextInt(10) == 0 ? 126 + rnd.nextInt(rnd.nextInt(20) == 0 ? 100_000 : 8_000) : 8 + rnd.nextInt(118);
                int opcode = dir == 1 && rnd.nextInt(4) == 0 ? 0x2 : 0x1;
                enqueue(c, new Msg(dir).add(Part.of(wsFrame(opcode, n, dir == 0, null))));
            }
            int first = rnd.nextInt(2);
            byte[] reason = {0x03, (byte) 0xe8}; // 1000 normal closure
            enqueue(c, new Msg(first).add(Part.of(wsFrame(0x8, 2, first == 0, reason))));
            enqueue(c, new Msg(1 - first).add(Part.of(wsFrame(0x8, 2, first == 1, reason))));
            truth.websocketFrames += frames + 2;
            c.closer = 1; // RFC 6455 7.1.1: the server closes the TCP connection first
        }

        private byte[] wsFrame(int opcode, int n, boolean masked, byte[] payload) {
            int hdr = 2 + (n > 65535 ? 8 : n > 125 ? 2 : 0) + (masked ? 4 : 0);
            byte[] f = new byte[hdr + n];
            f[0] = (byte) (0x80 | opcode);
            int p = 2;
            if (n > 65535) {
                f[1] = 127;
                for (int i = 0; i < 8; i++) f[p + i] = (byte) ((long) n >>> (56 - 8 * i));
                p += 8;
            } else if (n > 125) {
                f[1] = 126;
                f[2] = (byte) (n >>> 8);
                f[3] = (byte) n;
                p += 2;
            } else {
                f[1] = (byte) n;
            }
            if (payload == null) {
                payload = new byte[n];
                if (opcode == 0x1) {
                    String json = "{\"type\":\"tick\",\"seq\":" + rnd.nextInt(1_000_000) + ",\"data\":\"";
                    for (int i = 0; i < n; i++) payload[i] = i < json.length() ? (byte) json.charAt(i) : Body.PATTERN[i % Body.PERIOD];
                    payload[n - 1] = '}';
                } else {
                    rnd.nextBytes(payload);
                }
            }
            if (masked) {
                f[1] |= (byte) 0x80;
                int mask = rnd.nextInt();
                for (int i = 0; i < 4; i++) f[p + i] = (byte) (mask >>> (24 - 8 * i));
                for (int i = 0; i < n; i++) f[p + 4 + i] = (byte) (payload[i] ^ f[p + (i & 3)]);
            } else {
                System.arraycopy(payload, 0, f, p, n);
            }
            return f;
        }

        /** CONNECT answered 200 and followed by TLS-looking records, or refused with 405 and kept alive. */
        private void connect(Conn c) {
            String target = rnd.nextInt(4) == 0 ? "example.net:443" : "example.com:443";
            enqueue(c, new Msg(0).add(requestHead("CONNECT", target, target).append("\r\n").toString()));
            truth.request("CONNECT");
            if (rnd.nextInt(4) == 0) {
                String json = "{\"detail\":\"Method Not Allowed\"}";
                enqueue(c, new Msg(1).add(statusLine(405).append("allow: GET, POST, HEAD\r\ncontent-length: ")
                        .append(json.length()).append("\r\ncontent-type: application/json\r\n\r\n").append(json).toString()));
                truth.response(405);
                truth.connectRejected++;
                c.exchangesLeft = rnd.nextInt(3);
                return;
            }
            enqueue(c, new Msg(1).add(statusLine(200).append("\r\n").toString()));
            truth.response(200);
            truth.connectTunnels++;
            int records = 2 + rnd.nextInt(12);
            for (int i = 0; i < records; i++) {
                int dir = i % 2;
                int n = 32 + rnd.nextInt(rnd.nextInt(4) == 0 ? 16_000 : 1_200);
                // TLS application_data record header, then opaque bytes: never parses as HTTP
                byte[] h = {0x17, 0x03, 0x03, (byte) (n >>> 8), (byte) n};
                byte[] opaque = new byte[Math.min(n, 64)];
                rnd.nextBytes(opaque);
                Msg m = new Msg(dir).add(Part.of(h)).add(Part.of(opaque));
                if (n > opaque.length) m.add(pattern(n - opaque.length));
                enqueue(c, m);
            }
        }
    }
}
