package io.hopsniff.capture.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class InterfacesTest {

    @Test
    void describeLooksLikeTcpdumpD() {
        List<String> lines = Interfaces.describe(List.of(
                new InterfaceInfo("eth0", "", List.of("10.0.0.5/255.255.255.0"), true, true, false),
                new InterfaceInfo("any", "Pseudo-device that captures on all interfaces", List.of(), true, true,
                        false),
                new InterfaceInfo("lo", null, List.of("127.0.0.1/255.0.0.0"), true, true, true),
                new InterfaceInfo("dummy0", "", List.of(), false, false, false)));
        assertThat(lines).containsExactly(
                "1.eth0 [Up, Running] 10.0.0.5/255.255.255.0",
                "2.any (Pseudo-device that captures on all interfaces) [Up, Running]",
                "3.lo [Up, Running, Loopback] 127.0.0.1/255.0.0.0",
                "4.dummy0");
    }

    @Test
    void listsLoopbackAndAny() throws Exception {
        Live.assumeCaptureWorks();
        List<InterfaceInfo> all = Interfaces.list();
        assertThat(all).extracting(InterfaceInfo::name).contains("lo", "any");
        InterfaceInfo lo = all.stream().filter(i -> i.name().equals("lo")).findFirst().orElseThrow();
        assertThat(lo.loopback()).isTrue();
        assertThat(lo.up()).isTrue();
        assertThat(lo.addresses()).anyMatch(a -> a.startsWith("127.0.0.1"));
    }
}
