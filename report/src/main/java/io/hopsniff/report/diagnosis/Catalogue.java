package io.hopsniff.report.diagnosis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Renders the catalogue for people: {@code hopsniff explain} and the generated {@code docs/diagnoses.md}.
 * Regenerate the page with the command in {@link #REGENERATE}.
 */
public final class Catalogue {

    public static final String REGENERATE = "mvn -B -o -q -pl report -am compile && "
            + "java -cp report/target/classes io.hopsniff.report.diagnosis.Catalogue docs/diagnoses.md";

    private Catalogue() {
    }

    /** One line per id: severity, id, title. */
    public static String list() {
        StringBuilder b = new StringBuilder();
        for (DiagnosisId id : DiagnosisId.values()) {
            b.append(String.format("%-8s %-34s %s%n", id.severity().label().toUpperCase(java.util.Locale.ROOT),
                    id.name(), id.title()));
        }
        return b.toString();
    }

    /** The whole entry, for a terminal. */
    public static String explain(DiagnosisId id) {
        StringBuilder b = new StringBuilder();
        b.append(id.name()).append("  (").append(id.severity().label()).append(")\n");
        b.append(id.title()).append("\n\n");
        b.append("Verdict:   ").append(id.verdictTemplate()).append("\n\n");
        b.append("Likely causes, most likely first:\n");
        int n = 1;
        for (String c : id.causes()) {
            b.append("  ").append(n++).append(". ").append(c).append('\n');
        }
        b.append("\nFix:       ").append(id.fix()).append('\n');
        b.append("Reference: ").append(id.reference()).append('\n');
        return b.toString();
    }

    /** docs/diagnoses.md. */
    public static String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("# Diagnoses\n\n");
        b.append("<!-- GENERATED from report/src/main/java/io/hopsniff/report/diagnosis/DiagnosisId.java; do not edit.\n");
        b.append("     Regenerate: ").append(REGENERATE).append(" -->\n\n");
        b.append("hopsniff ends every analysis with diagnoses: plain-language verdicts about the proxy→backend hop, each\n");
        b.append("with the transactions (`txN`), connections (`cN`) and exact wire lines that show it. They lead the text\n");
        b.append("summary (most severe first) and fill the `diagnoses` array of the JSON report (docs/report-format.md).\n");
        b.append("`hopsniff explain ID` prints one entry; `hopsniff explain` lists them. Ids are stable: never renamed.\n\n");
        b.append("Rules are pure functions over a bounded set of facts (upgrade attempts, CONNECT, `PRI *`, 101s,\n");
        b.append("unanswered requests, refused connections). `--route TEMPLATE` (repeatable, e.g. `/ws/{session_id}`) tells\n");
        b.append("them the backend's WebSocket routes, to separate a wrong path from an app refusal. To quote refusal texts\n");
        b.append("such as \"Unsupported upgrade request.\", `analyze` keeps the first ")
                .append(DiagnosisSettings.BODY_BYTES_FOR_DIAGNOSIS)
                .append(" bytes of each body in memory for\n");
        b.append("the diagnosis; the report's transactions still show only what `--body-bytes` asked for.\n\n");
        b.append("A WebSocket is opened by a 101 to a GET with `Upgrade: websocket` (RFC 6455) or, on an HTTP/2\n");
        b.append("connection (h2c to the backend), by a 2xx to an extended CONNECT with `:protocol websocket` (RFC 8441,\n");
        b.append("no `Sec-WebSocket-Key`/`-Accept`): both are judged by the same WebSocket rules, and `{switched}` in a\n");
        b.append("verdict says which (\"101 with a valid Sec-WebSocket-Accept\", or \"200 to its extended CONNECT\").\n");
        b.append("Only a CONNECT that reaches an HTTP/1.x backend is `DIAG_CONNECT_AT_ORIGIN`.\n\n");
        b.append("## Legs and stories\n\n");
        b.append("A capture of the dashboard host can hold both legs of the proxy: client → proxy (the *front* leg) and\n");
        b.append("proxy → backend (the *backend* leg). hopsniff judges each leg for what it is:\n\n");
        b.append("- **How the legs are known** (report `legs`): `--front HOST:PORT` declares the proxy's listener (declared\n");
        b.append("  legs always win); without it they are *inferred* when a request carrying forwarding evidence\n");
        b.append("  (`X-Forwarded-*`, `X-Real-Ip`, `Forwarded`, `Via`) runs inside another server's exchange with the same\n");
        b.append("  method and target (one without that evidence too when it came from the other server's host, or over\n");
        b.append("  loopback on the captured host, and its answer, with the same status, came first: a proxy such as nginx's\n");
        b.append("  bare `proxy_pass` marks nothing), or when a 502/503/504 is answered while a connection attempt from the\n");
        b.append("  proxy's host failed. A server whose responses were relayed (`Via`, Envoy's\n");
        b.append("  `x-envoy-upstream-service-time`, two `Server` fields, nginx's name on an application's JSON error to an\n");
        b.append("  upgrade request, or uvicorn's name under a field spelled `Server`, as Apache httpd passes it on), or were\n");
        b.append("  its own 502/504 (a proxy's answer when its upstream fails), with no forwarded copy in the capture is a\n");
        b.append("  proxy's front leg whose backend leg is missing. The evidence is in the report, so a reader can disagree.\n");
        b.append("  No evidence, no legs: every exchange is then judged as a backend exchange, as for a capture of the\n");
        b.append("  backend leg alone.\n");
        b.append("- **Backend verdicts** (every id below except the three front-leg ones) come from backend-leg exchanges\n");
        b.append("  only (`leg: backend`). A client request the proxy forwarded is explained *through* its backend pair, once:\n");
        b.append("  its `stories` say what the client sent, what the proxy forwarded and changed (the header diff), what\n");
        b.append("  the backend answered and what the client got back. `count` and the \"(and N more like it)\" of a verdict\n");
        b.append("  count each client request once.\n");
        b.append("- **Front-leg findings** (`leg: front`): a request the proxy answered itself without forwarding it\n");
        b.append("  (`DIAG_PROXY_ANSWERED`, `DIAG_CONNECT_AT_PROXY`), or a capture that holds the front leg only\n");
        b.append("  (`DIAG_BACKEND_LEG_MISSING`: the backend leg is missing, so no backend verdict is guessed). They name\n");
        b.append("  the proxy as the one that answered and are never errors: the root cause is on the backend leg.\n");
        b.append("- **WebSocket ends**: a completed close handshake is a clean end, whichever side started it and with any\n");
        b.append("  code (1001 from the client side: the client went away, e.g. a closed tab; from the server side: the\n");
        b.append("  proxy or server shut down or reloaded). Only a session that ended without one (RST, FIN, silence) is\n");
        b.append("  `DIAG_WEBSOCKET_ABNORMAL_CLOSE`; one still open when the capture ended is not. A backend that sends the\n");
        b.append("  first close frame with an error code (anything but 1000 and 1001: 1008 after `accept()` is how apps\n");
        b.append("  refuse a session) is `DIAG_WEBSOCKET_CLOSED_WITH_ERROR`, not OK, even when the handshake completes,\n");
        b.append("  unless it is failing the connection (1002, 1007) on frames from the proxy's side that broke the protocol\n");
        b.append("  (then `DIAG_WEBSOCKET_PROTOCOL_ERROR` says it all); a first close with an error code from the proxy's\n");
        b.append("  side (a client that could not take the backend's data sends 1007 or 1009) is\n");
        b.append("  `DIAG_WEBSOCKET_CLIENT_CLOSED_WITH_ERROR`.\n");
        b.append("- **WebSocket frames**: frames flowing is not enough for `DIAG_WEBSOCKET_OK`. A frame its receiver must\n");
        b.append("  fail the connection on (RFC 6455 §7.1.7: a masked server frame, an unmasked client frame, a reserved\n");
        b.append("  opcode, unnegotiated RSV bits, a control frame over 125 bytes or fragmented, bad fragmentation, an\n");
        b.append("  invalid close code or reason, a length with its top bit set, a text message that is not UTF-8, a\n");
        b.append("  compressed message that does not inflate; compressed text is checked once inflated) makes the session\n");
        b.append("  `DIAG_WEBSOCKET_PROTOCOL_ERROR`, on either leg, even when the capture shows frames after it: the\n");
        b.append("  sniffer sees what was sent, the browser has already given up. Warnings (a non-minimal length, frames\n");
        b.append("  after close) and capture gaps do not count.\n\n");
        b.append("| id | severity | title |\n|---|---|---|\n");
        for (DiagnosisId id : DiagnosisId.values()) {
            b.append("| [`").append(id.name()).append("`](#").append(id.name().toLowerCase(java.util.Locale.ROOT))
                    .append(") | ").append(id.severity().label()).append(" | ").append(id.title()).append(" |\n");
        }
        for (DiagnosisId id : DiagnosisId.values()) {
            b.append("\n## ").append(id.name()).append("\n\n");
            b.append("**").append(id.severity().label()).append("** — ").append(id.title()).append("\n\n");
            b.append("Verdict: ").append(id.verdictTemplate()).append("\n\n");
            b.append("Likely causes, most likely first (a rule may reorder them by the evidence):\n\n");
            int n = 1;
            for (String c : id.causes()) {
                b.append(n++).append(". ").append(c).append('\n');
            }
            b.append("\nFix: ").append(id.fix()).append("\n\n");
            b.append("Reference: ").append(id.reference()).append('\n');
        }
        return b.toString();
    }

    /** Writes docs/diagnoses.md (path as the only argument). */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/diagnoses.md");
        Files.writeString(out, markdown(), StandardCharsets.UTF_8);
        System.out.println("wrote " + out);
    }
}
