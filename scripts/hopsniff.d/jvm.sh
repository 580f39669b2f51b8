# shellcheck shell=bash
# How hopsniff's jar is run: sourced by both launchers, scripts/hopsniff in a clone and /usr/bin/hopsniff when
# installed from the Debian package (which ships this file as /usr/share/hopsniff/jvm.sh).

# hopsniff_java [JVM_DIR]: picks the java that runs hopsniff, in hopsniff_java_bin, its feature release in
# hopsniff_java_release (0: not known), and the kind of start-up archive it takes, in hopsniff_archive_kind (aot
# from 25 on, else jsa). HOPSNIFF_JAVA when set; else the newest Java 25 or later installed under JVM_DIR
# (/usr/lib/jvm), whose ahead-of-time cache (JEP 483, 514) loads and links hopsniff's classes before main (a 7 kB
# capture 0.37 -> 0.32 s) and whose C1 code ran the benchmark's captures as fast as Java 17's or up to 10 % faster
# (docs/benchmarks.md); else java on the PATH (hopsniff needs 17). Reads the JDKs' release files in bash: no
# process per start.
hopsniff_java() {
  hopsniff_java_bin=java
  hopsniff_java_release=0
  local home
  if [[ -n ${HOPSNIFF_JAVA:-} ]]; then
    hopsniff_java_bin=$HOPSNIFF_JAVA
    hopsniff_java_feature "${HOPSNIFF_JAVA%/bin/java}"
    hopsniff_java_release=$hopsniff_feature
  else
    for home in "${1:-/usr/lib/jvm}"/*; do
      # a whole runtime only (a half-removed or foreign one would stop hopsniff from starting at all)
      [[ -L $home || ! -x $home/bin/java || ! -f $home/lib/server/libjvm.so ]] && continue
      hopsniff_java_feature "$home"
      if ((hopsniff_feature >= 25 && hopsniff_feature > hopsniff_java_release)); then
        hopsniff_java_bin=$home/bin/java
        hopsniff_java_release=$hopsniff_feature
      fi
    done
  fi
  hopsniff_archive_kind=jsa
  ((hopsniff_java_release >= 25)) && hopsniff_archive_kind=aot
  return 0
}

# hopsniff_java_feature HOME: the feature release (17, 25, ...) of the JDK in HOME, from its release file, in
# hopsniff_feature (0 when it cannot tell).
hopsniff_java_feature() {
  local line
  hopsniff_feature=0
  [[ -r $1/release ]] || return 0
  while IFS= read -r line; do
    if [[ $line =~ ^JAVA_VERSION=\"([0-9]+) ]]; then
      hopsniff_feature=${BASH_REMATCH[1]}
      return 0
    fi
  done <"$1/release"
  return 0
}

# hopsniff_cds JAR ARCHIVE SAMPLES_DIR: makes the start-up archive ARCHIVE.jsa (class-data sharing, Java 17-24) or
# ARCHIVE.aot (ahead-of-time cache, Java 25 and later) for the java hopsniff_java picked, when it is missing or
# older than JAR, than that java's JVM (an updated JDK cannot use an old archive) or than this file (a cache is
# refused when the JVM options it was made with changed). The archive of hopsniff's own classes cuts JVM
# start-up by a third (measured in docs/benchmarks.md); it is made by a short training run on bundled samples:
# HTTP/1, WebSocket, HTTP/2, diagnosis, JSON and text, so most classes a run needs are archived. Quiet, and
# harmless when it fails: java then runs without the archive.
hopsniff_cds() {
  local jar=$1 archive=$2.$hopsniff_archive_kind samples=$3 train record
  hopsniff_archive_current "$jar" "$archive" && return 0
  train="$(mktemp)" || return 0
  if [[ $hopsniff_archive_kind == aot ]]; then
    # the options a run uses, so that the cache matches them (it is refused, silently, when they differ). Without
    # the training run's method profiles (JEP 515): they are for C2, which the analyze options leave out, and
    # replaying them at start-up cost C1 compilations and CPU (interleaved, Java 25.0.3: a 7 kB capture 0.665 ->
    # 0.619 s of CPU, 20 runs each; 1 GiB 4.61 -> 4.45 s of CPU and 181 -> 172 MiB peak RSS, 4 runs each). A JVM
    # that no longer knows the flag ignores it.
    hopsniff_options analyze
    record=("${hopsniff_options[@]}" -XX:+IgnoreUnrecognizedVMOptions -XX:+UnlockDiagnosticVMOptions
      -XX:-AOTRecordTraining -XX:AOTCacheOutput="$archive.tmp.$$" -Xlog:aot=off -Xlog:cds=off)
  else
    record=(-XX:ArchiveClassesAtExit="$archive.tmp.$$" -Xlog:cds=off -Xlog:cds+dynamic=off)
  fi
  "$hopsniff_java_bin" "${record[@]}" -jar "$jar" analyze \
    "$samples/curl-keepalive-chunked.pcap" "$samples/caddy-ws-ok.pcap" \
    "$samples/dashboard-incident.pcap" "$samples/lab-h2c-upstream.pcap" --ws-payload-bytes 16 \
    -o "$train" --format json >/dev/null 2>&1 && [[ -s $archive.tmp.$$ ]] && mv -f "$archive.tmp.$$" "$archive"
  rm -f "$train" "$archive.tmp.$$" "$archive.tmp.$$.config"
  return 0
}

# hopsniff_archive_current JAR ARCHIVE: whether ARCHIVE is there and newer than what it was made from (JAR, the
# JVM of the java hopsniff_java picked, and this file's JVM options).
hopsniff_archive_current() {
  local libjvm=${hopsniff_java_bin%/bin/java}/lib/server/libjvm.so
  [[ -f $2 && ! $2 -ot $1 && ! $2 -ot ${BASH_SOURCE[0]} && ! ( -f $libjvm && $2 -ot $libjvm ) ]]
}

# hopsniff_thp_offered: whether the kernel gives transparent huge pages to a process that asks (madvise) or always.
hopsniff_thp_offered() {
  local mode
  read -r mode 2>/dev/null </sys/kernel/mm/transparent_hugepage/enabled || return 1
  [[ $mode == *"[always]"* || $mode == *"[madvise]"* ]]
}

# hopsniff_options COMMAND: the measured JVM options for COMMAND, in hopsniff_options (HOPSNIFF_JAVA_OPTS replaces
# them).
hopsniff_options() {
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
  hopsniff_options=(-XX:+UseParallelGC -Xms176m -Xmn40m -Xmx768m -XX:GCTimeRatio=1 -XX:-UsePerfData
    -XX:TieredStopAtLevel=1)
  # Objects that survive one young collection go to the old generation at the next: a connection's state lives
  # as long as the connection, and with thousands open at once the collector's adaptive tenuring copied it from
  # survivor space to survivor space up to 7 times (300 MB with 10 000 flows: seven young pauses of 22-39 ms,
  # a sixth of the run; now six, 119 ms in all). Measured (docs/benchmarks.md): 10 000 flows 1.37 -> 1.22-1.28 s
  # (Java 25), 50 000 flows 2.21 -> 2.04 s (Java 17), 1 GiB 2.24-2.33 -> 2.21-2.22 s, peak RSS within 2 MiB.
  hopsniff_options+=(-XX:MaxTenuringThreshold=1)
  # A fixed eden of 32 MiB (and two 4 MiB survivor spaces) in those 40 MiB: the collector's adaptive sizing
  # shrank eden to 16 MiB and grew the survivors to 12 MiB each, which they never fill with one survivor copy,
  # so a young collection came every 16 MiB allocated. Young pauses, Java 25 (-Xlog:gc): 1 GiB 17 / 172 ms ->
  # 11 / 113 ms, 3 GiB 48 / 573 ms -> 32 / 345 ms, 50 000 flows 16 / 476 ms -> 11 / 276 ms; Java 17's 1 GiB
  # 260 -> 161 ms; peak RSS the same or lower.
  hopsniff_options+=(-XX:-UseAdaptiveSizePolicy -XX:SurvivorRatio=8)
  # Reflective calls through the JVM's native accessors (JEP 416's fallback): Jackson calls the report records'
  # accessors by reflection a few thousand times at the end of a run, and the default accessors are method handles
  # spun and compiled at their first call, each. Interleaved, Java 25: a 7 kB capture 0.342 -> 0.325 s (20 runs),
  # 10 000 flows 1.308 -> 1.250 s (8), 50 000 flows 2.38 -> 2.24 s (3), 1 GiB 2.450 -> 2.447 s (6). Not for
  # capture, whose --ndjson maps every record by reflection for hours.
  hopsniff_options+=(-Djdk.reflect.useNativeAccessorOnly=true)
  # The heap in transparent huge pages where the kernel offers them (its default, "madvise" or "always"): the
  # connection table and per-connection state are read at random, and 2 MiB pages cut the TLB misses and the page
  # faults of the first collections (which copy the live set into fresh old-generation pages). Measured with
  # hyperfine (docs/benchmarks.md): 1 GiB 3.52 -> 2.86 s, 300 MiB with 10 000 flows 2.24 -> 2.01 s, a tiny capture
  # the same, peak RSS within 4 MiB. Asked only when offered: with "never" the JVM would print a warning.
  hopsniff_thp_offered && hopsniff_options+=(-XX:+UseTransparentHugePages)
  # A live capture runs long and must keep up with bursts: there C2's steady-state speed wins, and the hand-off
  # ring to the decoder may hold up to 256 MiB of packets (docs/benchmarks.md).
  [[ ${1:-} == capture ]] && hopsniff_options=(-XX:+UseParallelGC -Xms256m -Xmn160m -Xmx1g -XX:-UsePerfData)
  # Java 25's compact object headers (JEP 519): 8 bytes less per object, and the decoder's state is many small
  # objects: peak RSS 5-10 MiB lower on the benchmark's captures (50 000 flows 251 -> 241 MiB), time the same.
  ((${hopsniff_java_release:-0} >= 25)) && hopsniff_options+=(-XX:+UseCompactObjectHeaders)
  [[ -n ${HOPSNIFF_JAVA_OPTS:-} ]] && read -ra hopsniff_options <<<"$HOPSNIFF_JAVA_OPTS"
  return 0
}

# hopsniff_exec JAR ARCHIVE ARGS...: runs hopsniff on the java hopsniff_java picked, with the measured JVM options
# and ARCHIVE's start-up archive when it is there.
hopsniff_exec() {
  local jar=$1 archive=$2.$hopsniff_archive_kind
  shift 2
  local cds=()
  if [[ -f $archive && $hopsniff_archive_kind == aot ]]; then
    # The cache holds no method profiles (hopsniff_cds), yet the JVM's training-replay thread is woken at every
    # class initialisation to look for some, and takes a lock the initialising thread then waits for. Without it,
    # interleaved, Java 25.0.3: a 7 kB capture 0.287 -> 0.271 s (30 runs each; CPU 0.468 -> 0.442 s), 10 000 flows
    # the same. A JVM without the (diagnostic) flag ignores it.
    cds=(-XX:AOTCache="$archive" -Xlog:aot=off -Xlog:cds=off -XX:+IgnoreUnrecognizedVMOptions
      -XX:+UnlockDiagnosticVMOptions -XX:-AOTReplayTraining)
  elif [[ -f $archive ]]; then
    cds=(-XX:SharedArchiveFile="$archive" -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off)
  fi
  hopsniff_options "${1:-}"
  exec "$hopsniff_java_bin" "${hopsniff_options[@]}" "${cds[@]}" -jar "$jar" "$@"
}
