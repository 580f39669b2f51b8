package io.hopsniff.decoder.h2;

import static io.hopsniff.decoder.h2.H2Script.C;
import static io.hopsniff.decoder.h2.H2Script.S;
import static org.assertj.core.api.Assertions.assertThat;

import io.hopsniff.decoder.anomaly.AnomalyType;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Random and mutated frames never throw or hang; declared sizes are never allocated up front. */
class H2FuzzTest {

    @Test
    @Timeout(60)
    void mutatedTranscriptsNeverThrow() {
        Random r = new Random(9113);
        H2Script base = Http2DecoderTest.simpleGet()
                .frame(S, H2Names.PUSH_PROMISE, H2Names.FLAG_END_HEADERS, 1,
                        H2Script.concat(H2Script.u32(2), H2Script.block(":path", "/p")))
                .frame(C, H2Names.WINDOW_UPDATE, 0, 0, H2Script.u32(5))
                .frame(S, H2Names.GOAWAY, 0, 0, H2Script.concat(H2Script.u32(1), H2Script.u32(2)));
        for (int i = 0; i < 3000; i++) {
            H2Script s = new H2Script();
            for (H2Script.Chunk c : base.chunks) {
                byte[] b = c.bytes().clone();
                for (int k = r.nextInt(3); k > 0 && b.length > 0; k--) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
                if (r.nextInt(10) == 0) {
                    b = java.util.Arrays.copyOf(b, r.nextInt(b.length + 1));
                }
                s.raw(c.d(), b);
            }
            H2Script.Result res = s.run(H2Config.DEFAULTS.withBodyPrefixBytes(r.nextInt(8)), null,
                    List.of(r.nextInt(400), r.nextInt(400)));
            assertThat(res.decoder.summary()).isNotNull();
        }
    }

    @Test
    @Timeout(60)
    void randomBytesAfterThePrefaceNeverThrow() {
        Random r = new Random(7540);
        for (int i = 0; i < 2000; i++) {
            byte[] c = new byte[r.nextInt(300)];
            byte[] s = new byte[r.nextInt(300)];
            r.nextBytes(c);
            r.nextBytes(s);
            if (s.length > 9 && r.nextBoolean()) {
                System.arraycopy(H2Script.frameBytes(H2Names.SETTINGS, 0, 0, 0, new byte[0]), 0, s, 0, 9);
            }
            H2Script.Result res = new H2Script().raw(C, FrameReader.PREFACE).raw(C, c).raw(S, s)
                    .run(H2Config.DEFAULTS, null);
            assertThat(res.decoder.summary().bytesC2s()).isEqualTo(24 + c.length);
        }
    }

    @Test
    void hugeDeclaredSizesAreNotAllocated() {
        byte[] manyMb = new byte[3 << 20];
        H2Script s = H2Script.prior()
                .frame(S, H2Names.SETTINGS, 0, 0, H2Script.setting(H2Names.SETTINGS_HEADER_TABLE_SIZE, 0xFFFFFFFFL))
                // a size update to ~268 MB, then a 3 MB header block, then a frame declaring 16 MB that never comes
                .frame(C, H2Names.HEADERS, 0, 1, new byte[] {0x3f, (byte) 0xe1, (byte) 0xff, (byte) 0xff, 0x7f})
                .frame(C, H2Names.CONTINUATION, H2Names.FLAG_END_HEADERS, 1, manyMb)
                .raw(C, H2Script.frameBytes(H2Names.HEADERS, H2Names.FLAG_END_HEADERS, 3, 0xFFFFFF, new byte[10]));
        H2Script.Result r = s.run(H2Config.DEFAULTS, null);
        assertThat(r.types()).contains(AnomalyType.H2_HEADER_LIST_TOO_LARGE, AnomalyType.H2_FRAME_SIZE_EXCEEDED);
        assertThat(r.first(AnomalyType.H2_HEADER_LIST_TOO_LARGE).detail()).contains("hpack=lost");
        assertThat(r.exchanges).hasSize(1); // stream 1 emitted at end; stream 3's block never completed
    }
}
