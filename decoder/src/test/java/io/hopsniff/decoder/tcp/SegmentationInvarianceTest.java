package io.hopsniff.decoder.tcp;

import static io.hopsniff.decoder.tcp.Direction.CLIENT_TO_SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same byte stream cut into every segment size 1..N, in order, shuffled, and with duplicates and overlapping
 * re-cuts mixed in, must deliver the identical bytes, without gaps, in order of stream offset.
 */
class SegmentationInvarianceTest {
    private static final String STREAM =
            "GET /index.html HTTP/1.1\r\nHost: backend\r\nX-Long: " + "0123456789".repeat(4) + "\r\n\r\n";

    /** {@code stored}: fed as from a capture file, so the retransmission check reads delivered bytes back. */
    @ParameterizedTest(name = "stored in a file: {0}")
    @ValueSource(booleans = {false, true})
    void everySegmentSizeInOrderAndShuffledGivesTheSameStream(boolean stored) {
        byte[] bytes = STREAM.getBytes(StandardCharsets.ISO_8859_1);
        Random random = new Random(42);
        for (int size = 1; size <= bytes.length; size++) {
            List<Seg> segments = cut(bytes, size, 0);
            check(segments, bytes, "in order, size " + size, stored);
            for (int round = 0; round < 3; round++) {
                List<Seg> shuffled = new ArrayList<>(segments);
                // duplicates and a second, shifted cut overlap the first (same bytes)
                shuffled.addAll(cut(bytes, Math.max(1, size + round), random.nextInt(size)));
                shuffled.add(segments.get(random.nextInt(segments.size())));
                Collections.shuffle(shuffled, random);
                check(shuffled, bytes, "shuffled, size " + size + ", round " + round, stored);
            }
        }
    }

    private static List<Seg> cut(byte[] bytes, int size, int firstCut) {
        List<Seg> out = new ArrayList<>();
        int from = 0;
        int to = firstCut > 0 ? firstCut : Math.min(size, bytes.length);
        while (from < bytes.length) {
            byte[] piece = java.util.Arrays.copyOfRange(bytes, from, to);
            out.add(TcpReassemblyTest.c2s(from, "").payload(piece));
            from = to;
            to = Math.min(bytes.length, from + size);
        }
        return out;
    }

    private static void check(List<Seg> segments, byte[] expected, String what, boolean stored) {
        Harness h = TcpReassemblyTest.handshake(TcpReassemblyTest.harness(stored));
        for (Seg s : segments) {
            h.raw(s);
        }
        h.finish();
        Recorder r = h.conn(1);
        assertThat(r.bytes.get(CLIENT_TO_SERVER).toByteArray()).as(what).isEqualTo(expected);
        assertThat(r.events).as(what).noneMatch(e -> e.startsWith("gap"));
        assertThat(r.events).as(what).last().isEqualTo("end STILL_OPEN");
        long expectedOffset = 0;
        for (String e : r.events) {
            if (e.startsWith("data c2s ")) {
                String[] parts = e.split(" ", 4);
                assertThat(Long.parseLong(parts[2])).as(what).isEqualTo(expectedOffset);
                expectedOffset += parts.length > 3 ? parts[3].length() : 0;
            }
        }
        assertThat(r.connection.stats(CLIENT_TO_SERVER).overlapConflicts()).as(what).isZero();
    }
}
