package io.hopsniff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopsniff.testkit.LoopbackPcap;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials planted everywhere a proxy-backend capture can carry them (headers of many names, query strings in
 * several encodings, userinfo, Referer and Location, Sec-WebSocket-Protocol, HTTP/2 pseudo-headers and fields, a
 * CONNECT tunnel, trailers, JSON, form and multipart bodies, WebSocket messages and a STOMP frame, a close
 * reason, a malformed request line) must not reach any format or the terminal, neither whole nor cut by
 * {@code --body-bytes}/{@code --ws-payload-bytes} at any length, nor base64-encoded. With {@code --no-redact}
 * every one of them is there, which shows the test looks where they would be.
 */
class PlantedCredentialsTest {

    /** Each secret is distinctive: any 8 characters of one found in an output is a leak. */
    private static final int WINDOW = 8;
    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private final List<String> secrets = new ArrayList<>();

    @TempDir
    Path tmp;

    private final List<String> tags = new ArrayList<>();

    /** A random-looking credential (no word in it, so no window of it occurs by chance), named for messages. */
    private String secret(String tag) {
        java.util.Random r = new java.util.Random(7919L * (secrets.size() + 1));
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        StringBuilder b = new StringBuilder("Zq");
        for (int i = 0; i < 14; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        secrets.add(b.toString());
        tags.add(tag);
        return b.toString();
    }

    @Test
    void noPlantedCredentialLeavesWithRedactionOn() throws Exception {
        Path pcap = capture();
        List<String> outputs = new ArrayList<>();
        for (String cut : List.of("0", "5", "11", "23", "41", "97", "4096")) {
            Path dir = Files.createDirectories(tmp.resolve("cut" + cut));
            List<String> args = new ArrayList<>(List.of("analyze", pcap.toString(), "--body-bytes", cut,
                    "--ws-payload-bytes", cut));
            for (String ext : List.of("json", "ndjson", "md", "har", "txt")) {
                args.addAll(List.of("-o", dir.resolve("r." + ext).toString()));
            }
            CliRun run = CliRun.run(args.toArray(String[]::new));
            assertThat(run.exitCode()).as(run.err()).isZero();
            outputs.add(run.out());
            outputs.add(run.err());
            for (String ext : List.of("json", "ndjson", "md", "har", "txt")) {
                outputs.add(Files.readString(dir.resolve("r." + ext)));
            }
            outputs.add(CliRun.run("report", dir.resolve("r.json").toString(), "--format", "text").out());
        }
        // whatever is cut and redacted, each HAR stays valid HAR 1.2 (issue #14)
        List<Path> hars = new ArrayList<>();
        for (String cut : List.of("0", "5", "11", "23", "41", "97", "4096")) {
            hars.add(tmp.resolve("cut" + cut).resolve("r.har"));
        }
        HarValidator.validate(tmp, hars);
        String all = String.join("\n", outputs);
        assertThat(all).contains("<redacted:");
        for (int i = 0; i < secrets.size(); i++) {
            for (String leak : fragments(secrets.get(i))) {
                assertThat(all).as("a piece of " + tags.get(i) + " " + secrets.get(i) + " (" + leak + ")")
                        .doesNotContain(leak);
            }
        }
    }

    @Test
    void noRedactShowsEveryPlantedCredential() throws Exception {
        Path pcap = capture();
        Path json = tmp.resolve("open.json");
        CliRun run = CliRun.run("analyze", pcap.toString(), "--no-redact", "--body-bytes", "4096",
                "--ws-payload-bytes", "4096", "-o", json.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        String report = Files.readString(json).replace("\\r\\n", "\n").replace("\\n", "\n").replace("\\\"", "\"");
        for (int i = 0; i < secrets.size(); i++) {
            assertThat(report).as("--no-redact shows " + tags.get(i)).contains(secrets.get(i));
        }
    }

    /** Every 8-character window of the secret, and of its base64 at each of the three alignments. */
    private static List<String> fragments(String s) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i + WINDOW <= s.length(); i++) {
            out.add(s.substring(i, i + WINDOW));
        }
        for (int pad = 0; pad < 3; pad++) {
            String b64 = Base64.getEncoder().encodeToString(("..".substring(0, pad) + s).getBytes(StandardCharsets.UTF_8));
            String middle = b64.substring(4, b64.length() - 4); // the part that depends on the secret alone
            for (int i = 0; i + WINDOW <= middle.length(); i++) {
                out.add(middle.substring(i, i + WINDOW));
            }
        }
        return out;
    }

    private Path capture() throws Exception {
        secrets.clear();
        tags.clear();
        Path file = tmp.resolve("planted.pcap");
        try (LoopbackPcap pcap = new LoopbackPcap(file)) {
            http1(pcap.connection(40001).open());
            websocket(pcap.connection(40002).open());
            tunnel(pcap.connection(40003).open());
            http2(pcap.connection(40004).open());
            LoopbackPcap.Conn bad = pcap.connection(40005).open();
            bad.client("GET /x?token=" + secret("BadLine") + " HTTP/1.1 junk\r\nHost: h\r\n\r\n");
            bad.fin(true).fin(false);
        }
        return file;
    }

    private void http1(LoopbackPcap.Conn c) {
        StringBuilder head = new StringBuilder("GET /api?page=2&code=" + secret("Code") + "&pass=" + secret("Pass")
                + "&jwt=" + secret("JwtQ") + "&%74oken=" + secret("PctName") + "&user%5Bpassword%5D=" + secret("Bracket")
                + ";sessionid=" + secret("Matrix") + " HTTP/1.1\r\nHost: dash.example\r\n");
        // field name, what comes before the credential, what follows it
        String[][] fields = {{"Authorization", "Bearer ", ""}, {"Cookie", "sid=", "; theme=dark"},
            {"X-Access-Token", "", ""}, {"Private-Token", "", ""}, {"X-Vault-Token", "", ""}, {"Api-Key", "", ""},
            {"X-Authorization", "", ""}, {"X-Forwarded-Authorization", "Basic ", ""}, {"X-Session-Token", "", ""},
            {"X-Refresh-Token", "", ""}, {"X-Custom", "eyJhbGciOiJIUzI1NiJ9.", ".sig"},
            {"X-Request-Signature", "", ""}, {"X-Opaque", "", "Q1w2E3r4"}};
        for (String[] f : fields) {
            head.append(f[0]).append(": ").append(f[1]).append(secret(f[0])).append(f[2]).append("\r\n");
        }
        head.append("Referer: https://ann:").append(secret("RefUser")).append("@dash.example/p?access_token=")
                .append(secret("RefTok")).append("\r\n\r\n");
        c.client(head.toString());
        String json = "{\"ok\":true,\"access_token\":\"" + secret("BodyAccess") + "\",\"refresh_token\":\""
                + secret("BodyRefresh") + "\",\"pin\":" + "48213377" + "}";
        secrets.add("48213377");
        tags.add("JsonPin");
        c.server("HTTP/1.1 302 Found\r\nSet-Cookie: sid=" + secret("SetCookie") + "; HttpOnly\r\n"
                + "Location: https://u:" + secret("LocUser") + "@dash.example/cb?code=" + secret("LocCode") + "\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + json.length() + "\r\n\r\n" + json);
        String form = "user=ann&user[password]=" + secret("FormBracket") + "&user%5Bpassword%5D=" + secret("FormPct")
                + "&api_key=" + secret("FormKey");
        c.client("POST /login HTTP/1.1\r\nHost: dash.example\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: " + form.length() + "\r\n\r\n" + form);
        c.server("HTTP/1.1 204 No Content\r\n\r\n");
        String part = "--b0undary\r\nContent-Disposition: form-data; name=\"user\"\r\n\r\nann\r\n"
                + "--b0undary\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\n" + secret("Multipart")
                + "\r\n--b0undary--\r\n";
        c.client("POST /upload HTTP/1.1\r\nHost: dash.example\r\nContent-Type: multipart/form-data; boundary=b0undary\r\n"
                + "Content-Length: " + part.length() + "\r\n\r\n" + part);
        c.server("HTTP/1.1 204 No Content\r\n\r\n");
        c.client("POST /chunks HTTP/1.1\r\nHost: dash.example\r\nTransfer-Encoding: chunked\r\nTrailer: X-Auth-Token\r\n\r\n"
                + "5\r\nhello\r\n0\r\nX-Auth-Token: " + secret("Trailer") + "\r\n\r\n");
        c.server("HTTP/1.1 204 No Content\r\n\r\n");
        c.fin(true).fin(false);
    }

    private void websocket(LoopbackPcap.Conn c) throws Exception {
        String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbm4ifQ." + secret("WsJwt");
        c.client("GET /ws/abc HTTP/1.1\r\nHost: dash.example\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Protocol: access_token, " + jwt + "\r\n\r\n");
        String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(
                (KEY + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII)));
        c.server("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept + "\r\nSec-WebSocket-Protocol: access_token\r\n\r\n");
        c.client(frame(1, "{\"type\":\"auth\",\"token\":\"" + secret("WsToken") + "\"}", true));
        c.client(frame(1, "CONNECT\naccept-version:1.2\nlogin:guest\npasscode:" + secret("Stomp") + "\n\n\0", true));
        c.server(frame(1, "welcome; password=" + secret("WsServer"), false));
        ByteArrayOutputStream close = new ByteArrayOutputStream();
        close.write(0x03);
        close.write(0xE8);
        close.writeBytes(("token=" + secret("CloseReason")).getBytes(StandardCharsets.UTF_8));
        c.client(frame(8, close.toByteArray(), true));
        c.server(frame(8, new byte[] {0x03, (byte) 0xE8}, false));
        c.fin(false).fin(true);
    }

    private void tunnel(LoopbackPcap.Conn c) {
        c.client("CONNECT inner.example:80 HTTP/1.1\r\nHost: inner.example:80\r\n"
                + "Proxy-Authorization: Basic " + secret("ProxyAuth") + "\r\n\r\n");
        c.server("HTTP/1.1 200 Connection Established\r\n\r\n");
        c.client("GET /?apikey=" + secret("TunnelKey") + " HTTP/1.1\r\nHost: inner.example\r\n"
                + "Authorization: Basic " + secret("TunnelBasic") + "\r\n\r\n");
        c.server("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        c.fin(true).fin(false);
    }

    /** HTTP/2 with prior knowledge; HPACK literal fields without indexing (RFC 7541 §6.2.2), no Huffman. */
    private void http2(LoopbackPcap.Conn c) {
        ByteArrayOutputStream client = new ByteArrayOutputStream();
        client.writeBytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        client.writeBytes(h2frame(4, 0, 0, new byte[0]));
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        literal(block, ":method", "GET");
        literal(block, ":scheme", "http");
        literal(block, ":path", "/h2?token=" + secret("H2Path") + "&x=1");
        literal(block, ":authority", "dash.example");
        literal(block, "authorization", "Bearer " + secret("H2Bearer"));
        literal(block, "x-api-key", secret("H2ApiKey"));
        client.writeBytes(h2frame(1, 0x05, 1, block.toByteArray()));
        c.client(client.toByteArray());
        ByteArrayOutputStream server = new ByteArrayOutputStream();
        server.writeBytes(h2frame(4, 0, 0, new byte[0]));
        server.writeBytes(h2frame(4, 0x01, 0, new byte[0]));
        ByteArrayOutputStream resp = new ByteArrayOutputStream();
        literal(resp, ":status", "200");
        literal(resp, "set-cookie", "s=" + secret("H2SetCookie"));
        server.writeBytes(h2frame(1, 0x05, 1, resp.toByteArray()));
        c.server(server.toByteArray());
        c.fin(true).fin(false);
    }

    private static void literal(ByteArrayOutputStream out, String name, String value) {
        out.write(0x00);
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        byte[] v = value.getBytes(StandardCharsets.US_ASCII);
        out.write(n.length);
        out.writeBytes(n);
        out.write(v.length);
        out.writeBytes(v);
    }

    private static byte[] h2frame(int type, int flags, int stream, byte[] payload) {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write(payload.length >>> 16);
        f.write(payload.length >>> 8);
        f.write(payload.length);
        f.write(type);
        f.write(flags);
        f.write(stream >>> 24);
        f.write(stream >>> 16);
        f.write(stream >>> 8);
        f.write(stream);
        f.writeBytes(payload);
        return f.toByteArray();
    }

    private static byte[] frame(int opcode, String text, boolean masked) {
        return frame(opcode, text.getBytes(StandardCharsets.UTF_8), masked);
    }

    /** One final WebSocket frame (RFC 6455 §5.2); the client's are masked. */
    private static byte[] frame(int opcode, byte[] payload, boolean masked) {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write(0x80 | opcode);
        int len = payload.length;
        if (len < 126) {
            f.write((masked ? 0x80 : 0) | len);
        } else {
            f.write((masked ? 0x80 : 0) | 126);
            f.write(len >>> 8);
            f.write(len);
        }
        byte[] mask = {0x11, 0x22, 0x33, 0x44};
        if (masked) {
            f.writeBytes(mask);
        }
        for (int i = 0; i < len; i++) {
            f.write(masked ? payload[i] ^ mask[i & 3] : payload[i]);
        }
        return f.toByteArray();
    }
}
