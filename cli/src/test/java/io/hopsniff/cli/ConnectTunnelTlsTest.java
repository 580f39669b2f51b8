package io.hopsniff.cli;

import io.hopsniff.testkit.RepoPaths;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CONNECT answered 200 whose tunnel carries TLS (arkime-https-connect.pcap): the tunnel's ClientHello and
 * ServerHello are recorded on the connection. Oracle: tshark -d tcp.port==8080,http on the same file shows a
 * ClientHello with cipher_suites_length 172 (86 suites), legacy version 0x0303, no SNI and no ALPN, and a
 * ServerHello choosing 0x0303 (TLS 1.2).
 */
class ConnectTunnelTlsTest {

    @TempDir
    Path tmp;

    @Test
    void theTunnelsTlsHellosAreRecorded() throws Exception {
        Path capture = RepoPaths.corpus().resolve("arkime-https-connect.pcap");
        assumeTrue(Files.exists(capture), "shared corpus not found");
        Path report = tmp.resolve("r.json");
        CliRun run = CliRun.run("analyze", capture.toString(), "-o", report.toString(), "-q");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = CliRun.readJson(report);
        SchemaCheck.assertValid(json);
        JsonNode c = json.get("connections").get(0);
        assertThat(c.get("protocol").asText()).isEqualTo("tunnel:tls");
        assertThat(c.get("upgraded_to").asText()).isEqualTo("connect");
        JsonNode tls = c.get("tls");
        assertThat(tls.get("cipher_suites_offered").asInt()).isEqualTo(86);
        assertThat(tls.get("legacy_version").asText()).isEqualTo("TLSv1.2");
        assertThat(tls.get("version_chosen").asText()).isEqualTo("TLSv1.2");
        assertThat(tls.has("sni")).isFalse();
        assertThat(tls.get("alpn_offered")).isEmpty();
        assertThat(json.at("/summary/connect_tunnels").asInt()).isEqualTo(1);
    }
}
