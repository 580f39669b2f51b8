package io.hopsniff.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sink's file holds every byte written and transferred, in the order given, whichever way they came. */
class FileSinkTest {

    @TempDir
    Path dir;

    /** 3 MiB of random bytes: more than the sink's buffer and the fallback's block, not a multiple of either. */
    private byte[] source() {
        byte[] bytes = new byte[3 * (1 << 20) + 12_345];
        new Random(7).nextBytes(bytes);
        return bytes;
    }

    private FileChannel sourceChannel(byte[] bytes) throws Exception {
        Path p = dir.resolve("source");
        Files.write(p, bytes);
        return FileChannel.open(p, StandardOpenOption.READ);
    }

    private static byte[] expected(byte[] head, byte[] source, int from, int count, byte[] tail) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head);
        out.write(source, from, count);
        out.writeBytes(tail);
        return out.toByteArray();
    }

    @Test
    void bufferedWritesAndATransferKeepTheirOrder() throws Exception {
        byte[] bytes = source();
        byte[] head = "{\n  \"transactions\": [".getBytes(StandardCharsets.UTF_8);
        byte[] tail = "\n  ]\n}\n".getBytes(StandardCharsets.UTF_8);
        Path target = dir.resolve("target");
        try (FileChannel in = sourceChannel(bytes); FileSink sink = FileSink.open(target)) {
            sink.write(head);
            assertThat(FileSink.copy(in, 1000, bytes.length - 2000, sink)).isEqualTo(bytes.length - 2000);
            assertThat(in.position()).isZero();
            sink.write(tail);
        }
        assertThat(Files.readAllBytes(target)).isEqualTo(expected(head, bytes, 1000, bytes.length - 2000, tail));
    }

    @Test
    void aCopyIntoAnotherStreamGoesThroughABufferWithTheSameBytes() throws Exception {
        byte[] bytes = source();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (FileChannel in = sourceChannel(bytes)) {
            assertThat(FileSink.copy(in, 5, bytes.length - 5, out)).isEqualTo(bytes.length - 5);
        }
        assertThat(out.toByteArray()).isEqualTo(expected(new byte[0], bytes, 5, bytes.length - 5, new byte[0]));
    }

    @Test
    void aCopyStopsWhereTheSourceEnds() throws Exception {
        byte[] bytes = "0123456789".getBytes(StandardCharsets.US_ASCII);
        Path target = dir.resolve("target");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (FileChannel in = sourceChannel(bytes); FileSink sink = FileSink.open(target)) {
            assertThat(FileSink.copy(in, 4, 100, sink)).isEqualTo(6);
            assertThat(FileSink.copy(in, 4, 100, out)).isEqualTo(6);
            assertThat(FileSink.copy(in, 10, 5, sink)).isZero();
        }
        assertThat(Files.readString(target)).isEqualTo("456789");
        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("456789");
    }

    @Test
    void openingTruncatesAndLargeWritesBypassTheBuffer() throws Exception {
        Path target = dir.resolve("target");
        Files.writeString(target, "an older, longer report that must not show through");
        byte[] large = source();
        try (FileSink sink = FileSink.open(target)) {
            sink.write('[');
            sink.write(large, 1, large.length - 1);
            sink.write(']');
        }
        ByteArrayOutputStream want = new ByteArrayOutputStream();
        want.write('[');
        want.write(large, 1, large.length - 1);
        want.write(']');
        assertThat(Files.readAllBytes(target)).isEqualTo(want.toByteArray());
    }

    /** A renderer may close the stream it is given; the file must still be open to be forced before its rename. */
    @Test
    void aSinkOverACallersChannelLeavesItOpenWhenClosed() throws Exception {
        Path target = dir.resolve("target");
        try (FileChannel channel = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileSink sink = FileSink.over(channel);
            sink.write("{}".getBytes(StandardCharsets.US_ASCII));
            sink.close();
            sink.close();
            assertThat(channel.isOpen()).isTrue();
            channel.force(true);
            assertThat(channel.size()).isEqualTo(2);
        }
        assertThat(Files.readString(target)).isEqualTo("{}");
    }

    @Test
    void aSourceStillBeingWrittenGivesTheBytesAskedFor() throws Exception {
        Path p = dir.resolve("spool");
        Path target = dir.resolve("target");
        try (FileChannel spool = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE); FileSink sink = FileSink.open(target)) {
            spool.write(ByteBuffer.wrap("first,".getBytes(StandardCharsets.US_ASCII)));
            long soFar = spool.size();
            FileSink.copy(spool, 0, soFar, sink);
            spool.write(ByteBuffer.wrap("second".getBytes(StandardCharsets.US_ASCII)));
            assertThat(spool.position()).isEqualTo(12);
        }
        assertThat(Files.readString(target)).isEqualTo("first,");
        assertThat(Files.readString(p)).isEqualTo("first,second");
    }
}
