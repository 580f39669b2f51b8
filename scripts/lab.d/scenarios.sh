# Scenarios for scripts/lab. Sourced, not run. Each NAME has:
#   setup_NAME  starts the servers (start_uvicorn [args], start_caddy VARIANT)
#   drive_NAME  runs the clients through `step LEG TOOL -- cmd...` (LEG: client-caddy = via Caddy,
#               direct = straight to the backend port; TOOL: curl | ws | raw | browser, parsed by
#               record.d/expect.py)
# Variables available: $B (http://127.0.0.1:BACKEND_PORT), $C (Caddy), $BACKEND_PORT, $CADDY_PORT, and
# $PROXY_ADDR (where the proxy listens: 127.0.0.1 unless setup_NAME sets another loopback address first).

SCENARIOS=(ok no-ws-library wrong-path proxy-strips-upgrade h2c-upstream connect invalid-key backend-down
           browser-tab-close no-ws-library-current connect-at-proxy backend-misframes subprotocol-ignored
           session-rejected ping-timeout message-too-big text-not-utf8 binary-as-text binary-as-compressed-text
           deflate-invalid blocked-event-loop proxy-stops h2-websocket host-rewritten ws-prefix-stripped
           nginx-defaults nginx-websocket nginx-no-connection haproxy-websocket apache-no-upgrade
           apache-websocket nginx-read-timeout nginx-localhost haproxy-tunnel-timeout haproxy-backend-down
           nginx-backend-down apache-backend-down)

declare -A ABOUT=(
  [ok]="healthy: the dashboard Caddyfile, uvicorn with websockets; page, API, chunked stream, WebSocket 101 + echo + close 1000"
  [no-ws-library]="uvicorn --ws none: the intact handshake reaches uvicorn, which refuses the upgrade"
  [wrong-path]="the client opens ws://.../wrong/path and ws://.../ws (no session id): no @app.websocket route matches"
  [proxy-strips-upgrade]="Caddy with header_up -Upgrade / -Connection on the WebSocket route: the backend gets a plain GET with Sec-WebSocket-* only"
  [h2c-upstream]="Caddy transport http { versions h2c } to uvicorn, which only speaks HTTP/1.1"
  [connect]="CONNECT reaching the backend: curl using Caddy and the backend as a forward proxy, and a raw CONNECT"
  [invalid-key]="the classic curl upgrade with Sec-WebSocket-Key: test, through Caddy"
  [backend-down]="Caddy pointing at a loopback port where nothing listens: SYN -> RST on the backend leg, 502 to the client"
  [browser-tab-close]="headless Chromium loads / through Caddy, its page opens /ws/abc123 and gets 2 messages, then the TAB is closed: Close 1001 (Going Away) from the browser on both legs, uvicorn's Close 1001 back; Chromium drops TCP at once, so that Close reaches the browser only in some runs"
  [no-ws-library-current]="Debian 13's uvicorn 0.32 (fetched, not installed) with --ws none: the handshake reaches the app and FastAPI answers 404 {\"detail\":\"Not Found\"}"
  [backend-misframes]="headless Chromium through Caddy to a backend that frames like a client (record.d/misframing_backend.py): a correct 101 and one text frame, then a masked frame; the browser fails the connection (close 1002 to the backend, 1006 to its page)"
  [subprotocol-ignored]="headless Chromium loads /proto through Caddy: its page asks for subprotocol dashboard.v1, the FastAPI app's websocket.accept() selects none, so Chromium refuses the 101 ('Sent non-empty Sec-WebSocket-Protocol header but no response was received')"
  [session-rejected]="ws_client opens /ws/expired through Caddy: the app accepts, then closes at once with 1008 (Policy Violation) \"session expired\", the way apps refuse an unauthorised session after accept()"
  [ping-timeout]="uvicorn --ws-ping-interval 1 --ws-ping-timeout 1; ws_client gets the two log lines, then stalls: it answers no ping (a hung tab), so uvicorn's websockets closes with 1011 \"keepalive ping timeout\""
  [message-too-big]="uvicorn --ws-max-size 4096; ws_client sends an 8 KiB text message after the two log lines: uvicorn's websockets closes with 1009 (Message Too Big)"
  [text-not-utf8]="ws_client sends \"café\" encoded as Latin-1 in a text frame after the two log lines, compressed by the permessage-deflate both ends agreed through Caddy: uvicorn's websockets inflates it, finds it is not UTF-8 and closes with 1007 (Invalid Frame Payload Data)"
  [blocked-event-loop]="ws_client pings every 1 s (timeout 1 s) on /ws/busy, where the app calls time.sleep(4) in its async endpoint: the blocked event loop answers no ping, so the client's websockets closes with 1011 \"keepalive ping timeout\""
  [proxy-stops]="ws_client holds /ws/lab-open open through Caddy, then Caddy is stopped (SIGTERM, as systemctl stop/restart does): Caddy closes the hijacked connection with a close frame to each end, as on every config reload without stream_close_delay"
  [binary-as-text]="headless Chromium through Caddy to a backend (record.d/misframing_backend.py) that sends a PNG signature in a text frame after a correct 101; text must be UTF-8, so the browser fails the connection (close 1002 to the backend, 1006 to its page)"
  [binary-as-compressed-text]="as binary-as-text, with permessage-deflate agreed (Chromium offers it, the backend accepts it as uvicorn does): the PNG signature's text frame is compressed, and is not UTF-8 once inflated, so the browser fails the connection"
  [deflate-invalid]="headless Chromium through Caddy to the misframing backend, permessage-deflate agreed: after one good text frame, a compressed text frame whose payload is not DEFLATE data (ff ff ff); the browser cannot inflate it and fails the connection"
  [h2-websocket]="WebSockets over HTTP/2 (RFC 8441): Node's http2 client -> nghttpx (h2c in, proto=h2 out) -> hypercorn serving the same app over h2c; extended CONNECTs for /ws/lab-h2 (echo, close 1000), /ws/expired (close 1008) and /nows (no route: 403)"
  [host-rewritten]="the app checks Host (Starlette's TrustedHostMiddleware, allowed_hosts dash.example) and Caddy's WebSocket route sends header_up Host {upstream_hostport}: clients ask for dash.example; GET /api/status keeps its Host and works, the WebSocket reaches the backend with Host 127.0.0.1:PORT and gets 500"
  [ws-prefix-stripped]="Caddy routes /ws/* with handle_path, which strips the prefix: the page's GET works, the WebSocket for /ws/lab-strip reaches uvicorn as /lab-strip, where no WebSocket route matches (empty 403)"
  [nginx-defaults]="nginx in front instead of Caddy, with a bare proxy_pass and nginx's defaults (HTTP/1.0 upstream, hop-by-hop Upgrade and Connection not passed on, Host set to the upstream's address): GET /api/status works, the WebSocket reaches uvicorn as a plain HTTP/1.0 GET with its Sec-WebSocket-* fields and FastAPI answers 404 {\"detail\":\"Not Found\"}"
  [nginx-websocket]="nginx in front, configured as its WebSocket guide says (proxy_http_version 1.1, Upgrade \$http_upgrade, Connection \"upgrade\"): the WebSocket works through it; nginx still marks nothing it forwards"
  [nginx-no-connection]="nginx in front with half the guide: HTTP/1.1 and Upgrade passed on, Connection left at nginx's default (close): the backend gets Upgrade: websocket with Connection: close"
  [haproxy-websocket]="HAProxy 2.6 in front instead of Caddy (mode http, no option forwardfor): GET /api/status and the WebSocket both work through it; nothing marks the forwarded copy"
  [apache-no-upgrade]="Apache httpd 2.4 in front instead of Caddy, with a plain ProxyPass: it passes no hop-by-hop Upgrade or Connection, so the WebSocket reaches uvicorn as a plain GET (with X-Forwarded-For/-Host/-Server) and FastAPI answers 404"
  [apache-websocket]="Apache httpd 2.4 in front with ProxyPass ... upgrade=websocket (2.4.47 and later): the WebSocket works through it"
  [haproxy-backend-down]="HAProxy in front of a loopback port where nothing listens: its connection attempts are refused (it retries), and it answers 503 with its own error page, which names no server"
  [nginx-backend-down]="nginx in front of a loopback port where nothing listens: its connection attempt is refused and it answers 502 with its own HTML page under Server: nginx"
  [apache-backend-down]="Apache httpd in front of a loopback port where nothing listens: its connection attempt is refused and it answers 503 under Server: Apache"
  [haproxy-tunnel-timeout]="HAProxy in front with timeout tunnel 2s (its inactivity limit on an upgraded connection; timeout client/server when unset): the client holds the WebSocket open, the backend sends nothing after its two log lines, and HAProxy closes both connections with no close frame"
  [nginx-localhost]="nginx-defaults with nginx listening on another address than the one it dials the backend from (127.0.0.2, as a host's LAN address, with proxy_pass to 127.0.0.1, as most deployments on the backend's host write it): the same plain HTTP/1.0 GET and 404"
  [nginx-read-timeout]="nginx in front with the guide's WebSocket config and proxy_read_timeout 2s (60 s by default): the client holds the WebSocket open, the backend sends nothing after its two log lines, and nginx closes both connections with no close frame (the client sees 1006)"
  [connect-at-proxy]="site address http://127.0.0.1:PORT: GET /api/status proxied; CONNECT example.invalid answered by Caddy itself (empty 200, nothing upstream); CONNECT 127.0.0.1:443 proxied to uvicorn (404 JSON)"
)

# Scenarios that `scripts/lab record` does not turn into samples, and why.
not_uvicorn="its backend is not uvicorn, and record.d/expect.py reads the truth from uvicorn's log; LabScenariosTest runs it live"
declare -A RUN_ONLY_WHY=(
  [backend-misframes]=$not_uvicorn
  [binary-as-text]=$not_uvicorn
  [binary-as-compressed-text]=$not_uvicorn
  [deflate-invalid]=$not_uvicorn
  [h2-websocket]="its servers are hypercorn and nghttpx, and record.d/expect.py reads the truth from uvicorn's and Caddy's logs; scripts/record.d/record-h2-websocket.sh records samples/h2c-websocket, LabScenariosTest runs it live"
)
for n in apache-no-upgrade apache-websocket apache-backend-down; do
  RUN_ONLY_WHY[$n]="its proxy is Apache httpd, and record.d/expect.py reads the proxy's truth from Caddy's log; LabScenariosTest runs it live"
done
for n in haproxy-websocket haproxy-tunnel-timeout haproxy-backend-down; do
  RUN_ONLY_WHY[$n]="its proxy is HAProxy, and record.d/expect.py reads the proxy's truth from Caddy's log; LabScenariosTest runs it live"
done
for n in nginx-defaults nginx-websocket nginx-no-connection nginx-read-timeout nginx-localhost nginx-backend-down; do
  RUN_ONLY_WHY[$n]="its proxy is nginx, and record.d/expect.py reads the proxy's truth from Caddy's log; LabScenariosTest runs it live"
done
is_run_only() { [[ -n "${RUN_ONLY_WHY[$1]:-}" ]]; }

list_scenarios() { local n; for n in "${SCENARIOS[@]}"; do printf '%-22s %s\n' "$n" "${ABOUT[$n]}"; done; }
is_scenario() { local n; for n in "${SCENARIOS[@]}"; do [[ $n == "$1" ]] && return 0; done; return 1; }

ws_() { "$PY" "$R/ws_client.py" "$PROXY_ADDR" "$CADDY_PORT" "$@"; }

setup_ok() { start_uvicorn; start_caddy dashboard; }
drive_ok() {
  step client-caddy curl -- curl_ "$C/" "$C/api/status"
  step client-caddy curl -- curl_ "$C/stream"
  step client-caddy ws -- ws_ /ws/lab-ok
}

setup_no-ws-library() { start_uvicorn --ws none; start_caddy dashboard; }
drive_no-ws-library() {
  step client-caddy curl -- curl_ "$C/api/status"
  step client-caddy ws -- ws_ /ws/lab-nows
}

setup_wrong-path() { start_uvicorn; start_caddy dashboard; }
drive_wrong-path() {
  step client-caddy ws -- ws_ /wrong/path
  step client-caddy ws -- ws_ /ws
}

setup_host-rewritten() { UVICORN_ALLOWED_HOSTS=dash.example; start_uvicorn; start_caddy host-upstream; }
drive_host-rewritten() {
  # every client connects to 127.0.0.1 and names dash.example in Host, as a browser at the public name does
  step client-caddy curl -- curl_ -H "Host: dash.example:$CADDY_PORT" "$C/api/status"
  step client-caddy ws -- ws_ /ws/lab-host --host-header "dash.example:$CADDY_PORT"
}

setup_ws-prefix-stripped() { start_uvicorn; start_caddy ws-prefix-stripped; }
drive_ws-prefix-stripped() {
  step client-caddy curl -- curl_ "$C/api/status"
  step client-caddy ws -- ws_ /ws/lab-prefix
}

setup_proxy-strips-upgrade() { start_uvicorn; start_caddy strip-upgrade; }
drive_proxy-strips-upgrade() {
  step client-caddy ws -- ws_ /ws/lab-strip
}

setup_h2c-upstream() { start_uvicorn; start_caddy h2c; }
drive_h2c-upstream() {
  step client-caddy curl -- curl_ "$C/api/status"
  step client-caddy ws -- ws_ /ws/lab-h2c
}

setup_connect() { start_uvicorn; start_caddy dashboard; EXPECT_ARGS+=(--extra-direct); }
drive_connect() {
  # curl treats Caddy, then the backend, as an HTTP proxy (-x) and asks for a tunnel (-p). It only ever
  # connects to 127.0.0.1; example.invalid is never resolved (a proxy would do that).
  step client-caddy curl -- curl_ -p -x "$C" "http://example.invalid/"
  step direct curl -- curl_ -p -x "$B" "http://example.invalid/"
  step direct raw -- "$PY" "$R/raw_client.py" "$LO" "$BACKEND_PORT" connect-lo
}

setup_invalid-key() { start_uvicorn; start_caddy dashboard; }
drive_invalid-key() {
  step client-caddy curl -- curl_ -i -N -H "Connection: Upgrade" -H "Upgrade: websocket" \
      -H "Sec-WebSocket-Version: 13" -H "Sec-WebSocket-Key: test" "$C/ws/abc"
}

setup_backend-down() { start_caddy dashboard; }   # nothing is started on BACKEND_PORT
drive_backend-down() {
  step client-caddy curl -- curl_ "$C/api/status"
  step client-caddy ws -- ws_ /ws/lab-down
}

setup_browser-tab-close() {
  [[ -x /usr/lib/chromium/chromium ]] || die "browser-tab-close needs Debian's chromium (scripts/install-deps --test)"
  start_uvicorn; start_caddy dashboard
}
drive_browser-tab-close() {
  # The page's own JS opens ws://127.0.0.1:CADDY/ws/abc123; the app sends two log lines and then waits for a
  # message that never comes, until the tab is closed (lab.d/browser.py says what it did, as JSON lines).
  step client-caddy browser -- "$PY" "$L/browser.py" "$LO" "$CADDY_PORT"
}

setup_no-ws-library-current() {
  UVICORN_PYTHONPATH=$("$L/uvicorn-current.sh") || die "no-ws-library-current needs trixie's python3-uvicorn (see above)"
  cp "${UVICORN_PYTHONPATH%/root/usr/lib/python3/dist-packages}/fetched" "$WORK/uvicorn-package.txt"
  start_uvicorn --ws none; start_caddy dashboard
}
drive_no-ws-library-current() {
  step client-caddy curl -- curl_ "$C/api/status"
  step client-caddy ws -- ws_ /ws/lab-nows-current
}

setup_connect-at-proxy() { start_uvicorn; start_caddy host-127; }
drive_connect-at-proxy() {
  step client-caddy curl -- curl_ "$C/api/status"
  # curl never resolves example.invalid (the proxy would); Caddy matches the authority against its site
  # address, finds no route and answers the CONNECT itself - it does not resolve or dial anything either.
  step client-caddy curl -- curl_ -p -x "$C" "http://example.invalid/"
  # authority 127.0.0.1:443 matches the site's host, so the catch-all reverse_proxy forwards the CONNECT
  step client-caddy raw -- "$PY" "$R/raw_client.py" "$LO" "$CADDY_PORT" connect-lo
}

start_misframing_backend() {  # --frame KIND: a WebSocket backend that breaks RFC 6455 after its 101
  "$PY" "$R/misframing_backend.py" "$LO" "$BACKEND_PORT" "$@" >"$WORK/backend.log" 2>&1 &
  local pid=$!; PIDS+=("$pid")
  wait_listen "$BACKEND_PORT" "$pid" "$WORK/backend.log"
}

setup_backend-misframes() {
  [[ -x /usr/lib/chromium/chromium ]] || die "backend-misframes needs Debian's chromium (scripts/install-deps --test)"
  start_misframing_backend --frame masked; start_caddy dashboard
}
drive_backend-misframes() {
  # The page opens ws://127.0.0.1:CADDY/ws/abc123; the backend's second frame is masked (RFC 6455 §5.1), so
  # Chromium fails the connection: browser.py waits for that close and reads what the page saw.
  step client-caddy browser -- "$PY" "$L/browser.py" "$LO" "$CADDY_PORT" --until-closed
}

setup_binary-as-text() {
  [[ -x /usr/lib/chromium/chromium ]] || die "binary-as-text needs Debian's chromium (scripts/install-deps --test)"
  start_misframing_backend --frame binary-as-text; start_caddy dashboard
}
drive_binary-as-text() {
  # The backend's second frame is a text frame holding "\x89PNG\r\n\x1a\n": not UTF-8 (RFC 6455 §8.1)
  step client-caddy browser -- "$PY" "$L/browser.py" "$LO" "$CADDY_PORT" --until-closed
}

setup_binary-as-compressed-text() {
  [[ -x /usr/lib/chromium/chromium ]] || die "binary-as-compressed-text needs Debian's chromium (scripts/install-deps --test)"
  start_misframing_backend --frame binary-as-compressed-text; start_caddy dashboard
}
drive_binary-as-compressed-text() {
  # The same "\x89PNG\r\n\x1a\n" in a text frame, compressed by the permessage-deflate both ends agreed (RSV1)
  step client-caddy browser -- "$PY" "$L/browser.py" "$LO" "$CADDY_PORT" --until-closed
}

setup_deflate-invalid() {
  [[ -x /usr/lib/chromium/chromium ]] || die "deflate-invalid needs Debian's chromium (scripts/install-deps --test)"
  start_misframing_backend --frame deflate-invalid; start_caddy dashboard
}
drive_deflate-invalid() {
  step client-caddy browser -- "$PY" "$L/browser.py" "$LO" "$CADDY_PORT" --until-closed
}

setup_subprotocol-ignored() {
  [[ -x /usr/lib/chromium/chromium ]] || die "subprotocol-ignored needs Debian's chromium (scripts/install-deps --test)"
  start_uvicorn; start_caddy dashboard
}
drive_subprotocol-ignored() {
  # The page's WebSocket offers Sec-WebSocket-Protocol: dashboard.v1; uvicorn's 101 carries none (the app's
  # accept() names no subprotocol), and Chromium fails the connection on the handshake: browser.py waits for that.
  step client-caddy browser -- "$PY" "$L/browser.py" "$LO" "$CADDY_PORT" --path /proto --until-closed
}

setup_session-rejected() { start_uvicorn; start_caddy dashboard; }
drive_session-rejected() {
  step client-caddy ws -- ws_ /ws/expired
}

setup_ping-timeout() { start_uvicorn --ws-ping-interval 1 --ws-ping-timeout 1; start_caddy dashboard; }
drive_ping-timeout() {
  # uvicorn's default is 20 s and 20 s; 1 s each keeps the scenario short, the frames are the same
  step client-caddy ws -- ws_ /ws/lab-stalled --stall
}

setup_blocked-event-loop() { start_uvicorn; start_caddy dashboard; }
drive_blocked-event-loop() {
  # websockets' client keepalive (20 s / 20 s by default) at 1 s / 1 s: the same frames, sooner
  step client-caddy ws -- ws_ /ws/busy --ping-interval 1 --ping-timeout 1
}

setup_proxy-stops() { start_uvicorn; start_caddy dashboard; }
drive_proxy-stops() {
  # The client holds the WebSocket open (--stall: it waits for the other side to close); a second later Caddy
  # stops, which closes the hijacked connections it proxies the way a config reload does (Caddy PR #4895, 2.6.0)
  step client-caddy ws -- ws_ /ws/lab-open --stall &
  local client=$!
  sleep 1.5
  kill -TERM "$CADDY_PID"
  wait "$client" || true
}

start_hypercorn() {  # the lab's app over h2c (prior knowledge), extended CONNECT enabled
  (cd "$R" && exec "$PY" -m hypercorn --bind "$LO:$BACKEND_PORT" --access-logfile - --error-logfile - app:app) \
    >"$WORK/uvicorn.log" 2>&1 &   # uvicorn.log: where summary.py and --keep look for the backend's log
  UVICORN_PID=$!; PIDS+=("$UVICORN_PID")
  wait_listen "$BACKEND_PORT" "$UVICORN_PID" "$WORK/uvicorn.log"
}

start_nghttpx() {  # nghttpx on the proxy port: h2c from the client, HTTP/2 to the backend
  start_proxy nghttpx.out nghttpx --frontend="$LO,$CADDY_PORT;no-tls" --backend="$LO,$BACKEND_PORT;;proto=h2" \
    --workers=1 --no-ocsp --conf=/dev/null --accesslog-file="$WORK/caddy.log" --errorlog-file="$WORK/nghttpx-error.log"
}

setup_h2-websocket() {
  local t
  for t in nghttpx node; do needs "$t"; done
  "$PY" -c 'import hypercorn' 2>/dev/null || die "h2-websocket needs python3-hypercorn (scripts/install-deps --test)"
  start_hypercorn; start_nghttpx
}
drive_h2-websocket() {
  step client-caddy raw -- node "$R/h2_ws_client.js" "$LO" "$CADDY_PORT" /ws/lab-h2 /ws/expired /nows
}

needs() {  # PROGRAM: the scenario cannot run without it
  command -v "$1" >/dev/null || [[ -x /usr/sbin/$1 ]] || die "$SCENARIO needs $1 (scripts/install-deps --test)"
}

# nginx's WebSocket guide (nginx.org/en/docs/http/websocket.html) without its map, as most deployments copy it
NGINX_WS_GUIDE='proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection "upgrade";'

start_nginx() {  # [DIRECTIVE...]: nginx on the proxy port, every location proxied to the backend with proxy_pass and these
  needs nginx
  local extra="$*"
  mkdir -p "$WORK/nginx-tmp"
  # one process in the foreground (no master, no user switch): the lab stops it like the other servers
  cat >"$WORK/nginx.conf" <<CONF
daemon off;
master_process off;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log info;
events { worker_connections 64; }
http {
  access_log $WORK/caddy.log;
  client_body_temp_path $WORK/nginx-tmp/body;
  proxy_temp_path $WORK/nginx-tmp/proxy;
  fastcgi_temp_path $WORK/nginx-tmp/fastcgi;
  uwsgi_temp_path $WORK/nginx-tmp/uwsgi;
  scgi_temp_path $WORK/nginx-tmp/scgi;
  server {
    listen $PROXY_ADDR:$CADDY_PORT;
    location / { proxy_pass http://$LO:$BACKEND_PORT; $extra }
  }
}
CONF
  start_proxy nginx.out nginx -c "$WORK/nginx.conf" -p "$WORK"
}

setup_nginx-defaults() {
  start_uvicorn; start_nginx
}
drive_nginx-defaults() {
  # the configuration nginx's WebSocket guide starts from (nginx.org/en/docs/http/websocket.html): without
  # proxy_http_version 1.1 and the Upgrade and Connection fields set by hand, nothing upgrades
  step client-caddy curl -- curl_ "$C/api/status"
  step client-caddy ws -- ws_ /ws/lab-nginx
}

setup_nginx-localhost() {
  PROXY_ADDR=127.0.0.2
  start_uvicorn; start_nginx
}
drive_nginx-localhost() {
  step client-caddy curl -- curl_ "$C/api/status"
  step client-caddy ws -- ws_ /ws/lab-nginx-local
}

setup_nginx-websocket() {
  start_uvicorn
  start_nginx "$NGINX_WS_GUIDE"
}
drive_nginx-websocket() {
  step client-caddy curl -- curl_ "$C/api/status"
  step client-caddy ws -- ws_ /ws/lab-nginx-ok
}

setup_nginx-no-connection() {
  start_uvicorn
  # half the guide: Upgrade passed on, Connection left at nginx's default (close)
  start_nginx 'proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade;'
}
drive_nginx-no-connection() {
  step client-caddy ws -- ws_ /ws/lab-nginx-half
}

start_haproxy() {  # [DEFAULTS LINE...]: HAProxy on the proxy port in HTTP mode, every request to the backend; no option forwardfor
  needs haproxy
  local extra="" line
  for line in "$@"; do extra+="  $line"$'\n'; done
  cat >"$WORK/haproxy.cfg" <<CONF
defaults
  mode http
  timeout connect 5s
  timeout client 30s
  timeout server 30s
${extra}frontend lab
  bind $LO:$CADDY_PORT
  default_backend uvicorn
backend uvicorn
  server backend $LO:$BACKEND_PORT
CONF
  start_proxy haproxy.out haproxy -db -f "$WORK/haproxy.cfg"
}

setup_haproxy-websocket() {
  start_uvicorn; start_haproxy
}
drive_haproxy-websocket() {
  step client-caddy curl -- curl_ "$C/api/status"
  step client-caddy ws -- ws_ /ws/lab-haproxy
}

setup_haproxy-backend-down() {
  start_haproxy   # nothing is started on BACKEND_PORT
}
drive_haproxy-backend-down() {
  step client-caddy curl -- curl_ "$C/api/status"
  step client-caddy ws -- ws_ /ws/lab-haproxy-down
}

setup_nginx-backend-down() {
  start_nginx   # nothing is started on BACKEND_PORT
}
drive_nginx-backend-down() { step client-caddy ws -- ws_ /ws/lab-nginx-down; }

setup_apache-backend-down() {
  start_apache   # nothing is started on BACKEND_PORT
}
drive_apache-backend-down() { step client-caddy ws -- ws_ /ws/lab-apache-down; }

setup_haproxy-tunnel-timeout() {
  start_uvicorn
  # HAProxy's inactivity limit for an upgraded connection (timeout tunnel; timeout client/server when unset)
  start_haproxy "timeout tunnel 2s"
}
drive_haproxy-tunnel-timeout() {
  # as nginx-read-timeout: the client holds the WebSocket open and sends nothing after the app's two log lines
  step client-caddy ws -- ws_ /ws/lab-haproxy-idle --stall
}

start_apache() {  # [DIRECTIVE...]: Apache httpd on the proxy port, everything proxied to the backend by ProxyPass
  needs apache2
  local modules=/usr/lib/apache2/modules
  mkdir -p "$WORK/apache"
  cat >"$WORK/apache.conf" <<CONF
ServerRoot $WORK/apache
PidFile $WORK/apache/httpd.pid
ErrorLog $WORK/apache/error.log
LoadModule mpm_event_module $modules/mod_mpm_event.so
LoadModule authz_core_module $modules/mod_authz_core.so
LoadModule proxy_module $modules/mod_proxy.so
LoadModule proxy_http_module $modules/mod_proxy_http.so
Listen $LO:$CADDY_PORT
ServerName lab.invalid
ProxyPass / http://$LO:$BACKEND_PORT/ $*
CONF
  start_proxy apache.out apache2 -f "$WORK/apache.conf" -DFOREGROUND
}

setup_apache-no-upgrade() {
  start_uvicorn; start_apache
}
drive_apache-no-upgrade() {
  step client-caddy curl -- curl_ "$C/api/status"
  step client-caddy ws -- ws_ /ws/lab-apache
}

setup_apache-websocket() {
  start_uvicorn; start_apache upgrade=websocket
}
drive_apache-websocket() {
  step client-caddy curl -- curl_ "$C/api/status"
  step client-caddy ws -- ws_ /ws/lab-apache-ok
}

setup_nginx-read-timeout() {
  start_uvicorn
  # the guide's WebSocket config with proxy_read_timeout at 2 s instead of its default 60 s: the same frames, sooner
  start_nginx "$NGINX_WS_GUIDE proxy_read_timeout 2s;"
}
drive_nginx-read-timeout() {
  # the client holds the WebSocket open and sends nothing; the app sends two log lines, then waits
  step client-caddy ws -- ws_ /ws/lab-nginx-idle --stall
}

setup_text-not-utf8() { start_uvicorn; start_caddy dashboard; }
drive_text-not-utf8() {
  step client-caddy ws -- ws_ /ws/lab-latin1 --send-latin1 "café"
}

setup_message-too-big() { start_uvicorn --ws-max-size 4096; start_caddy dashboard; }
drive_message-too-big() {
  step client-caddy ws -- ws_ /ws/lab-big --send-size 8192
}
