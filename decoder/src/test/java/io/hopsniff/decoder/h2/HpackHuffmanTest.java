package io.hopsniff.decoder.h2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class HpackHuffmanTest {

    @Test
    void derivedCodesAreAppendixB() {
        // a sample of the codes printed in RFC 7541 Appendix B
        assertThat(HpackHuffman.CODES[0]).isEqualTo(0x1ff8);
        assertThat(HpackHuffman.CODES[' ']).isEqualTo(0x14);
        assertThat(HpackHuffman.CODES['0']).isEqualTo(0x0);
        assertThat(HpackHuffman.CODES['a']).isEqualTo(0x3);
        assertThat(HpackHuffman.CODES['w']).isEqualTo(0x78);
        assertThat(HpackHuffman.CODES['{']).isEqualTo(0x7ffe);
        assertThat(HpackHuffman.CODES[255]).isEqualTo(0x3ffffee);
        assertThat(HpackHuffman.CODES[HpackHuffman.EOS]).isEqualTo(0x3fffffff);
        // the code is complete: the Kraft sum is exactly 1
        double kraft = 0;
        for (byte len : HpackHuffman.LENGTHS) {
            kraft += Math.pow(2, -len);
        }
        assertThat(kraft).isEqualTo(1.0);
    }

    @Test
    void appendixCStrings() throws Exception {
        String[][] cases = {
            {"f1e3c2e5f23a6ba0ab90f4ff", "www.example.com"}, {"a8eb10649cbf", "no-cache"},
            {"25a849e95ba97d7f", "custom-key"}, {"25a849e95bb8e8b4bf", "custom-value"}, {"6402", "302"},
            {"aec3771a4b", "private"}, {"9bd9ab", "gzip"}, {"640eff", "307"},
            {"d07abe941054d444a8200595040b8166e082a62d1bff", "Mon, 21 Oct 2013 20:13:21 GMT"},
            {"9d29ad171863c78f0b97c8e9ae82ae43d3", "https://www.example.com"},
        };
        for (String[] c : cases) {
            byte[] b = HexFormat.of().parseHex(c[0]);
            assertThat(HpackHuffman.decode(b, 0, b.length)).isEqualTo(c[1]);
        }
    }

    @Test
    void everySymbolDecodesAlonePaddedWithOnes() throws Exception {
        for (int sym = 0; sym < 256; sym++) {
            int len = HpackHuffman.LENGTHS[sym];
            int pad = (8 - len % 8) % 8;
            long v = ((long) HpackHuffman.CODES[sym] << pad) | ((1L << pad) - 1);
            int bytes = (len + pad) / 8;
            byte[] b = new byte[bytes];
            for (int i = 0; i < bytes; i++) {
                b[i] = (byte) (v >>> (8 * (bytes - 1 - i)));
            }
            assertThat(HpackHuffman.decode(b, 0, b.length)).isEqualTo(String.valueOf((char) sym));
        }
    }
}
