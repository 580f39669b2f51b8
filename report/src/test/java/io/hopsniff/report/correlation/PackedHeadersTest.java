package io.hopsniff.report.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hopsniff.decoder.http.HttpHeader;
import java.util.List;
import org.junit.jupiter.api.Test;

class PackedHeadersTest {

    @Test
    void fieldsComeBackAsSentInWireOrderWithDuplicatesAndEmptyValues() {
        List<HttpHeader> sent = List.of(new HttpHeader("Host", "dash.example"), new HttpHeader("X-Forwarded-For", ""),
                new HttpHeader("cookie", "a=1"), new HttpHeader("Cookie", "b=2"), new HttpHeader("X-\u00e9", "caf\u00e9"),
                new HttpHeader("", "value of an empty name"));
        List<HttpHeader> packed = PackedHeaders.of(sent);
        assertThat(packed).hasSize(6).containsExactlyElementsOf(sent).isEqualTo(sent);
        assertThat(packed.hashCode()).isEqualTo(sent.hashCode());
        assertThat(PackedHeaders.of(packed)).isSameAs(packed);
        assertThatThrownBy(() -> packed.get(6)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> packed.add(new HttpHeader("A", "b"))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void fieldsAreFoundByNameIgnoringCaseWithoutUnpacking() {
        List<HttpHeader> sent = List.of(new HttpHeader("Server", "Caddy"), new HttpHeader("Via", "1.1 Caddy"),
                new HttpHeader("server", "uvicorn"), new HttpHeader("Vias", "not this one"), new HttpHeader("VIA", "2"),
                new HttpHeader("Set-Cookie", ""));
        List<HttpHeader> packed = PackedHeaders.of(sent);

        assertThat(PackedHeaders.first(packed, "via")).isEqualTo("1.1 Caddy");
        assertThat(PackedHeaders.all(packed, "SERVER")).containsExactly("Caddy", "uvicorn");
        assertThat(PackedHeaders.all(packed, "Via")).containsExactly("1.1 Caddy", "2");
        assertThat(PackedHeaders.first(packed, "set-cookie")).isEmpty();
        assertThat(PackedHeaders.first(packed, "Vi")).isNull();
        assertThat(PackedHeaders.all(packed, "Host")).isEmpty();
        // a list that is not packed gives the same answers
        assertThat(PackedHeaders.first(sent, "via")).isEqualTo("1.1 Caddy");
        assertThat(PackedHeaders.all(sent, "SERVER")).containsExactly("Caddy", "uvicorn");
        assertThat(PackedHeaders.first(PackedHeaders.of(List.of()), "Via")).isNull();
    }

    @Test
    void noFieldsIsAnEmptyList() {
        assertThat(PackedHeaders.of(List.of())).isEmpty();
        assertThatThrownBy(() -> PackedHeaders.of(List.of()).get(0)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
