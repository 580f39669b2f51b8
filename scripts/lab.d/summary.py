"""Print hopsniff's view of one lab run next to what the servers logged, and write lab.json.

    summary.py --work DIR --scenario NAME --backend-port P --caddy-port P [--caddy-addr A] --seconds N

Reads DIR/report.json + DIR/hopsniff.txt (hopsniff), DIR/uvicorn.log, DIR/caddy.log, DIR/steps.jsonl.
"""
import argparse
import json
import os

KEY = ["Host", "Upgrade", "Connection", "Sec-WebSocket-Key", "Sec-WebSocket-Version"]


def read(path):
    """The file's text, or "" when a step did not write it."""
    return open(path, encoding="utf-8", errors="replace").read() if os.path.exists(path) else ""


def header(headers, name):
    vals = [v for k, v in headers if k.lower() == name.lower()]
    return vals[0] if len(vals) == 1 else (vals or None)


def wire_name(headers, name):
    return next((k for k, _ in headers if k.lower() == name.lower()), name)


def caddy_lines(text):
    """The reverse-proxy and access-log lines of Caddy's JSON log, condensed to what matters here."""
    out = []
    for line in text.splitlines():
        try:
            e = json.loads(line)
        except ValueError:
            continue
        logger, level = e.get("logger", ""), e.get("level")
        if not (logger.startswith(("http.log", "http.handlers.reverse_proxy")) or level in ("warn", "error")):
            continue
        r = e.get("request") or {}
        bits = [level, logger, repr(e.get("msg"))]
        if r:
            bits.append(f"{r.get('method')} {r.get('uri')} {r.get('proto', '')}".strip())
        for k in ("upstream", "duration", "status", "error", "err"):
            if k in e:
                bits.append(f"{k}={e[k]}")
        if e.get("msg") == "upstream roundtrip" and r.get("headers"):
            hs = r["headers"]
            bits.append("headers_sent=" + json.dumps({k: hs[k] for k in sorted(hs)}))
        out.append(" ".join(str(b) for b in bits))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    ap.add_argument("--scenario", required=True)
    ap.add_argument("--backend-port", type=int, required=True)
    ap.add_argument("--caddy-port", type=int, required=True)
    ap.add_argument("--caddy-addr", default="127.0.0.1", help="where the proxy listens (a loopback address)")
    ap.add_argument("--seconds", type=int, required=True)
    a = ap.parse_args()
    w = a.work
    report = json.loads(read(os.path.join(w, "report.json")) or "{}")
    backend, caddy = f"127.0.0.1:{a.backend_port}", f"{a.caddy_addr}:{a.caddy_port}"
    leg = {backend: "backend leg", caddy: "proxy leg"}

    steps = [json.loads(x) for x in read(os.path.join(w, "steps.jsonl")).splitlines() if x.strip()]
    lab = {"scenario": a.scenario, "backend": backend, "caddy": caddy, "seconds": a.seconds,
           "clients": [{"step": s["step"], "leg": s["leg"], "tool": s["tool"], "exit": s["rc"],
                        "argv": s["argv"], "stdout": os.path.basename(s["stdout"]),
                        "stderr": os.path.basename(s["stderr"])} for s in steps],
           "files": {"report": "report.json", "pcap": "capture.pcap", "uvicorn_log": "uvicorn.log",
                     "caddy_log": "caddy.log", "caddyfile": "Caddyfile", "hopsniff_summary": "hopsniff.txt"}}
    with open(os.path.join(w, "lab.json"), "w") as f:
        json.dump(lab, f, indent=2)
        f.write("\n")

    p = print
    p(f"\n===== lab {a.scenario}: backend (uvicorn) {backend}, proxy (Caddy) {caddy}; {a.seconds} s")
    p("\n--- clients")
    for s in steps:
        p(f"  [{s['leg']}] {s['tool']} exit {s['rc']}: {' '.join(s['argv'])[:160]}")
    cap = read(os.path.join(w, "capture-filter.txt")).split(" -o ")[0].strip() or "hopsniff capture"
    p(f"\n--- {cap} (live, stopped with SIGINT): its summary")
    p(read(os.path.join(w, "hopsniff.txt")).rstrip() or "  (no text summary)")
    p("\n--- hopsniff: every exchange, key request headers exactly as on the wire")
    for t in report.get("transactions", []):
        rq, rs = t.get("request", {}), t.get("response")
        status = f"{rs.get('status')} {rs.get('reason', '')}".strip() if rs else "(no response)"
        p(f"  {leg.get(t.get('server'), t.get('server'))} {t.get('client')} conn {t.get('connection')}: "
          f"{rq.get('method')} {rq.get('target')} {rq.get('version', '')} -> {status}")
        hs = rq.get("headers", [])
        for k in KEY:
            v = header(hs, k)
            if v is not None:
                p(f"      > {wire_name(hs, k)}: {v}")
        if rs and rs.get("body_prefix"):
            p(f"      < body: {rs['body_prefix'].get('data')!r}"[:200])
        if rs:
            for k in ("server", "content-type", "connection"):
                v = header(rs.get("headers", []), k)
                if v is not None:
                    p(f"      < {k}: {v}")
    p("\n--- hopsniff: connections")
    for c in report.get("connections", []):
        p(f"  {leg.get(c.get('server'), c.get('server'))} conn {c.get('id')} {c.get('client')}: "
          f"protocol {c.get('protocol')}, history {c.get('history')}, end {c.get('end')}, "
          f"exchanges {c.get('exchanges')}, {c.get('duration_ms')} ms")
    counts = {}
    for an in report.get("anomalies", []):
        counts[(an.get("severity"), an.get("id"))] = counts.get((an.get("severity"), an.get("id")), 0) + 1
    p("\n--- hopsniff: anomalies")
    for (sev, aid), n in sorted(counts.items()):
        p(f"  {sev:8} {aid} x{n}")
    diags = report.get("diagnoses")
    p("\n--- hopsniff: diagnoses")
    if diags is None:
        p("  (this hopsniff build has no 'diagnoses' in its report)")
    for d in diags or []:
        p(f"  {d.get('id')}: {d.get('summary', d.get('title', ''))}")
    p("\n--- uvicorn log")
    p(read(os.path.join(w, "uvicorn.log")).rstrip() or "  (uvicorn not started in this scenario)")
    if os.path.exists(os.path.join(w, "backend.log")):
        p("\n--- backend log (record.d/misframing_backend.py)")
        p(read(os.path.join(w, "backend.log")).rstrip())
    p("\n--- Caddy log (reverse proxy + access lines)")
    for line in caddy_lines(read(os.path.join(w, "caddy.log"))):
        p("  " + line)
    p("")


if __name__ == "__main__":
    main()
