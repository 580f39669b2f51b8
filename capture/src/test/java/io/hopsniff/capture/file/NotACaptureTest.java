package io.hopsniff.capture.file;

import io.hopsniff.capture.CaptureFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Inputs that are not capture files fail at once with one line that says what they look like. */
class NotACaptureTest {

    @TempDir
    Path dir;

    private void assertRejected(byte[] content, String message) throws Exception {
        Path file = dir.resolve("input");
        Files.write(file, content);
        assertThatThrownBy(() -> CaptureFiles.read(file, new RecordingSink()))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessage(message)
                .hasMessageNotContaining("\n");
    }

    @Test
    void emptyFile() throws Exception {
        assertRejected(new byte[0], "empty file");
    }

    @Test
    void tooShortForAMagic() throws Exception {
        assertRejected(new byte[] {(byte) 0xd4, (byte) 0xc3}, "too short for a capture file (2 bytes)");
    }

    @Test
    void textFile() throws Exception {
        assertRejected("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                "not a pcap or pcapng file (starts with 0x47455420 \"GET \")");
    }

    @Test
    void randomBytes() throws Exception {
        assertRejected(new byte[] {(byte) 0x9c, 0x01, (byte) 0xfe, 0x33, 0x12, 0x00, 0x7f},
                "not a pcap or pcapng file (starts with 0x9c01fe33)");
    }

    @Test
    void gzipCutShortBeforeItsFirstPacket() throws Exception {
        // gzip is read (issue #14), but a header with nothing after it holds no capture
        assertRejected(new byte[] {0x1f, (byte) 0x8b, 0x08, 0x00, 0, 0, 0, 0}, "gzip-compressed file cut short before its first packet");
    }

    @Test
    void gzipInsideGzip() throws Exception {
        java.io.ByteArrayOutputStream inner = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(inner)) {
            z.write(new byte[] {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2, (byte) 0xa1});
        }
        java.io.ByteArrayOutputStream outer = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(outer)) {
            z.write(inner.toByteArray());
        }
        assertRejected(outer.toByteArray(), "gzip-compressed twice (a .gz inside a .gz): decompress the outer one first");
    }

    @Test
    void truncatedPcapngHeader() throws Exception {
        assertRejected(new byte[] {0x0a, 0x0d, 0x0d, 0x0a, 0x1c, 0, 0, 0},
                "pcapng section header truncated: 8 of 28 bytes");
    }
}
