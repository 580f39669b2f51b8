package io.hopsniff.decoder.tcp;

/** Opens the upper layer for a new connection; called once per connection, after its roles were guessed. */
@FunctionalInterface
public interface StreamConsumerFactory {

    /**
     * @return the consumer of this connection's events, or null to track the connection for counting only
     *         (its payload is then neither buffered for delivery nor delivered)
     */
    StreamConsumer open(TcpConnection connection);
}
