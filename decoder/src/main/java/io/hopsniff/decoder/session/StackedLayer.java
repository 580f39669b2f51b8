package io.hopsniff.decoder.session;

import io.hopsniff.decoder.tcp.Direction;
import io.hopsniff.decoder.tcp.EndReason;
import io.hopsniff.decoder.tcp.StreamConsumer;
import java.nio.ByteBuffer;

/** A layer that hands every event to one decoder (ignored until it has one); subclasses add what they must. */
abstract class StackedLayer implements UpperLayer {

    /** The decoder that reads this layer's bytes. */
    protected StreamConsumer inner = StreamConsumer.IGNORED;

    @Override
    public void data(Direction direction, ByteBuffer bytes, long streamOffset, long timestampNanos) {
        inner.data(direction, bytes, streamOffset, timestampNanos);
    }

    @Override
    public void gap(Direction direction, long streamOffset, long length, long timestampNanos) {
        inner.gap(direction, streamOffset, length, timestampNanos);
    }

    @Override
    public void fin(Direction direction, long timestampNanos) {
        inner.fin(direction, timestampNanos);
    }

    @Override
    public void rst(Direction direction, long timestampNanos) {
        inner.rst(direction, timestampNanos);
    }

    @Override
    public void end(EndReason reason, long timestampNanos) {
        inner.end(reason, timestampNanos);
    }
}
