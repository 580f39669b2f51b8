package io.hopsniff.decoder.h2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hopsniff.decoder.http.HttpHeader;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** RFC 7541 Appendix C vectors, with the dynamic table's entries and size after each block, and bad input. */
class HpackDecoderTest {

    private static HttpHeader h(String n, String v) {
        return new HttpHeader(n, v);
    }

    private static List<HttpHeader> decode(HpackDecoder d, String hex) throws HpackException {
        byte[] b = HexFormat.of().parseHex(hex);
        return d.decode(b, 0, b.length, 1 << 20).fields;
    }

    private static List<HttpHeader> table(HpackDecoder d) {
        List<HttpHeader> t = new ArrayList<>();
        for (int i = 0; i < d.table().length(); i++) {
            t.add(d.table().get(i));
        }
        return t;
    }

    @Test
    void c2_literalRepresentations() throws Exception {
        HpackDecoder d = new HpackDecoder(4096);
        assertThat(decode(d, "400a637573746f6d2d6b65790d637573746f6d2d686561646572"))
                .containsExactly(h("custom-key", "custom-header"));
        assertThat(table(d)).containsExactly(h("custom-key", "custom-header"));
        assertThat(d.table().size()).isEqualTo(55);

        d = new HpackDecoder(4096);
        assertThat(decode(d, "040c2f73616d706c652f70617468")).containsExactly(h(":path", "/sample/path"));
        assertThat(d.table().length()).isZero();

        d = new HpackDecoder(4096);
        assertThat(decode(d, "100870617373776f726406736563726574")).containsExactly(h("password", "secret"));
        assertThat(d.table().length()).isZero();

        d = new HpackDecoder(4096);
        assertThat(decode(d, "82")).containsExactly(h(":method", "GET"));
        assertThat(d.table().length()).isZero();
    }

    static final List<HttpHeader> REQ1 = List.of(h(":method", "GET"), h(":scheme", "http"), h(":path", "/"),
            h(":authority", "www.example.com"));
    static final List<HttpHeader> REQ2 = List.of(h(":method", "GET"), h(":scheme", "http"), h(":path", "/"),
            h(":authority", "www.example.com"), h("cache-control", "no-cache"));
    static final List<HttpHeader> REQ3 = List.of(h(":method", "GET"), h(":scheme", "https"), h(":path", "/index.html"),
            h(":authority", "www.example.com"), h("custom-key", "custom-value"));

    private static void requests(String[] blocks) throws Exception {
        HpackDecoder d = new HpackDecoder(4096);
        assertThat(decode(d, blocks[0])).isEqualTo(REQ1);
        assertThat(table(d)).containsExactly(h(":authority", "www.example.com"));
        assertThat(d.table().size()).isEqualTo(57);
        assertThat(decode(d, blocks[1])).isEqualTo(REQ2);
        assertThat(table(d)).containsExactly(h("cache-control", "no-cache"), h(":authority", "www.example.com"));
        assertThat(d.table().size()).isEqualTo(110);
        assertThat(decode(d, blocks[2])).isEqualTo(REQ3);
        assertThat(table(d)).containsExactly(h("custom-key", "custom-value"), h("cache-control", "no-cache"),
                h(":authority", "www.example.com"));
        assertThat(d.table().size()).isEqualTo(164);
    }

    @Test
    void c3_requestsWithoutHuffman() throws Exception {
        requests(new String[] {"828684410f7777772e6578616d706c652e636f6d", "828684be58086e6f2d6361636865",
            "828785bf400a637573746f6d2d6b65790c637573746f6d2d76616c7565"});
    }

    @Test
    void c4_requestsWithHuffman() throws Exception {
        requests(new String[] {"828684418cf1e3c2e5f23a6ba0ab90f4ff", "828684be5886a8eb10649cbf",
            "828785bf408825a849e95ba97d7f8925a849e95bb8e8b4bf"});
    }

    private static void responses(String[] blocks) throws Exception {
        HpackDecoder d = new HpackDecoder(4096);
        d.table().setMaxSize(256); // Appendix C.5/C.6 run with SETTINGS_HEADER_TABLE_SIZE 256
        d.setSettingMax(256);
        HttpHeader date1 = h("date", "Mon, 21 Oct 2013 20:13:21 GMT");
        HttpHeader loc = h("location", "https://www.example.com");
        HttpHeader priv = h("cache-control", "private");
        assertThat(decode(d, blocks[0])).containsExactly(h(":status", "302"), priv, date1, loc);
        assertThat(table(d)).containsExactly(loc, date1, priv, h(":status", "302"));
        assertThat(d.table().size()).isEqualTo(222);
        assertThat(decode(d, blocks[1])).containsExactly(h(":status", "307"), priv, date1, loc);
        assertThat(table(d)).containsExactly(h(":status", "307"), loc, date1, priv);
        assertThat(d.table().size()).isEqualTo(222);
        HttpHeader date2 = h("date", "Mon, 21 Oct 2013 20:13:22 GMT");
        HttpHeader cookie = h("set-cookie", "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1");
        assertThat(decode(d, blocks[2])).containsExactly(h(":status", "200"), priv, date2, loc,
                h("content-encoding", "gzip"), cookie);
        assertThat(table(d)).containsExactly(cookie, h("content-encoding", "gzip"), date2);
        assertThat(d.table().size()).isEqualTo(215);
    }

    @Test
    void c5_responsesWithoutHuffmanAndEviction() throws Exception {
        responses(new String[] {
            "4803333032580770726976617465611d4d6f6e2c203231204f637420323031332032303a31333a323120474d546e1768747470733a2f2f7777772e6578616d706c652e636f6d",
            "4803333037c1c0bf",
            "88c1611d4d6f6e2c203231204f637420323031332032303a31333a323220474d54c05a04677a69707738666f6f3d4153444a4b48514b425a584f5157454f50495541585157454f49553b206d61782d6167653d333630303b2076657273696f6e3d31"});
    }

    @Test
    void c6_responsesWithHuffmanAndEviction() throws Exception {
        responses(new String[] {
            "488264025885aec3771a4b6196d07abe941054d444a8200595040b8166e082a62d1bff6e919d29ad171863c78f0b97c8e9ae82ae43d3",
            "4883640effc1c0bf",
            "88c16196d07abe941054d444a8200595040b8166e084a62d1bffc05a839bd9ab77ad94e7821dd7f2e6c7b335dfdfcd5b3960d5af27087f3672c1ab270fb5291f9587316065c003ed4ee5b1063d5007"});
    }

    @Test
    void c1_integers() throws Exception {
        // C.1.1: 10 with a 5-bit prefix; C.1.2: 1337 with a 5-bit prefix; C.1.3: 42 at an octet boundary
        assertThat(HpackDecoder.readInt(new byte[] {0x0a}, new int[] {0}, 1, 5)).isEqualTo(10);
        assertThat(HpackDecoder.readInt(new byte[] {0x1f, (byte) 0x9a, 0x0a}, new int[] {0}, 3, 5)).isEqualTo(1337);
        assertThat(HpackDecoder.readInt(new byte[] {0x2a}, new int[] {0}, 1, 8)).isEqualTo(42);
    }

    @Test
    void sizeUpdateEvictsAndIsCappedAtTheBound() throws Exception {
        HpackDecoder d = new HpackDecoder(100);
        decode(d, "400a637573746f6d2d6b65790d637573746f6d2d686561646572");
        assertThat(d.table().size()).isEqualTo(55);
        byte[] b = HexFormat.of().parseHex("20"); // size update to 0 evicts everything
        d.decode(b, 0, 1, 1000);
        assertThat(d.table().length()).isZero();
        byte[] huge = HexFormat.of().parseHex("3fe1ffff0f"); // an update to ~33 MB: capped, not allocated
        HpackDecoder.Block r = d.decode(huge, 0, huge.length, 1000);
        assertThat(r.sizeUpdateCapped).isPositive();
        assertThat(r.sizeUpdateAboveSetting).isPositive();
        assertThat(d.table().maxSize()).isEqualTo(100);
    }

    @Test
    void listLimitDropsFieldsButKeepsTheTableInStep() throws Exception {
        HpackDecoder d = new HpackDecoder(4096);
        byte[] b = HexFormat.of().parseHex("828684410f7777772e6578616d706c652e636f6d");
        HpackDecoder.Block r = d.decode(b, 0, b.length, 100);
        assertThat(r.listTruncated).isTrue();
        assertThat(r.fields).hasSize(2);
        assertThat(d.table().length()).isEqualTo(1);
    }

    @Test
    void badInputIsAnHpackExceptionNeverAnotherThrowable() {
        HpackDecoder d = new HpackDecoder(4096);
        assertThatThrownBy(() -> decode(d, "80")).isInstanceOf(HpackException.class);          // index 0
        assertThatThrownBy(() -> decode(d, "be")).isInstanceOf(HpackException.class);          // empty dynamic table
        assertThatThrownBy(() -> decode(d, "ff80808080808080808001")).isInstanceOf(HpackException.class);
        assertThatThrownBy(() -> decode(d, "4005")).isInstanceOf(HpackException.class);        // literal beyond block
        assertThatThrownBy(() -> decode(d, "0081fe")).isInstanceOf(HpackException.class);      // bad huffman padding
        assertThatThrownBy(() -> decode(d, "0084ffffffff")).isInstanceOf(HpackException.class); // EOS symbol
        Random r = new Random(7541);
        for (int i = 0; i < 20000; i++) {
            byte[] b = new byte[r.nextInt(40)];
            r.nextBytes(b);
            try {
                d.decode(b, 0, b.length, 4096);
            } catch (HpackException expected) {
                // fine
            }
        }
        assertThat(d.table().size()).isLessThanOrEqualTo(4096);
    }
}
