package io.hopsniff.report.correlation;

import io.hopsniff.decoder.tcp.Endpoint;
import io.hopsniff.decoder.tls.TlsSummary;

/** A front-leg connection whose HTTP is encrypted: only its endpoints, its time span and its TLS hellos. */
public record LegConnection(long id, Endpoint client, long first, long last, TlsSummary tls) {
}
