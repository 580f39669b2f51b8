#!/usr/bin/env python3
"""Prints one Markdown table from the rows `scripts/bench --matrix` collected (one JSON object per line)."""
import json
import sys


def wall(fig):
    return f"{fig['wall']:.2f}" if fig else "-"


def ratio(peer, hop):
    return f"{peer['wall'] / hop['wall']:.2f}x" if peer and hop and hop["wall"] > 0 else "-"


def main():
    rows = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
    print()
    print("| capture | MiB | connections | hopsniff s | RSS MiB | tshark s | Suricata s | vs tshark | vs Suricata "
          "| counts |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in rows:
        hop = r["hopsniff"]
        print(f"| {r['capture']} | {r['mib']} | {r['connections']} | {wall(hop)} "
              f"| {hop['rss_mib'] if hop else '-'} | {wall(r['tshark'])} | {wall(r['suricata'])} "
              f"| {ratio(r['tshark'], hop)} | {ratio(r['suricata'], hop)} "
              f"| {'exact' if r['counts_ok'] else 'MISMATCH'} |")
    print()
    runs = max((r["hopsniff"] or {}).get("runs", 1) for r in rows) if rows else 1
    if runs > 1:
        print(f"Each figure: the median of {runs} interleaved runs (--repeat); RSS: the largest.")
    print("vs X: X's wall time over hopsniff's (above 1: hopsniff is faster). Suricata's http events against "
          "the truth's requests: " + ", ".join(f"{r['suricata_http']}/{r['truth_requests']}" for r in rows))


if __name__ == "__main__":
    main()
