package io.hopsniff.decoder.h2;

import io.hopsniff.decoder.tcp.Direction;
import java.nio.ByteBuffer;

/**
 * The framing layer of one direction (RFC 9113 §4.1, §3.4): a push state machine over in-order bytes that checks
 * the client preface (or that the server's first frame is SETTINGS), splits frames, streams DATA content with its
 * padding removed, and buffers other payloads up to a per-type cap. It interprets nothing else; after a bad
 * preface or {@link #lose()} it only counts.
 */
final class FrameReader {

    static final byte[] PREFACE = H2Preface.BYTES;
    static final int HEADER_LENGTH = 9;
    /** SETTINGS, GOAWAY debug data, PING, ...: the octets kept of a control frame; the rest is counted. */
    static final int CONTROL_CAP = 1024;

    interface Sink {
        /** A 9-octet frame header was read. */
        void frameStart(Direction d, int length, int type, int flags, int streamId, long ts);

        /** DATA content (padding excluded); valid only during the call. */
        void dataContent(Direction d, int streamId, ByteBuffer chunk, long ts);

        /**
         * A frame ended. For frames other than DATA, {@code payload[0..kept)} holds its first octets ({@code kept}
         * is less than {@code length} only when the frame exceeded its cap); valid only during the call. For a
         * padded DATA frame {@code padLength} is the declared padding, -1 when it was not smaller than the frame.
         */
        void frameEnd(Direction d, int length, int type, int flags, int streamId, byte[] payload, int kept,
                      int padLength, long ts);

        /** The client preface was wrong, or the server's first frame is not SETTINGS; {@code seen} is what came. */
        void prefaceMismatch(Direction d, byte[] seen, int n, long ts);
    }

    private enum State { PREFACE, HEADER, PAYLOAD, DATA_PAD_LENGTH, DATA_CONTENT, DATA_PADDING, SKIP }

    private final Direction direction;
    private final Sink sink;
    private final int headerBlockCap;
    private final boolean serverFirstFrame;
    private State state;
    private boolean firstFrame = true;
    private final byte[] header = new byte[PREFACE.length];
    private int headerFill;
    private byte[] buf = new byte[0];
    private int kept;
    private int length;
    private int type;
    private int flags;
    private int streamId;
    private long remaining;
    private long contentLeft;
    private int padLength;
    private long skipped;

    /**
     * @param expectPreface  the client direction: starts with the 24-octet preface
     * @param headerBlockCap the most octets kept of one HEADERS / PUSH_PROMISE / CONTINUATION payload
     */
    FrameReader(Direction direction, boolean expectPreface, int headerBlockCap, Sink sink) {
        this.direction = direction;
        this.sink = sink;
        this.headerBlockCap = headerBlockCap;
        this.serverFirstFrame = !expectPreface;
        this.state = expectPreface ? State.PREFACE : State.HEADER;
    }

    /** Octets counted without being decoded (bad preface, after {@link #lose()}). */
    long skipped() {
        return skipped;
    }

    boolean lost() {
        return state == State.SKIP;
    }

    /** True when the stream ended inside a frame (or the preface). */
    boolean midFrame() {
        return state != State.SKIP && (state != State.HEADER || headerFill > 0);
    }

    /** The type of the frame being read, when {@link #midFrame()}. */
    int currentType() {
        return state == State.HEADER || state == State.PREFACE ? -1 : type;
    }

    int currentStreamId() {
        return streamId;
    }

    /** Framing lost (a gap): count everything from now on. */
    void lose() {
        state = State.SKIP;
    }

    void count(long n) {
        skipped += n;
    }

    void feed(ByteBuffer in, long ts) {
        while (in.hasRemaining()) {
            switch (state) {
                case SKIP -> {
                    skipped += in.remaining();
                    in.position(in.limit());
                }
                case PREFACE -> preface(in, ts);
                case HEADER -> header(in, ts);
                case PAYLOAD -> payload(in, ts);
                case DATA_PAD_LENGTH -> {
                    padLength = in.get() & 0xFF;
                    remaining--;
                    if (padLength > remaining) {
                        contentLeft = 0;
                        padLength = -1;
                    } else {
                        contentLeft = remaining - padLength;
                    }
                    state = State.DATA_CONTENT;
                    dataContent(in, ts);
                }
                case DATA_CONTENT -> dataContent(in, ts);
                case DATA_PADDING -> {
                    int n = (int) Math.min(remaining, in.remaining());
                    in.position(in.position() + n);
                    remaining -= n;
                    if (remaining == 0) {
                        endFrame(ts);
                    }
                }
            }
        }
    }

    private void preface(ByteBuffer in, long ts) {
        while (in.hasRemaining() && headerFill < PREFACE.length) {
            byte b = in.get();
            header[headerFill++] = b;
            if (b != PREFACE[headerFill - 1]) {
                sink.prefaceMismatch(direction, header, headerFill, ts);
                skipped += headerFill;
                headerFill = 0;
                state = State.SKIP;
                return;
            }
        }
        if (headerFill == PREFACE.length) {
            headerFill = 0;
            state = State.HEADER;
        }
    }

    private void header(ByteBuffer in, long ts) {
        while (in.hasRemaining() && headerFill < HEADER_LENGTH) {
            header[headerFill++] = in.get();
        }
        if (headerFill < HEADER_LENGTH) {
            return;
        }
        headerFill = 0;
        length = ((header[0] & 0xFF) << 16) | ((header[1] & 0xFF) << 8) | (header[2] & 0xFF);
        type = header[3] & 0xFF;
        flags = header[4] & 0xFF;
        streamId = (((header[5] & 0x7F) << 24) | ((header[6] & 0xFF) << 16) | ((header[7] & 0xFF) << 8)
                | (header[8] & 0xFF));
        if (firstFrame && serverFirstFrame && (type != H2Names.SETTINGS || streamId != 0)) {
            sink.prefaceMismatch(direction, header, HEADER_LENGTH, ts);
            skipped += HEADER_LENGTH;
            state = State.SKIP;
            return;
        }
        firstFrame = false;
        sink.frameStart(direction, length, type, flags, streamId, ts);
        remaining = length;
        kept = 0;
        padLength = 0;
        if (type == H2Names.DATA) {
            if ((flags & H2Names.FLAG_PADDED) != 0 && length > 0) {
                state = State.DATA_PAD_LENGTH;
            } else {
                if ((flags & H2Names.FLAG_PADDED) != 0) {
                    padLength = -1;
                }
                contentLeft = length;
                state = State.DATA_CONTENT;
            }
        } else {
            state = State.PAYLOAD;
        }
        if (length == 0) {
            endFrame(ts);
        }
    }

    private void payload(ByteBuffer in, long ts) {
        int cap = switch (type) {
            case H2Names.HEADERS, H2Names.PUSH_PROMISE, H2Names.CONTINUATION -> headerBlockCap;
            case H2Names.DATA -> 0;
            default -> type <= H2Names.CONTINUATION ? CONTROL_CAP : 0;
        };
        int n = (int) Math.min(remaining, in.remaining());
        int keep = Math.min(n, (int) Math.min(cap, length) - kept);
        if (keep > 0) {
            if (buf.length < kept + keep) {
                int size = Math.max(256, buf.length * 2);
                buf = java.util.Arrays.copyOf(buf, Math.min(Math.max(size, kept + keep), Math.min(cap, length)));
            }
            in.get(buf, kept, keep);
            kept += keep;
        }
        in.position(in.position() + (n - Math.max(keep, 0)));
        remaining -= n;
        if (remaining == 0) {
            endFrame(ts);
        }
    }

    private void dataContent(ByteBuffer in, long ts) {
        if (contentLeft > 0 && in.hasRemaining()) {
            int n = (int) Math.min(contentLeft, in.remaining());
            ByteBuffer chunk = in.slice();
            chunk.limit(n);
            sink.dataContent(direction, streamId, chunk, ts);
            in.position(in.position() + n);
            contentLeft -= n;
            remaining -= n;
        }
        if (contentLeft == 0) {
            state = State.DATA_PADDING;
            if (remaining == 0) {
                endFrame(ts);
            }
        }
    }

    private void endFrame(long ts) {
        state = State.HEADER;
        sink.frameEnd(direction, length, type, flags, streamId, buf, kept, padLength, ts);
        if (buf.length > 4096 && state != State.SKIP) {
            buf = new byte[0]; // a big header block is rare; don't keep its buffer for the connection's life
        }
    }
}
