package io.hopsniff.report.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopsniff.decoder.http.BodyFraming;
import io.hopsniff.decoder.http.HttpExchange;
import io.hopsniff.decoder.http.HttpHeader;
import io.hopsniff.decoder.http.HttpRequest;
import io.hopsniff.decoder.session.ExchangeContext;
import io.hopsniff.decoder.session.Protocol;
import io.hopsniff.decoder.tcp.Endpoint;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The exchanges kept to pair the legs are bounded in number and in header characters: past either bound an exchange
 * is counted as not correlated, and nothing after the first one left out is paired (so no false pair is made with
 * an exchange whose partner was dropped).
 */
class CorrelatorBoundsTest {

    private static final Endpoint CLIENT = new Endpoint("127.0.0.1", 40000);
    private static final Endpoint SERVER = new Endpoint("192.168.2.22", 12656);

    @Test
    void headerCharactersAreBoundedLikeTheCount() {
        Correlator c = new Correlator(1000, 10_000);
        String pad = "a".repeat(3_000 - "X-Pad".length()); // 3 000 characters a field, one field an exchange
        for (int i = 1; i <= 5; i++) {
            c.exchange(exchange(i, List.of(new HttpHeader("X-Pad", pad))), context(), null);
        }
        // 3 fit in 10 000 characters (9 000); the 4th would make 12 000
        assertThat(c.exchanges()).extracting(LegExchange::id).containsExactly(1L, 2L, 3L);
        CorrelationFacts facts = c.facts(LegMap.declared(Legs.parse(List.of())));
        assertThat(facts.notCorrelated()).isEqualTo(2);
        assertThat(facts.frontCutoff()).isEqualTo(4 * 1_000_000L);
    }

    @Test
    void theCountIsStillABound() {
        Correlator c = new Correlator(2, 1L << 30);
        for (int i = 1; i <= 4; i++) {
            c.exchange(exchange(i, List.of(new HttpHeader("Host", "dash"))), context(), null);
        }
        assertThat(c.exchanges()).extracting(LegExchange::id).containsExactly(1L, 2L);
        assertThat(c.facts(LegMap.declared(Legs.parse(List.of()))).notCorrelated()).isEqualTo(2);
    }

    @Test
    void underHeapPressureHalfAsManyAreKeptFromThen() {
        Correlator c = new Correlator(4000, 1L << 30);
        for (int i = 1; i <= 1500; i++) {
            c.exchange(exchange(i, List.of(new HttpHeader("Host", "dash"))), context(), null);
        }
        c.tighten(); // 4 000 -> 2 000
        for (int i = 1501; i <= 2500; i++) {
            c.exchange(exchange(i, List.of(new HttpHeader("Host", "dash"))), context(), null);
        }
        c.tighten(); // 2 000 -> 1 000, below the 2 000 kept: none more
        c.exchange(exchange(2501, List.of(new HttpHeader("Host", "dash"))), context(), null);
        assertThat(c.exchanges()).hasSize(2000);
        assertThat(c.exchanges().get(1999).id()).isEqualTo(2000L);
        assertThat(c.facts(LegMap.declared(Legs.parse(List.of()))).notCorrelated()).isEqualTo(501);
    }

    private static HttpExchange exchange(long id, List<HttpHeader> headers) {
        long t = id * 1_000_000L;
        HttpRequest q = new HttpRequest("GET", "/x/" + id, "HTTP/1.1", headers, List.of(), t, t, t, 100, 0, null,
                BodyFraming.NONE, true);
        return new HttpExchange(id, id, 0, q, List.of(), null, null);
    }

    private static ExchangeContext context() {
        return new ExchangeContext(CLIENT, SERVER, Protocol.HTTP1, 0, null);
    }
}
