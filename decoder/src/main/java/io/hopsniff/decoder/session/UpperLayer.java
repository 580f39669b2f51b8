package io.hopsniff.decoder.session;

import io.hopsniff.decoder.h2.H2ConnectionSummary;
import io.hopsniff.decoder.tcp.StreamConsumer;
import io.hopsniff.decoder.tls.TlsSummary;

/**
 * A decoder above TCP reassembly that a connection's router holds: what the connection starts with (HTTP/1,
 * HTTP/2 with prior knowledge, bytes that are not HTTP), or what it switched to ({@link Protocol}'s registry).
 * It gets every later byte with its real stream offset, the gaps, FINs, RSTs and the end.
 */
interface UpperLayer extends StreamConsumer {

    /** What the connection carries while this layer reads it (a tunnel refines itself once its bytes say). */
    Protocol protocol();

    /**
     * True when this upgraded layer reports the exchange that switched to it (the router held it back and
     * handed it over in {@link Switch#held()}), with what followed; false when the router reports it at once.
     */
    default boolean reportsSwitch() {
        return false;
    }

    /** The cleartext TLS hellos, when this layer read TLS; else null. */
    default TlsSummary tls() {
        return null;
    }

    /** What this layer's HTTP/2 carried; else null. */
    default H2ConnectionSummary http2() {
        return null;
    }
}
