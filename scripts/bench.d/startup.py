#!/usr/bin/env python3
"""Start-up side by side: a tiny capture through the launcher against a bare `java -Xshare:auto -version`.

Issue #12's target is a tiny capture within 1.5x a bare JVM start measured in the same run. The commands run in
interleaved rounds (one of each per round, after warm-up rounds), so a machine that slows down mid-run slows all
of them alike; medians are compared. The bare JVM is the java the launcher runs hopsniff on (jvm.sh's
hopsniff_java: a Java 25 or later when one is installed); when that is not the PATH's java, the PATH's is timed
too, for information. tshark on the same capture is timed beside them when it is installed.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

TARGET = 1.5
BASE = "java -Xshare:auto -version"


def timed(cmd, cwd):
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd)} exited with status {done.returncode}: "
                 f"{done.stderr.decode(errors='replace').strip()[-400:]}")
    return elapsed


def launcher_java(root):
    """The java scripts/hopsniff runs hopsniff on, as its jvm.sh picks it."""
    jvm_sh = os.path.join(root, "scripts", "hopsniff.d", "jvm.sh")
    done = subprocess.run(["bash", "-c", '. "$1"; hopsniff_java; echo "$hopsniff_java_bin"', "startup", jvm_sh],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return done.stdout.strip() if done.returncode == 0 and done.stdout.strip() else "java"


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--root", required=True, help="the repository (its scripts/hopsniff is timed)")
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--warmup", type=int, default=3)
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="hopsniff-startup.") as tmp:
        java = launcher_java(args.root)
        commands = {BASE: [java, "-Xshare:auto", "-version"]}
        if java != "java":
            commands["java -Xshare:auto -version (the PATH's java)"] = ["java", "-Xshare:auto", "-version"]
        captures = ["curl-keepalive-chunked.pcap", "dashboard-incident.pcap"]
        for name in captures:
            capture = os.path.join(args.root, "samples", name)
            size = os.path.getsize(capture)
            commands[f"hopsniff analyze {name} ({size / 1000:.1f} kB)"] = [
                os.path.join(args.root, "scripts", "hopsniff"), "analyze", capture,
                "-o", os.path.join(tmp, "report.json")]
        if shutil.which("tshark"):
            capture = os.path.join(args.root, "samples", captures[0])
            commands[f"tshark -r {captures[0]}"] = ["tshark", "-r", capture, "-d", "tcp.port==12656,http",
                                                    "-Y", "http.request", "-T", "fields", "-e", "http.request.uri"]
        times = {label: [] for label in commands}
        for round_no in range(args.warmup + args.runs):
            for label, cmd in commands.items():
                t = timed(cmd, tmp)
                if round_no >= args.warmup:
                    times[label].append(t)

    base = statistics.median(times[BASE])
    print()
    print(f"start-up, {args.runs} interleaved rounds after {args.warmup} warm-up rounds (median / min, seconds);"
          f" the bare JVM is {java}, the one the launcher runs hopsniff on")
    print()
    print("| command | median s | min s | median / java -version |")
    print("|---|---:|---:|---:|")
    for label, ts in times.items():
        median = statistics.median(ts)
        print(f"| {label} | {median:.3f} | {min(ts):.3f} | {median / base:.2f}x |")
    print()
    tiny = statistics.median(next(ts for label, ts in times.items() if label.startswith("hopsniff")))
    verdict = "met" if tiny <= TARGET * base else "not met"
    print(f"tiny capture / bare JVM start: {tiny / base:.2f}x (target <= {TARGET}x: {verdict})")


if __name__ == "__main__":
    main()
