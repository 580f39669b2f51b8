package io.hopsniff.capture.file;

import io.hopsniff.capture.CaptureIssue;
import io.hopsniff.capture.FileSummary;
import io.hopsniff.capture.PacketSink;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/** Passes records and issues to the sink and tallies what the {@link FileSummary} reports. */
final class Delivery {

    private final PacketSink sink;
    /** Whether the sink was given the file to read packets again from (then each packet comes with its position). */
    private final boolean positioned;
    private final SortedSet<Integer> linkTypes = new TreeSet<>();
    private int lastLinkType = -1;
    private long packets;
    private long bytes;
    private boolean truncated;
    private boolean corrupt;

    Delivery(PacketSink sink, boolean positioned) {
        this.sink = sink;
        this.positioned = positioned;
    }

    /** A packet whose captured bytes start at {@code position} in the input. */
    void packet(long timestampNanos, int linkType, ByteBuffer data, int originalLength, long position) {
        if (linkType != lastLinkType) {
            // Boxes only when the link type changes, not per packet.
            linkTypes.add(linkType);
            lastLinkType = linkType;
        }
        packets++;
        bytes += data.remaining();
        if (positioned) {
            sink.packet(timestampNanos, linkType, data, originalLength, position);
        } else {
            sink.packet(timestampNanos, linkType, data, originalLength);
        }
    }

    /** An issue about the next record, or about the file when none has been delivered yet. */
    void issue(CaptureIssue.Kind kind, String detail) {
        sink.issue(new CaptureIssue(kind, packets, detail));
    }

    void fileIssue(CaptureIssue.Kind kind, String detail) {
        sink.issue(new CaptureIssue(kind, -1, detail));
    }

    /** Reading stops here: the record or block cannot be framed, so nothing after it can be found. */
    void stopped(CaptureIssue.Kind kind, String detail) {
        corrupt = true;
        issue(kind, detail);
    }

    /** The file ended inside a record: {@code needed} bytes were wanted, {@code available} were left. */
    void truncated(String what, long needed, long available) {
        truncated = true;
        issue(CaptureIssue.Kind.TRUNCATED_RECORD, what + " needs " + needed + " bytes, file has " + available);
    }

    long packets() {
        return packets;
    }

    FileSummary summary(Path path, String format, long fileBytes) {
        return new FileSummary(path.toString(), format, Collections.unmodifiableSortedSet(linkTypes), packets, bytes,
                fileBytes, truncated, corrupt);
    }
}
