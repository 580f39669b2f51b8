"""Headless Chromium opens the dashboard page through Caddy, then its TAB is closed (run with /usr/bin/python3).

    browser.py HOST PORT [--path /] [--messages 2 | --until-closed] [--chromium /usr/lib/chromium/chromium]

Starts Debian's Chromium (the binary itself, not the /usr/bin/chromium wrapper, which adds Google API keys and
extension flags) headless with a fresh profile, drives it over the DevTools protocol (python websockets) on a
loopback port of its own, opens a new tab at http://HOST:PORT/PATH and waits until the page's WebSocket has
received MESSAGES frames (with --until-closed: until the page's WebSocket has closed, as when the browser fails
the connection on a frame or handshake that breaks the rules). Then it closes the tab with Target.closeTarget (or
Page.close) - the browser keeps running, like a user closing one tab. Chromium then sends a Close frame 1001
(Going Away) and closes the TCP connection right away, without reading the server's Close: measured on loopback,
the FIN follows the Close by 0.1-1 ms, so whether the server's Close makes it back to the browser's socket is a
race (it then answers it with an RST). After a grace period the browser is asked to quit (Browser.close).

Only HOST (it must be loopback) is ever contacted: no proxy, every host name but HOST resolves to nothing,
background networking, component updates, sync and QUIC are off, and a seccomp filter refuses Chromium any
AF_INET6 socket. Without that filter, Chromium's host resolver runs its IPv6 reachability probe (a UDP
connect() to 2001:4860:4860::8888:443) before every resolution, even of an IPv4 literal; connect() on UDP sends
nothing, but the route lookup makes Linux probe the IPv6 default router (a neighbour solicitation on eth0).

stdout: one JSON object per line (EVENT records; record.d/expect.py reads them as TOOL 'browser'):
  launch, http (every request of the tab: wire request/response heads from Network.*ExtraInfo), ws_created,
  ws_handshake (DevTools writes the URL in its request line, "GET ws://HOST:PORT/ws/abc123 HTTP/1.1"; the wire
  has the path), message (Network.webSocketFrame*), ws_frame_error (Network.webSocketFrameError: the browser
  failed the connection, with its reason), ws_closed_before_tab_close, page_log (what the page's own JS appended
  to #log), tab_closed, browser_exit. The favicon request is the browser's, not the tab's: DevTools does not show it.
stderr: what happened, in words, and Chromium's own stderr when something fails.
"""
import argparse
import asyncio
import ctypes
import ipaddress
import json
import os
import platform
import shutil
import struct
import subprocess
import sys
import tempfile
import time

import websockets


def event(**kw):
    print(json.dumps(kw), flush=True)


def say(msg):
    print(f"browser: {msg}", file=sys.stderr, flush=True)


class Cdp:
    """A minimal DevTools protocol client: one browser-level connection, flattened sessions."""

    def __init__(self, ws):
        self.ws, self.next_id, self.pending, self.events = ws, 0, {}, asyncio.Queue()
        self.reader = asyncio.create_task(self._read())

    async def _read(self):
        async for raw in self.ws:
            msg = json.loads(raw)
            if "id" in msg and msg["id"] in self.pending:
                self.pending.pop(msg["id"]).set_result(msg)
            else:
                await self.events.put(msg)

    async def call(self, method, session=None, **params):
        self.next_id += 1
        fut = asyncio.get_running_loop().create_future()
        self.pending[self.next_id] = fut
        msg = {"id": self.next_id, "method": method, "params": params}
        if session:
            msg["sessionId"] = session
        await self.ws.send(json.dumps(msg))
        reply = await asyncio.wait_for(fut, 10)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply.get("result", {})


# seccomp: socket(AF_INET6, ...) fails with EAFNOSUPPORT, everything else is allowed (linux/seccomp.h, filter.h)
SECCOMP_ARCH = {"x86_64": (0xC000003E, 41), "aarch64": (0xC00000B7, 198)}  # AUDIT_ARCH_*, __NR_socket


def no_ipv6_sockets():
    """preexec_fn: install the filter in the child, just before it execs Chromium."""
    arch, nr_socket = SECCOMP_ARCH[platform.machine()]
    ld, jeq, ret = 0x20, 0x15, 0x06  # BPF_LD|BPF_W|BPF_ABS, BPF_JMP|BPF_JEQ|BPF_K, BPF_RET|BPF_K
    allow, refuse = 0x7FFF0000, 0x00050000 | 97  # SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO | EAFNOSUPPORT
    prog = [(ld, 0, 0, 4), (jeq, 0, 5, arch),        # seccomp_data.arch; another ABI -> allow
            (ld, 0, 0, 0), (jeq, 0, 3, nr_socket),   # seccomp_data.nr
            (ld, 0, 0, 16), (jeq, 0, 1, 10),         # args[0] (low word) == AF_INET6
            (ret, 0, 0, refuse), (ret, 0, 0, allow)]
    buf = ctypes.create_string_buffer(b"".join(struct.pack("HBBI", *i) for i in prog))
    fprog = struct.pack("HxxxxxxP", len(prog), ctypes.addressof(buf))
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(38, 1, 0, 0, 0) != 0 or libc.prctl(22, 2, ctypes.c_char_p(fprog), 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_SECCOMP) failed")  # PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP


def head_lines(text):
    return [x for x in (text or "").split("\r\n") if x]


def header_lines(headers):
    return [f"{k}: {v}" for k, v in (headers or {}).items()]


async def drive(a, cdp_url, url):
    async with websockets.connect(cdp_url, max_size=None, ping_interval=None, open_timeout=10) as ws:
        cdp = Cdp(ws)
        target = (await cdp.call("Target.createTarget", url="about:blank"))["targetId"]
        session = (await cdp.call("Target.attachToTarget", targetId=target, flatten=True))["sessionId"]
        for domain in ("Network", "Page"):
            await cdp.call(f"{domain}.enable", session)
        say(f"new tab {target}; navigating to {url}")
        await cdp.call("Page.navigate", session, url=url)

        reqs, order, frames, loaded, ws_closed = {}, [], 0, False, False
        deadline = time.monotonic() + a.timeout
        while not loaded or (not ws_closed if a.until_closed else frames < a.messages):
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"after {a.timeout} s: page loaded={loaded}, WebSocket frames received={frames}"
                                   f", closed={ws_closed}")
            try:
                msg = await asyncio.wait_for(cdp.events.get(), left)
            except asyncio.TimeoutError:
                continue
            m, p = msg.get("method"), msg.get("params", {})
            rid = p.get("requestId")
            if m == "Network.requestWillBeSent":
                r = reqs.setdefault(rid, {})
                r.update(method=p["request"]["method"], url=p["request"]["url"])
                order.append(rid)
            elif m == "Network.requestWillBeSentExtraInfo":
                reqs.setdefault(rid, {})["request_headers"] = header_lines(p.get("headers"))
            elif m == "Network.responseReceivedExtraInfo":
                r = reqs.setdefault(rid, {})
                r["response_head"] = head_lines(p.get("headersText")) or header_lines(p.get("headers"))
            elif m == "Network.responseReceived":
                resp = p["response"]
                reqs.setdefault(rid, {}).update(status=resp["status"], protocol=resp.get("protocol"),
                                                remote=f"{resp.get('remoteIPAddress')}:{resp.get('remotePort')}",
                                                connection_id=resp.get("connectionId"))
            elif m == "Network.loadingFinished" or m == "Network.loadingFailed":
                r = reqs.get(rid, {})
                if m == "Network.loadingFailed":
                    r["error"] = p.get("errorText")
                if "method" in r:
                    event(ev="http", **r)
            elif m == "Network.webSocketCreated":
                event(ev="ws_created", url=p["url"])
            elif m == "Network.webSocketHandshakeResponseReceived":
                resp = p["response"]
                event(ev="ws_handshake", status=resp["status"],
                      request=head_lines(resp.get("requestHeadersText")) or header_lines(resp.get("requestHeaders")),
                      response=head_lines(resp.get("headersText")) or header_lines(resp.get("headers")))
            elif m in ("Network.webSocketFrameReceived", "Network.webSocketFrameSent"):
                f = p["response"]
                d = "server->client" if m.endswith("Received") else "client->server"
                event(ev="message", dir=d, opcode=f["opcode"], type="text" if f["opcode"] == 1 else "binary",
                      data=f["payloadData"])
                frames += d == "server->client"
            elif m == "Network.webSocketFrameError":
                event(ev="ws_frame_error", error=p.get("errorMessage"))
            elif m == "Network.webSocketClosed":
                event(ev="ws_closed_before_tab_close")
                ws_closed = True
            elif m == "Page.loadEventFired":
                loaded = True

        for _ in range(20):   # the page's onclose runs after DevTools reports the close: give it 2 s
            log = await cdp.call("Runtime.evaluate", session,
                                 expression='document.getElementById("log").textContent', returnByValue=True)
            if not a.until_closed or "close code=" in log["result"].get("value", ""):
                break
            await asyncio.sleep(0.1)
        event(ev="page_log", lines=log["result"].get("value", "").splitlines())

        # Close the tab, not the browser: the page is unloaded and its WebSocket goes away with it.
        if a.close_with == "page":
            res = await cdp.call("Page.close", session)
        else:
            res = await cdp.call("Target.closeTarget", targetId=target)
        gone = False
        while not gone:
            msg = await asyncio.wait_for(cdp.events.get(), 10)
            gone = msg.get("method") == "Target.detachedFromTarget" and msg["params"].get("sessionId") == session
        event(ev="tab_closed", how="Page.close" if a.close_with == "page" else "Target.closeTarget", result=res,
              note="the browser keeps running. Closing the tab makes Chromium send a WebSocket Close 1001 (Going "
                   "Away) and then drop the connection at once, without waiting for the server's Close (FIN, or RST "
                   "when that Close has already arrived). DevTools cannot report frames of a closed tab")
        say(f"tab closed; waiting {a.grace} s before quitting the browser")
        await asyncio.sleep(a.grace)
        await cdp.call("Browser.close")
        cdp.reader.cancel()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("host")
    ap.add_argument("port", type=int)
    ap.add_argument("--path", default="/")
    ap.add_argument("--messages", type=int, default=2, help="WebSocket frames from the server to wait for")
    ap.add_argument("--until-closed", action="store_true",
                    help="wait for the page's WebSocket to close (the browser failed it) instead of for --messages")
    ap.add_argument("--grace", type=float, default=1.5, help="seconds between closing the tab and quitting")
    ap.add_argument("--timeout", type=float, default=20)
    ap.add_argument("--close-with", choices=("target", "page"), default="target",
                    help="Target.closeTarget (default) or Page.close (runs the page's unload handlers first)")
    ap.add_argument("--chromium", default="/usr/lib/chromium/chromium")
    a = ap.parse_args()
    if not ipaddress.ip_address(a.host).is_loopback:
        sys.exit(f"refusing non-loopback host {a.host}")
    if platform.machine() not in SECCOMP_ARCH:
        sys.exit(f"browser: no seccomp filter for {platform.machine()}; refusing to start Chromium without it")
    if not os.access(a.chromium, os.X_OK):
        sys.exit(f"browser: no Chromium at {a.chromium} (scripts/install-deps --test installs Debian's chromium)")

    profile = tempfile.mkdtemp(prefix="lab-chromium-")
    argv = [a.chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-extensions", "--disable-default-apps", "--no-default-browser-check", "--disable-dev-shm-usage",
            "--disable-features=MediaRouter,OptimizationHints,Translate,InterestFeedContentSuggestions",
            "--no-proxy-server", f"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE {a.host}",
            "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", f"--user-data-dir={profile}",
            "about:blank"]
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    errlog = open(os.path.join(profile, "chromium.stderr"), "w+")
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=errlog, stderr=errlog, env=env,
                            preexec_fn=no_ipv6_sockets)
    rc, ok = None, False
    try:
        port_file = os.path.join(profile, "DevToolsActivePort")
        for _ in range(200):
            if os.path.exists(port_file):
                lines = open(port_file).read().split()
                if len(lines) == 2:
                    break
            if proc.poll() is not None:
                raise RuntimeError(f"Chromium exited {proc.returncode} before DevTools came up")
            time.sleep(0.1)
        else:
            raise RuntimeError("no DevToolsActivePort after 20 s")
        cdp_url = f"ws://127.0.0.1:{lines[0]}{lines[1]}"
        event(ev="launch", argv=[os.path.basename(argv[0])] + argv[1:-2] + ["--user-data-dir=<fresh temp dir>"]
              + argv[-1:], version=subprocess.run([a.chromium, "--version"], capture_output=True,
                                                  text=True).stdout.strip())
        url = f"http://{a.host}:{a.port}{a.path}"
        asyncio.run(drive(a, cdp_url, url))
        ok = True
    except Exception as e:  # noqa: BLE001 - say what happened, with Chromium's own words
        say(f"failed: {type(e).__name__}: {e}")
        errlog.flush()
        errlog.seek(0)
        print(errlog.read()[-4000:], file=sys.stderr)
    finally:
        try:
            rc = proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.terminate()
            try:
                rc = proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
                rc = proc.wait()
        errlog.close()
        shutil.rmtree(profile, ignore_errors=True)
    event(ev="browser_exit", code=rc)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
