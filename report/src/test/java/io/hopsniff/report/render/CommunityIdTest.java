package io.hopsniff.report.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The published TCP vectors: the spec's README / pycommunityid baseline (128.232.110.120:34855 → 66.35.250.204:80,
 * and the IPv6 SMTP flow) and Zeek's community-id test (1.2.3.4:1122 → 5.6.7.8:3344), both directions each.
 */
class CommunityIdTest {

    @ParameterizedTest
    @CsvSource({
        "128.232.110.120, 34855, 66.35.250.204, 80, 1:LQU9qZlK+B5F3KDmev6m5PMibrg=",
        "1.2.3.4, 1122, 5.6.7.8, 3344, 1:wCb3OG7yAFWelaUydu0D+125CLM=",
        "2001:470:e5bf:dead:4957:2174:e82c:4887, 63943, 2607:f8b0:400c:c03::1a, 25, 1:/qFaeAR+gFe1KYjMzVDsMv+wgU4="})
    void publishedVectorsBothDirections(String src, int sport, String dst, int dport, String expected) {
        assertThat(CommunityId.tcp(src, sport, dst, dport)).isEqualTo(expected);
        assertThat(CommunityId.tcp(dst, dport, src, sport)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"128.232.110.120:34855, 66.35.250.204:80, 1:LQU9qZlK+B5F3KDmev6m5PMibrg=",
        "[2001:470:e5bf:dead:4957:2174:e82c:4887]:63943, [2607:f8b0:400c:c03::1a]:25, 1:/qFaeAR+gFe1KYjMzVDsMv+wgU4="})
    void fromReportEndpoints(String client, String server, String expected) {
        assertThat(CommunityId.tcp(client, server)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"example.com:80, 1.2.3.4:80", "1.2.3.4, 1.2.3.4:80", "1.2.3.4:80, [::1]:80"})
    void nullForWhatIsNotTwoLiteralsOfOneFamily(String client, String server) {
        assertThat(CommunityId.tcp(client, server)).isNull();
    }

    @Test
    void dottedQuadsParseAsTheJdkParsesThemAndTheRestIsLeftToIt() throws Exception {
        for (String a : new String[] {"0.0.0.0", "255.255.255.255", "10.0.0.2", "192.168.2.22", "1.20.255.9"}) {
            assertThat(CommunityId.dottedQuad(a)).isEqualTo(InetAddress.getByName(a).getAddress());
        }
        for (String a : new String[] {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1..2.3", ".1.2.3", "1.2.3.4.", "01.2.3.4",
            "1.2.3.1000", "1.2.3.a", "::1", "1.2.3.4 "}) {
            assertThat(CommunityId.dottedQuad(a)).as(a).isNull();
        }
    }
}
