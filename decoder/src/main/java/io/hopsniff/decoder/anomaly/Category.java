package io.hopsniff.decoder.anomaly;

import java.util.Locale;

/**
 * What kind of finding an anomaly is, after Wireshark's expert-info groups (epan/expert.h: malformed, sequence,
 * response code, undecoded, protocol, comment, debug), plus hopsniff's own {@code limit}: one of its bounds was
 * hit. Reports and docs group by it; the limits a run hit are exactly the {@code limit} anomalies.
 */
public enum Category {
    /** The bytes break the format: a field cannot be parsed, a length is impossible. */
    MALFORMED,
    /** Something is wrong with the stream's order or completeness: gaps, retransmissions, overlaps. */
    SEQUENCE,
    /** An answer says no, or no answer came. */
    RESPONSE_CODE,
    /** Bytes hopsniff did not decode (not the protocol expected, or framing lost). */
    UNDECODED,
    /** A protocol rule was broken by well-formed bytes. */
    PROTOCOL,
    /** Worth knowing, nothing wrong: a switch of protocols, pipelining, a graceful shutdown. */
    COMMENT,
    /** One of hopsniff's limits was hit; counted in the report's {@code summary.limits_hit}. */
    LIMIT,
    /** A bug in hopsniff. */
    DEBUG;

    /** {@code response_code}: as in the docs. */
    public String reportName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
