package io.hopsniff.decoder.tcp;

import java.nio.ByteBuffer;

/**
 * What reassembly hands to the layers above, per connection: in-order bytes with their stream offsets and
 * explicit gap / FIN / RST / end events (the contract of Wireshark's tcp_dissect_pdus and Zeek's content_gap).
 * Parsers never see segments. Buffers are valid only during the call.
 *
 * <p>Directions are relative to the connection's current roles; a consumer that finds the roles were guessed
 * wrong (the "client" sent {@code HTTP/1.1 200}) calls {@link TcpConnection#swapRoles()} before consuming.
 */
public interface StreamConsumer {

    /** In-order bytes; {@code streamOffset} counts from the first byte seen in that direction. */
    void data(Direction direction, ByteBuffer bytes, long streamOffset, long timestampNanos);

    /** {@code length} bytes at {@code streamOffset} were never seen and never will be. */
    void gap(Direction direction, long streamOffset, long length, long timestampNanos);

    /** The sender of this direction closed it (after all its bytes were delivered). Nothing to do by default. */
    default void fin(Direction direction, long timestampNanos) {
    }

    /** The sender of this direction reset the connection. Nothing to do by default: {@link #end} follows. */
    default void rst(Direction direction, long timestampNanos) {
    }

    /** The connection is over for hopsniff; called exactly once, after every other event. */
    default void end(EndReason reason, long timestampNanos) {
    }

    /** Reads nothing: what follows a protocol switch that nobody decodes. */
    StreamConsumer IGNORED = new StreamConsumer() {
        @Override
        public void data(Direction direction, ByteBuffer bytes, long streamOffset, long timestampNanos) {
        }

        @Override
        public void gap(Direction direction, long streamOffset, long length, long timestampNanos) {
        }
    };
}
