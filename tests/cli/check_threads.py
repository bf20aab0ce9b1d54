#!/usr/bin/env python3
# SPDX-License-Identifier: BSL-1.0
"""The reports of a file read in parts equal those of one read, byte for byte.

    check_threads.py SALESRULES EXAMPLES_DIR

Builds an export of about 11 MB from the bundled sample (each of its rows many times
over, with its own id, account and amount; quoted line breaks and commas; a few bad
rows and a repeated id far from its first row), large enough that --threads 2 and 3
read it in two and three parts, and runs every report over it with --threads 1, 2
and 3: status, standard output and standard error must be the same each time, with
and without --strict. The bundled sample itself (one part) is checked the same way.

Standard library only.
"""

import csv
import io
import os
import subprocess
import sys
import tempfile

COPIES = 140  # 300 rows each: 42,000 rows, about 11 MB


def build_export(sample_path, out_path):
    with open(sample_path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    col = {name: i for i, name in enumerate(header)}
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(header)
    n = 0
    repeated_id = None
    for copy in range(COPIES):
        for r in body:
            n += 1
            r = list(r)
            r[col["id"]] = f"T-{n:07d}"
            r[col["account"]] = f"{r[col['account']]} {copy % 37}"
            # Amounts vary with the copy, in whole cents: 275903.36 -> 275903.36 + copy.17
            whole, _, cents = r[col["amount"]].partition(".")
            r[col["amount"]] = f"{int(whole) + copy}.{(int(cents or 0) + copy) % 100:02d}"
            if n % 997 == 0:
                r[col["next_step"]] = 'Call back, then "sign"\nsecond line'
            if n % 4999 == 0:
                r[col["stage"]] = "Negotiation-ish"  # an unknown stage: the row is skipped
            if n % 7919 == 0:
                r[col["close_date"]] = "2026-02-30"  # no such day
            if n == 3000:
                repeated_id = r[col["id"]]
            if n == 33000:
                r[col["id"]] = repeated_id  # refused at this row, parts apart
            w.writerow(r)
    with open(out_path, "w", encoding="utf-8", newline="") as f:
        f.write(out.getvalue())
    return n


def run(program, args):
    p = subprocess.run([program] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    return p.returncode, p.stdout, p.stderr


def main():
    program, examples = sys.argv[1], sys.argv[2]
    sample = os.path.join(examples, "data", "pipeline.csv")
    policy = os.path.join(examples, "data", "policy.json")
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        big = os.path.join(tmp, "export.csv")
        rows = build_export(sample, big)
        size = os.path.getsize(big)
        if size < 8 << 20:
            failures.append(f"the export is {size} bytes, under the 8 MB that makes parts")
        common = ["--policy", policy, "--today", "2026-11-22"]
        commands = [
            ["pipeline"],
            ["pipeline", "--format", "json", "--list", "50"],
            ["forecast", "--period", "2026-Q4", "--format", "json"],
            ["win-loss", "--format", "json"],
            ["win-loss"],
        ]
        checked = 0
        for path, account in ((big, "Tyrell Wayne Ltd 5"), (sample, "Tyrell Wayne Ltd")):
            for command in commands + [["account-plan", "--account", account]]:
                for strict in ([], ["--strict"]):
                    args = command + common + strict + [path]
                    first = run(program, args + ["--threads", "1"])
                    if first[0] not in (0, 1, 2) or not first[1] and not strict:
                        failures.append(f"{' '.join(args)} --threads 1: status {first[0]}, "
                                        f"stderr {first[2][:300]!r}")
                        continue
                    for threads in ("2", "3"):
                        got = run(program, args + ["--threads", threads])
                        checked += 1
                        if got != first:
                            what = "status" if got[0] != first[0] else "stdout" if got[1] != first[1] else "stderr"
                            failures.append(f"{' '.join(args)}: --threads {threads} differs from --threads 1 in {what}"
                                            f" ({got[0]} vs {first[0]}; stderr {got[2][:300]!r} vs {first[2][:300]!r})")
        # The errors of the big file name the rows where they are, whatever the parts.
        _, _, err = run(program, ["pipeline"] + common + ["--threads", "2", big])
        text = err.decode()
        for needle in ("line 33254, column 1 (/id): deal 'T-0003000': duplicate id 'T-0003000', first on line 3024",
                       "line 5038, column 6 (/stage): deal 'T-0004999': unknown stage 'Negotiation-ish'",
                       "line 39898, column 9 (/close_date): deal 'T-0039595': '2026-02-30'",
                       "42,000 rows read, 14 skipped"):
            if needle not in text:
                failures.append(f"pipeline --threads 2 does not report {needle!r}: {text[:600]!r}")
    if failures:
        print("\n".join(failures))
        return 1
    print(f"{checked} runs with 2 and 3 threads equal to one thread ({rows} rows, {size} bytes, and the sample)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
