package io.hopsniff.capture.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopsniff.capture.live.CaptureException.Kind;
import org.junit.jupiter.api.Test;

class CaptureErrorsTest {

    @Test
    void returnCodesDecideFirst() {
        assertThat(CaptureErrors.kindOf("whatever", -5)).isEqualTo(Kind.NO_SUCH_INTERFACE);
        assertThat(CaptureErrors.kindOf("whatever", -8)).isEqualTo(Kind.PERMISSION);
        assertThat(CaptureErrors.kindOf("whatever", -11)).isEqualTo(Kind.PERMISSION);
        assertThat(CaptureErrors.kindOf("whatever", -9)).isEqualTo(Kind.INTERFACE_DOWN);
    }

    @Test
    void libpcapTextsAreRecognised() {
        assertThat(CaptureErrors.kindOf("socket: Operation not permitted", -1)).isEqualTo(Kind.PERMISSION);
        assertThat(CaptureErrors.kindOf("any: You don't have permission to capture on that device", null))
                .isEqualTo(Kind.PERMISSION);
        assertThat(CaptureErrors.kindOf("eth9: No such device exists (No such device)", null))
                .isEqualTo(Kind.NO_SUCH_INTERFACE);
        assertThat(CaptureErrors.kindOf("The interface went down", -1)).isEqualTo(Kind.INTERFACE_DOWN);
        assertThat(CaptureErrors.kindOf("lo: That device is not up", null)).isEqualTo(Kind.INTERFACE_DOWN);
        assertThat(CaptureErrors.kindOf("something else", -1)).isEqualTo(Kind.OTHER);
    }

    @Test
    void pcap4jPrefixesAreRemovedAndMessagesAreOneLine() {
        assertThat(CaptureErrors.clean("Error occurred in pcap_compile: can't parse filter expression: syntax error"))
                .isEqualTo("can't parse filter expression: syntax error");
        assertThat(CaptureErrors.clean("Error occured in pcap_setfilger: x")).isEqualTo("x");
        assertThat(CaptureErrors.clean(null)).isEqualTo("unknown libpcap error");
        CaptureException e = CaptureErrors.fromLibpcap("cannot open eth9", "a\nb", -5, null);
        assertThat(e.getMessage()).isEqualTo("cannot open eth9: no such interface (see hopsniff interfaces)"
                + " (libpcap: a; b)");
    }
}
