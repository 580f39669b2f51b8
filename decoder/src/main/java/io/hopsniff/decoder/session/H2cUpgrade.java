package io.hopsniff.decoder.session;

import io.hopsniff.decoder.h2.H2ConnectionSummary;
import io.hopsniff.decoder.h2.Http2Decoder;

/** HTTP/2 after a 101 to {@code h2c}: the upgrade request is stream 1, its answer comes as HTTP/2. */
final class H2cUpgrade extends StackedLayer {

    private final Http2Decoder decoder;

    H2cUpgrade(ConnectionScope scope, Switch what) {
        this.decoder = scope.http2(what.exchange(), Protocol.H2C, 0);
        this.inner = decoder;
    }

    @Override
    public Protocol protocol() {
        return Protocol.H2C;
    }

    @Override
    public H2ConnectionSummary http2() {
        return decoder.summary();
    }
}
