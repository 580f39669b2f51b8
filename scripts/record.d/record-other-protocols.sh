#!/usr/bin/env bash
# Records what real software that is NOT plain HTTP puts on the wire, for issue #13's detection tests:
#   samples/other-protocols.pcap   SMTP, FTP, POP3, IMAP, SSH and Redis sessions (none of them HTTP)
#   samples/socks-then-http.pcap   curl through SOCKS5 (microsocks) and SOCKS4/4a (Dante) to uvicorn
#   samples/proxy-protocol.pcap    curl -> HAProxy -> nginx, HAProxy sending PROXY protocol v1 and v2
#   samples/keepalive-probe-first.pcap, samples/odd-status.pcap (see their sections)
# Usage: record-other-protocols.sh [NAME...]   (no NAME: all; NAME is a capture's name without .pcap)
# Servers and clients are Debian's: python3 (smtpd, smtplib, ftplib, poplib, imaplib), python3-pyftpdlib,
# python3-twisted (POP3, IMAP), redis-server/redis-tools, openssh-server/-client, microsocks, dante-server, haproxy,
# nginx-light, curl, python3-uvicorn. Root needed for tcpdump. Everything listens and connects on 127.0.0.1 only;
# everything started is stopped on exit.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
py=/usr/bin/python3
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY no_proxy NO_PROXY || true
wanted=("$@")
want() { [[ ${#wanted[@]} -eq 0 || " ${wanted[*]} " == *" $1 "* ]]; }

wait_port() { for _ in $(seq 100); do ss -Htln "sport = :$1" | grep -q . && return 0; sleep 0.1; done; echo "no listener on $1" >&2; exit 1; }
start() { "$@" >>"$work/servers.log" 2>&1 & pids+=($!); }

capture_start() {  # NAME FILTER
  tcpdump -i lo -U -w "$work/$1.pcap" "$2" >/dev/null 2>"$work/$1.tcpdump" &
  dump=$!
  for _ in $(seq 50); do grep -q "listening on" "$work/$1.tcpdump" && break; sleep 0.1; done
}
capture_stop() {  # NAME
  sleep 1
  kill -TERM "$dump"; wait "$dump" || true
  install -m 0644 "$work/$1.pcap" "$root/samples/$1.pcap"
  { echo "# $1: recorded by scripts/record.d/record-other-protocols.sh on $(date -u +%FT%TZ)"
    echo "## clients"; cat "$work/clients.log"; echo "## servers"; cat "$work/servers.log"
    echo "## tcpdump"; cat "$work/$1.tcpdump"; } >"$root/samples/$1.logs.txt"
  : >"$work/clients.log"; : >"$work/servers.log"
}
client() { echo "\$ $*" >>"$work/clients.log"; "$@" >>"$work/clients.log" 2>&1 || echo "(exit $?)" >>"$work/clients.log"; }

# ---------------------------------------------------------------- line protocols
if want other-protocols; then
start $py -W ignore -c 'import smtpd, asyncore; smtpd.DebuggingServer(("127.0.0.1", 2525), None); asyncore.loop()'
mkdir -p "$work/ftp"; echo hello >"$work/ftp/hello.txt"
start $py -c "
from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import FTPHandler
from pyftpdlib.servers import FTPServer
a = DummyAuthorizer(); a.add_anonymous('$work/ftp')
h = FTPHandler; h.authorizer = a; h.passive_ports = range(30000, 30010)
FTPServer(('127.0.0.1', 2121), h).serve_forever()"
start $py -c '
from twisted.internet import reactor, protocol
from twisted.mail import pop3, imap4
f = protocol.ServerFactory(); f.protocol = pop3.POP3
g = protocol.ServerFactory(); g.protocol = imap4.IMAP4Server
reactor.listenTCP(1110, f, interface="127.0.0.1"); reactor.listenTCP(1143, g, interface="127.0.0.1"); reactor.run()'
start redis-server --port 6380 --bind 127.0.0.1 --save "" --appendonly no
mkdir -p /run/sshd  # sshd insists on its privilege-separation directory
start /usr/sbin/sshd -D -e -p 2222 -o ListenAddress=127.0.0.1 -o PidFile="$work/sshd.pid"
for p in 2525 2121 1110 1143 6380 2222; do wait_port "$p"; done

capture_start other-protocols "tcp port 2525 or tcp port 2121 or portrange 30000-30009 or tcp port 1110 or tcp port 1143 or tcp port 6380 or tcp port 2222"
client $py -c '
import smtplib
with smtplib.SMTP("127.0.0.1", 2525) as s:
    s.ehlo("dashboard.example"); s.sendmail("ops@example.org", ["oncall@example.org"], "Subject: ws 404\r\n\r\nWebSocket fails behind Caddy.\r\n")'
client $py -c '
import ftplib
f = ftplib.FTP(); f.connect("127.0.0.1", 2121); f.login(); f.retrlines("RETR hello.txt"); f.quit()'
client $py -c '
import poplib
p = poplib.POP3("127.0.0.1", 1110); print(p.getwelcome()); 
try: p.user("bob"); p.pass_("secret")
except poplib.error_proto as e: print(e)
p.quit()'
client $py -c '
import imaplib
m = imaplib.IMAP4("127.0.0.1", 1143); print(m.capabilities)
try: m.login("bob", "secret")
except imaplib.IMAP4.error as e: print(e)
m.logout()'
client redis-cli -h 127.0.0.1 -p 6380 SET session:42 open
client redis-cli -h 127.0.0.1 -p 6380 GET session:42
client ssh -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -p 2222 nobody@127.0.0.1 true
capture_stop other-protocols
fi

# ---------------------------------------------------------------- SOCKS in front of HTTP
start $py -m uvicorn --app-dir "$root/scripts/record.d" app:app --host 127.0.0.1 --port 12656 --no-proxy-headers
wait_port 12656
if want socks-then-http; then
start microsocks -i 127.0.0.1 -p 1080
cat >"$work/danted.conf" <<EOF
logoutput: stderr
internal: 127.0.0.1 port = 1081
external: 127.0.0.1
socksmethod: none
clientmethod: none
user.privileged: root
user.unprivileged: nobody
client pass {
  from: 127.0.0.0/8 to: 0.0.0.0/0
}
socks pass {
  from: 127.0.0.0/8 to: 127.0.0.0/8
  command: connect
}
EOF
start danted -f "$work/danted.conf"
for p in 1080 1081; do wait_port "$p"; done
capture_start socks-then-http "tcp port 1080 or tcp port 1081"
client curl -sS --max-time 10 --socks5 127.0.0.1:1080 http://127.0.0.1:12656/api/status
client curl -sS --max-time 10 --socks5-hostname 127.0.0.1:1080 http://localhost:12656/api/status
client curl -sS --max-time 10 --socks4 127.0.0.1:1081 http://127.0.0.1:12656/api/status
client curl -sS --max-time 10 --socks4a 127.0.0.1:1081 http://localhost:12656/api/status
capture_stop socks-then-http
fi

# ---------------------------------------------------------------- PROXY protocol to the backend
if want proxy-protocol; then
cat >"$work/nginx.conf" <<EOF
daemon off; pid $work/nginx.pid; error_log stderr;
events {}
http {
  access_log off; client_body_temp_path $work; proxy_temp_path $work;
  server { listen 127.0.0.1:12660 proxy_protocol; location / { return 200 "proxied for \$proxy_protocol_addr\n"; } }
}
EOF
cat >"$work/haproxy.cfg" <<EOF
defaults
  mode http
  timeout connect 5s
  timeout client 10s
  timeout server 10s
frontend v1
  bind 127.0.0.1:18081
  default_backend nginx_v1
frontend v2
  bind 127.0.0.1:18082
  default_backend nginx_v2
backend nginx_v1
  server n 127.0.0.1:12660 send-proxy
backend nginx_v2
  server n 127.0.0.1:12660 send-proxy-v2
EOF
start nginx -c "$work/nginx.conf"
start haproxy -db -f "$work/haproxy.cfg"
for p in 12660 18081 18082; do wait_port "$p"; done
capture_start proxy-protocol "tcp port 12660"
client curl -sS --max-time 10 http://127.0.0.1:18081/api/status
client curl -sS --max-time 10 http://127.0.0.1:18082/api/status
capture_stop proxy-protocol
fi

# ---------------------------------------------------------------- a capture that starts on keep-alive probes
# A client with TCP keep-alive after 1 s idle makes one request, idles 3.5 s (the kernel probes every second: Linux
# sends SND.NXT-1 with no payload, RFC 9293 §3.8.4), then makes another. The saved capture starts at the first
# probe, as one started on an idle connection would (cut with editcap where tshark flags tcp.analysis.keep_alive).
if want keepalive-probe-first; then
capture_start keepalive-probe-first "tcp port 12656"
client $py -c '
import socket, time
s = socket.create_connection(("127.0.0.1", 12656))
s.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, 1)
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, 1)
def get(path):
    s.sendall(b"GET " + path + b" HTTP/1.1\r\nHost: 127.0.0.1:12656\r\n\r\n")
    time.sleep(0.3); print(s.recv(65536).decode())
get(b"/api/status"); time.sleep(3.5); get(b"/api/status?after=idle"); s.close()'
capture_stop keepalive-probe-first
first=$(tshark -r "$root/samples/keepalive-probe-first.pcap" -Y tcp.analysis.keep_alive -T fields -e frame.number 2>/dev/null | head -1)
[[ -n $first ]] || { echo "no keep-alive probe was captured" >&2; exit 1; }
editcap -r "$root/samples/keepalive-probe-first.pcap" "$work/cut.pcap" "$first-1000000" && install -m 0644 "$work/cut.pcap" "$root/samples/keepalive-probe-first.pcap"
echo "## cut: editcap -r ... $first-1000000 (the capture starts at the first keep-alive probe)" >>"$root/samples/keepalive-probe-first.logs.txt"
fi

# ---------------------------------------------------------------- odd status codes
# A raw server (python socket) answers by path: /zero-padded "HTTP/1.1 0200 OK", /letters "HTTP/1.1 2XX OK",
# /normal "HTTP/1.1 200 OK" (curl refuses the first two: "Unsupported response code", and closes).
if want odd-status; then
start $py -c '
import socket
status = {b"/zero-padded": b"0200 OK", b"/letters": b"2XX OK", b"/normal": b"200 OK"}
srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); srv.bind(("127.0.0.1", 12661)); srv.listen()
while True:
    c, _ = srv.accept(); buf = b""
    while True:
        while b"\r\n\r\n" not in buf:
            data = c.recv(4096)
            if not data: break
            buf += data
        if b"\r\n\r\n" not in buf: break
        head, buf = buf.split(b"\r\n\r\n", 1)
        path = head.split(b" ")[1]
        c.sendall(b"HTTP/1.1 " + status.get(path, b"404 Not Found") + b"\r\nContent-Length: 3\r\n\r\nok\n")
    c.close()'
wait_port 12661
capture_start odd-status "tcp port 12661"
client curl -sS --max-time 5 -w '%{http_code}\n' http://127.0.0.1:12661/zero-padded http://127.0.0.1:12661/letters http://127.0.0.1:12661/normal
capture_stop odd-status
fi
