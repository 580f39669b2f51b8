package io.hopsniff.testkit;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes a small synthetic capture in the shape of {@code tcpdump -i lo -w}: classic pcap with nanosecond
 * timestamps, Ethernet with zero MACs, IPv4 127.0.0.1 both ways (checksummed), TCP with sequence and
 * acknowledgement numbers tracked per side, each data segment acknowledged by the peer. One {@link Conn} per
 * client port; the server listens on 12656 unless told otherwise. Times advance 0.1 ms per segment.
 */
public final class LoopbackPcap implements AutoCloseable {

    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;

    public final Path file;
    private final OutputStream out;
    private long nanos = 1_795_635_572_000_000_000L;

    /** A new file in the temporary directory, deleted when the JVM exits. */
    public LoopbackPcap() throws IOException {
        this(Files.createTempFile("hopsniff-test-", ".pcap"));
        file.toFile().deleteOnExit();
    }

    public LoopbackPcap(Path file) throws IOException {
        this.file = file;
        this.out = new BufferedOutputStream(Files.newOutputStream(file));
        byte[] header = new byte[24];
        putLe32(header, 0, 0xa1b23c4dL); // nanosecond pcap
        header[4] = 2;
        header[6] = 4;
        putLe32(header, 16, 262144);
        putLe32(header, 20, 1); // LINKTYPE_ETHERNET
        out.write(header);
    }

    /** A connection from 127.0.0.1:clientPort to 127.0.0.1:12656. */
    public Conn connection(int clientPort) {
        return new Conn(clientPort, 12656);
    }

    public Conn connection(int clientPort, int serverPort) {
        return new Conn(clientPort, serverPort);
    }

    /** Moves the capture clock on. */
    public void advance(long millis) {
        nanos += millis * 1_000_000L;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /** One TCP connection's two sequence spaces. */
    public final class Conn {
        private final int clientPort;
        private final int serverPort;
        private long clientSeq = 1000;
        private long serverSeq = 5000;

        private Conn(int clientPort, int serverPort) {
            this.clientPort = clientPort;
            this.serverPort = serverPort;
        }

        /** SYN, SYN-ACK, ACK. */
        public Conn open() {
            syn();
            send(false, SYN | ACK, new byte[0]);
            serverSeq++;
            send(true, ACK, new byte[0]);
            return this;
        }

        public Conn syn() {
            send(true, SYN, new byte[0]);
            clientSeq++;
            return this;
        }

        public Conn client(String text) {
            return client(text.getBytes(StandardCharsets.ISO_8859_1));
        }

        /** Data from the client, acknowledged by the server. */
        public Conn client(byte[] data) {
            send(true, PSH | ACK, data);
            clientSeq += data.length;
            send(false, ACK, new byte[0]);
            return this;
        }

        /** {@code data} from the client in segments of at most {@code segment} bytes, each acknowledged. */
        public Conn client(byte[] data, int segment) {
            for (int at = 0; at < data.length; at += segment) {
                client(Arrays.copyOfRange(data, at, Math.min(data.length, at + segment)));
            }
            return this;
        }

        /** {@code data} from the client in segments of at most {@code segment} bytes that the server never acknowledges. */
        public Conn clientUnacknowledged(byte[] data, int segment) {
            for (int at = 0; at < data.length; at += segment) {
                byte[] part = Arrays.copyOfRange(data, at, Math.min(data.length, at + segment));
                send(true, PSH | ACK, part);
                clientSeq += part.length;
            }
            return this;
        }

        /** {@code data} from the server in segments of at most {@code segment} bytes, each acknowledged. */
        public Conn server(byte[] data, int segment) {
            for (int at = 0; at < data.length; at += segment) {
                server(Arrays.copyOfRange(data, at, Math.min(data.length, at + segment)));
            }
            return this;
        }

        /**
         * A client segment {@code ahead} bytes past the next byte the server expects, never acknowledged: the
         * client's sequence does not move, so the bytes before it stay a hole (reassembly must hold this one).
         */
        public Conn clientAhead(long ahead, byte[] data) {
            clientSeq += ahead;
            send(true, PSH | ACK, data);
            clientSeq -= ahead;
            return this;
        }

        /**
         * The client sends {@code data} again from {@code back} bytes before its next byte (a retransmission, faithful
         * or not), unacknowledged; its sequence does not move.
         */
        public Conn clientRetransmission(long back, byte[] data) {
            clientSeq -= back;
            send(true, PSH | ACK, data);
            clientSeq += back;
            return this;
        }

        public Conn server(String text) {
            return server(text.getBytes(StandardCharsets.ISO_8859_1));
        }

        /** Data from the server, acknowledged by the client. */
        public Conn server(byte[] data) {
            send(false, PSH | ACK, data);
            serverSeq += data.length;
            send(true, ACK, new byte[0]);
            return this;
        }

        public Conn fin(boolean fromClient) {
            send(fromClient, FIN | ACK, new byte[0]);
            if (fromClient) {
                clientSeq++;
            } else {
                serverSeq++;
            }
            return this;
        }

        public Conn rst(boolean fromClient) {
            send(fromClient, RST | ACK, new byte[0]);
            return this;
        }

        private void send(boolean fromClient, int flags, byte[] payload) {
            nanos += 100_000;
            byte[] tcp = new byte[20 + payload.length];
            put16(tcp, 0, fromClient ? clientPort : serverPort);
            put16(tcp, 2, fromClient ? serverPort : clientPort);
            put32(tcp, 4, fromClient ? clientSeq : serverSeq);
            put32(tcp, 8, (flags & ACK) != 0 ? (fromClient ? serverSeq : clientSeq) : 0);
            tcp[12] = 0x50;
            tcp[13] = (byte) flags;
            put16(tcp, 14, 65535);
            System.arraycopy(payload, 0, tcp, 20, payload.length);
            byte[] ip = new byte[20 + tcp.length];
            ip[0] = 0x45;
            put16(ip, 2, ip.length);
            ip[8] = 64;
            ip[9] = 6;
            byte[] lo = {127, 0, 0, 1};
            System.arraycopy(lo, 0, ip, 12, 4);
            System.arraycopy(lo, 0, ip, 16, 4);
            int sum = 0;
            for (int i = 0; i < 20; i += 2) {
                sum += (ip[i] & 0xff) << 8 | ip[i + 1] & 0xff;
            }
            sum = (sum & 0xffff) + (sum >>> 16);
            put16(ip, 10, ~sum & 0xffff);
            System.arraycopy(tcp, 0, ip, 20, tcp.length);
            byte[] frame = new byte[14 + ip.length];
            put16(frame, 12, 0x0800);
            System.arraycopy(ip, 0, frame, 14, ip.length);
            record(frame);
        }
    }

    private void record(byte[] frame) {
        byte[] h = new byte[16];
        putLe32(h, 0, nanos / 1_000_000_000L);
        putLe32(h, 4, nanos % 1_000_000_000L);
        putLe32(h, 8, frame.length);
        putLe32(h, 12, frame.length);
        try {
            out.write(h);
            out.write(frame);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void put16(byte[] b, int at, int v) {
        b[at] = (byte) (v >> 8);
        b[at + 1] = (byte) v;
    }

    private static void put32(byte[] b, int at, long v) {
        put16(b, at, (int) (v >> 16) & 0xffff);
        put16(b, at + 2, (int) v & 0xffff);
    }

    private static void putLe32(byte[] b, int at, long v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >> 8);
        b[at + 2] = (byte) (v >> 16);
        b[at + 3] = (byte) (v >> 24);
    }
}
