package io.hopsniff.capture.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopsniff.capture.PacketSink;
import io.hopsniff.capture.StoredPackets;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A packet read from a capture file comes with its position in that file, and the file the sink is given reads the
 * same bytes back there: pcap and pcapng, both byte orders, with a buffer small enough that records straddle its
 * refills. A compressed file or a stream has no positions.
 */
class PacketPositionsTest {

    @TempDir
    Path tmp;

    /** Copies each packet with its position, and reads every one back at the end. */
    private static final class ReadBack implements PacketSink {
        final List<byte[]> copies = new ArrayList<>();
        final List<Long> positions = new ArrayList<>();
        final List<StoredPackets> stored = new ArrayList<>();
        int withoutPosition;

        @Override
        public void packet(long timestampNanos, int linkType, ByteBuffer data, int originalLength) {
            withoutPosition++;
        }

        @Override
        public void packet(long timestampNanos, int linkType, ByteBuffer data, int originalLength, long position) {
            byte[] copy = new byte[data.remaining()];
            data.duplicate().get(copy);
            copies.add(copy);
            positions.add(position);
        }

        @Override
        public void storedIn(StoredPackets file) {
            stored.add(file);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.hopsniff.capture.file.CorpusTest#readable")
    void everyPacketReadsBackAtItsPosition(String name, int packets, Set<Integer> linkTypes) throws Exception {
        for (int buffer : new int[] {CaptureFiles.DEFAULT_BUFFER, 4096}) {
            ReadBack sink = new ReadBack();
            CaptureFiles.read(Corpus.file(name), sink, buffer);
            assertThat(sink.stored).hasSize(1).doesNotContainNull();
            assertThat(sink.withoutPosition).isZero();
            assertThat(sink.copies).hasSize(packets);
            StoredPackets file = sink.stored.get(0);
            for (int i = 0; i < packets; i++) {
                ByteBuffer back = ByteBuffer.allocate(sink.copies.get(i).length);
                assertThat(file.read(sink.positions.get(i), back)).isTrue();
                assertThat(back.array()).as("packet %d, buffer %d", i + 1, buffer).isEqualTo(sink.copies.get(i));
            }
            file.close();
            assertThat(file.read(PcapReader.FILE_HEADER, ByteBuffer.allocate(1))).isFalse();
        }
    }

    @Test
    void aFileThatIsNotACaptureIsNotKeptOpen() throws Exception {
        Path text = tmp.resolve("notes.txt");
        Files.writeString(text, "GET / HTTP/1.1\r\n\r\n");
        ReadBack sink = new ReadBack();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CaptureFiles.read(text, sink))
                .isInstanceOf(io.hopsniff.capture.CaptureFormatException.class);
        assertThat(sink.stored).isEmpty();
    }

    @Test
    void aCompressedFileHasNoPositions() throws Exception {
        Path gz = tmp.resolve("three.pcap.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(Corpus.file("ppp-three_http_streams.pcap"), out);
        }
        ReadBack sink = new ReadBack();
        CaptureFiles.read(gz, sink);
        assertThat(sink.stored).containsExactly((StoredPackets) null);
        assertThat(sink.copies).isEmpty();
        assertThat(sink.withoutPosition).isPositive();
    }
}
