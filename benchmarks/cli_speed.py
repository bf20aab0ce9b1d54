#!/usr/bin/env python3
# SPDX-License-Identifier: BSL-1.0
"""The tool against its floor and its peer, in one run on one machine.

    cli_speed.py SALESRULES EXPORT.csv [--policy POLICY] [--baseline OTHER_SALESRULES]
                 [--runs 5] [--peer-runs 3] [--python /usr/bin/python3]

Runs, interleaved round by round so that a change in the machine's load touches every
command alike: `cat EXPORT > /dev/null` (the raw read), `salesrules pipeline`,
`win-loss` and `forecast --period 2026-Q4` with --threads 1 and 2, and the pandas
report of benchmarks/pandas_pipeline.py (fewer rounds: it takes seconds); with
--baseline, another build's `pipeline` and `win-loss` too (without --threads, which
older builds lack). The reports read the policy given (default: the bundled sample's,
whose EUR and GBP rates the pandas script uses). Prints a
Markdown table of median wall time, median CPU time and peak resident memory, with
each median's ratio to the raw read and the pandas report's ratio to each. The file
should be in the page cache (a first round warms it and is not counted).

Standard library and GNU time (Debian `time`); the peer needs python3-pandas.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time


def measure(argv):
    """Wall seconds, CPU seconds and peak RSS in MiB of one run, its output discarded.
    The wall time is ours (GNU time's has 10 ms steps); GNU time reports the peak: a child's rusage from Python would count the memory of
    the Python process it was forked from."""
    with tempfile.NamedTemporaryFile("r") as report, open(os.devnull, "wb") as null:
        start = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-o", report.name, "-f", "%U %S %M"] + argv, stdout=null,
                           stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - start
        if p.returncode not in (0, 1):
            sys.exit(f"{' '.join(argv)}: status {p.returncode}: {p.stderr.decode(errors='replace')[:500]}")
        user, system, kib = report.read().split()[-3:]
    return elapsed, float(user) + float(system), int(kib) / 1024


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("salesrules")
    ap.add_argument("export")
    ap.add_argument("--policy", default=None)
    ap.add_argument("--baseline", default=None)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--peer-runs", type=int, default=3)
    ap.add_argument("--python", default="/usr/bin/python3")
    ap.add_argument("--today", default="2026-11-22")
    args = ap.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    policy = args.policy or os.path.join(here, "..", "examples", "data", "policy.json")
    common = ["--policy", policy, "--today", args.today]
    tool = args.salesrules
    commands = {"`cat` (the raw read)": ["cat", args.export]}
    for report, extra in (("pipeline", []), ("win-loss", []), ("forecast", ["--period", "2026-Q4"])):
        for threads in ("1", "2"):
            commands[f"`{report}` --threads {threads}"] = [tool, report] + extra + common + ["--threads", threads,
                                                                                               args.export]
    if args.baseline:
        for report in ("pipeline", "win-loss"):
            commands[f"`{report}`, the baseline build"] = [args.baseline, report] + common + [args.export]
    peer = "pandas report"
    commands[peer] = [args.python, os.path.join(here, "pandas_pipeline.py"), args.export, "--today", args.today]

    for argv in commands.values():  # warm the page cache and every binary
        measure(argv)
    results = {name: [] for name in commands}
    for round_number in range(args.runs):
        for name, argv in commands.items():
            if name == peer and round_number >= args.peer_runs:
                continue
            results[name].append(measure(argv))

    def median(name, i):
        return statistics.median(r[i] for r in results[name])

    floor = median("`cat` (the raw read)", 0)
    peer_wall = median(peer, 0)
    size = os.path.getsize(args.export)
    print(f"{args.export}: {size / 1e6:.0f} MB; medians of {args.runs} rounds ({args.peer_runs} for pandas); "
          f"load average before: {os.getloadavg()[0]:.2f}\n")
    print("| command | wall | CPU | peak memory | wall / raw read | pandas / wall |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name in commands:
        wall, cpu, rss = median(name, 0), median(name, 1), max(r[2] for r in results[name])
        print(f"| {name} | {wall:.3f} s | {cpu:.3f} s | {rss:.1f} MiB | {wall / floor:.1f}x | {peer_wall / wall:.1f}x |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
