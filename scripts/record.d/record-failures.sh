#!/usr/bin/env bash
# Records two failure captures from real software on loopback, for the diagnoses that need a misbehaving peer:
#   samples/direct-ws-client-vanishes.pcap    a WebSocket client that dies mid-session (FIN, no close frame)
#   samples/direct-request-never-answered.pcap a request whose announced body never comes (no response)
# uvicorn serves scripts/record.d/app.py on 127.0.0.1; clients are Debian's python3 (websockets 10.x).
# Root needed for tcpdump. Everything on 127.0.0.1; everything started is stopped on exit.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
py=/usr/bin/python3
port="${1:-12657}"
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

$py -m uvicorn --app-dir "$root/scripts/record.d" app:app --host 127.0.0.1 --port "$port" --no-proxy-headers \
  >"$work/uvicorn.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null && break; sleep 0.1; done

record() {  # NAME, then the client command
  local name="$1"; shift
  tcpdump -i lo -U -w "$root/samples/$name.pcap" "tcp port $port" >"$work/tcpdump.out" 2>"$work/tcpdump.err" &
  local dump=$!
  for _ in $(seq 50); do grep -q "listening on" "$work/tcpdump.err" && break; sleep 0.1; done
  : >"$work/uvicorn.log.mark"; local before; before=$(wc -l <"$work/uvicorn.log")
  "$@" >"$work/client.out" 2>&1 || true
  sleep 1
  kill -TERM "$dump"; wait "$dump" || true
  {
    echo "# $name: recorded by scripts/record.d/record-failures.sh on $(date -u +%FT%TZ)"
    echo "# client command: $*"
    echo "## client output"; cat "$work/client.out"
    echo "## uvicorn log (this recording)"; tail -n +"$((before + 1))" "$work/uvicorn.log"
    echo "## tcpdump"; cat "$work/tcpdump.err"
  } >"$root/samples/$name.logs.txt"
}

# 1. The client opens /ws/vanish, reads the server's first message, then its process dies (os._exit): the kernel
#    closes the socket with a FIN and no WebSocket close frame ever goes out.
record direct-ws-client-vanishes $py -c '
import asyncio, os, websockets
async def main():
    ws = await websockets.connect("ws://127.0.0.1:'"$port"'/ws/vanish", compression=None)
    print("client: connected, 101 received")
    print("client: received", await ws.recv())
    print("client: exiting without a close frame")
    os._exit(0)
asyncio.run(main())'

# 2. The client announces a 100-byte JSON body, sends 6 bytes of it, waits 2 s and closes: uvicorn keeps waiting
#    for the rest of the body and never answers.
record direct-request-never-answered $py -c '
import socket, time
s = socket.create_connection(("127.0.0.1", '"$port"'))
s.sendall(b"POST /api/echo HTTP/1.1\r\nHost: 127.0.0.1:'"$port"'\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"n\": ")
print("client: sent the head and 6 of 100 body bytes; waiting 2 s")
s.settimeout(2)
try:
    print("client: got", s.recv(1000))
except socket.timeout:
    print("client: no response in 2 s; closing")
s.close()'
echo "recorded samples/direct-ws-client-vanishes.pcap and samples/direct-request-never-answered.pcap"
