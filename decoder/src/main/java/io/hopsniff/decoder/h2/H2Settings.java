package io.hopsniff.decoder.h2;

import static io.hopsniff.decoder.h2.H2Names.FLAG_ACK;

import io.hopsniff.decoder.anomaly.AnomalyType;
import io.hopsniff.decoder.tcp.Direction;
import java.util.Base64;
import java.util.Map;

/**
 * Each side's SETTINGS and the flow-control windows they and WINDOW_UPDATE frames move (RFC 9113 §6.5, §6.9), for
 * one connection: the state lives in the decoder's {@link H2Side}s and open streams, this class applies the frames.
 */
final class H2Settings {

    static final long MAX_WINDOW = 0x7FFFFFFFL;

    private final H2Side[] sides;
    private final Map<Integer, H2Stream> open;
    private final AnomalyAggregator anomalies;

    H2Settings(H2Side[] sides, Map<Integer, H2Stream> open, AnomalyAggregator anomalies) {
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
}
