package io.hopsniff.cli;

import io.hopsniff.testkit.WorldReadableClasspath;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live capture on loopback, end to end: a real uvicorn serving the dashboard replica, real Java HTTP and
 * WebSocket clients, hopsniff capturing as its own process and stopped by a signal. Loopback only.
 */
class LiveCaptureTest {

    @RegisterExtension
    static final LiveServer SERVER = new LiveServer();


    @TempDir
    Path tmp;

    private String base() {
        return "http://127.0.0.1:" + SERVER.port();
    }

    /** What the clients did, as the clients saw it: "METHOD target status". */
    private List<String> driveClients() throws Exception {
        List<String> done = new ArrayList<>();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/status")).build(),
                    HttpResponse.BodyHandlers.ofString());
            done.add("GET /api/status " + r.statusCode());
        }
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/echo"))
                .header("Content-Type", "application/json").header("Cookie", "sid=s3cr3t-cookie")
                .POST(HttpRequest.BodyPublishers.ofString("{\"n\": 1}")).build(), HttpResponse.BodyHandlers.ofString());
        done.add("POST /api/echo " + post.statusCode());
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + SERVER.port() + "/ws/live1"),
                new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        first.complete(data.toString());
                        w.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket w, int statusCode, String reason) {
                        closed.complete(statusCode); // the client answers the close when this returns
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        assertThat(first.get(10, TimeUnit.SECONDS)).isNotEmpty();
        ws.sendText("hello", true).get(5, TimeUnit.SECONDS);
        // scripts/record.d/app.py echoes one message and then closes with 1000: wait for the server's close.
        assertThat(closed.get(10, TimeUnit.SECONDS)).isEqualTo(WebSocket.NORMAL_CLOSURE);
        done.add("GET /ws/live1 101");
        Thread.sleep(500);
        return done;
    }

    private static List<String> exchanges(JsonNode report) {
        List<String> out = new ArrayList<>();
        for (JsonNode t : report.get("transactions")) {
            out.add(t.at("/request/method").asText() + " " + t.at("/request/target").asText() + " "
                    + t.at("/response/status").asText());
        }
        return out;
    }

    /**
     * A script that stops the capture as soon as the start line appears (before the capture thread runs) still
     * gets a report, and {@code timeout -s INT}'s double SIGINT within a second is one stop, not a quit.
     */
    @Test
    void signalsRightAfterTheStartLineStillGiveAReport() throws Exception {
        for (String[] signals : List.of(new String[] {"TERM"}, new String[] {"INT", "INT"})) {
            Path report = tmp.resolve("early-" + signals.length + ".json");
            LoopbackServices.Hopsniff h = new LoopbackServices.Hopsniff(tmp, "capture", "-i", "lo", "--server",
                    "127.0.0.1:" + SERVER.port(), "-o", report.toString());
            h.awaitStartLine();
            for (String s : signals) {
                h.signal(s);
            }
            assertThat(h.waitFor()).as("%s: %s", String.join("+", signals), h.err()).isZero();
            SchemaCheck.assertValid(CliRun.readJson(report));
        }
    }

    @Test
    void sigintEndsTheCaptureWithACompleteReportAndAReadablePcap() throws Exception {
        Path report = tmp.resolve("live.json");
        Path pcap = tmp.resolve("live.pcap");
        LoopbackServices.Hopsniff h = new LoopbackServices.Hopsniff(tmp, "capture", "-i", "lo", "--server",
                "127.0.0.1:" + SERVER.port(), "-o", report.toString(), "--write-pcap", pcap.toString());
        h.awaitCapturing();
        List<String> clients = driveClients();
        h.signal("INT");
        assertThat(h.waitFor()).as(h.err()).isZero();

        JsonNode json = CliRun.readJson(report);
        SchemaCheck.assertValid(json);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(report))).isEqualTo("rw-------");
        assertThat(exchanges(json)).containsExactlyInAnyOrderElementsOf(clients);
        for (JsonNode t : json.get("transactions")) {
            JsonNode headers = t.at("/request/headers");
            assertThat(header(headers, "Host")).isEqualTo("127.0.0.1:" + SERVER.port());
            assertThat(header(headers, "User-Agent")).startsWith("Java-http-client/");
            if (t.at("/request/target").asText().startsWith("/ws/")) {
                assertThat(header(headers, "Upgrade")).isEqualTo("websocket");
                assertThat(header(headers, "Sec-WebSocket-Version")).isEqualTo("13");
                assertThat(t.get("upgrade").asText()).isEqualTo("websocket");
            }
            if (t.at("/request/method").asText().equals("POST")) {
                assertThat(header(headers, "Cookie")).isEqualTo("<redacted:17 bytes>"); // "sid=s3cr3t-cookie"
            }
        }
        JsonNode live = json.at("/capture/live");
        assertThat(live.get("interface_name").asText()).isEqualTo("lo");
        assertThat(live.get("filter").asText()).isEqualTo("tcp and host 127.0.0.1 and port " + SERVER.port());
        assertThat(live.get("dropped_by_kernel").isIntegralNumber()).isTrue();
        assertThat(live.get("dropped_by_hopsniff").asLong()).isZero();
        assertThat(live.get("packets_received").asLong()).isPositive();
        assertThat(live.get("libpcap_version").asText()).contains("libpcap");

        // The pcap written during the run gives the same exchanges offline, and tshark reads it.
        Path again = tmp.resolve("again.json");
        CliRun offline = CliRun.run("analyze", pcap.toString(), "--server", "127.0.0.1:" + SERVER.port(), "-o",
                again.toString(), "-q");
        assertThat(offline.exitCode()).as(offline.err()).isZero();
        assertThat(exchanges(CliRun.readJson(again))).containsExactlyElementsOf(exchanges(json));
        String tshark = LoopbackServices.run("tshark", "-r", pcap.toString(), "-d", "tcp.port==" + SERVER.port() + ",http",
                "-Y", "http.request", "-T", "fields", "-e", "http.request.method");
        assertThat(tshark.lines().filter(l -> l.matches("GET|POST")).count()).isEqualTo(clients.size());
    }

    /**
     * The --write-pcap file system fills up mid-capture (a 16 KiB tmpfs in a private mount namespace; the host's
     * mounts are untouched): the pcap stops with CAP_PCAP_WRITE_FAILED and one line saying why, while the capture,
     * the analysis and the report go on to the end (exit 0, every exchange reported).
     */
    @Test
    void aFullPcapFileSystemStopsThePcapNotTheAnalysis() throws Exception {
        Path small = Files.createDirectory(tmp.resolve("small"));
        assumeTrue(new ProcessBuilder("unshare", "-m", "--propagation", "private", "sh", "-c",
                "mount -t tmpfs -o size=16k hopsniff-test " + small).start().waitFor() == 0,
                "no private mount namespace here (unshare -m)");
        Path report = tmp.resolve("full.json");
        LoopbackServices.Hopsniff h = new LoopbackServices.Hopsniff(tmp, List.of("unshare", "-m", "--propagation",
                "private", "sh", "-c", "mount -t tmpfs -o size=16k hopsniff-test " + small + " && exec \"$0\" \"$@\""),
                "capture", "-i", "lo", "--server", "127.0.0.1:" + SERVER.port(), "-o", report.toString(), "--write-pcap",
                small.resolve("x.pcap").toString());
        h.awaitCapturing();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String body = "{\"pad\": \"" + "x".repeat(8000) + "\"}";
        List<String> clients = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/echo"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            clients.add("POST /api/echo " + r.statusCode());
        }
        Thread.sleep(1500); // at least one flush interval of packet time
        h.signal("INT");
        assertThat(h.waitFor()).as(h.err()).isZero();
        assertThat(h.err()).contains("cannot write " + small.resolve("x.pcap")).contains("the analysis went on");
        JsonNode json = CliRun.readJson(report);
        SchemaCheck.assertValid(json);
        assertThat(exchanges(json)).containsExactlyInAnyOrderElementsOf(clients);
        List<String> ids = new ArrayList<>();
        json.get("anomalies").forEach(a -> ids.add(a.get("id").asText()));
        assertThat(ids).contains("CAP_PCAP_WRITE_FAILED");
    }

    @Test
    void sigtermAlsoEndsWithACompleteReport() throws Exception {
        Path report = tmp.resolve("term.json");
        LoopbackServices.Hopsniff h = new LoopbackServices.Hopsniff(tmp, "capture", "-i", "lo", "--server",
                "127.0.0.1:" + SERVER.port(), "-o", report.toString(), "-q");
        h.awaitCapturing();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        int status = http.send(HttpRequest.newBuilder(URI.create(base() + "/")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
        Thread.sleep(300);
        h.signal("TERM");
        assertThat(h.waitFor()).as(h.err()).isZero();
        JsonNode json = CliRun.readJson(report);
        SchemaCheck.assertValid(json);
        assertThat(exchanges(json)).containsExactly("GET / " + status);
    }

    @Test
    void durationStopsAQuietCaptureCleanly() throws Exception {
        Path report = tmp.resolve("quiet.json");
        LoopbackServices.Hopsniff h = new LoopbackServices.Hopsniff(tmp, "capture", "-i", "lo", "--server",
                "127.0.0.1:" + LoopbackServices.freePort(), "--duration", "1s", "-o", report.toString(), "-q");
        assertThat(h.waitFor()).as(h.err()).isZero();
        JsonNode json = CliRun.readJson(report);
        SchemaCheck.assertValid(json);
        assertThat(json.at("/summary/transactions").asInt()).isZero();
    }

    @Test
    void countStopsAfterThatManyPackets() throws Exception {
        Path report = tmp.resolve("count.json");
        LoopbackServices.Hopsniff h = new LoopbackServices.Hopsniff(tmp, "capture", "-i", "lo", "--server",
                "127.0.0.1:" + SERVER.port(), "--count", "5", "--duration", "30s", "-o", report.toString(), "-q");
        h.awaitCapturing();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < 3 && h.process.isAlive(); i++) {
            http.send(HttpRequest.newBuilder(URI.create(base() + "/api/status")).build(),
                    HttpResponse.BodyHandlers.discarding());
        }
        assertThat(h.waitFor()).as(h.err()).isZero();
        JsonNode json = CliRun.readJson(report);
        SchemaCheck.assertValid(json);
        // A keep-alive GET/200 is at least 7 segments (handshake, request, response, ACKs): 5 packets end it early.
        assertThat(json.at("/input/packets/total").asLong()).isEqualTo(5);
    }

    @Test
    void theStartupLineNamesInterfaceAndFilterAndWarnsWhenTheServerIsNotLocal() throws Exception {
        // The default server is the dashboard's 192.168.2.22:12656. Whether it is an address of this machine is
        // decided from the machine (on the dashboard host itself it is, and then there is no warning). Nothing is
        // sent anywhere: the capture listens on lo for one second.
        Path report = tmp.resolve("default.json");
        LoopbackServices.Hopsniff h = new LoopbackServices.Hopsniff(tmp, "capture", "-i", "lo", "--duration", "1s",
                "-o", report.toString(), "-q");
        assertThat(h.waitFor()).as(h.err()).isZero();
        assertThat(h.err()).contains("capturing on lo with filter 'tcp and host 192.168.2.22 and port 12656'");
        java.net.InetAddress dashboard = java.net.InetAddress.getByName("192.168.2.22");
        boolean local = java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
                .anyMatch(ni -> java.util.Collections.list(ni.getInetAddresses()).contains(dashboard));
        if (local) {
            assertThat(h.err()).doesNotContain("is not an address of this host");
        } else {
            assertThat(h.err()).contains("warning: 192.168.2.22 is not an address of this host");
        }
        assertThat(CliRun.readJson(report).at("/tool/servers/0").asText()).isEqualTo("192.168.2.22:12656");
    }

    @Test
    void interfacesListsLoopbackWithItsAddress() {
        CliRun run = CliRun.run("interfaces");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines().filter(l -> l.contains("lo") && l.contains("127.0.0.1")).count()).isPositive();
    }

    @Test
    void unknownInterfaceIsExit6WithOneLine() throws Exception {
        CliRun run = CliRun.run("capture", "-i", "no-such-if0", "--server", "127.0.0.1:9", "--duration", "1s", "-q");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.CAPTURE_INTERFACE);
        assertThat(run.err()).doesNotContain("Exception").contains("no-such-if0");
        assertThat(run.err().lines().filter(l -> !l.contains("capturing on")).count()).isEqualTo(1);
    }

    @Test
    void invalidFilterIsExit7WithLibpcapsMessage() {
        CliRun run = CliRun.run("capture", "-i", "lo", "--filter", "tcp and and", "--duration", "1s", "-q");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.CAPTURE_FILTER);
        assertThat(run.err()).contains("syntax error").doesNotContain("Exception");
    }

    @Test
    void aDirectoryTheDroppedUserCannotWriteIsExit4() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("root-only"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        LoopbackServices.Hopsniff h = new LoopbackServices.Hopsniff(tmp, "capture", "-i", "lo", "--server",
                "127.0.0.1:" + SERVER.port(), "--user", "nobody", "--duration", "1s", "-o", dir.resolve("r.json").toString());
        assertThat(h.waitFor()).as(h.err()).isEqualTo(ExitCodes.OUTPUT_ERROR);
        assertThat(h.err()).contains("as nobody").doesNotContain("Exception");
    }

    @Test
    void withoutRootTheCaptureIsRefusedWithExit5() throws Exception {
        // The same classes, copied where nobody can read them, run as nobody (uid 65534) without capabilities.
        String cp = WorldReadableClasspath.copy();
        try {
            Path out = Files.createTempDirectory(Path.of("/tmp"), "hopsniff-nobody",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
            Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxrwxrwx"));
            LoopbackServices.Hopsniff h = new LoopbackServices.Hopsniff(cp, out,
                    List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all"),
                    "capture", "-i", "lo", "--duration", "1s", "-q");
            assertThat(h.waitFor()).as(h.err()).isEqualTo(ExitCodes.CAPTURE_PERMISSION);
            assertThat(h.err()).doesNotContain("Exception");
            assertThat(h.err().lines().filter(l -> l.startsWith("hopsniff: ") && !l.contains("capturing on")
                    && !l.contains("warning")).count()).isEqualTo(1);
        } finally {
            WorldReadableClasspath.delete(cp);
        }
    }

    private static String header(JsonNode headers, String name) {
        for (JsonNode pair : headers) {
            if (pair.get(0).asText().equalsIgnoreCase(name)) {
                return pair.get(1).asText();
            }
        }
        return null;
    }
}
