package io.hopsniff.decoder.session;

/** A switch to a protocol hopsniff does not decode (e.g. Docker's {@code Upgrade: tcp}): its bytes are counted. */
final class OpaqueUpgrade extends StackedLayer {

    OpaqueUpgrade(ConnectionScope scope, Switch what) {
    }

    @Override
    public Protocol protocol() {
        return Protocol.UPGRADED;
    }
}
