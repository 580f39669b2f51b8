package io.hopsniff.decoder.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Network byte order (RFC 1700: most significant byte first) whatever the buffer's own order, kind or position. */
class BytesTest {

    private static final byte[] WIRE = {0x00, 0x12, 0x34, 0x56, 0x78, (byte) 0xff, (byte) 0xfe, (byte) 0x80, 0x01};

    @Test
    void readsTheSameFieldsFromEveryKindOfBufferInEitherOrder() {
        for (ByteBuffer b : buffers()) {
            String kind = (b.isDirect() ? "direct " : "heap ") + (b.isReadOnly() ? "read-only " : "") + b.order();
            assertThat(Bytes.u8(b, 5)).as(kind).isEqualTo(0xff);
            assertThat(Bytes.u16(b, 1)).as(kind).isEqualTo(0x1234);
            assertThat(Bytes.u16(b, 5)).as(kind + ", unsigned").isEqualTo(0xfffe);
            assertThat(Bytes.u16le(b, 1)).as(kind).isEqualTo(0x3412);
            assertThat(Bytes.u16le(b, 6)).as(kind + ", unsigned").isEqualTo(0x80fe);
            assertThat(Bytes.i32(b, 1)).as(kind + ", unaligned").isEqualTo(0x12345678);
            assertThat(Bytes.i32(b, 5)).as(kind + ", negative").isEqualTo(0xfffe8001);
            assertThat(Bytes.i32le(b, 1)).as(kind).isEqualTo(0x78563412);
            assertThat(Bytes.i32le(b, 5)).as(kind).isEqualTo(0x0180feff);
            assertThat(b.position()).as(kind + ": the position is left alone").isZero();
        }
    }

    @Test
    void aFieldPastTheLimitIsAnIndexError() {
        for (ByteBuffer b : buffers()) {
            b.limit(4);
            assertThatThrownBy(() -> Bytes.u16(b, 3)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> Bytes.i32(b, 1)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> Bytes.i32le(b, 2)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> Bytes.u16le(b, -1)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThat(Bytes.i32(b, 0)).isEqualTo(0x00123456);
        }
    }

    private static List<ByteBuffer> buffers() {
        ByteBuffer heap = ByteBuffer.wrap(WIRE.clone());
        ByteBuffer direct = ByteBuffer.allocateDirect(WIRE.length).put(WIRE).flip();
        return List.of(heap.duplicate(), heap.duplicate().order(ByteOrder.LITTLE_ENDIAN), direct.duplicate(),
                direct.duplicate().order(ByteOrder.LITTLE_ENDIAN), direct.asReadOnlyBuffer(),
                direct.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN));
    }
}
