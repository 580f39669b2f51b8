#!/usr/bin/env bash
# The live half of scripts/bench: replays a capture onto lo at top speed with tcpreplay while hopsniff and
# tcpdump both capture it, in the same run, and prints both tools' drop counts.
#
# Loopback only: the capture's addresses are first rewritten into 127.0.0.0/8 with tcprewrite (every address
# keeps its low 24 bits: 192.168.2.22 -> 127.168.2.22), so nothing in the replay names a non-loopback host.
set -euo pipefail

capture="$1"
work_dir="$2"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

[[ $(id -u) -eq 0 ]] || { echo "bench --live: needs root (tcpreplay and live capture)" >&2; exit 2; }
for tool in tcpreplay tcprewrite tcpdump capinfos; do
  command -v "$tool" >/dev/null || { echo "bench --live: '$tool' not found (apt-get install tcpreplay tcpdump tshark)" >&2; exit 2; }
done

lo_capture="${capture%.pcap}.loopback.pcap"
if [[ ! -f $lo_capture || $lo_capture -ot $capture ]]; then
  echo "bench: rewriting addresses into 127.0.0.0/8 -> $lo_capture"
  tcprewrite --infile="$capture" --outfile="$lo_capture.partial" \
    --srcipmap=0.0.0.0/0:127.0.0.0/8 --dstipmap=0.0.0.0/0:127.0.0.0/8 --fixcsum
  mv "$lo_capture.partial" "$lo_capture"
fi
packets="$(capinfos -c -M "$lo_capture" | awk '/Number of packets/ {print $NF}')"

run_dir="$(mktemp -d "$work_dir/live.XXXXXX")"
hop_pid="" dump_pid=""
cleanup() {
  [[ -n $hop_pid ]] && kill -TERM "$hop_pid" 2>/dev/null || true
  [[ -n $dump_pid ]] && kill -INT "$dump_pid" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

"$root/scripts/hopsniff" --version >/dev/null 2>&1   # build and warm the start-up archive first
"$root/scripts/hopsniff" capture -i lo --server :12656 -o "$run_dir/hopsniff.json" -q \
  >"$run_dir/hopsniff.out" 2>"$run_dir/hopsniff.err" &
hop_pid=$!
tcpdump -i lo -w /dev/null 'tcp port 12656' >"$run_dir/tcpdump.out" 2>"$run_dir/tcpdump.err" &
dump_pid=$!
for _ in $(seq 100); do
  grep -q "capturing on" "$run_dir/hopsniff.err" 2>/dev/null && grep -q "listening on" "$run_dir/tcpdump.err" 2>/dev/null && break
  sleep 0.1
done
sleep 1

echo "bench: replaying $packets packets onto lo at top speed ..."
tcpreplay -i lo --topspeed "$lo_capture" >"$run_dir/tcpreplay.out" 2>&1
sleep 2
kill -INT "$dump_pid"; wait "$dump_pid" || true; dump_pid=""
# SIGTERM, not SIGINT: a shell starts background jobs with SIGINT ignored, and the JVM keeps it ignored.
kill -TERM "$hop_pid"; wait "$hop_pid" || true; hop_pid=""

rate="$(grep -Eo 'Rated: [0-9.]+ Bps, [0-9.]+ Mbps, [0-9.]+ pps' "$run_dir/tcpreplay.out" | head -1)"
dump_recv="$(grep -Eo '^[0-9]+ packets received by filter' "$run_dir/tcpdump.err" | cut -d' ' -f1)"
dump_drop="$(grep -Eo '^[0-9]+ packets dropped by kernel' "$run_dir/tcpdump.err" | cut -d' ' -f1)"
dump_cap="$(grep -Eo '^[0-9]+ packets captured' "$run_dir/tcpdump.err" | cut -d' ' -f1)"
read -r hop_recv hop_kernel hop_if hop_self hop_tx hop_answered hop_gaps < <(python3 - "$run_dir/hopsniff.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
live = r["capture"]["live"]
s = r["summary"]
print(live["packets_received"], live["dropped_by_kernel"], live["dropped_by_interface"],
      live["dropped_by_hopsniff"], s["transactions"], s["requests"] - s["unanswered"],
      s["anomalies"].get("TCP_GAP", 0))
PY
)
truth_requests="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["requests"])' "$capture.truth.json" 2>/dev/null || echo "?")"
echo
echo "live capture of $packets replayed packets ($rate)"
printf '%-10s %12s %14s %14s %14s\n' tool received "kernel drops" "if drops" "own drops"
printf '%-10s %12s %14s %14s %14s\n' tcpdump "${dump_cap:-?}" "${dump_drop:-?}" - -
printf '%-10s %12s %14s %14s %14s\n' hopsniff "$hop_recv" "$hop_kernel" "$hop_if" "$hop_self"
echo "(libpcap's 'received' on lo may count each packet twice; tcpdump's column is packets captured)"
# Exchanges listed are not exchanges seen whole: a lost packet makes a gap, and its exchange may still be listed.
echo "hopsniff listed $hop_tx exchanges while capturing: $hop_answered of the capture's $truth_requests requests" \
  "with their response, $hop_gaps TCP gaps"
if [[ ${dump_drop:-0} =~ ^[0-9]+$ ]] && (( hop_kernel + hop_self <= dump_drop )); then
  echo "RESULT: hopsniff dropped no more than tcpdump"
else
  echo "RESULT: hopsniff dropped more than tcpdump"
fi
