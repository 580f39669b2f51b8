package io.hopsniff.report.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hopsniff.decoder.h2.H2ConnectionSummary;
import java.util.Map;

/**
 * {@code connections[].http2}: what the connection's HTTP/2 carried (RFC 9113), each way where it matters.
 *
 * @param serverSpokeHttp2  the server's first frame was SETTINGS (its connection preface, §3.4)
 * @param clientPrefaceSeen the client sent the 24-octet connection preface
 * @param frames            frames per type name, {@code c2s} and {@code s2c}
 * @param bytes             octets each way after the switch to HTTP/2 (preface included)
 * @param undecodedBytes    of those, octets counted but not decoded (after a gap or a bad preface)
 * @param streams           {@code opened}, {@code closed} (emitted as exchanges before the end), {@code reset}
 * @param goaway            the error code name of each side's last GOAWAY, absent when it sent none
 * @param settings          the last value of each setting each side advertised, by name (an h2c upgrade's
 *                          HTTP2-Settings counts as the client's)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Http2Json(boolean serverSpokeHttp2, boolean clientPrefaceSeen, Map<String, Map<String, Long>> frames,
                        Map<String, Long> bytes, Map<String, Long> undecodedBytes, Map<String, Long> streams,
                        Map<String, String> goaway, Map<String, Map<String, Long>> settings) {

    public static Http2Json of(H2ConnectionSummary s) {
        if (s == null) {
            return null;
        }
        Map<String, String> goaway = new java.util.TreeMap<>();
        if (s.goawayC2s() != null) {
            goaway.put("c2s", s.goawayC2s());
        }
        if (s.goawayS2c() != null) {
            goaway.put("s2c", s.goawayS2c());
        }
        return new Http2Json(s.serverSpokeHttp2(), s.clientPrefaceSeen(),
                Map.of("c2s", s.framesC2s(), "s2c", s.framesS2c()),
                Map.of("c2s", s.bytesC2s(), "s2c", s.bytesS2c()),
                Map.of("c2s", s.undecodedC2s(), "s2c", s.undecodedS2c()),
                Map.of("opened", s.streamsOpened(), "closed", s.streamsClosed(), "reset", s.streamsReset()),
                goaway.isEmpty() ? null : goaway,
                Map.of("c2s", s.settingsC2s(), "s2c", s.settingsS2c()));
    }
}
