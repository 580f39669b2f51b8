"""A backend whose WebSocket breaks RFC 6455 after a correct handshake (run with /usr/bin/python3).

    misframing_backend.py HOST PORT [--frame masked|ping130|reserved|rsv1|binary-as-text|binary-as-compressed-text|
                                             deflate-invalid]

For the lab's backend-misframes and binary-as-text scenarios: a WebSocket server written with a client's framing, the way hand-written
or client-library backends get it wrong. GET / serves the dashboard replica's page, whose script opens
ws://HOST:PORT/ws/abc123 and writes into #log what the page sees (open, each message, error, the close code).
GET /ws/* gets python3-websockets' own handshake (its sans-I/O ServerConnection: a correct 101 and accept), one
correct text frame, then, 0.3 s later, one frame that a client must fail the connection on (RFC 6455 §7.1.7):

  masked    the next log line framed as websockets frames a client's (Frame.serialize(mask=True)): §5.1
  ping130   a ping with 130 payload bytes: §5.5 allows 125
  reserved  a frame with reserved opcode 3: §5.2
  rsv1      a text frame with RSV1 set, no extension negotiated: §5.2
  binary-as-text  a PNG file's signature sent in a text frame (binary data as text): §8.1, text must be UTF-8
  binary-as-compressed-text  the same, with permessage-deflate agreed (websockets' own extension, as uvicorn
            agrees it): the text frame is compressed, its bytes are not UTF-8 once inflated (RFC 7692 §7.2.2)
  deflate-invalid  with permessage-deflate agreed, a compressed text frame whose payload is not DEFLATE data
            (ff ff ff: block type 11, reserved by RFC 1951 §3.2.3): its receiver cannot inflate it

It then waits up to 3 s for what comes back (a browser's close 1002), logs it, and closes. Anything else is a 404.
Logs go to stderr, access lines in uvicorn's format. Only a loopback HOST is accepted.
"""
import argparse
import asyncio
import ipaddress
import sys

from websockets.extensions.permessage_deflate import ServerPerMessageDeflateFactory
from websockets.frames import Frame, Opcode
from websockets.server import ServerConnection

PAGE = b"""<!doctype html>
<html><head><title>Dashboard</title></head>
<body><h1>Dashboard</h1><pre id="log"></pre>
<script>
const log = (t) => { document.getElementById("log").textContent += t + "\\n"; };
const ws = new WebSocket(`ws://${location.host}/ws/abc123`);
ws.onopen = () => log("open");
ws.onmessage = (e) => log(e.data);
ws.onerror = () => log("error");
ws.onclose = (e) => log(`close code=${e.code} clean=${e.wasClean}`);
</script></body></html>
"""

BAD = {
    "masked": lambda: Frame(Opcode.TEXT, b"log: tailing dashboard.log").serialize(mask=True),
    "ping130": lambda: bytes([0x89, 126, 0, 130]) + b"x" * 130,
    "reserved": lambda: bytes([0x83, 0x00]),
    "rsv1": lambda: bytes([0xC1, 0x02]) + b"hi",
    "binary-as-text": lambda: bytes([0x81, 0x08]) + b"\x89PNG\r\n\x1a\n",
    # sent through the connection, whose agreed permessage-deflate compresses it (send_text takes bytes as they are)
    "binary-as-compressed-text": lambda conn: conn.send_text(b"\x89PNG\r\n\x1a\n"),
    "deflate-invalid": lambda conn: bytes([0xC1, 0x03]) + b"\xff\xff\xff",
}
COMPRESSED = {"binary-as-compressed-text", "deflate-invalid"}


def say(line):
    print(line, file=sys.stderr, flush=True)


def access(peer, head, status):
    line = head.split(b"\r\n", 1)[0].decode("latin-1")
    say(f'INFO:     {peer[0]}:{peer[1]} - "{line}" {status}')


async def handle(reader, writer, kind):
    peer = writer.get_extra_info("peername")
    try:
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, asyncio.TimeoutError):
        writer.close()
        return
    if head.startswith(b"GET / "):
        access(peer, head, "200 OK")
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: %d\r\n\r\n"
                     % len(PAGE) + PAGE)
        await writer.drain()
        writer.close()
        return
    if not head.startswith(b"GET /ws/"):
        access(peer, head, "404 Not Found")
        writer.write(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        await writer.drain()
        writer.close()
        return
    conn = ServerConnection(extensions=[ServerPerMessageDeflateFactory()] if kind in COMPRESSED else None)
    conn.receive_data(head)
    response = conn.accept(conn.events_received()[0])
    conn.send_response(response)
    access(peer, head, f"{response.status_code} {response.reason_phrase}")
    conn.send_text(b"log: session abc123 attached")
    writer.write(b"".join(conn.data_to_send()))
    await writer.drain()
    await asyncio.sleep(0.3)
    if kind in COMPRESSED:
        raw = BAD[kind](conn)  # bytes of its own, or None when the connection framed (and compressed) it
        writer.write(raw if raw is not None else b"".join(conn.data_to_send()))
    else:
        writer.write(BAD[kind]())
    await writer.drain()
    say(f"INFO:     misframed {peer[0]}:{peer[1]} sent the bad frame")
    try:
        back = await asyncio.wait_for(reader.read(1000), 3)
        say(f"INFO:     misframed {peer[0]}:{peer[1]} got back {back.hex() or 'EOF'}")
    except asyncio.TimeoutError:
        say(f"INFO:     misframed {peer[0]}:{peer[1]} got nothing back in 3 s")
    writer.close()


async def serve(host, port, kind):
    server = await asyncio.start_server(lambda r, w: handle(r, w, kind), host, port)
    say(f"INFO:     misframing backend on http://{host}:{port}")
    async with server:
        await server.serve_forever()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("host")
    ap.add_argument("port", type=int)
    ap.add_argument("--frame", choices=sorted(BAD), default="masked")
    a = ap.parse_args()
    if not ipaddress.ip_address(a.host).is_loopback:
        sys.exit(f"refusing non-loopback host {a.host}")
    try:
        asyncio.run(serve(a.host, a.port, a.frame))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
