"""WebSocket client used by record-fixtures (run with /usr/bin/python3, websockets 10.x).

    ws_client.py HOST PORT PATH [--send TEXT | --send-size N | --send-latin1 TEXT] [--expect N] [--stall]
                 [--ping-interval S --ping-timeout S] [--host-header NAME[:PORT]]

Connects ONLY to HOST:PORT (HOST must be a loopback address), performs the handshake for
ws://HOST:PORT/PATH, receives N server messages, sends TEXT, receives until the server closes.
With --stall it plays a client that hangs after the N messages: it sends nothing, not even the pongs
websockets would send for the server's pings (its pong() does nothing), and waits up to 30 s for the server
to give up. --ping-interval/--ping-timeout set websockets' own keepalive (20 s each by default): it pings, and
closes with 1011 "keepalive ping timeout" when no pong comes back in time. --host-header puts NAME in the
handshake's Host (and the URI) while the connection still goes to HOST:PORT, as a browser at a public name does. --send-latin1 sends TEXT encoded as
Latin-1 in a text frame (a client that gets its encoding wrong): not UTF-8 once past ASCII, and compressed like
any message when permessage-deflate was agreed.

stderr: websockets' own debug transcript ("> GET ...", "> Host: ...", "< HTTP/1.1 101 ...",
        "< TEXT ...", "> CLOSE ...").
stdout: one JSON object per line (EVENT records) that record-fixtures turns into expect.json.
"""
import argparse
import asyncio
import ipaddress
import json
import logging
import socket
import sys

import websockets
from websockets.exceptions import ConnectionClosed, InvalidStatusCode
from websockets.frames import Opcode
from websockets.legacy.client import WebSocketClientProtocol


class StalledProtocol(WebSocketClientProtocol):
    """websockets' client, except that it never answers a ping: a hung tab or a stalled network, seen from the
    server."""

    async def pong(self, data=b""):
        return None


class Printable(logging.Filter):
    """websockets' debug line for a frame decodes a text frame's data as UTF-8; one that is not (--send-latin1)
    would raise inside logging, so its line says so instead."""

    def filter(self, record):
        try:
            record.getMessage()
        except UnicodeDecodeError:
            record.msg, record.args = "= TEXT frame whose data is not UTF-8 (not printed)", ()
        return True


class HeaderCollector(logging.Handler):
    """Collects the handshake lines websockets logs at debug level ("> GET ...", "< HTTP/1.1 ...")."""

    FRAMES = ("TEXT", "BINARY", "CLOSE", "PING", "PONG", "CONT", "EOF", "x ", "= ")

    def __init__(self):
        super().__init__()
        self.request, self.response, self.phase = [], [], None

    def emit(self, record):
        msg = record.getMessage()
        if msg.startswith("> GET "):
            self.phase = self.request
        elif msg.startswith("< HTTP/"):
            self.phase = self.response
        elif self.phase is None or msg[:2] not in ("> ", "< ") or msg[2:].startswith(self.FRAMES):
            self.phase = None
            return
        self.phase.append(msg[2:])


def event(**kw):
    print(json.dumps(kw), flush=True)


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("host")
    ap.add_argument("port", type=int)
    ap.add_argument("path")
    ap.add_argument("--send", default="hello from ws_client")
    ap.add_argument("--send-size", type=int, help="send a text message of N 'x' characters instead of --send")
    ap.add_argument("--send-latin1", help="send this text encoded as Latin-1 in a text frame instead of --send")
    ap.add_argument("--expect", type=int, default=2, help="server messages to read before sending")
    ap.add_argument("--stall", action="store_true", help="after --expect messages send nothing, answer no ping")
    ap.add_argument("--ping-interval", type=float, default=20.0, help="seconds between the client's pings")
    ap.add_argument("--ping-timeout", type=float, default=20.0, help="seconds the client waits for a pong")
    ap.add_argument("--host-header", help="the Host to send (default HOST:PORT); the connection still goes to HOST")
    a = ap.parse_args()
    if not ipaddress.ip_address(a.host).is_loopback:
        sys.exit(f"refusing non-loopback host {a.host}")
    if a.send_size is not None:
        a.send = "x" * a.send_size

    logging.basicConfig(stream=sys.stderr, level=logging.DEBUG,
                        format="ws_client %(levelname)s %(name)s: %(message)s")
    collector = HeaderCollector()
    collector.addFilter(Printable())
    for handler in logging.getLogger().handlers:
        handler.addFilter(Printable())
    logging.getLogger("websockets.client").addHandler(collector)

    sock = socket.create_connection((a.host, a.port))
    local_port = sock.getsockname()[1]
    uri = f"ws://{a.host_header or f'{a.host}:{a.port}'}{a.path}"  # with sock=, the URI only names the Host
    event(ev="connect", uri=uri, local_port=local_port)
    try:
        ws = await websockets.connect(uri, sock=sock, open_timeout=5, ping_interval=None,
                                      create_protocol=StalledProtocol) if a.stall else \
            await websockets.connect(uri, sock=sock, open_timeout=5, ping_interval=a.ping_interval,
                                     ping_timeout=a.ping_timeout)
    except InvalidStatusCode as e:
        event(ev="handshake", local_port=local_port, request=collector.request, response=collector.response,
              status=e.status_code, ok=False, error=str(e))
        return 0
    except Exception as e:  # noqa: BLE001 - record whatever really happened
        event(ev="handshake", local_port=local_port, request=collector.request, response=collector.response,
              status=None, ok=False, error=f"{type(e).__name__}: {e}")
        return 0
    event(ev="handshake", local_port=local_port, request=collector.request, response=collector.response,
          status=101, ok=True)
    try:
        for _ in range(a.expect):
            msg = await asyncio.wait_for(ws.recv(), 5)
            event(ev="message", dir="server->client", type="text" if isinstance(msg, str) else "binary", data=msg)
        if a.stall:
            await asyncio.wait_for(ws.wait_closed(), 30)
        else:
            if a.send_latin1 is not None:
                # websockets' own send() encodes as UTF-8; write_frame() puts these bytes in a text frame as they
                # are, through the agreed extensions (permessage-deflate compresses them)
                await ws.write_frame(True, Opcode.TEXT, a.send_latin1.encode("latin-1"))
                event(ev="message", dir="client->server", type="text", data=a.send_latin1, encoding="latin-1")
            else:
                await ws.send(a.send)
                event(ev="message", dir="client->server", type="text", data=a.send)
            while True:
                msg = await asyncio.wait_for(ws.recv(), 5)
                event(ev="message", dir="server->client", type="text" if isinstance(msg, str) else "binary",
                      data=msg)
    except ConnectionClosed:
        pass
    await ws.wait_closed()
    # close_code is websockets' view (1006 when it dropped the connection before the peer's close came back, as
    # after a keepalive timeout); sent_code is the close frame it put on the wire itself
    sent = ws.close_sent
    event(ev="closed", local_port=local_port, close_code=ws.close_code, close_reason=ws.close_reason,
          closed_by="server" if ws.close_rcvd_then_sent else "client",
          sent_code=sent.code if sent else None, sent_reason=sent.reason if sent else None)
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
