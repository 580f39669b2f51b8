package io.hopsniff.decoder.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EndpointTest {

    @Test
    void equalWhenAddressAndPortAre() {
        Endpoint a = new Endpoint("192.168.2.22", 12656);
        assertThat(a).isEqualTo(new Endpoint(new String("192.168.2.22"), 12656))
                .hasSameHashCodeAs(new Endpoint("192.168.2.22", 12656));
        assertThat(a).isNotEqualTo(new Endpoint("192.168.2.22", 12657))
                .isNotEqualTo(new Endpoint("192.168.2.23", 12656))
                .isNotEqualTo("192.168.2.22:12656");
    }

    @Test
    void textBracketsIpv6AsRfc3986Authorities() {
        // RFC 3986 3.2.2: an IPv6 literal in an authority is enclosed in brackets
        assertThat(new Endpoint("10.0.0.2", 33199)).hasToString("10.0.0.2:33199");
        assertThat(new Endpoint("::1", 80)).hasToString("[::1]:80");
        Endpoint e = new Endpoint("2001:db8::1", 443);
        assertThat(e.toString()).isEqualTo("[2001:db8::1]:443").isSameAs(e.toString());
    }
}
