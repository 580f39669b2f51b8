package io.hopsniff.report.diagnosis;

import static io.hopsniff.report.diagnosis.DiagnosisSeverity.ERROR;
import static io.hopsniff.report.diagnosis.DiagnosisSeverity.INFO;
import static io.hopsniff.report.diagnosis.DiagnosisSeverity.OK;
import static io.hopsniff.report.diagnosis.DiagnosisSeverity.WARNING;

import java.util.List;

/**
 * The diagnosis catalogue: every root cause hopsniff can name, with the wire signature it is recognised by.
 * Ids are API (scripts grep for them): never renamed or removed, only added. {@code docs/diagnoses.md} and
 * {@code hopsniff explain} are generated from this enum. The signatures come from
 * {@code shared/reference/peers-and-failure-modes.md} §2.2/§2.3 ("ref #N" below = row N of its §2.3 table) and the
 * recorded samples in {@code samples/}.
 */
public enum DiagnosisId {

    DIAG_WEBSOCKET_OK(OK, "WebSocket upgraded and frames flowed",
            "{request} got {switched} and {frames}.",
            List.of("Nothing is wrong with this WebSocket on this hop."),
            "If the browser still fails, capture the client→proxy leg: the problem is in front of the proxy.",
            "RFC 6455 §4.2.2, §5"),

    DIAG_WEBSOCKET_UPGRADED(INFO, "WebSocket upgraded (frames not decoded)",
            "{request} got {switched}; {after}.",
            List.of("The handshake on this hop is correct; the frame decoder did not report a session for it."),
            "Nothing to fix on the handshake. Look at frame flow and close codes once WebSocket decoding is on.",
            "RFC 6455 §4.2.2"),

    DIAG_BACKEND_NO_WEBSOCKET_SUPPORT(ERROR, "Backend answered a valid handshake as plain HTTP",
            "{request} got {status} from the backend: the handshake arrived intact but the backend answered it as"
                    + " plain HTTP, so it has no WebSocket support for that path.",
            List.of("uvicorn has no WebSocket implementation: started with `--ws none`, or neither `websockets` nor"
                            + " `wsproto` is installed (`pip install uvicorn` instead of `uvicorn[standard]`); uvicorn ≤0.18"
                            + " answers 400 \"Unsupported upgrade request.\" / \"No supported WebSocket library detected\","
                            + " uvicorn ≥0.19 hands the request to the app, which answers 404 {\"detail\":\"Not Found\"}",
                    "the path is an HTTP-only route (no `@app.websocket` there), or the app is mounted under another"
                            + " prefix (`root_path`, `handle_path`/`uri strip_prefix` in Caddy)",
                    "another HTTP server than the WebSocket app answers on this port"),
            "Install a WebSocket library in the backend's environment (`pip install 'uvicorn[standard]'` or"
                    + " `websockets`), remove `--ws none`, and check the path against the app's `@app.websocket` routes.",
            "RFC 6455 §4.2.2; ref #1 (uvicorn h11_impl.py/httptools_impl.py, fastapi#2209, uvicorn#1022);"
                    + " samples/caddy-ws-no-ws-library, samples/dashboard-incident"),

    DIAG_WEBSOCKET_ROUTE_REJECTED(ERROR, "WebSocket handshake refused with 403 and an empty body",
            "{request} got 403 with an empty body: no WebSocket route matched that path, or the app refused the"
                    + " connection before accepting it (Origin or auth check){paths}.",
            List.of("no WebSocket route matches the path (wrong client URL, a prefix stripped or added by the proxy,"
                            + " root_path): Starlette answers an unmatched WebSocket path with a close before accept,"
                            + " which uvicorn sends as an empty 403",
                    "the app closed the WebSocket before accept(): Origin/Host check, missing or invalid auth token or cookie"),
            "Compare the path with the app's WebSocket routes (`--route` lets hopsniff do it) and with paths that did"
                    + " upgrade; if the path is right, check the app's Origin/auth checks against the Origin, Host"
                    + " and X-Forwarded-Host the proxy sent.",
            "RFC 6455 §4.2.2; ref #2 and #6 (starlette routing not_found, uvicorn websockets_impl.py initial_response)"),

    DIAG_WEBSOCKET_HOST_REJECTED(ERROR, "WebSocket refused by the backend's Host check",
            "{request} was refused for its Host: {why}.",
            List.of("the proxy rewrites Host on its WebSocket route only (Caddy: `header_up Host {upstream_hostport}`"
                            + " in the WebSocket's reverse_proxy; nginx: `proxy_set_header Host` left at its default"
                            + " `$proxy_host`), so plain requests keep the public name and pass the check while"
                            + " WebSockets arrive with the backend's address",
                    "the backend's allowed hosts miss the name clients use (Starlette's TrustedHostMiddleware"
                            + " `allowed_hosts`, Django's ALLOWED_HOSTS; a new domain or an IP address)",
                    "the application raised for another reason while handling the handshake (uvicorn answers any"
                            + " exception before accept with 500): the backend's log has the traceback"),
            "Let the proxy pass the client's Host to the backend on every route (Caddy does by default: drop"
                    + " `header_up Host ...` from the WebSocket's reverse_proxy, or set the same on both), or add the"
                    + " Host the backend sees to its allowed hosts.",
            "RFC 9110 §7.2; ref #10; starlette/middleware/trustedhost.py; lab host-rewritten"),

    DIAG_PROXY_STRIPPED_UPGRADE(ERROR, "Handshake reached the backend without its Upgrade/Connection headers",
            "{request} carried Sec-WebSocket-* headers but {missing}: the hop-by-hop upgrade headers were removed on"
                    + " the way, so the backend saw a plain GET and answered {status}.",
            List.of("the proxy does not forward hop-by-hop headers for this route (nginx without"
                            + " `proxy_set_header Upgrade $http_upgrade; Connection \"upgrade\"`; Apache httpd's"
                            + " `ProxyPass` without `upgrade=websocket`; a Caddy `header_up` that deletes or overwrites"
                            + " Connection/Upgrade)",
                    "a middlebox or second proxy between the proxy and the backend removes them",
                    "the proxy speaks HTTP/1.0 upstream (nginx default `proxy_http_version 1.0`), which cannot upgrade"),
            "Make the proxy forward `Upgrade: websocket` and `Connection: Upgrade` (nginx: proxy_http_version 1.1 and"
                    + " the two proxy_set_header lines; Apache 2.4.47 and later: `ProxyPass ... upgrade=websocket`;"
                    + " Caddy re-adds them by itself unless a header_up removes them).",
            "RFC 9110 §7.6.1, §7.8; RFC 6455 §4.1; ref #3 (nginx.org/en/docs/http/websocket.html)"),

    DIAG_PLAIN_REQUESTS_AS_UPGRADE(ERROR, "Plain requests reached the backend marked as upgrades and were refused",
            "{request} {how} and got {answer}: the backend took it for an upgrade request{client}{more}.",
            List.of("the proxy sets Connection: upgrade on every request it forwards: nginx's `proxy_set_header"
                            + " Connection \"upgrade\"` in a location that serves plain requests too, without the `map"
                            + " $http_upgrade $connection_upgrade` of nginx's WebSocket guide; uvicorn up to 0.18 with"
                            + " h11 (its HTTP implementation when httptools is not installed, as with Debian 12's"
                            + " python3-uvicorn) goes by that option alone and answers 400 \"Unsupported upgrade"
                            + " request.\" (httptools needs the Upgrade field too; uvicorn 0.19 and later log the"
                            + " warning and serve the request)",
                    "a client or a middlebox before the proxy sends Connection: upgrade on plain requests, and the"
                            + " proxy passes the field on (nginx `proxy_set_header Connection $http_connection`)"),
            "Give Connection: upgrade only to requests that carry Upgrade: in nginx, `map $http_upgrade"
                    + " $connection_upgrade { default upgrade; '' close; }` and `proxy_set_header Connection"
                    + " $connection_upgrade;` (nginx.org/en/docs/http/websocket.html), or set the Upgrade and Connection"
                    + " headers in the WebSocket location only; Caddy forwards upgrades by itself, without a header_up.",
            "RFC 9110 §7.6.1, §7.8; nginx.org/en/docs/http/websocket.html; uvicorn 0.17.6 h11_impl.py"
                    + " (handle_upgrade); lab nginx-websocket"),

    DIAG_INVALID_HANDSHAKE(ERROR, "Handshake with a missing or malformed Sec-WebSocket-Key/-Version",
            "{request} carried {problem}, and the backend answered {status}.",
            List.of("the client (or a tool such as `curl -H 'Sec-WebSocket-Key: test'`) builds the handshake by hand"
                            + " and gets the key or version wrong",
                    "a proxy rewrote or dropped Sec-WebSocket-Key/-Version"),
            "Send a key that is base64 of 16 random bytes and `Sec-WebSocket-Version: 13`; use a real WebSocket client"
                    + " (websocat, wscat, python websockets) to test.",
            "RFC 6455 §4.1 (key: base64 of 16 bytes; version 13), §4.4; ref #7"),

    DIAG_CONNECT_AT_ORIGIN(ERROR, "CONNECT request reached the origin server",
            "{request} ({form}) reached the backend and got {status}: {meaning}.",
            List.of("authority-form (`CONNECT host:port`): a client uses the backend as a forward proxy (HTTP_PROXY /"
                            + " https_proxy pointing at it, `curl -x`, a scanner probing for open proxies)",
                    "origin-form (`CONNECT /path`) with Sec-WebSocket-* hints: an RFC 8441/9220 extended CONNECT the"
                            + " proxy forwarded instead of converting it to a GET upgrade (Caddy over HTTP/3 before PR"
                            + " #7305; Caddy over HTTP/2 before 2.9)"),
            "Authority-form: find the client by its address and fix its proxy settings; the backend is not a proxy."
                    + " Origin-form: upgrade the proxy (Caddy ≥2.9 converts HTTP/2 extended CONNECT, PR #7305 also"
                    + " HTTP/3) or disable HTTP/3/extended CONNECT toward clients.",
            "RFC 9110 §9.3.6, §7.1 (authority-form); RFC 8441 §4; RFC 9220; ref #5 and §3;"
                    + " samples/direct-connect, samples/dashboard-incident"),

    DIAG_H2C_TO_HTTP1_BACKEND(ERROR, "Proxy spoke HTTP/2 to an HTTP/1.1-only backend",
            "{connections} connection(s) began with the HTTP/2 preface and the backend {answer}.",
            List.of("the proxy is configured for h2c upstream (`reverse_proxy h2c://…`, `transport http { versions h2c }`,"
                            + " Traefik `h2c://`) but uvicorn speaks HTTP/1.1 only",
                    "a TLS upstream negotiated h2 and the listener behind it is HTTP/1.1"),
            "Configure the upstream transport for HTTP/1.1 (`versions 1.1`, plain `http://`) toward uvicorn.",
            "RFC 9113 §3.4 (preface); ref #4 (traefik#7465, caddy#4777, #5992); uvicorn 0.17.6 answers the preface"
                    + " with 404 JSON then 400 \"Invalid HTTP request received.\" (h11) or a single 400 (httptools)"),

    DIAG_H2_WEBSOCKET_NOT_ENABLED(ERROR, "WebSocket over HTTP/2 to a backend that did not enable it",
            "{request} came as an extended CONNECT (RFC 8441) on an HTTP/2 connection whose backend never enabled"
                    + " it (no SETTINGS_ENABLE_CONNECT_PROTOCOL = 1 in its SETTINGS), and {answer}.",
            List.of("the backend's HTTP/2 server does not do WebSockets over HTTP/2: it must announce"
                            + " SETTINGS_ENABLE_CONNECT_PROTOCOL (hypercorn does; a server built on hyper needs"
                            + " `enable_connect_protocol`; many h2c servers never do), so no extended CONNECT can work there",
                    "the proxy sent the extended CONNECT without waiting for, or checking, the backend's SETTINGS (RFC"
                            + " 8441 §4 forbids it): a proxy bug, usually fixed in newer versions"),
            "Have the proxy reach the backend over HTTP/1.1 for WebSockets (Caddy: `transport http { versions 1.1 }`"
                    + " on the WebSocket route; nghttpx: a backend with `proto=http/1.1`), or enable RFC 8441 in the"
                    + " backend's server.",
            "RFC 8441 §3, §4, §5; RFC 9113 §8.5; samples/h2c-websocket (the working case)"),

    DIAG_UPGRADE_ACCEPT_MISMATCH(ERROR, "101 that a client refuses: wrong Accept, Upgrade or Connection, or a"
            + " subprotocol or extension not negotiated",
            "{request} got 101 but {problem}; a client or proxy that checks the handshake drops this connection.",
            List.of("the backend (or a middlebox in front of it) computes the accept value wrongly or answers for a"
                            + " different key",
                    "the 101 lacks `Upgrade: websocket`/`Connection: Upgrade` (Caddy: \"backend tried to switch to"
                            + " unexpected protocol via Upgrade header\")",
                    "the app accepts the WebSocket without selecting one of the subprotocols the client offered"
                            + " (FastAPI/Starlette: `await websocket.accept()` without `subprotocol=`, often where the"
                            + " client carries a token in Sec-WebSocket-Protocol), or selects one or an extension the"
                            + " client never offered"),
            "Fix the server's handshake: Sec-WebSocket-Accept = base64(SHA-1(key + 258EAFA5-E914-47DA-95CA-C5AB0DC85B11))"
                    + " and both Upgrade and Connection tokens in the 101; when the client sends Sec-WebSocket-Protocol,"
                    + " answer with exactly one of its values (`websocket.accept(subprotocol=...)`).",
            "RFC 6455 §4.1 (steps 2-6), §4.2.2 step 5, §1.3; ref #12/#13 (zeek websocket_wrong_accept_header,"
                    + " caddy#6134); WHATWG WebSockets (a page's connection is established only if the server selects"
                    + " one of the subprotocols it offered; Chromium 156 refuses it in samples/lab-subprotocol-ignored)"),

    DIAG_WEBSOCKET_ABNORMAL_CLOSE(WARNING, "WebSocket ended without a close handshake",
            "The WebSocket of {request} {how}.",
            List.of("the proxy closed an idle stream (nginx proxy_read_timeout 60 s; HAProxy timeout tunnel, or"
                            + " timeout client/server when it is unset; a load balancer idle timeout)",
                    "the proxy reloaded or shut down (Caddy closes upgraded streams on every config reload with close"
                            + " 1001 unless `stream_close_delay` is set)",
                    "the backend process died or was restarted, or the ping keepalive timed out (uvicorn pings every"
                            + " 20 s and closes after 20 s without a pong)"),
            "Match the end time with proxy reloads and backend restarts; set `stream_close_delay` in Caddy; keep"
                    + " the proxy's idle timeout (nginx `proxy_read_timeout`, HAProxy `timeout tunnel`) above the ping"
                    + " interval.",
            "RFC 6455 §7.1.5, §7.4.1 (1001, 1006, 1011); ref #8"),

    DIAG_NO_RESPONSE(WARNING, "Request got no response",
            "{count} request(s) got no response before the connection ended or the capture stopped; first: {request}.",
            List.of("the backend is hung or slow (worker blocked) and the proxy gave up",
                    "the capture stopped before the answer (still open) or missed packets",
                    "on HTTP/2 a side reset the request's stream (RFC 9113 §6.4): the backend with REFUSED_STREAM"
                            + " (over its concurrent-stream limit, or shutting down; safe to retry, §8.7) or"
                            + " INTERNAL_ERROR (it failed); the proxy's CANCEL is it giving up (its client went away,"
                            + " a timeout, or the connection failed)"),
            "Check the connection end (who sent FIN/RST) and the backend's logs for those requests; capture longer.",
            "RFC 9112 §9.3 (anomaly HTTP_NO_RESPONSE)"),

    DIAG_BACKEND_UNREACHABLE(ERROR, "Proxy could not connect to the backend",
            "{count} connection attempt(s) to {server} {how}.",
            List.of("nothing listens on the port (backend down, crashed, or bound to another address or port)",
                    "a firewall drops (SYN unanswered) or rejects (RST) the connection"),
            "Start the backend on the address and port the proxy dials (`ss -ltnp | grep PORT`); check firewalls.",
            "RFC 9293 §3.5 (reset on SYN to a closed port), §3.10.7.1"),

    DIAG_NO_UPGRADE_SEEN(WARNING, "No WebSocket handshake reached the backend",
            "{count} HTTP exchange(s) on this hop and not one upgrade attempt (no Upgrade, no Sec-WebSocket-*, no"
                    + " CONNECT, extended or plain, no HTTP/2 preface the backend refused){http2}.",
            List.of("the proxy never routes the WebSocket to this backend (a matcher such as"
                            + " `@ws header Upgrade websocket` misses HTTP/2 extended CONNECT, caddy#6799), or it goes"
                            + " to another upstream",
                    "the client never attempted the WebSocket (wrong URL, blocked earlier, the capture window missed it)",
                    "the proxy speaks HTTP/2 to the backend (h2c), where an HTTP/1.1 upgrade cannot be sent (RFC 9113"
                            + " §8.2.2): it fails the WebSocket itself (Caddy 2.6 with `versions h2c` answers 502,"
                            + " \"http2: invalid Upgrade request header\") unless it opens it with RFC 8441's extended"
                            + " CONNECT; give the WebSocket route HTTP/1.1 (`transport http { versions 1.1 }`)"),
            "Capture while reproducing; check the proxy's routes and access log for the WebSocket request.",
            "ref #11 (caddy#6799)"),

    DIAG_WEBSOCKET_REJECTED_OTHER(WARNING, "WebSocket handshake refused for another reason",
            "{request} got {status}{meaning}.",
            List.of("the application or a middleware rejected the handshake (TrustedHostMiddleware: 400 \"Invalid host"
                            + " header\" or 500; websockets `origins=`: 403 with text)",
                    "a server other than uvicorn answered"),
            "Read the status and body quoted in the evidence, and the backend's log at that time.",
            "RFC 6455 §4.2.2; ref #6, #10"),

    DIAG_PROXY_ANSWERED(WARNING, "Proxy answered requests itself, without forwarding them",
            "{count} client request(s) on the front leg were answered by the proxy itself and never reached the"
                    + " backend; first: {request} got {status}{why}.",
            List.of("the proxy could not get an answer from the backend: a 502/503/504 when the backend is down,"
                            + " refuses the connection, or does not speak the protocol the proxy uses (see the"
                            + " backend-leg diagnoses)",
                    "the proxy's own configuration answered: a redirect, a static file, a `respond` directive, or"
                            + " Caddy's empty 200 for a host that no site matches",
                    "the capture of the backend leg missed the forwarded request (a filter without the backend's"
                            + " address, or dropped packets)"),
            "For a 502/503/504 read the backend-leg diagnoses (unreachable backend, protocol mismatch); otherwise"
                    + " compare the request with the proxy's routes (`caddy adapt` shows the JSON config) and its"
                    + " access log. Severity is info when no answer was a 5xx or missing.",
            "RFC 9110 §15.6.3–§15.6.5 (502, 503, 504); docs/diagnoses.md (legs and stories)"),

    DIAG_CONNECT_AT_PROXY(WARNING, "CONNECT answered by the proxy itself",
            "{request} ({form}) was answered by the proxy itself with {status} and never reached the backend:"
                    + " {meaning}.",
            List.of("a client uses the reverse proxy as a forward proxy (HTTP_PROXY / https_proxy pointing at it,"
                            + " `curl -x`, a scanner probing for open proxies)",
                    "an RFC 8441/9220 extended CONNECT (a WebSocket over HTTP/2 or HTTP/3) that no route of the"
                            + " proxy handled"),
            "Refuse CONNECT at the proxy before any route can answer it: in Caddy, `@connect method CONNECT` then"
                    + " `respond @connect 405` (or `abort @connect`); find the client by its address and fix its"
                    + " proxy settings. Severity is info when the proxy already refused it (4xx/5xx).",
            "RFC 9110 §9.3.6; ref #5 and §3"),

    DIAG_BACKEND_LEG_MISSING(WARNING, "Only the client → proxy leg was captured",
            "The capture holds {count} exchange(s) on the proxy's front leg ({front}) and no connection to a"
                    + " backend: what the proxy forwarded and what the backend answered cannot be seen, so no backend"
                    + " verdict is given{summary}.",
            List.of("the capture's filter or interface sees only the proxy's listener (the backend's address"
                            + " missing from `--server`, or the backend reached over an interface not captured)",
                    "the proxy connected to no backend while the capture ran: it answered everything itself",
                    "the proxy answered with its own 502/503/504: its backend is down, refuses the connection, times"
                            + " out, is unreachable from the proxy, or answers in another protocol than the proxy speaks"
                            + " (h2c to an HTTP/1.1-only backend), and the proxy's attempts are not in the capture"
                            + " (another host, or an interface not captured)"),
            "Capture both legs on the proxy host: `hopsniff capture -i any --server BACKEND:PORT --front PROXY:PORT`"
                    + " (`-i lo` when both listen on loopback), then reproduce the failure.",
            "docs/diagnoses.md (legs and stories)"),

    DIAG_WEBSOCKET_PROTOCOL_ERROR(ERROR, "WebSocket upgraded, then frames broke RFC 6455",
            "{websocket}, then {what}: {consequence}.",
            List.of("the backend's WebSocket code frames messages itself or with a client-side library: server"
                            + " frames masked, a reserved opcode, a control frame over 125 bytes or fragmented, a close"
                            + " code not allowed on the wire, or text frames carrying bytes that are not UTF-8 (binary"
                            + " data or another charset sent as text)",
                    "an extension used without being negotiated: compressed frames (RSV1) after the proxy or the"
                            + " backend dropped permessage-deflate from Sec-WebSocket-Extensions, or RSV bits on"
                            + " control or continuation frames; or compressed data its receiver cannot inflate"
                            + " (WS_DEFLATE_INVALID: a sender that keeps its compression context after agreeing to"
                            + " no_context_takeover, or a proxy that rewrites the agreed parameters)",
                    "the proxy or a middlebox between the two rewrites the stream after the 101 (re-frames messages,"
                            + " or sends bytes that are not WebSocket frames)",
                    "the client (a non-browser tool or a hand-written client) sends invalid frames, such as unmasked"
                            + " ones, and the proxy relays them unchanged",
                    "the proxy closed the WebSocket itself and sent its close frame to the backend unmasked: Caddy"
                            + " before 2.6.3 (Debian 12 ships 2.6.2) does so on every config reload or stop"
                            + " (caddyserver/caddy#5199); uvicorn's websockets answers 1002, Node's ws fails with"
                            + " \"MASK must be set\". Upgrade Caddy, or set `stream_close_delay` so reloads do not close"
                            + " WebSockets"),
            "Find the first offending frame in the evidence (`--ws-payload-bytes` keeps message heads) and fix its"
                    + " sender: servers never mask and clients always do, control frames are at most 125 bytes and"
                    + " never fragmented, RSV bits only with a negotiated extension, text frames only UTF-8 (send"
                    + " binary data as binary frames: Starlette's `send_bytes`; text that is not UTF-8 is found in"
                    + " compressed messages too), compressed data only as agreed. Test the endpoint with a conforming"
                    + " client (python `websockets`, the Autobahn test suite) directly and through the proxy. Severity is"
                    + " warning when every receiver carried on sending frames (lenient peers: the hop works for them,"
                    + " not for a browser).",
            "RFC 6455 §5.1, §5.2, §5.4, §5.5, §7.1.7, §7.4.1, §8.1; RFC 7692 §6 (RSV1), §7.2.2; WHATWG WebSockets (a failed"
                    + " connection closes with 1006)"),

    DIAG_WEBSOCKET_ALREADY_OPEN(INFO, "WebSocket already open when the capture began",
            "{count} WebSocket connection(s) on this hop were open before the capture began (no handshake in it):"
                    + " {frames}.",
            List.of("the capture began after the client connected: the handshake, where upgrade failures show, is"
                    + " not in it; the frames after it are"),
            "To judge the handshake, start the capture first, then make the client connect again (reload the page,"
                    + " or restart the client); the frames' verdict (close codes, protocol errors) stands as it is.",
            "RFC 6455 §4, §5; docs/diagnoses.md"),

    DIAG_WEBSOCKET_CLOSED_WITH_ERROR(WARNING, "Backend closed the WebSocket with an error code",
            "{request} got {switched}, then the backend closed the WebSocket with {code}{reason} after {frames}.",
            List.of("the app refused the session after accepting it: FastAPI/Starlette apps close with 1008 (Policy"
                            + " Violation) or one of their own 4000-4999 codes when a token, cookie or session id"
                            + " is missing, invalid or expired (`await websocket.close(code=1008)`)",
                    "the app failed while serving it and reported an error (1011 Internal Error, 1003 or 1007 for"
                            + " data it cannot take, 1009 for a message over its size limit)",
                    "the backend is restarting or overloaded (1012 Service Restart, 1013 Try Again Later)",
                    "the client stopped answering the backend's keepalive pings: uvicorn's websockets closes with"
                            + " 1011 \"keepalive ping timeout\" after `--ws-ping-timeout` (20 s) without a pong — a"
                            + " hung tab or client, a stalled network, or a proxy that holds control frames back",
                    "the client never received the switch: a proxy that holds the 101 back (for a WebSocket over"
                            + " HTTP/2, the 200) leaves the client waiting for it, sending nothing, while the backend"
                            + " pings into silence; Caddy's `encode` directive did this to WebSockets over HTTP/2"
                            + " (caddy#6733). On the backend leg it is a 101 and not one frame from the proxy's side"),
            "Read the close code and reason (the evidence quotes them) and the backend's log at that time; for"
                    + " 1008 or an application code check what the client sends to authenticate (cookies, a query"
                    + " token, a subprotocol) as it arrives through the proxy; for 1011 find the app's exception, or,"
                    + " after unanswered pings, whether the client or the proxy still reads the connection and whether"
                    + " the client got the 101 at all (capture the client's leg too, or try without the proxy's"
                    + " compression on the WebSocket route); for 1009"
                    + " raise the server's message size limit (uvicorn `--ws-max-size`, 16 MiB by default; it counts"
                    + " inflated bytes) or send smaller messages.",
            "RFC 6455 §7.4.1, §7.4.2, §5.5.2; IANA WebSocket Close Code Number Registry; ref #8 and #9 (caddy#6733)"),

    DIAG_WEBSOCKET_CLIENT_CLOSED_WITH_ERROR(WARNING, "The client's side closed the WebSocket with an error code",
            "{request} got {switched}, then {closer} closed the WebSocket with {code}{reason} after {frames}.",
            List.of("the client could not take what the backend sent: 1007 (Invalid Frame Payload Data) for a text"
                            + " message that is not valid UTF-8 (binary data sent with `send_text` instead of"
                            + " `send_bytes`) or compressed data it could not inflate, 1003 for a message type it does not"
                            + " accept, 1002 for a frame it found malformed",
                    "a backend message is over the client's own size limit: 1009 (Message Too Big); browsers take"
                            + " large messages, client libraries cap them (Python websockets at 1 MiB by default)",
                    "the client requires an extension the backend's 101 did not select: 1010 (Mandatory Extension)",
                    "the client's app closed the session on purpose with its own code (3000-4999) or 1008 (Policy"
                            + " Violation): a logout, a timeout or a reconnect of its own",
                    "the client or the proxy failed while relaying or handling it: 1011 (Internal Error), or a code"
                            + " a client must not send (1012-1014 are the server's)",
                    "the backend stopped answering the client's keepalive pings: its event loop was blocked (a"
                            + " synchronous call such as `time.sleep`, `requests` or heavy computation inside an"
                            + " `async def` endpoint stops the whole server, pongs included) or it is overloaded; Python"
                            + " websockets clients close with 1011 \"keepalive ping timeout\" after `ping_timeout`"
                            + " (20 s)"),
            "Read the close code and reason (the evidence quotes them) and the client's console or log at that time;"
                    + " for 1007 send binary data as binary frames (`send_bytes`) and text only as UTF-8; for 1009 raise"
                    + " the client's limit (websockets `max_size`) or send smaller messages; for 1010 enable the"
                    + " extension the client names on the backend; for an application code look it up in the client's"
                    + " source; after a keepalive timeout look for blocking calls in the backend's async code (run them"
                    + " with `run_in_threadpool` or make the endpoint a plain `def`). With `--front` the evidence says"
                    + " whether the client or the proxy sent it.",
            "RFC 6455 §7.4.1, §7.4.2, §8.1; IANA WebSocket Close Code Number Registry");

    private final DiagnosisSeverity severity;
    private final String title;
    private final String verdictTemplate;
    private final List<String> causes;
    private final String fix;
    private final String reference;

    DiagnosisId(DiagnosisSeverity severity, String title, String verdictTemplate, List<String> causes, String fix,
                String reference) {
        this.severity = severity;
        this.title = title;
        this.verdictTemplate = verdictTemplate;
        this.causes = causes;
        this.fix = fix;
        this.reference = reference;
    }

    public DiagnosisSeverity severity() {
        return severity;
    }

    public String title() {
        return title;
    }

    /** The verdict with {@code {placeholders}} for the facts a rule fills in. */
    public String verdictTemplate() {
        return verdictTemplate;
    }

    /** Likely causes, most likely first, before a rule reorders them by the evidence. */
    public List<String> causes() {
        return causes;
    }

    public String fix() {
        return fix;
    }

    public String reference() {
        return reference;
    }

    /** The id by name, or null when the catalogue has no such id (case-insensitive, DIAG_ prefix optional). */
    public static DiagnosisId find(String name) {
        String n = name.trim().toUpperCase(java.util.Locale.ROOT);
        for (DiagnosisId id : values()) {
            if (id.name().equals(n) || id.name().equals("DIAG_" + n)) {
                return id;
            }
        }
        return null;
    }
}
