package io.hopsniff.report.correlation;

import io.hopsniff.decoder.tcp.Endpoint;
import io.hopsniff.decoder.tls.TlsSummary;

/**
 * A connection correlation keeps without its exchanges: a front-leg connection whose HTTP is encrypted (its
 * endpoints, time span and TLS hellos), or a connection attempt that failed (SYN refused or unanswered), which
 * tells a proxy's gateway error apart from its own answers.
 *
 * @param server  the server side, or null (tests)
 * @param history Zeek-style history letters, or "" (tests)
 */
public record LegConnection(long id, Endpoint client, long first, long last, TlsSummary tls, Endpoint server,
                            String history) {

    public LegConnection(long id, Endpoint client, long first, long last, TlsSummary tls) {
        this(id, client, first, last, tls, null, "");
    }

    /** A SYN from the client and no SYN-ACK from the server: refused (RST) or never answered. */
    public static boolean failedAttempt(boolean sawSyn, String history) {
        return sawSyn && history.indexOf('S') >= 0 && history.indexOf('h') < 0 && history.indexOf('H') < 0;
    }

    /** 'r' from the server side answered the SYN. */
    public boolean refused() {
        return history.indexOf('r') >= 0;
    }
}
