#!/usr/bin/env bash
# Records WebSockets over HTTP/2 (RFC 8441) through a real proxy, both legs, as samples/h2c-websocket.pcap:
#   client  Node's http2 (scripts/record.d/h2_ws_client.js): h2c with prior knowledge, GET /api/status, then
#           extended CONNECTs for /ws/abc123 (two log lines, "hello", echo, close 1000 from the app),
#           /ws/expired (the app closes with 1008 "session expired") and /nows (no WebSocket route: 403)
#   proxy   nghttpx (Debian's nghttp2-proxy), h2c frontend, HTTP/2 backend (proto=h2): it forwards each extended
#           CONNECT as one (RFC 8441 on both legs) with X-Forwarded-Proto and Via
#   backend hypercorn (Debian's python3-hypercorn) serving scripts/record.d/app.py, the same FastAPI app as the
#           lab's uvicorn, over h2c; it enables extended CONNECT (SETTINGS_ENABLE_CONNECT_PROTOCOL = 1)
# The client's JSON lines (what it sent and got), the servers' logs and tcpdump's go to samples/h2c-websocket.logs.txt.
# Then samples/h2c-upstream-websocket.pcap: curl and scripts/record.d/ws_client.py through Caddy 2.6 with
# `transport http { versions h2c }` (scripts/lab.d/caddyfile.sh's h2c variant) to the same hypercorn: the GET goes
# over h2c, the WebSocket cannot (Go's HTTP/2 refuses an Upgrade field) and Caddy answers it 502 itself.
# Root needed for tcpdump; everything listens and connects on 127.0.0.1 only and is stopped on exit.
# Needs: nodejs, nghttp2-proxy, python3-hypercorn, python3-fastapi, python3-websockets, caddy, curl, tcpdump.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
here="$root/scripts/record.d"
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY no_proxy NO_PROXY || true
backend=12656 proxy=18443 name=h2c-websocket

wait_port() { for _ in $(seq 100); do ss -Htln "sport = :$1" | grep -q . && return 0; sleep 0.1; done; echo "no listener on $1" >&2; exit 1; }

(cd "$here" && exec /usr/bin/python3 -m hypercorn --bind "127.0.0.1:$backend" --access-logfile - \
  --error-logfile - --log-level info app:app) >"$work/hypercorn.log" 2>&1 &
pids+=($!)
wait_port "$backend"
nghttpx --frontend="127.0.0.1,$proxy;no-tls" --backend="127.0.0.1,$backend;;proto=h2" --workers=1 \
  --no-ocsp --accesslog-file="$work/nghttpx-access.log" --errorlog-file="$work/nghttpx-error.log" \
  >"$work/nghttpx.out" 2>&1 &
pids+=($!)
wait_port "$proxy"

tcpdump -i lo -U -w "$work/$name.pcap" "tcp port $backend or tcp port $proxy" >/dev/null 2>"$work/tcpdump.log" &
dump=$!
for _ in $(seq 50); do grep -q "listening on" "$work/tcpdump.log" && break; sleep 0.1; done
node "$here/h2_ws_client.js" 127.0.0.1 "$proxy" /ws/abc123 /ws/expired /nows >"$work/client.log" 2>&1
sleep 1
kill -TERM "$dump"; wait "$dump" || true

install -m 0644 "$work/$name.pcap" "$root/samples/$name.pcap"
{ echo "# $name: recorded by scripts/record.d/record-h2-websocket.sh on $(date -u +%FT%TZ)"
  echo "# $(node --version | sed 's/^/node /'), $(nghttpx --version), hypercorn $(/usr/bin/python3 -c 'import importlib.metadata as m; print(m.version("hypercorn"))')"
  echo "# client -> 127.0.0.1:$proxy (nghttpx, h2c) -> 127.0.0.1:$backend (hypercorn, h2c)"
  echo "## client (node scripts/record.d/h2_ws_client.js 127.0.0.1 $proxy /ws/abc123 /ws/expired /nows)"; cat "$work/client.log"
  echo "## nghttpx access log"; cat "$work/nghttpx-access.log"
  echo "## nghttpx error log"; cat "$work/nghttpx-error.log" "$work/nghttpx.out" 2>/dev/null || true
  echo "## hypercorn"; cat "$work/hypercorn.log"
  echo "## tcpdump"; cat "$work/tcpdump.log"; } >"$root/samples/$name.logs.txt"
chmod 0644 "$root/samples/$name.logs.txt"
echo "wrote samples/$name.pcap ($(stat -c %s "$root/samples/$name.pcap") bytes) and $name.logs.txt"

# ---------------------------------------------------------------- Caddy with an h2c upstream, the same hypercorn
name=h2c-upstream-websocket caddy_port=18444
. "$root/scripts/lab.d/caddyfile.sh"
mkdir -p "$work/caddy-home"
caddyfile "$caddy_port" "127.0.0.1:$backend" h2c >"$work/Caddyfile"
HOME="$work/caddy-home" XDG_DATA_HOME="$work/caddy-home" XDG_CONFIG_HOME="$work/caddy-home" \
  caddy run --config "$work/Caddyfile" --adapter caddyfile >"$work/caddy.log" 2>&1 &
pids+=($!)
wait_port "$caddy_port"
hypercorn_from=$(wc -l <"$work/hypercorn.log")
tcpdump -i lo -U -w "$work/$name.pcap" "tcp port $backend or tcp port $caddy_port" >/dev/null 2>"$work/tcpdump2.log" &
dump=$!
for _ in $(seq 50); do grep -q "listening on" "$work/tcpdump2.log" && break; sleep 0.1; done
{ echo "\$ curl -sv http://127.0.0.1:$caddy_port/api/status"
  curl -sv --max-time 10 "http://127.0.0.1:$caddy_port/api/status" 2>&1
  echo; echo "\$ python3 scripts/record.d/ws_client.py 127.0.0.1 $caddy_port /ws/abc123"
  /usr/bin/python3 "$here/ws_client.py" 127.0.0.1 "$caddy_port" /ws/abc123 2>&1 || echo "(exit $?)"; } >"$work/client2.log"
sleep 1
kill -TERM "$dump"; wait "$dump" || true
install -m 0644 "$work/$name.pcap" "$root/samples/$name.pcap"
{ echo "# $name: recorded by scripts/record.d/record-h2-websocket.sh on $(date -u +%FT%TZ)"
  echo "# $(caddy version), hypercorn $(/usr/bin/python3 -c 'import importlib.metadata as m; print(m.version("hypercorn"))')"
  echo "# client -> 127.0.0.1:$caddy_port (Caddy, transport http { versions h2c }) -> 127.0.0.1:$backend (hypercorn, h2c)"
  echo "## clients"; cat "$work/client2.log"
  echo "## Caddyfile"; cat "$work/Caddyfile"
  echo "## Caddy log"; cat "$work/caddy.log"
  echo "## hypercorn (from this capture on)"; tail -n +"$((hypercorn_from + 1))" "$work/hypercorn.log"
  echo "## tcpdump"; cat "$work/tcpdump2.log"; } >"$root/samples/$name.logs.txt"
chmod 0644 "$root/samples/$name.logs.txt"
echo "wrote samples/$name.pcap ($(stat -c %s "$root/samples/$name.pcap") bytes) and $name.logs.txt"
