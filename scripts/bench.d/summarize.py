#!/usr/bin/env python3
"""Prints the bench table: throughput of hopsniff, tshark and Suricata, and the counts against the ground truth.

Called by scripts/bench; exit status 0 = all counts match, 1 = a count mismatches, 3 = no hopsniff report.
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys

EXIT_OK, EXIT_MISMATCH, EXIT_NO_HOPSNIFF = 0, 1, 3
MIB = 1024 * 1024


def parse_time(path):
    """Wall seconds and peak RSS in MiB from GNU time -v output, or None when absent."""
    if not path or not os.path.isfile(path):
        return None
    text = open(path, encoding="utf-8", errors="replace").read()
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    if not wall:
        return None
    seconds = 0.0
    for part in wall.group(1).split(":"):
        seconds = seconds * 60 + float(part)
    return {"wall": seconds, "rss_mib": int(rss.group(1)) / 1024 if rss else float("nan")}


def parse_times(paths):
    """The median wall seconds and the largest peak RSS of one tool's runs (--repeat), with how many and their
    spread; None when none was measured."""
    runs = [t for t in (parse_time(p) for p in paths or []) if t is not None]
    if not runs:
        return None
    walls = [t["wall"] for t in runs]
    return {"wall": statistics.median(walls), "rss_mib": max(t["rss_mib"] for t in runs), "runs": len(runs),
            "min": min(walls), "max": max(walls)}


def count_packets(capture):
    out = subprocess.run(["capinfos", "-M", "-c", capture], capture_output=True, text=True).stdout
    m = re.search(r"Number of packets:\s*(\d+)", out)
    return int(m.group(1)) if m else None


def dig(obj, *path):
    for key in path:
        if not isinstance(obj, dict) or key not in obj:
            return None
        obj = obj[key]
    return obj


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--capture", required=True)
    ap.add_argument("--truth", default="")
    ap.add_argument("--hopsniff-status", default="ok")
    ap.add_argument("--hopsniff-time", action="append", help="GNU time -v output of one run (once per run)")
    ap.add_argument("--hopsniff-report")
    ap.add_argument("--tshark-status", type=int, default=0)
    ap.add_argument("--tshark-time", action="append", help="GNU time -v output of one run (once per run)")
    ap.add_argument("--tshark-tsv")
    ap.add_argument("--tshark-err")
    ap.add_argument("--suricata-status", type=int, default=-1, help="-1: not run")
    ap.add_argument("--suricata-time", action="append", help="GNU time -v output of one run (once per run)")
    ap.add_argument("--suricata-eve")
    ap.add_argument("--row-out", help="append one JSON line with this run's figures (for --matrix)")
    a = ap.parse_args()

    truth = json.load(open(a.truth)) if a.truth and os.path.isfile(a.truth) else None
    size = os.path.getsize(a.capture)
    packets = truth["packets"] if truth else count_packets(a.capture)
    mib = size / MIB

    print()
    print(f"capture   {a.capture}")
    print(f"size      {mib:.1f} MiB ({size} bytes), {packets if packets is not None else '?'} packets"
          + ("" if truth else "  (no ground truth: FILE.truth.json not found)"))
    print()

    hop_ok = a.hopsniff_status == "ok"
    report = None
    if hop_ok:
        try:
            report = json.load(open(a.hopsniff_report))
        except (OSError, ValueError) as e:
            hop_ok, a.hopsniff_status = False, f"cannot read the report {a.hopsniff_report}: {e}"

    rows = []
    hop_t = parse_times(a.hopsniff_time) if hop_ok else None
    ts_t = parse_times(a.tshark_time)
    su_t = parse_times(a.suricata_time) if a.suricata_status == 0 else None
    print(f"{'tool':<10} {'wall s':>8} {'MiB/s':>8} {'packets/s':>11} {'peak RSS MiB':>13}")
    tools = [("hopsniff", hop_t), ("tshark", ts_t)] + ([("suricata", su_t)] if a.suricata_status != -1 else [])
    for name, t in tools:
        if t is None or t["wall"] <= 0:
            print(f"{name:<10} {'-':>8} {'-':>8} {'-':>11} {'-':>13}")
            rows.append(None)
            continue
        pps = f"{packets / t['wall']:.0f}" if packets else "?"
        spread = f"  median of {t['runs']} runs ({t['min']:.2f}-{t['max']:.2f})" if t["runs"] > 1 else ""
        print(f"{name:<10} {t['wall']:>8.2f} {mib / t['wall']:>8.1f} {pps:>11} {t['rss_mib']:>13.0f}{spread}")
        rows.append(t)
    if rows[0] and rows[1]:
        print(f"hopsniff/tshark throughput: {rows[1]['wall'] / rows[0]['wall']:.2f}x")
    if rows[0] and len(rows) > 2 and rows[2]:
        print(f"hopsniff/suricata throughput: {rows[2]['wall'] / rows[0]['wall']:.2f}x")
    if a.suricata_status > 0:
        print(f"suricata exited with status {a.suricata_status}")
    print("(wall time includes JVM / tshark start-up; the capture is in the page cache for both)")
    print()

    if a.tshark_status != 0:
        err = open(a.tshark_err).read().strip().splitlines()[-5:] if a.tshark_err and os.path.isfile(a.tshark_err) else []
        print(f"tshark exited with status {a.tshark_status}" + "".join("\n  " + line for line in err))
    tshark_requests = None
    if a.tshark_tsv and os.path.isfile(a.tshark_tsv):
        with open(a.tshark_tsv, encoding="utf-8", errors="replace") as f:
            tshark_requests = sum(1 for _ in f)

    suricata_http = None
    if a.suricata_eve and os.path.isfile(a.suricata_eve):
        with open(a.suricata_eve, encoding="utf-8", errors="replace") as f:
            suricata_http = sum(1 for line in f if '"event_type":"http"' in line)

    exit_code = EXIT_OK
    if not hop_ok:
        print("hopsniff: NOT MEASURED -- " + a.hopsniff_status)
        print()
        exit_code = EXIT_NO_HOPSNIFF

    if truth:
        summary = dig(report, "summary") if report else None
        checks = [
            ("connections", truth["connections"], dig(summary, "connections")),
            ("requests", truth["requests"], dig(summary, "requests")),
            # hopsniff counts a 101 as the final response of its exchange (it ends HTTP on the connection);
            # the generator's truth keeps 101s apart, in the 1xx class.
            ("responses (final+101)", truth["responses"] + truth["responses_by_status_class"].get("1xx", 0),
             dig(summary, "responses")),
        ]
        for cls, n in sorted(truth["responses_by_status_class"].items()):
            found = dig(summary, "status_classes", cls)
            if found is None and isinstance(dig(summary, "status_classes"), dict):
                found = 0  # a report may leave out empty classes
            checks.append((f"status {cls}", n, found))
        methods = dig(summary, "methods")
        for method in sorted(set(truth["requests_by_method"]) | set(methods or {})):
            found = (methods or {}).get(method, 0 if methods is not None else None)
            checks.append((f"method {method}", truth["requests_by_method"].get(method, 0), found))
        checks.append(("websocket upgrades", truth["websocket_upgrades"], dig(summary, "upgrades", "websocket")))
        checks.append(("connect tunnels", truth["connect_tunnels"], dig(summary, "connect_tunnels")))

        print(f"{'count':<22} {'truth':>9} {'hopsniff':>9}")
        for label, want, got in checks:
            if not hop_ok:
                verdict, shown = "-", "-"
            elif got is None:
                verdict, shown = "MISSING", "-"
            else:
                verdict, shown = ("OK" if got == want else "MISMATCH"), str(got)
            if hop_ok and verdict != "OK":
                exit_code = EXIT_MISMATCH
            print(f"{label:<22} {want:>9} {shown:>9}  {verdict}")
        if tshark_requests is not None:
            note = "same" if tshark_requests == truth["requests"] else "differs"
            print(f"{'tshark requests':<22} {truth['requests']:>9} {tshark_requests:>9}  ({note}; informative)")
        if suricata_http is not None:
            note = "same" if suricata_http == truth["requests"] else "differs"
            print(f"{'suricata http events':<22} {truth['requests']:>9} {suricata_http:>9}  ({note}; informative)")
        print(f"injected: {truth['out_of_order_injected']} out-of-order pairs, "
              f"{truth['retransmissions_injected']} retransmissions")
    else:
        if report:
            print("hopsniff summary (no truth to compare):")
            print(json.dumps(dig(report, "summary"), indent=2, sort_keys=True))
        if tshark_requests is not None:
            print(f"tshark requests: {tshark_requests}")

    if a.row_out:
        def fig(t):
            return None if not t else {"wall": round(t["wall"], 3), "rss_mib": round(t["rss_mib"], 1),
                                       "runs": t["runs"]}
        row = {"capture": os.path.basename(a.capture), "mib": round(mib, 1), "packets": packets,
               "connections": truth["connections"] if truth else None, "counts_ok": exit_code == EXIT_OK,
               "hopsniff": fig(hop_t), "tshark": fig(ts_t), "suricata": fig(su_t),
               "tshark_requests": tshark_requests, "suricata_http": suricata_http,
               "truth_requests": truth["requests"] if truth else None}
        with open(a.row_out, "a", encoding="utf-8") as f:
            f.write(json.dumps(row) + "\n")

    print()
    print({EXIT_OK: "RESULT: OK", EXIT_MISMATCH: "RESULT: MISMATCH",
           EXIT_NO_HOPSNIFF: "RESULT: hopsniff not measured"}[exit_code])
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
