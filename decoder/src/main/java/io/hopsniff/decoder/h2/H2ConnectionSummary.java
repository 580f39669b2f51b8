package io.hopsniff.decoder.h2;

import java.util.Map;

/**
 * What one HTTP/2 connection carried, per direction where it matters. Maps are ordered (frame types by type code,
 * UNKNOWN last; settings in the order first sent) and unmodifiable.
 *
 * @param serverSpokeHttp2  the server's first frame was a SETTINGS frame (RFC 9113 §3.4)
 * @param clientPrefaceSeen the client sent the 24-octet connection preface
 * @param framesC2s         frames per type name sent by the client (counted at their 9-octet header)
 * @param bytesC2s          octets the client sent after the switch to HTTP/2, preface included
 * @param undecodedC2s      of those, octets counted but not decoded (after a gap or a bad preface)
 * @param streamsOpened     streams that carried a HEADERS or PUSH_PROMISE (or stream 1 of an h2c upgrade)
 * @param streamsClosed     streams emitted as exchanges before end (both sides ended, or reset)
 * @param streamsReset      streams that saw a RST_STREAM
 * @param goawayC2s         error code name of the client's last GOAWAY, or null when it sent none
 * @param settingsC2s       the last value of each setting the client advertised (HTTP2-Settings of an h2c upgrade
 *                          included), by name
 */
public record H2ConnectionSummary(boolean serverSpokeHttp2, boolean clientPrefaceSeen,
                                  Map<String, Long> framesC2s, Map<String, Long> framesS2c,
                                  long bytesC2s, long bytesS2c, long undecodedC2s, long undecodedS2c,
                                  long streamsOpened, long streamsClosed, long streamsReset,
                                  String goawayC2s, String goawayS2c,
                                  Map<String, Long> settingsC2s, Map<String, Long> settingsS2c) {

    /** The server's SETTINGS enabled extended CONNECT (SETTINGS_ENABLE_CONNECT_PROTOCOL = 1, RFC 8441 §3). */
    public boolean serverEnabledExtendedConnect() {
        Long v = settingsS2c.get(H2Names.setting(H2Names.SETTINGS_ENABLE_CONNECT_PROTOCOL));
        return v != null && v == 1;
    }
}
