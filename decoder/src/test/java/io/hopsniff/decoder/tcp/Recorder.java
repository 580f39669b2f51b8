package io.hopsniff.decoder.tcp;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** A StreamConsumer that records every event as text and the delivered bytes per direction. */
public final class Recorder implements StreamConsumer {
    public final TcpConnection connection;
    public final List<String> events = new ArrayList<>();
    public final Map<Direction, ByteArrayOutputStream> bytes = new EnumMap<>(Direction.class);
    /** Swap the roles when the first data event carries bytes starting with this text. */
    String swapWhenStartsWith;
    /** Data starting with this makes the recorder throw, as a decoder with a bug would. */
    String failWhenStartsWith;

    Recorder(TcpConnection connection) {
        this.connection = connection;
        for (Direction d : Direction.values()) {
            bytes.put(d, new ByteArrayOutputStream());
        }
    }

    @Override
    public void data(Direction direction, ByteBuffer b, long streamOffset, long timestampNanos) {
        byte[] copy = new byte[b.remaining()];
        b.duplicate().get(copy);
        String text = new String(copy, StandardCharsets.ISO_8859_1);
        if (failWhenStartsWith != null && text.startsWith(failWhenStartsWith)) {
            throw new IllegalStateException("a consumer bug");
        }
        if (swapWhenStartsWith != null && text.startsWith(swapWhenStartsWith)) {
            swapWhenStartsWith = null;
            connection.swapRoles();
            direction = direction.reverse();
        }
        events.add("data " + direction.shortName() + " " + streamOffset + " " + text);
        bytes.get(direction).writeBytes(copy);
    }

    @Override
    public void gap(Direction direction, long streamOffset, long length, long timestampNanos) {
        events.add("gap " + direction.shortName() + " " + streamOffset + " " + length);
    }

    @Override
    public void fin(Direction direction, long timestampNanos) {
        events.add("fin " + direction.shortName());
    }

    @Override
    public void rst(Direction direction, long timestampNanos) {
        events.add("rst " + direction.shortName());
    }

    @Override
    public void end(EndReason reason, long timestampNanos) {
        events.add("end " + reason);
    }

    public String text(Direction d) {
        return bytes.get(d).toString(StandardCharsets.ISO_8859_1);
    }
}
