package io.hopsniff.capture.file;

import io.hopsniff.capture.CaptureFormatException;
import io.hopsniff.capture.FileSummary;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.util.List;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads hand-built files, and checks that every buffer size from 1 byte up gives the same result. */
final class Reading {

    record Result(FileSummary summary, RecordingSink sink) {
    }

    private Reading() {
    }

    static Result read(Path dir, byte[] content) throws IOException, CaptureFormatException {
        Path file = Files.createTempFile(dir, "capture", ".bin");
        Files.write(file, content);
        Result expected = read(file, CaptureFiles.DEFAULT_BUFFER);
        // Small buffers put every refill and growth boundary somewhere inside a header or a packet.
        for (int size = 1; size <= Math.min(content.length + 1, 96); size++) {
            Result actual = read(file, size);
            assertThat(actual.sink().packets).as("packets with a %d-byte buffer", size)
                    .containsExactlyElementsOf(expected.sink().packets);
            assertThat(actual.sink().issues).as("issues with a %d-byte buffer", size)
                    .containsExactlyElementsOf(expected.sink().issues);
            assertThat(actual.summary()).as("summary with a %d-byte buffer", size).isEqualTo(expected.summary());
            // The same bytes as a stream (a FIFO, a pipe): no size, no seeking.
            Result streamed = readStream(file, content, size);
            assertThat(streamed.sink().packets).as("streamed packets with a %d-byte buffer", size)
                    .containsExactlyElementsOf(expected.sink().packets);
            assertThat(streamed.sink().issues).as("streamed issues with a %d-byte buffer", size)
                    .containsExactlyElementsOf(expected.sink().issues);
            FileSummary e = expected.summary();
            FileSummary s = streamed.summary();
            assertThat(List.of(s.format(), s.linkTypes(), s.packets(), s.bytes(), s.truncated(), s.corrupt()))
                    .as("streamed summary with a %d-byte buffer", size)
                    .isEqualTo(List.of(e.format(), e.linkTypes(), e.packets(), e.bytes(), e.truncated(), e.corrupt()));
            if (!e.corrupt()) {
                assertThat(s.fileBytes()).as("a stream read to its end").isEqualTo(content.length);
            }
        }
        return expected;
    }

    static Result readStream(Path file, byte[] content, int bufferSize) throws IOException, CaptureFormatException {
        RecordingSink sink = new RecordingSink();
        FileSummary summary = CaptureFiles.read(file, Channels.newChannel(new ByteArrayInputStream(content)), -1, sink,
                bufferSize);
        return new Result(summary, sink);
    }

    static Result read(Path file, int bufferSize) throws IOException, CaptureFormatException {
        RecordingSink sink = new RecordingSink();
        FileSummary summary = CaptureFiles.read(file, sink, bufferSize);
        return new Result(summary, sink);
    }
}
