package io.hopsniff.decoder.tls;

import io.hopsniff.decoder.tcp.Direction;
import io.hopsniff.decoder.tcp.StreamConsumer;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Watches the first bytes of each direction of a connection that starts with a TLS handshake record, and reads
 * the ClientHello and ServerHello from them. Bounded: at most {@link #LIMIT} bytes per direction are copied, and
 * nothing once both hellos are read or a direction is not TLS. Lives inside one connection's analyzer. As a
 * {@link StreamConsumer} it reads what it is given and ignores gaps and ends: a hello cut by a gap stays unread.
 */
public final class TlsPeek implements StreamConsumer {

    /** Bytes kept per direction: a ClientHello with many extensions (post-quantum key shares) fits easily. */
    public static final int LIMIT = 16 * 1024;

    private final byte[][] held = {new byte[0], new byte[0]};
    private final int[] size = new int[2];
    private final boolean[] done = new boolean[2];
    private ClientHello client;
    private ServerHello server;

    /** Copies what it still needs of {@code bytes} (its position is not moved). */
    public void feed(Direction direction, ByteBuffer bytes) {
        int d = direction.ordinal();
        if (done[d] || !bytes.hasRemaining()) {
            return;
        }
        int n = Math.min(bytes.remaining(), LIMIT - size[d]);
        if (size[d] + n > held[d].length) {
            held[d] = Arrays.copyOf(held[d], Math.min(LIMIT, Math.max(size[d] + n, held[d].length * 2)));
        }
        bytes.duplicate().get(held[d], size[d], n);
        size[d] += n;
        ByteBuffer prefix = ByteBuffer.wrap(held[d], 0, size[d]);
        if (direction == Direction.CLIENT_TO_SERVER) {
            client = TlsHello.parseClientHello(prefix);
            done[d] = client != null;
        } else {
            server = TlsHello.parseServerHello(prefix);
            done[d] = server != null;
        }
        if (done[d] || size[d] >= LIMIT || !TlsHello.mayComplete(prefix)) {
            done[d] = true;
            held[d] = null; // the prefix is no longer needed
        }
    }

    @Override
    public void data(Direction direction, ByteBuffer bytes, long streamOffset, long timestampNanos) {
        feed(direction, bytes);
    }

    @Override
    public void gap(Direction direction, long streamOffset, long length, long timestampNanos) {
    }

    public TlsSummary summary() {
        return new TlsSummary(client, server);
    }
}
