package io.hopsniff.report.diagnosis;

import io.hopsniff.capture.file.PcapWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes small synthetic captures (Ethernet with zero MACs, IPv4, TCP: the shape of {@code tcpdump -i lo})
 * with {@link PcapWriter}, one connection per {@link Conn}, sequence numbers tracked per side.
 */
final class Wire implements AutoCloseable {

    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int RST = 0x04;
    static final int PSH = 0x08;
    static final int ACK = 0x10;

    final Path file;
    private final PcapWriter writer;
    private long nanos = 1_795_635_572_000_000_000L;

    Wire() throws IOException {
        file = Files.createTempFile("hopsniff-diag-", ".pcap");
        file.toFile().deleteOnExit();
        writer = PcapWriter.create(file, 1);
    }

    Conn connection(int clientPort) {
        return new Conn(clientPort, 12656);
    }

    void advance(long millis) {
        nanos += millis * 1_000_000L;
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }

    final class Conn {
        private final int clientPort;
        private final int serverPort;
        private long clientSeq = 1000;
        private long serverSeq = 5000;

        Conn(int clientPort, int serverPort) {
            this.clientPort = clientPort;
            this.serverPort = serverPort;
        }

        /** SYN, SYN-ACK, ACK. */
        Conn open() {
            syn();
            send(false, SYN | ACK, new byte[0]);
            serverSeq++;
            send(true, ACK, new byte[0]);
            return this;
        }

        Conn syn() {
            send(true, SYN, new byte[0]);
            clientSeq++;
            return this;
        }

        Conn client(String text) {
            return client(text.getBytes(StandardCharsets.ISO_8859_1));
        }

        Conn client(byte[] data) {
            send(true, PSH | ACK, data);
            clientSeq += data.length;
            send(false, ACK, new byte[0]);
            return this;
        }

        Conn server(String text) {
            return server(text.getBytes(StandardCharsets.ISO_8859_1));
        }

        Conn server(byte[] data) {
            send(false, PSH | ACK, data);
            serverSeq += data.length;
            send(true, ACK, new byte[0]);
            return this;
        }

        Conn fin(boolean fromClient) {
            send(fromClient, FIN | ACK, new byte[0]);
            if (fromClient) {
                clientSeq++;
            } else {
                serverSeq++;
            }
            return this;
        }

        Conn rst(boolean fromClient) {
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
            writer.packet(nanos, frame);
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
}
