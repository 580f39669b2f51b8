package io.hopsniff.decoder.tcp;

import io.hopsniff.decoder.link.Bytes;
import java.nio.ByteBuffer;

/** A decoded TCP header (RFC 9293 §3.1); one instance is reused for every packet. */
final class TcpSegment {
    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int RST = 0x04;
    static final int PSH = 0x08;
    static final int ACK = 0x10;
    private static final int MIN_HEADER = 20;

    int sourcePort;
    int destinationPort;
    int seq;
    int ack;
    int flags;
    /** Absolute index of the first payload byte. */
    int payloadOffset;
    /** Payload bytes present in the capture. */
    int capturedLength;
    /** Payload bytes on the wire (per the IP length); larger than captured when snaplen cut the packet. */
    int wireLength;
    /** Why decode returned false. */
    String problem;

    /**
     * Decodes the header at {@code start}; {@code capturedEnd} bounds the captured bytes and {@code wireLength}
     * is the TCP length according to IP. Returns false (with {@link #problem}) when the header is unusable.
     */
    boolean decode(ByteBuffer data, int start, int capturedEnd, int wireLength) {
        if (capturedEnd - start < MIN_HEADER) {
            problem = "tcp header cut by the capture";
            return false;
        }
        int headerLength = (Bytes.u8(data, start + 12) >> 4) * 4;
        if (headerLength < MIN_HEADER) {
            problem = "data offset below 5";
            return false;
        }
        if (headerLength > wireLength) {
            problem = "data offset beyond the ip payload";
            return false;
        }
        if (start + headerLength > capturedEnd) {
            problem = "tcp options cut by the capture";
            return false;
        }
        sourcePort = Bytes.u16(data, start);
        destinationPort = Bytes.u16(data, start + 2);
        seq = Bytes.i32(data, start + 4);
        ack = Bytes.i32(data, start + 8);
        flags = Bytes.u8(data, start + 13);
        payloadOffset = start + headerLength;
        capturedLength = capturedEnd - payloadOffset;
        this.wireLength = wireLength - headerLength;
        if (capturedLength > this.wireLength) {
            capturedLength = this.wireLength;
        }
        return true;
    }

    boolean has(int flag) {
        return (flags & flag) != 0;
    }
}
