package io.hopsniff.capture.file;

import io.hopsniff.capture.CaptureIssue;
import io.hopsniff.capture.PacketSink;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Keeps copies of everything a reader delivers. */
final class RecordingSink implements PacketSink {

    record Packet(long timestampNanos, int linkType, byte[] data, int originalLength) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Packet p && p.timestampNanos == timestampNanos && p.linkType == linkType
                    && java.util.Arrays.equals(p.data, data) && p.originalLength == originalLength;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(timestampNanos) * 31 + java.util.Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Packet[ts=" + timestampNanos + ", linkType=" + linkType + ", caplen=" + data.length
                    + ", origlen=" + originalLength + "]";
        }
    }

    final List<Packet> packets = new ArrayList<>();
    final List<CaptureIssue> issues = new ArrayList<>();

    @Override
    public void packet(long timestampNanos, int linkType, ByteBuffer data, int originalLength) {
        byte[] copy = new byte[data.remaining()];
        data.duplicate().get(copy);
        packets.add(new Packet(timestampNanos, linkType, copy, originalLength));
    }

    @Override
    public void issue(CaptureIssue issue) {
        issues.add(issue);
    }

    List<CaptureIssue.Kind> issueKinds() {
        return issues.stream().map(CaptureIssue::kind).toList();
    }
}
