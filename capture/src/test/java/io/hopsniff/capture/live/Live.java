package io.hopsniff.capture.live;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Shared bits of the live tests: skip unless root with libpcap, and a loopback-only TCP server to talk to. */
final class Live {

    private Live() {
    }

    /** Live tests need root (or CAP_NET_RAW) and libpcap; elsewhere they are skipped, not failed. */
    static void assumeCaptureWorks() {
        assumeTrue(isRoot(), "live capture tests need root");
        try {
            PcapLiveSource.libpcapVersion();
        } catch (CaptureException | RuntimeException | LinkageError e) {
            assumeTrue(false, "libpcap unavailable: " + e.getMessage());
        }
    }

    static boolean isRoot() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("Uid:")) {
                    return l.split("\\s+")[2].equals("0");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /** A TCP sink on 127.0.0.1 (loopback only) that reads and discards whatever each connection sends. */
    static final class LoopbackServer implements AutoCloseable {
        private final ServerSocket server;
        private final Thread acceptor;

        LoopbackServer() throws IOException {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        Thread t = new Thread(() -> {
                            try (s; InputStream in = s.getInputStream()) {
                                in.transferTo(OutputStream.nullOutputStream());
                            } catch (IOException e) {
                                // peer went away: fine
                            }
                        });
                        t.setDaemon(true);
                        t.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "loopback-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        /** One connection sending {@code text} in {@code writes} separate writes (TCP_NODELAY), then closing. */
        void send(String text, int writes) throws IOException {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port())) {
                s.setTcpNoDelay(true);
                OutputStream out = s.getOutputStream();
                byte[] b = text.getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < writes; i++) {
                    out.write(b);
                    out.flush();
                }
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
