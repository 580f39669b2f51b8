package io.hopsniff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hopsniff.testkit.RepoPaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue #13's link layers and IP fragments. The HTTP traffic of samples/curl-keepalive-chunked.pcap, re-wrapped by
 * scripts/record.d/encapsulate.py in PPPoE, LLC/SNAP, PPP, NFLOG and radiotap + 802.11, and fragmented as IPv4 and
 * IPv6: tshark 4.0.17 decodes the same eight requests with eight responses from every one of them, as from the
 * original. The tcpdump 4.99.3 test captures in corpus/public show the link layers on other software's frames,
 * with tshark's frame counts as the oracle.
 */
class EncapsulationTest {

    /** tshark on samples/curl-keepalive-chunked.pcap (and on each re-wrapped copy): the requests, in order. */
    private static final List<String> REQUESTS = List.of("GET /", "GET /api/status", "GET /api/status?verbose=1",
            "POST /api/echo", "GET /stream", "HEAD /api/status", "GET /api/status", "GET /");

    @TempDir
    Path tmp;

    private JsonNode analyze(Path capture) throws Exception {
        Path out = tmp.resolve("r.json");
        CliRun run = CliRun.run("analyze", capture.toString(), "-o", out.toString(), "-q");
        assertThat(run.exitCode()).as(run.err()).isZero();
        return CliRun.readJson(out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"encap-pppoe", "encap-llc-snap", "encap-ppp", "encap-nflog", "encap-radiotap",
        "encap-ipv4-fragments", "encap-ipv6-fragments"})
    void theSameExchangesThroughEveryEncapsulation(String name) throws Exception {
        JsonNode report = analyze(RepoPaths.samples().resolve(name + ".pcap"));
        List<String> requests = new ArrayList<>();
        for (JsonNode t : report.get("transactions")) {
            requests.add(t.at("/request/method").asText() + " " + t.at("/request/target").asText());
            assertThat(t.at("/response/status").isMissingNode()).as(t.toString()).isFalse();
        }
        assertThat(requests).containsExactlyElementsOf(REQUESTS);
        JsonNode packets = report.at("/input/packets");
        assertThat(packets.get("link_type_unsupported").asInt()).isZero();
        assertThat(packets.get("non_ip").asInt()).isZero();
        assertThat(packets.get("malformed").asInt()).isZero();
        // tshark: 63 frames are IPv4 fragments (-Y "ip.flags.mf==1 or ip.frag_offset>0"), 42 carry an IPv6 fragment
        // header (-Y "ipv6.nxt==44"); none elsewhere
        int fragments = name.equals("encap-ipv4-fragments") ? 63 : name.equals("encap-ipv6-fragments") ? 42 : 0;
        assertThat(packets.get("ip_fragments").asInt()).isEqualTo(fragments);
    }

    /** tshark's counts of frames carrying IP (-Y "ip or ipv6") and TCP (-Y tcp), on the tcpdump test captures. */
    @ParameterizedTest
    @CsvSource({
        "tcpdump-nflog.pcap, nflog, 0, 0, 4",
        "tcpdump-ppp-bgp_vpn_attrset.pcap, ppp, 1, 0, 0",
        "tcpdump-chdlc-HDLC.pcap, cisco-hdlc, 0, 28, 10",
        "tcpdump-pppoes.pcap, ethernet, 0, 2, 0",
        "tcpdump-radiotap-ieee802.11_rx-stbc.pcap, ieee802.11-radiotap, 0, 3, 0"})
    void otherSoftwaresFramesReachTheRightLayer(String file, String linkType, int tcp, int nonIp, int nonTcp)
            throws Exception {
        JsonNode report = analyze(RepoPaths.corpus().resolve(file));
        assertThat(report.at("/input/files/0/link_types/0").asText()).isEqualTo(linkType);
        JsonNode packets = report.at("/input/packets");
        assertThat(List.of(packets.get("tcp").asInt(), packets.get("non_ip").asInt(), packets.get("non_tcp").asInt(),
                packets.get("link_type_unsupported").asInt(), packets.get("malformed").asInt()))
                .containsExactly(tcp, nonIp, nonTcp, 0, 0);
    }

    /**
     * tcpdump's afs.pcap: 200 IPv4 fragments of UDP datagrams among 401 whole packets. tshark reassembles 51
     * datagrams (-Y "ip.reassembled_in" frames; 452 frames show UDP, 401 whole + 51 reassembled), every one
     * complete: none is left incomplete at the end. The fragments are counted as fragments, the 401 whole
     * packets as not TCP.
     */
    @Test
    void realIpv4FragmentsReassemble() throws Exception {
        JsonNode report = analyze(RepoPaths.corpus().resolve("tcpdump-ipv4-fragments-afs.pcap"));
        JsonNode packets = report.at("/input/packets");
        assertThat(packets.get("ip_fragments").asInt()).isEqualTo(200);
        assertThat(packets.get("non_tcp").asInt()).isEqualTo(401);
        assertThat(packets.get("total").asInt()).isEqualTo(601);
        List<String> ids = new ArrayList<>();
        report.get("anomalies").forEach(a -> ids.add(a.get("id").asText()));
        assertThat(ids).contains("IP_FRAGMENT").doesNotContain("IP_FRAGMENT_INCOMPLETE", "IP_FRAGMENT_OVERLAP",
                "IP_FRAGMENT_LIMIT");
    }
}
