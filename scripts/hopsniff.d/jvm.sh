# shellcheck shell=bash
# How hopsniff's jar is run: sourced by both launchers, scripts/hopsniff in a clone and /usr/bin/hopsniff when
# installed from the Debian package (which ships this file as /usr/share/hopsniff/jvm.sh).

# hopsniff_cds JAR JSA SAMPLES_DIR: makes the class-data-sharing archive JSA when it is missing or older than
# JAR. The archive of hopsniff's own classes cuts JVM start-up by a third (measured in docs/benchmarks.md); it is
# made by a short training run on bundled samples: HTTP/1, WebSocket, HTTP/2, diagnosis, JSON and text, so most
# classes a run needs are archived. Quiet, and harmless when it fails: java then runs without the archive.
hopsniff_cds() {
  local jar=$1 jsa=$2 samples=$3 train
  [[ -f $jsa && ! $jsa -ot $jar ]] && return 0
  train="$(mktemp)" || return 0
  java -XX:ArchiveClassesAtExit="$jsa.tmp.$$" -Xlog:cds=off -Xlog:cds+dynamic=off -jar "$jar" analyze \
    "$samples/curl-keepalive-chunked.pcap" "$samples/caddy-ws-ok.pcap" \
    "$samples/dashboard-incident.pcap" "$samples/lab-h2c-upstream.pcap" --ws-payload-bytes 16 \
    -o "$train" --format json >/dev/null 2>&1 && [[ -s $jsa.tmp.$$ ]] && mv -f "$jsa.tmp.$$" "$jsa"
  rm -f "$train" "$jsa.tmp.$$"
  return 0
}

# hopsniff_thp_offered: whether the kernel gives transparent huge pages to a process that asks (madvise) or always.
hopsniff_thp_offered() {
  local mode
  read -r mode 2>/dev/null </sys/kernel/mm/transparent_hugepage/enabled || return 1
  [[ $mode == *"[always]"* || $mode == *"[madvise]"* ]]
}

# hopsniff_exec JAR JSA ARGS...: runs hopsniff with the measured JVM options (and JSA when it is there).
hopsniff_exec() {
  local jar=$1 jsa=$2
  shift 2
  local cds=() opts
  [[ -f $jsa ]] && cds=(-XX:SharedArchiveFile="$jsa" -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off)
  # Measured on the benchmark (docs/benchmarks.md): the C1 compiler alone reaches full speed sooner, which
  # matters more for the typical incident capture (tens of MB) than C2's last 5-10 % on gigabytes; parallel GC
  # for throughput. A 176 MiB heap for everything but `capture`: the decoder's memory is bounded by its limits
  # (docs/limits.md), not by the capture's size, and 176 MiB keeps the process under 256 MiB RSS on 1-3 GB
  # captures and 50 000 concurrent flows at no cost in time (issue #12's measurements). Of it, a 40 MiB young
  # generation: with 50 000 connections open their state fills the old generation, and with 56 MiB young every
  # other collection was a full one (300 MB, 50 000 flows: 4.0 -> 3.3 s). The heap may grow to 768 MiB, but only
  # when its live objects need it (GCTimeRatio=1: not to spend less time collecting): a hostile capture that
  # fills every bound at once with 50 000 connections needs 450-700 MiB (docs/limits.md), and ran the fixed
  # 176 MiB out of memory with no report; the benchmark's captures stay below 256 MiB.
  opts=(-XX:+UseParallelGC -Xms176m -Xmn40m -Xmx768m -XX:GCTimeRatio=1 -XX:-UsePerfData -XX:TieredStopAtLevel=1)
  # The heap in transparent huge pages where the kernel offers them (its default, "madvise" or "always"): the
  # connection table and per-connection state are read at random, and 2 MiB pages cut the TLB misses and the page
  # faults of the first collections (which copy the live set into fresh old-generation pages). Measured with
  # hyperfine (docs/benchmarks.md): 1 GiB 3.52 -> 2.86 s, 300 MiB with 10 000 flows 2.24 -> 2.01 s, a tiny capture
  # the same, peak RSS within 4 MiB. Asked only when offered: with "never" the JVM would print a warning.
  hopsniff_thp_offered && opts+=(-XX:+UseTransparentHugePages)
  # A live capture runs long and must keep up with bursts: there C2's steady-state speed wins, and the hand-off
  # ring to the decoder may hold up to 256 MiB of packets (docs/benchmarks.md).
  [[ ${1:-} == capture ]] && opts=(-XX:+UseParallelGC -Xms256m -Xmn160m -Xmx1g -XX:-UsePerfData)
  [[ -n ${HOPSNIFF_JAVA_OPTS:-} ]] && read -ra opts <<<"$HOPSNIFF_JAVA_OPTS"
  exec java "${opts[@]}" "${cds[@]}" -jar "$jar" "$@"
}
