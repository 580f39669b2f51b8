package io.hopsniff.decoder.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The retransmission check for bytes that came from a capture file: only where each delivered run lies in the file
 * is kept, and a retransmission is compared with the bytes read back from there. What a ring of copies promised
 * holds the same way: equal bytes are no conflict, a change is found at its offset, and what is not kept (the
 * oldest runs, a file no longer readable, bytes before a switch to a stream) is never compared.
 */
class RecentPositionsTest {

    private final MemoryPackets file = new MemoryPackets();
    private final StoredFiles files = new StoredFiles();

    RecentPositionsTest() {
        files.next(file);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Writes {@code bytes} to the file as one packet and keeps them as delivered at stream {@code offset}. */
    private static boolean deliver(RecentBytes r, MemoryPackets file, StoredFiles files, byte[] bytes, long offset) {
        long position = files.pack(file.append(bytes));
        return r.keep(ByteBuffer.wrap(bytes), null, 0, bytes.length, offset, position);
    }

    @Test
    void aRetransmissionIsComparedWithTheBytesReadBack() {
        RecentBytes r = new RecentBytes(new RingPool(), files);
        assertThat(deliver(r, file, files, ascii("GET / HTTP/1.1\r\n"), 0)).isTrue();
        assertThat(r.size()).isEqualTo(RingPool.RUNS_BYTES); // no copy of the bytes
        assertThat(file.reads).isZero();
        assertThat(r.firstDifference(ByteBuffer.wrap(ascii("GET / HTTP/1.1\r\n")), 0, 0, 16, 16)).isEqualTo(-1);
        assertThat(r.firstDifference(ByteBuffer.wrap(ascii("GET /x")), 0, 0, 6, 16)).isEqualTo(5);
        assertThat(file.reads).isPositive();
        // only the part below next is compared: bytes beyond are new data
        assertThat(r.firstDifference(ByteBuffer.wrap(ascii("\r\nMORE")), 0, 14, 6, 16)).isEqualTo(-1);
    }

    @Test
    void aRetransmissionAcrossRunsIsComparedWithEachOfThem() {
        RecentBytes r = new RecentBytes(new RingPool(), files);
        deliver(r, file, files, ascii("abcde"), 0);
        deliver(r, file, files, ascii("fghij"), 5);
        deliver(r, file, files, ascii("klmno"), 10);
        assertThat(r.firstDifference(ByteBuffer.wrap(ascii("cdefghijklm")), 0, 2, 11, 15)).isEqualTo(-1);
        assertThat(r.firstDifference(ByteBuffer.wrap(ascii("cdefgXijklm")), 0, 2, 11, 15)).isEqualTo(7);
        assertThat(r.firstDifference(ByteBuffer.wrap(ascii("cdefghijkXm")), 0, 2, 11, 15)).isEqualTo(11);
    }

    /** Full-sized segments: the latest 16 are more than the ring's 16 KiB, so the oldest goes for a new one. */
    @Test
    void onlyTheLatestFullSizedRunsAreKept() {
        RecentBytes r = new RecentBytes(new RingPool(), files);
        byte[] segment = new byte[1448];
        java.util.Arrays.fill(segment, (byte) 'x');
        for (int i = 0; i <= RecentBytes.RUNS; i++) {
            deliver(r, file, files, segment, 1448L * i);
        }
        long next = 1448L * (RecentBytes.RUNS + 1);
        assertThat(r.size()).isEqualTo(RingPool.RUNS_BYTES);
        byte[] changed = segment.clone();
        changed[7] = 'y';
        // the first run was let go for the last: a change there is not compared, one in the second run is
        assertThat(r.firstDifference(ByteBuffer.wrap(changed), 0, 0, 1448, next)).isEqualTo(-1);
        assertThat(r.firstDifference(ByteBuffer.wrap(changed), 0, 1448, 1448, next)).isEqualTo(1448 + 7);
    }

    /**
     * The evasion that cuts a request into 1-byte segments and changes one of them in a retransmission later: small
     * runs make room for more (as the ring kept 16 KiB of them), up to {@value RecentBytes#MAX_RUNS}.
     */
    @Test
    void smallSegmentsKeepUpToTheMostRuns() {
        RecentBytes r = new RecentBytes(new RingPool(), files);
        int segments = RecentBytes.MAX_RUNS + 100;
        for (int i = 0; i < segments; i++) {
            deliver(r, file, files, new byte[] {(byte) ('a' + i % 26)}, i);
            if (i == 100) {
                // 101 one-byte segments so far: all of them kept, the first one too
                assertThat(r.firstDifference(ByteBuffer.wrap(ascii("X")), 0, 0, 1, i + 1)).isZero();
            }
        }
        assertThat(r.size()).isEqualTo(RingPool.runsBytes(RecentBytes.MAX_RUNS)); // as much heap as the ring's most
        long oldestKept = segments - RecentBytes.MAX_RUNS;
        assertThat(r.firstDifference(ByteBuffer.wrap(ascii("X")), 0, oldestKept - 1, 1, segments)).isEqualTo(-1);
        assertThat(r.firstDifference(ByteBuffer.wrap(ascii("X")), 0, oldestKept, 1, segments)).isEqualTo(oldestKept);
    }

    @Test
    void growthThePoolsLimitRefusesIsSaid() {
        RecentBytes r = new RecentBytes(new RingPool(RingPool.RUNS_BYTES), files);
        for (int i = 0; i < RecentBytes.RUNS; i++) {
            assertThat(deliver(r, file, files, ascii("s"), i)).isTrue();
        }
        // no room for 64 runs: the oldest goes instead, and the caller counts a TCP_COMPARE_LIMIT
        assertThat(deliver(r, file, files, ascii("s"), RecentBytes.RUNS)).isFalse();
        assertThat(r.size()).isEqualTo(RingPool.RUNS_BYTES);
        assertThat(r.firstDifference(ByteBuffer.wrap(ascii("X")), 0, 0, 1, RecentBytes.RUNS + 1)).isEqualTo(-1);
        assertThat(r.firstDifference(ByteBuffer.wrap(ascii("X")), 0, 1, 1, RecentBytes.RUNS + 1)).isEqualTo(1);
    }

    @Test
    void partsOfOnePacketDeliveredApartAreOneRun() {
        RecentBytes r = new RecentBytes(new RingPool(), files);
        byte[] packet = new byte[10 * (RecentBytes.RUNS + 4)];
        for (int i = 0; i < packet.length; i++) {
            packet[i] = (byte) ('a' + i % 26);
        }
        long position = files.pack(file.append(packet));
        // delivered in parts (around bytes held ahead of a hole, say): more parts than runs, one packet
        for (int at = 0; at < packet.length; at += 10) {
            assertThat(r.keep(ByteBuffer.wrap(packet), null, at, 10, at, position + at)).isTrue();
        }
        assertThat(r.size()).isEqualTo(RingPool.RUNS_BYTES); // one run: the first array did not grow
        byte[] changed = packet.clone();
        changed[3] ^= 1;
        assertThat(r.firstDifference(ByteBuffer.wrap(changed), 0, 0, packet.length, packet.length)).isEqualTo(3);
    }

    @Test
    void acknowledgedRunsAreLetGoAndTheArrayGoesBackOnRelease() {
        RingPool pool = new RingPool(RingPool.RUNS_BYTES);
        RecentBytes r = new RecentBytes(pool, files);
        RecentBytes other = new RecentBytes(pool, files);
        deliver(r, file, files, ascii("hello"), 0);
        deliver(r, file, files, ascii("world"), 5);
        // the pool holds one array of runs: the other direction is refused and keeps nothing
        assertThat(deliver(other, file, files, ascii("hello"), 0)).isFalse();
        assertThat(other.firstDifference(ByteBuffer.wrap(ascii("jello")), 0, 0, 5, 5)).isEqualTo(-1);
        r.acknowledged(5);
        assertThat(r.firstDifference(ByteBuffer.wrap(ascii("jelloWorld")), 0, 0, 10, 10)).isEqualTo(5);
        r.release(10);
        assertThat(r.size()).isZero();
        assertThat(deliver(other, file, files, ascii("again"), 5)).isTrue();
        assertThat(other.firstDifference(ByteBuffer.wrap(ascii("agaiN")), 0, 5, 5, 10)).isEqualTo(9);
    }

    @Test
    void aFileNoLongerReadableIsNeverCompared() {
        RecentBytes r = new RecentBytes(new RingPool(), files);
        deliver(r, file, files, ascii("hello"), 0);
        files.close();
        assertThat(r.firstDifference(ByteBuffer.wrap(ascii("jello")), 0, 0, 5, 5)).isEqualTo(-1);
    }

    @Test
    void bytesBeforeASwitchBetweenFileAndStreamAreUnknown() {
        RecentBytes r = new RecentBytes(new RingPool(), files);
        deliver(r, file, files, ascii("hello"), 0);
        r.keep(null, ascii("world"), 0, 5, 5); // the next file is compressed: copied from here
        assertThat(r.size()).isEqualTo(RecentBytes.MIN);
        assertThat(r.firstDifference(ByteBuffer.wrap(ascii("jelloworld")), 0, 0, 10, 10)).isEqualTo(-1);
        assertThat(r.firstDifference(ByteBuffer.wrap(ascii("worlD")), 0, 5, 5, 10)).isEqualTo(9);
        deliver(r, file, files, ascii("again"), 10); // and a plain file again
        assertThat(r.size()).isEqualTo(RingPool.RUNS_BYTES);
        assertThat(r.firstDifference(ByteBuffer.wrap(ascii("worlDagaiN")), 0, 5, 10, 15)).isEqualTo(14);
    }

    @Test
    void theTrackerLetsItsFilesGoWhenTheCaptureEndsOrFails() {
        for (boolean finished : new boolean[] {true, false}) {
            Harness h = TcpReassemblyTest.handshake(new Harness().stored());
            ByteBuffer first = ByteBuffer.allocate(1);
            assertThat(h.file().read(16, first)).isTrue();
            if (finished) {
                h.finish();
            } else {
                h.tracker.closeFiles(); // what Analyzer.close does when the analysis stops early
            }
            assertThat(h.file().read(16, first.clear())).as("finished: %s", finished).isFalse();
        }
    }

    @Test
    void theOldestFilesAreClosedBeyondTheLimit() {
        StoredFiles many = new StoredFiles();
        MemoryPackets first = new MemoryPackets();
        many.next(first);
        long at = many.pack(first.append(ascii("hello")));
        ByteBuffer dst = ByteBuffer.allocate(5);
        assertThat(many.read(at, dst)).isTrue();
        for (int i = 0; i < StoredFiles.MAX_OPEN; i++) {
            many.next(new MemoryPackets());
        }
        assertThat(many.read(at, dst.clear())).isFalse();
        // a stream has no positions
        many.next(null);
        assertThat(many.pack(0)).isEqualTo(-1);
    }
}
