package io.hopsniff.decoder.h2;

import static io.hopsniff.decoder.h2.H2Names.FLAG_ACK;
import static io.hopsniff.decoder.h2.H2Names.PING;

import io.hopsniff.decoder.anomaly.AnomalyType;
import io.hopsniff.decoder.tcp.Direction;
import java.util.Base64;
import java.util.Map;

/**
 * The connection-level frames of one HTTP/2 connection: each side's SETTINGS and the flow-control windows they,
 * WINDOW_UPDATE and DATA move (RFC 9113 §6.5, §6.9), GOAWAY (§6.8), and the length rules of PING and PRIORITY. The
 * state lives in the decoder's {@link H2Side}s and open streams; this class applies the frames. Methods that
 * return a boolean return false for a malformed frame, which the caller reports.
 */
final class H2ConnectionFrames {

    static final long MAX_WINDOW = 0x7FFFFFFFL;

    private final H2Side[] sides;
    private final Map<Integer, H2Stream> open;
    private final AnomalyAggregator anomalies;

    H2ConnectionFrames(H2Side[] sides, Map<Integer, H2Stream> open, AnomalyAggregator anomalies) {
        this.sides = sides;
        this.open = open;
        this.anomalies = anomalies;
    }

    /** WINDOW_UPDATE (RFC 9113 §6.9); false when malformed (the caller reports it). */
    boolean windowUpdate(Direction d, int length, int streamId, byte[] p) {
        if (length != 4) {
            return false;
        }
        long inc = H2Messages.u32(p, 0) & MAX_WINDOW;
        if (inc == 0) {
            return false;
        }
        int sender = 1 - d.ordinal(); // the update grants the other side more to send
        if (streamId == 0) {
            sides[sender].connectionWindow += inc;
        } else {
            H2Stream s = open.get(streamId);
            if (s != null) {
                s.window[sender] += inc;
            }
        }
        return true;
    }

    /** SETTINGS (RFC 9113 §6.5); false when malformed (the caller reports it). */
    boolean settings(Direction d, int length, int flags, int streamId, byte[] p, int kept, long ts) {
        if (streamId != 0 || ((flags & FLAG_ACK) != 0 ? length != 0 : length % 6 != 0)) {
            return false;
        }
        if ((flags & FLAG_ACK) != 0) {
            return true;
        }
        for (int i = 0; i + 6 <= kept; i += 6) {
            int id = ((p[i] & 0xFF) << 8) | (p[i + 1] & 0xFF);
            apply(d, id, H2Messages.u32(p, i + 2), ts);
        }
        return true;
    }

    void apply(Direction d, int id, long value, long ts) {
        int si = d.ordinal();
        H2Side side = sides[si];
        String name = H2Names.setting(id);
        boolean valid = switch (id) {
            case H2Names.SETTINGS_ENABLE_PUSH, H2Names.SETTINGS_ENABLE_CONNECT_PROTOCOL -> value <= 1;
            case H2Names.SETTINGS_INITIAL_WINDOW_SIZE -> value <= MAX_WINDOW;
            case H2Names.SETTINGS_MAX_FRAME_SIZE -> value >= 16384 && value <= 16777215;
            default -> true;
        };
        if (side.settings.size() < 64 || side.settings.containsKey(name)) {
            side.settings.put(name, value);
        }
        if (!valid) {
            anomalies.report(AnomalyType.H2_SETTINGS_INVALID, ts, 0, "sender=" + d.shortName() + ", setting=" + name
                    + ", value=" + value);
            return;
        }
        switch (id) {
            case H2Names.SETTINGS_HEADER_TABLE_SIZE -> sides[1 - si].hpack.setSettingMax(value);
            case H2Names.SETTINGS_MAX_FRAME_SIZE -> side.maxFrameSize = value;
            case H2Names.SETTINGS_INITIAL_WINDOW_SIZE -> {
                long delta = value - side.initialWindow;
                side.initialWindow = value;
                for (H2Stream s : open.values()) {
                    s.window[1 - si] += delta; // RFC 9113 §6.9.2: applies to the peer's open streams
                }
            }
            case H2Names.SETTINGS_ENABLE_CONNECT_PROTOCOL -> side.enableConnect = value;
            default -> {
            }
        }
    }

    /** RFC 9113 §3.2.1: HTTP2-Settings is a base64url SETTINGS payload, the client's first settings. */
    void fromUpgrade(String value, long ts) {
        byte[] p;
        try {
            p = Base64.getUrlDecoder().decode(value.trim());
        } catch (IllegalArgumentException e) {
            anomalies.report(AnomalyType.H2_SETTINGS_INVALID, ts, 0, "sender=c2s, setting=HTTP2-Settings, value=not-base64url");
            return;
        }
        if (p.length % 6 != 0) {
            anomalies.report(AnomalyType.H2_SETTINGS_INVALID, ts, 0, "sender=c2s, setting=HTTP2-Settings, length=" + p.length);
        }
        for (int i = 0; i + 6 <= p.length && i < 6 * 64; i += 6) {
            apply(Direction.CLIENT_TO_SERVER, ((p[i] & 0xFF) << 8) | (p[i + 1] & 0xFF), H2Messages.u32(p, i + 2), ts);
        }
    }

    /** GOAWAY (RFC 9113 §6.8): the sender's error code is kept and reported. */
    boolean goaway(Direction d, int length, int streamId, byte[] p, long ts) {
        if (length < 8 || streamId != 0) {
            return false;
        }
        long last = H2Messages.u32(p, 0) & MAX_WINDOW;
        String code = H2Names.errorCode(H2Messages.u32(p, 4));
        sides[d.ordinal()].goaway = code;
        anomalies.report("NO_ERROR".equals(code) ? AnomalyType.H2_GOAWAY : AnomalyType.H2_GOAWAY_ERROR, ts, 0,
                "sender=" + d.shortName() + ", code=" + code + ", last_stream_id=" + last + ", debug_bytes="
                        + (length - 8));
        return true;
    }

    /** PRIORITY: 5 octets on a stream (§6.3); PING: 8 octets on stream 0 (§6.7). */
    static boolean wellFormed(int type, int length, int streamId) {
        return type == PING ? length == 8 && streamId == 0 : length == 5 && streamId != 0;
    }

    /** DATA spends the connection's and the stream's window the receiver granted (§6.9); overdrafts are reported once. */
    void dataSent(Direction d, int length, int streamId, H2Stream s, long ts) {
        int si = d.ordinal();
        H2Side sender = sides[si];
        sender.connectionWindow -= length;
        if (sender.connectionWindow < 0 && sender.connectionWindow + length >= 0) {
            anomalies.report(AnomalyType.H2_FLOW_CONTROL_EXCEEDED, ts, 0, "direction=" + d.shortName()
                    + ", window=connection, stream=" + streamId + ", length=" + length + ", available="
                    + (sender.connectionWindow + length));
        }
        if (s == null) {
            return;
        }
        s.window[si] -= length;
        if (s.window[si] < 0 && s.window[si] + length >= 0) {
            anomalies.report(AnomalyType.H2_FLOW_CONTROL_EXCEEDED, ts, 0, "direction=" + d.shortName()
                    + ", window=stream, stream=" + streamId + ", length=" + length + ", available="
                    + (s.window[si] + length));
        }
    }
}
