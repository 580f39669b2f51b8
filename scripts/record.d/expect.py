"""Build samples/NAME.expect.json and samples/NAME.logs.txt from what the software itself printed.

Called by scripts/record-fixtures after a capture. Sources, never a packet analyser:
  * curl -v transcripts ("> " request lines, "< " response lines) + curl -w (local port per transfer)
  * ws_client.py / raw_client.py JSON event lines (they print their own local port, headers, messages)
  * lab.d/browser.py JSON event lines (Chromium's DevTools view: request/handshake heads, WebSocket frames);
    a browser does not tell its local ports, so its connections come from Caddy's access log (remote_port
    of the requests whose User-Agent is Chromium's)
  * uvicorn's access log ("127.0.0.1:PORT - \"GET / HTTP/1.1\" 200 OK"), its WARNINGs and the
    app's own "app-ws ..." lines
  * Caddy's JSON log (access log "handled request", debug "upstream roundtrip")
"""
import argparse
import json
import os
import re
import shlex
import subprocess
import urllib.parse

KEY_HEADERS = ["Host", "Upgrade", "Connection", "Sec-WebSocket-Key", "Sec-WebSocket-Version"]
PKGS = ["caddy", "python3-uvicorn", "python3-fastapi", "python3-starlette", "python3-websockets",
        "python3-h11", "python3-wsproto", "curl", "tcpdump", "python3.11", "chromium"]


def versions():
    out = {}
    for p in PKGS:
        try:
            v = subprocess.run(["dpkg-query", "-W", "-f=${Version}", p], capture_output=True, text=True).stdout
        except OSError:
            v = ""
        if v:
            out[p] = v
    try:
        out["caddy version"] = subprocess.run(["caddy", "version"], capture_output=True, text=True).stdout.strip()
    except OSError:
        pass
    return out


def key_headers(lines):
    """lines: ["Name: value", ...] exactly as the client printed them -> {KeyHeader: value}."""
    out = {}
    for line in lines:
        name, _, value = line.partition(": ")
        for k in KEY_HEADERS:
            if name.lower() == k.lower():
                out[k] = value
    return out


def read(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except FileNotFoundError:
        return ""


# ---------------------------------------------------------------- clients

def parse_curl(step):
    err, out = read(step["stderr"]), read(step["stdout"])
    reqs, cur, phase, pending = [], None, None, []
    for raw in err.splitlines():
        if raw.startswith("> ") and re.match(r"> [A-Z]+ \S+ HTTP/\d", raw):
            m = re.match(r"> ([A-Z]+) (\S+) (HTTP/[\d.]+)", raw)
            cur = {"method": m.group(1), "target": m.group(2), "http_version": m.group(3),
                   "request_header_lines": [], "status": None, "status_line": None,
                   "response_header_lines": [], "curl_says": pending}
            pending = []
            reqs.append(cur)
            phase = "req"
        elif raw.startswith("> ") and phase == "req":
            if raw[2:].strip():
                cur["request_header_lines"].append(raw[2:])
        elif raw.startswith("< HTTP/") and cur is not None:
            cur["status_line"] = raw[2:]
            cur["status"] = int(raw.split()[2])
            phase = "resp"
        elif raw.startswith("< ") and phase == "resp" and raw[2:].strip():
            cur["response_header_lines"].append(raw[2:])
        elif raw.startswith("* "):
            note = raw[2:]
            if re.search(r"^Connected to|Re-using|^Trying", note):
                pending.append(note)          # belongs to the next request
            elif cur is not None and re.search(r"onnect|tunnel|losing|left intact|Send failure|Recv failure", note):
                cur["curl_says"].append(note)
        elif raw.strip() in (">", "<"):
            phase = None
    ws = [dict(kv.split("=", 1) for kv in line[6:].split()) for line in out.splitlines() if line.startswith("CURLW ")]
    # one -w line per transfer; a CONNECT and the request curl then sends through its tunnel are one transfer
    transfer = -1
    for i, r in enumerate(reqs):
        if not (i > 0 and reqs[i - 1]["method"] == "CONNECT" and r["method"] != "CONNECT"):
            transfer += 1
        w = ws[transfer] if transfer < len(ws) else {}
        r["client_port"] = int(w["local_port"]) if w.get("local_port", "0") not in ("", "0") else None
    return [("curl", r.pop("client_port"), r) for r in reqs]


def parse_ws(step):
    exchanges, port, msgs, ex = [], None, [], None
    for line in read(step["stdout"]).splitlines():
        try:
            e = json.loads(line)
        except ValueError:
            continue
        if e["ev"] == "connect":
            port = e["local_port"]
        elif e["ev"] == "handshake":
            req = e["request"]
            m = re.match(r"(\S+) (\S+) (HTTP/[\d.]+)", req[0]) if req else None
            ex = {"method": m.group(1) if m else "GET", "target": m.group(2) if m else None,
                  "http_version": m.group(3) if m else None,
                  "request_header_lines": req[1:], "status": e["status"],
                  "status_line": e["response"][0] if e["response"] else None,
                  "response_header_lines": e["response"][1:]}
            if not e["ok"]:
                ex["client_error"] = e["error"]
            exchanges.append(ex)
        elif e["ev"] == "message":
            msgs.append({"dir": e["dir"], "type": e["type"], "text": e["data"]})
        elif e["ev"] == "closed":
            ex["websocket"] = {
                "messages": msgs,
                "count": {"server->client": sum(m["dir"] == "server->client" for m in msgs),
                          "client->server": sum(m["dir"] == "client->server" for m in msgs)},
                "close": {"initiated_by": e["closed_by"], "code": e["close_code"], "reason": e["close_reason"],
                          "note": "websockets client log: '< CLOSE' from server, then '> CLOSE' reply with the same code"
                          if e["closed_by"] == "server" else "client initiated close"},
            }
            if e.get("sent_code") is not None:
                ex["websocket"]["close"]["sent_code"] = e["sent_code"]
                ex["websocket"]["close"]["sent_reason"] = e["sent_reason"]
    return [("ws_client.py (websockets 10.4)", port, x) for x in exchanges]


def parse_raw(step):
    out = []
    for line in read(step["stdout"]).splitlines():
        try:
            e = json.loads(line)
        except ValueError:
            continue
        out.append(("raw_client.py", e["local_port"], {
            "method": e["method"], "target": e["target"], "http_version": "HTTP/1.1",
            "request_header_lines": [f"{k}: {v}" for k, v in e["request_headers"].items()],
            "status": e["status"], "status_line": e["status_line"],
            "response_body": e["response_body"]}))
    return out


def parse_browser(step):
    work = os.path.dirname(step["stdout"])
    events = []
    for line in read(step["stdout"]).splitlines():
        try:
            events.append(json.loads(line))
        except ValueError:
            continue
    launch = next((e for e in events if e["ev"] == "launch"), {})
    label = f"browser.py ({launch.get('version', 'Chromium')}, headless, DevTools protocol)"
    http = [e for e in events if e["ev"] == "http"]
    hs = next((e for e in events if e["ev"] == "ws_handshake"), None)
    msgs = [{"dir": e["dir"], "type": e["type"], "text": e["data"]} for e in events if e["ev"] == "message"]
    closed = next((e for e in events if e["ev"] == "tab_closed"), None)
    page = next((e for e in events if e["ev"] == "page_log"), None)
    m = re.search(r"WebSocketDisconnect: (\d+)", read(os.path.join(work, "uvicorn.log")))

    seen = []   # Caddy's access log, in log order: (remote_port, method, uri, status)
    upstream = {}  # uri -> the status Caddy got upstream and relayed ("upstream roundtrip", debug log)
    for line in read(os.path.join(work, "caddy.log")).splitlines():
        try:
            e = json.loads(line)
        except ValueError:
            continue
        r = e.get("request") or {}
        if e.get("msg") == "upstream roundtrip" and "status" in e:
            upstream[r.get("uri")] = e["status"]
        ua = " ".join((r.get("headers") or {}).get("User-Agent", []))
        if e.get("msg") == "handled request" and "Chrome" in ua:
            seen.append((int(r.get("remote_port", 0) or 0), r.get("method"), r.get("uri"), e.get("status")))
    order = []
    for port, *_ in seen:
        if port not in order:
            order.append(port)
    out = []
    for port in order:   # requests of one connection together, in the order the browser opened them
        for _, method, uri, status in [x for x in seen if x[0] == port]:
            x = {"method": method, "target": uri, "http_version": "HTTP/1.1"}
            ev = next((e for e in http if e["method"] == method
                       and urllib.parse.urlsplit(e["url"])._replace(scheme="", netloc="").geturl() == uri), None)
            if status == 0 and hs is not None:   # Caddy logs a proxied WebSocket with status 0
                x.update(status=hs["status"], status_line=hs["response"][0] if hs["response"] else None,
                         request_header_lines=hs["request"][1:], response_header_lines=hs["response"][1:])
                x["websocket"] = {
                    "messages": msgs,
                    "count": {"server->client": sum(m_["dir"] == "server->client" for m_ in msgs),
                              "client->server": sum(m_["dir"] == "client->server" for m_ in msgs)},
                    "page_saw": page["lines"] if page else None,
                    "close": {"initiated_by": "client", "how": closed["how"] if closed else None,
                              "code": int(m.group(1)) if m else None,
                              "source": "uvicorn log: 'starlette.websockets.WebSocketDisconnect: "
                                        f"{m.group(1) if m else '?'}' (the app's receive_text() got the browser's "
                                        "close code); the browser itself cannot report it once the tab is gone",
                              "note": "Chromium sends the Close and drops the TCP connection without waiting for "
                                      "the server's Close (see samples/README.md)"}}
                hs = None
            elif status == 0 and uri in upstream:
                # a WebSocket the browser refused at the handshake: DevTools reports no handshake response, the
                # access log says 0 for any upgraded request; the status Caddy relayed is its upstream roundtrip's
                failed = next((e for e in events if e["ev"] == "ws_frame_error"), None)
                x.update(status=upstream[uri], source="Caddy's 'upstream roundtrip' log line (relayed as is); the "
                         "browser refused the handshake: " + (failed["error"] if failed else "no handshake response"))
            elif ev is not None:
                http.remove(ev)
                x.update(status=ev.get("status"), status_line=(ev.get("response_head") or [None])[0],
                         request_header_lines=ev.get("request_headers", []),
                         response_header_lines=(ev.get("response_head") or [])[1:])
            else:
                x.update(status=status, source="Caddy access log only: the browser's own request (the favicon), "
                                               "not the tab's, so DevTools does not show it")
            out.append((label, port, x))
    return out


def finish_exchange(x):
    x["request_headers"] = key_headers(x.get("request_header_lines", []))
    order = ["method", "target", "http_version", "request_headers", "status", "status_line", "client_error",
             "websocket", "response_body", "request_header_lines", "response_header_lines", "curl_says"]
    x = {k: x[k] for k in order if k in x} | {k: v for k, v in x.items() if k not in order}
    if not x.get("response_header_lines"):
        x.pop("response_header_lines", None)
    return x


# ---------------------------------------------------------------- servers

ACCESS = re.compile(r'^INFO:\s+(?:127\.0\.0\.1:(\d+)|\(\'127\.0\.0\.1\', (\d+)\)) - "(.+?)" (.*)$')
APPWS = re.compile(r"^INFO:\s+app-ws 127\.0\.0\.1:(\d+) (sent|received) (?:'(.*)'|close (\d+))$")


def parse_uvicorn(text):
    """-> (connections: {port: [exchange]}, order: [port], warnings: [line])"""
    conns, order, warnings = {}, [], []
    for line in text.splitlines():
        m = ACCESS.match(line)
        if m:
            port = int(m.group(1) or m.group(2))
            req, rest = m.group(3), m.group(4)
            if req.startswith("WebSocket "):
                # '[accepted]' for a 101; a refused handshake logs its status ('403')
                status = 101 if "accepted" in rest else (int(rest.split()[0]) if rest[:1].isdigit() else None)
                ex = {"method": "GET", "target": req.split(" ", 1)[1], "status": status,
                      "uvicorn_access_log": line.strip()}
            else:
                method, target, _ver = req.split(" ")
                if not target.startswith("/"):
                    # uvicorn percent-encodes authority-form and asterisk-form targets in its log
                    # ('example.invalid%3A80', 'PRI %2A'); the request line on the wire has them raw
                    target = urllib.parse.unquote(target)
                ex = {"method": method, "target": target, "status": int(rest.split()[0]),
                      "uvicorn_access_log": line.strip()}
            if port not in conns:
                conns[port] = []
                order.append(port)
            conns[port].append(ex)
            continue
        m = APPWS.match(line)
        if m:
            port = int(m.group(1))
            ex = conns[port][-1]
            wsd = ex.setdefault("websocket", {"messages": [], "close": None})
            if m.group(4):
                wsd["close"] = {"initiated_by": "server", "code": int(m.group(4)), "source": "app log"}
            else:
                d = "server->client" if m.group(2) == "sent" else "client->server"
                wsd["messages"].append({"dir": d, "type": "text", "text": m.group(3)})
            continue
        if line.startswith("WARNING:") or re.match(r"INFO:\s+connection (failed|rejected)", line):
            warnings.append(line.strip())
    for port in conns:
        for ex in conns[port]:
            if "websocket" in ex:
                msgs = ex["websocket"]["messages"]
                ex["websocket"]["count"] = {"server->client": sum(m["dir"] == "server->client" for m in msgs),
                                            "client->server": sum(m["dir"] == "client->server" for m in msgs)}
    return conns, order, warnings


def parse_caddy(text):
    upstream, handled = [], []
    for line in text.splitlines():
        try:
            e = json.loads(line)
        except ValueError:
            continue
        if e.get("msg") == "upstream roundtrip":
            r = e.get("request", {})
            upstream.append({"method": r.get("method"), "uri": r.get("uri"), "host": r.get("host"),
                             "status": e.get("status"), "upstream": e.get("upstream"),
                             "headers": r.get("headers")})
        elif e.get("msg") == "handled request":
            r = e.get("request", {})
            handled.append({"client_port": int(r.get("remote_port", 0) or 0), "method": r.get("method"),
                            "uri": r.get("uri"), "status": e.get("status")})
    return upstream, handled


# ---------------------------------------------------------------- assembly

def group(items):
    conns = []
    for client, port, x in items:
        if conns and conns[-1]["client_port"] == port and port is not None:
            conns[-1]["exchanges"].append(finish_exchange(x))
        else:
            conns.append({"client_port": port, "client": client, "exchanges": [finish_exchange(x)]})
    return conns


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--name", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--samples", required=True)
    ap.add_argument("--backend-port", type=int, required=True)
    ap.add_argument("--caddy-port", type=int, required=True)
    ap.add_argument("--legs", nargs="+", required=True, help="captured legs: direct client-caddy caddy-backend")
    ap.add_argument("--uncaptured", nargs="*", default=[], help="legs that happened but are outside the filter")
    ap.add_argument("--extra-direct", action="store_true", help="direct client steps also hit the backend port")
    a = ap.parse_args()

    steps = [json.loads(x) for x in read(os.path.join(a.work, "steps.jsonl")).splitlines() if x.strip()]
    parsers = {"curl": parse_curl, "ws": parse_ws, "raw": parse_raw, "browser": parse_browser}
    by_leg = {}
    for s in steps:
        by_leg.setdefault(s["leg"], []).extend(parsers[s["tool"]](s))

    uv_text = read(os.path.join(a.work, "uvicorn.log"))
    caddy_text = read(os.path.join(a.work, "caddy.log"))
    uv_conns, uv_order, uv_warn = parse_uvicorn(uv_text)
    upstream, handled = parse_caddy(caddy_text)
    direct_items = by_leg.get("direct", [])
    direct_ports = {p for _, p, _ in direct_items}

    legs = []
    fe = by_leg.get("client-caddy", [])
    if fe:
        conns = group(fe)
        for c in conns:
            hs = [h for h in handled if h["client_port"] == c["client_port"]]
            if hs:
                c["caddy_access_log"] = hs
        legs.append({
            "leg": "client -> caddy", "server": f"127.0.0.1:{a.caddy_port}",
            "captured": "client-caddy" in a.legs,
            "source": "client transcripts (curl -v / ws_client.py); caddy_access_log = Caddy's 'handled request' lines",
            "connections": conns})

    if "caddy-backend" in a.legs or "direct" in a.legs:
        conns = []
        client_by_port = {}
        for c in group(direct_items):
            client_by_port[c["client_port"]] = c
        for port in uv_order:
            if port in client_by_port:
                c = client_by_port.pop(port)
                c["peer"] = "direct client"
                for x, ux in zip(c["exchanges"], uv_conns[port]):
                    x["uvicorn_access_log"] = ux["uvicorn_access_log"]
                    if "websocket" in ux and "websocket" not in x:
                        x["websocket"] = ux["websocket"]
                conns.append(c)
            else:
                conns.append({"client_port": port, "peer": "caddy" if caddy_text else "unknown",
                              "source": "uvicorn access log (method/target/status only)",
                              "exchanges": uv_conns[port]})
        # direct clients whose requests never produced an access-log line (e.g. refused upgrades)
        for port, c in client_by_port.items():
            c["peer"] = "direct client"
            c["note"] = "no uvicorn access-log line for this connection (uvicorn answered before the app)"
            conns.append(c)
        leg = {"leg": ("caddy -> backend" if caddy_text else "client -> backend"),
               "server": f"127.0.0.1:{a.backend_port}", "captured": True,
               "source": "uvicorn access log per client port (+ client transcripts for direct clients)",
               "connections": conns}
        if caddy_text and direct_ports:
            leg["leg"] = "caddy -> backend (+ one direct client)"
        if uv_warn:
            leg["uvicorn_lines_without_client_port"] = uv_warn
        if caddy_text:
            # Caddy's log has the client's URI; for CONNECT the wire target is the (possibly rewritten) Host
            logged = [x for c in conns if c.get("peer") == "caddy" for x in c["exchanges"]]
            unexplained = []
            for u in upstream:
                if u["status"] is None:
                    continue
                hit = next((x for x in logged if x["status"] == u["status"] and x["method"] == u["method"]
                            and (x["target"] == u["uri"] or u["method"] == "CONNECT")), None)
                if hit is None:
                    unexplained.append(u)
                else:
                    logged.remove(hit)
            if unexplained:
                leg["exchanges_without_access_log"] = [{
                    "method": u["method"], "target": u["uri"], "status": u["status"],
                    "source": "Caddy debug 'upstream roundtrip' (uvicorn writes no access-log line for an upgrade "
                              "it refuses itself; see uvicorn_lines_without_client_port); client port not logged by either side"}
                    for u in unexplained]
            leg["caddy_debug_upstream_requests"] = upstream
            leg["caddy_debug_note"] = ("headers as logged by Caddy ('upstream roundtrip'); the Go transport may "
                                       "still add/alter headers on the wire - see samples/README.md")
        legs.append(leg)

    doc = {
        "capture": f"{a.name}.pcap",
        "recorded_with": f"scripts/record-fixtures {a.name}",
        "tcpdump": read(os.path.join(a.work, "capture-filter.txt")).strip(),
        "link_type": "EN10MB (Ethernet, zero MACs) - tcpdump -i lo",
        "ports": {"backend_uvicorn": a.backend_port, **({"caddy": a.caddy_port} if caddy_text else {})},
        "uncaptured_legs": a.uncaptured,
        "software": versions(),
        "note": "Everything below comes from the clients' and servers' own output (see NAME.logs.txt), "
                "not from a packet analyser. Client ports are ephemeral and differ per recording.",
        "legs": legs,
    }
    with open(os.path.join(a.samples, f"{a.name}.expect.json"), "w") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")

    # ---- raw logs
    parts = [f"# raw logs for {a.name}.pcap (scripts/record-fixtures {a.name})",
             f"# capture: {doc['tcpdump']}"]
    if os.path.exists(os.path.join(a.work, "Caddyfile")):
        parts += ["", "## Caddyfile", read(os.path.join(a.work, "Caddyfile")).rstrip()]
    for s in steps:
        argv = shlex.join(s["argv"]).replace("curl_ ", "curl -sv --max-time 10 -w \"$CURLW\" ", 1)
        parts += ["", f"## step {s['step']} [{s['leg']}] {s['tool']} (exit {s['rc']})", f"$ {argv}",
                  "### stderr", read(s["stderr"]).rstrip(), "### stdout", read(s["stdout"]).rstrip()]
    parts += ["", "## uvicorn log", uv_text.rstrip()]
    if caddy_text:
        keep = []
        for line in caddy_text.splitlines():
            try:
                e = json.loads(line)
            except ValueError:
                keep.append(line)
                continue
            if e.get("logger", "").startswith(("http.log", "http.handlers.reverse_proxy")) or e.get("level") in ("warn", "error"):
                keep.append(line)
        parts += ["", "## caddy log (reverse_proxy + access log lines only; startup noise dropped)", "\n".join(keep)]
    parts += ["", "## tcpdump", read(os.path.join(a.work, "tcpdump.stderr")).rstrip(), ""]
    with open(os.path.join(a.samples, f"{a.name}.logs.txt"), "w") as f:
        f.write("\n".join(parts))


if __name__ == "__main__":
    main()
