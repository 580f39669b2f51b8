package io.hopsniff.decoder.session;

import io.hopsniff.decoder.h2.Http2Decoder;
import io.hopsniff.decoder.http.KeptBytes;
import io.hopsniff.decoder.http.RunCount;
import io.hopsniff.decoder.http1.Http1Connection;
import io.hopsniff.decoder.ws.InflateBudget;

/**
 * What every connection of a run shares and spends: the kept-bytes budget ({@code --max-kept-bytes}), the count of
 * pipelined requests waiting, the octets of HPACK tables, the count of open HTTP/2 streams and what inflating
 * WebSocket messages may cost. One per analyzer; a connection holds one reference to it, not one per bound. Each
 * is back to 0 once every connection has ended, but the bytes inflated, which are spent for good.
 */
public record RunBounds(KeptBytes kept, RunCount waitingRequests, KeptBytes hpackTables, RunCount openStreams,
                        InflateBudget inflate) {

    /**
     * The heap is nearly full (TCP_MEMORY_LIMIT): halves each bound, down to its floor (HeapPressure's).
     *
     * @return the new bounds, for the anomaly's detail
     */
    String tighten() {
        return "kept_bytes=" + kept.tighten() + ", hpack_tables=" + hpackTables.tighten()
                + ", waiting_requests_all=" + waitingRequests.tighten() + ", open_streams_all=" + openStreams.tighten()
                + ", inflaters=" + inflate.tighten();
    }

    static RunBounds of(DecoderConfig config) {
        return new RunBounds(new KeptBytes(config.maxKeptBytes()),
                new RunCount(Http1Connection.WAITING_LIMIT, "waiting"),
                new KeptBytes(Http2Decoder.HPACK_TABLES_LIMIT),
                new RunCount(Http2Decoder.OPEN_STREAMS_LIMIT, "open"), InflateBudget.defaults());
    }
}
