#!/usr/bin/env python3
"""Checks a generated capture's ground truth against tshark, the oracle.

    python3 scripts/bench.d/verify-with-tshark.py FILE.pcap      (reads FILE.pcap.truth.json)

One tshark pass; compares requests by method, responses by status code, 101s, WebSocket frames,
connections (SYNs), retransmissions and out-of-order segments. Exit status 0 when all agree, 1 otherwise.
The generator keeps one HTTP message start per TCP segment, so tshark's per-frame fields count messages.
"""
import collections
import json
import subprocess
import sys


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    capture = sys.argv[1]
    truth = json.load(open(capture + ".truth.json"))
    fields = ["http.request.method", "http.response.code", "websocket.opcode", "tcp.analysis.retransmission",
              "tcp.analysis.out_of_order", "tcp.flags.syn", "tcp.flags.ack"]
    cmd = ["tshark", "-r", capture, "-d", "tcp.port==12656,http", "-o", "tcp.reassemble_out_of_order:TRUE",
           "-Y", "http.request || http.response || websocket || tcp.analysis.retransmission"
                 " || tcp.analysis.out_of_order || (tcp.flags.syn==1 && tcp.flags.ack==0)",
           "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=,"]
    for f in fields:
        cmd += ["-e", f]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout

    methods, codes = collections.Counter(), collections.Counter()
    ws_frames = retx = ooo = syns = 0
    for line in out.splitlines():
        method, code, opcodes, is_retx, is_ooo, syn, ack = (line.split("\t") + [""] * 7)[:7]
        for m in filter(None, method.split(",")):
            methods[m] += 1
        for c in filter(None, code.split(",")):
            codes[c] += 1
        ws_frames += len([o for o in opcodes.split(",") if o])
        retx += bool(is_retx)
        ooo += bool(is_ooo)
        syns += syn in ("1", "True") and ack in ("0", "False")

    checks = [
        ("connections (SYN)", truth["connections"], syns),
        ("requests", truth["requests"], sum(methods.values())),
        ("responses incl. 1xx", truth["responses"] + truth["informational_responses"], sum(codes.values())),
        ("websocket 101", truth["websocket_upgrades"], codes.get("101", 0)),
        ("websocket frames", truth["websocket_frames"], ws_frames),
        ("retransmissions", truth["retransmissions_injected"], retx),
        ("out-of-order", truth["out_of_order_injected"], ooo),
    ]
    for m in sorted(set(truth["requests_by_method"]) | set(methods)):
        checks.append((f"method {m}", truth["requests_by_method"].get(m, 0), methods.get(m, 0)))
    for c in sorted(set(truth["responses_by_status"]) | set(codes)):
        checks.append((f"status {c}", truth["responses_by_status"].get(c, 0), codes.get(c, 0)))

    bad = 0
    print(f"{'count':<22} {'truth':>8} {'tshark':>8}")
    for label, want, got in checks:
        ok = want == got
        bad += not ok
        print(f"{label:<22} {want:>8} {got:>8}  {'OK' if ok else 'MISMATCH'}")
    print("RESULT:", "tshark agrees with the truth" if bad == 0 else f"{bad} mismatches")
    return 0 if bad == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
