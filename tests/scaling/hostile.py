#!/usr/bin/env python3
# SPDX-License-Identifier: BSL-1.0
"""The 10 MB rule: no input file under 10 MB makes a subcommand of the salesrules tool
take more than 5 s or 500 MiB (issue 13, section 2).

    hostile.py SALESRULES CASE [--work DIR] [--keep]
    hostile.py SALESRULES --list

Each case writes one hostile file per class of per-name bookkeeping (every file under
10 MB), then runs every subcommand that reads it, each under a 5 s timeout and a
500 MiB limit on its address space (RLIMIT_AS, set in the child). A run fails when it
is killed, exceeds either limit, exits with a status the case does not expect, or
leaves out what its output must show. The cases:

  competitors       8 lost deals naming 60,000 competitors each (names shared between
                    the rows in other spellings)
  reasons           60,000 lost deals naming 30,000 distinct loss reasons, segments and
                    owners, each twice in two spellings
  jsonl-keys        JSON Lines: 10 lines of 80,000 distinct keys each, one without an id
  stages            a 10,000-stage policy (each stage in the stage map and with a
                    stale threshold), 80,000 rows of distinct unknown stages and 10,000
                    of known ones
  column-map        a column map of 60,000 column renames and 60,000 stage renames
  matrix            a 5,000-tier approval matrix (32 levels, 100 bands, 500 term rules)
                    for `discount test`, with 200,000 golden cases (50,000 for JSON)

The files keep other costs modest (a thousand or so deals of the forecast's quarter,
of the account planned) so that the runs measure the bookkeeping named. Only the
standard library is used. Run in optimised builds: the time limit is for them.
"""

import os
import resource
import subprocess
import sys
import tempfile
import time

TIME_LIMIT_S = 5.0
MEMORY_LIMIT = 500 * 1024 * 1024
FILE_LIMIT = 10 * 1000 * 1000
TODAY = "2026-11-22"

CSV_HEADER = ("id,account,owner,amount,currency,stage,close_date,created_date,competitors,segment,"
              "outcome,closed_date,loss_reason\n")


def lost_row(i, competitors="", reason="Price", segment="Mid-Market", owner="Dana Reyes", account="Acme Corp"):
    return (f"OPP-{i:07d},{account},{owner},1000.00,USD,Closed Lost,2026-10-{1 + i % 28:02d},2026-01-05,"
            f"{competitors},{segment},lost,2026-10-{1 + i % 28:02d},{reason}\n")


def open_row(i, stage, account="Acme Corp", close="2026-12"):
    return (f"OPP-{i:07d},{account},Dana Reyes,2500.00,USD,{stage},{close}-{1 + i % 28:02d},2026-09-01,"
            ",Mid-Market,,,\n")


def write(path, text):
    data = text.encode("utf-8")
    if len(data) >= FILE_LIMIT:
        raise SystemExit(f"hostile.py: {os.path.basename(path)} is {len(data):,} bytes, not under 10 MB")
    with open(path, "wb") as f:
        f.write(data)
    return len(data)


def report_commands(data, extra=()):
    """Every report subcommand over `data`: (name, arguments, statuses allowed)."""
    common = ["--today", TODAY, *extra]
    return [
        ("pipeline", ["pipeline", data, "--quota", "1000000", *common], {0}),
        ("pipeline as JSON", ["pipeline", data, "--format", "json", *common], {0}),
        ("forecast", ["forecast", data, "--period", "2026-Q4", "--quota", "1000000", *common], {0}),
        ("win-loss", ["win-loss", data, *common], {0}),
        ("win-loss as Markdown", ["win-loss", data, "--format", "md", *common], {0}),
        ("win-loss as JSON", ["win-loss", data, "--format", "json", *common], {0}),
        ("account-plan", ["account-plan", data, "--account", "acme corp", *common], {0}),
    ]


# --- the cases: each writes its files into `work` and returns the runs -----------


def case_competitors(work):
    # 60,000 names a row, about 10 bytes each: under the 1 MiB record limit. Rows
    # share the pool in other spellings, and each row names some twice.
    rows = [CSV_HEADER]
    for r in range(8):
        names = [(f"rival {k:06d}" if (k + r) % 2 else f"RIVAL {k:06d}") for k in range(60_000)]
        names[1::1000] = names[0::1000][: len(names[1::1000])]  # a name given twice in one row
        rows.append(lost_row(r, competitors=";".join(names)))
    rows.append(open_row(100, "Proposal"))
    path = os.path.join(work, "competitors.csv")
    write(path, "".join(rows))
    return [(n, a, s, ["RIVAL 000000"] if n == "win-loss" else []) for n, a, s in report_commands(path)]


def case_reasons(work):
    rows = [CSV_HEADER]
    for i in range(60_000):  # 30,000 names of each kind, each given twice, the second time in capitals
        k = i % 30_000
        name = (lambda n: n) if i < 30_000 else str.upper
        rows.append(lost_row(i, reason=name(f"Reason {k:05d}"), segment=name(f"Segment {k:05d}"),
                             owner=name(f"Owner {k:05d}")))
    for i in range(60_000, 62_000):
        rows.append(open_row(i, "Discovery").replace("Dana Reyes", f"Owner {i:05d}"))
    path = os.path.join(work, "reasons.csv")
    write(path, "".join(rows))
    return [(n, a, s, ["Reason 29999"] if n == "win-loss" else []) for n, a, s in report_commands(path)]


def case_jsonl_keys(work):
    lines = []
    for n in range(10):
        keys = ",".join(f'"k{k:05d}":1' for k in range(80_000))
        deal_id = "" if n == 9 else f'"id":"OPP-{n}",'
        lines.append("{" + deal_id + f'"amount":"100","currency":"USD","stage":"Prospect","close_date":"2026-12-01",'
                     f'"created_date":"2026-09-01","account":"Acme Corp",' + keys + "}\n")
    path = os.path.join(work, "keys.jsonl")
    write(path, "".join(lines))
    runs = []
    for n, a, s in report_commands(path, ["--jsonl"]):
        runs.append((n, a, s, []))
    return runs


def stage_policy(count):
    """A process of `count` more open stages, each in the forecast's stage map and with a stale threshold."""
    names = ["Prospect", "Discovery"] + [f"Stage {i:05d}" for i in range(count)]
    stages = [f'{{"name": "{n}", "probability": {10 if k == 0 else 20 if k == 1 else 50}, "kind": "open"}}'
              for k, n in enumerate(names)]
    stages += [
        '{"name": "Closed Won", "probability": 100, "kind": "won"}',
        '{"name": "Closed Lost", "probability": 0, "kind": "lost", "entry": [{"kind": "loss_reason_recorded"}]}',
    ]
    categories = [f'{{"stage": "{n}", "category": "{"best_case" if k % 3 == 0 else "pipeline"}"}}' for k, n in enumerate(names)]
    stale = [f'{{"stage": "{n}", "days": {7 + k % 30}}}' for k, n in enumerate(names)]
    return ('{"process": {"stages": [\n' + ",\n".join(stages) + "\n]},\n" +
            '"forecast": {"stage_categories": [\n' + ",\n".join(categories) + "\n]},\n" +
            '"hygiene": {"stale_after_by_stage": [\n' + ",\n".join(stale) + "\n]}}\n")


def case_stages(work):
    policy = os.path.join(work, "stages.json")
    write(policy, stage_policy(10_000))
    rows = [CSV_HEADER]
    for i in range(80_000):  # "Stgae 01234": one swap from a stage; every one distinct
        rows.append(open_row(i, f"Stgae {i:05d}" if i < 10_000 else f"Unknown {i:06d}"))
    for i in range(80_000, 90_000):  # known stages; a tenth in the forecast's quarter, a tenth Acme's
        rows.append(open_row(i, f"Stage {i % 10_000:05d}", "Acme Corp" if i % 10 == 0 else f"Account {i % 5_000:04d}",
                             "2026-12" if i % 10 == 0 else "2027-06"))
    path = os.path.join(work, "stages.csv")
    write(path, "".join(rows))
    runs = [("policy check", ["policy", "check", policy], {0}, [])]
    for n, a, s in report_commands(path, ["--policy", policy]):
        runs.append((n, a, s, []))
    return runs


def case_column_map(work):
    columns = ",".join(f'"Their column {i:05d}": "account"' for i in range(60_000))
    stages = ",".join(f'"Their stage {i:05d}": "Discovery"' for i in range(60_000))
    outcomes = ",".join(f'"Their outcome {i:05d}": "won"' for i in range(20_000))
    path = os.path.join(work, "map.json")
    write(path, '{"columns": {' + columns + '}, "stages": {' + stages + '}, "outcomes": {' + outcomes + "}}\n")
    rows = ["id,Their column 59999,amount,currency,stage,close_date,created_date,outcome\n"]
    for i in range(50_000):  # a fiftieth in the forecast's quarter and Acme's
        account, close = ("Acme Corp", "2026-12-01") if i % 50 == 0 else (f"Account {i % 20_000:05d}", "2027-06-01")
        rows.append(f"OPP-{i:06d},{account},100.00,USD,their stage {i % 60_000:05d},{close},2026-09-01,\n")
    data = os.path.join(work, "export.csv")
    write(data, "".join(rows))
    return [(n, a, s, []) for n, a, s in report_commands(data, ["--columns", path])]


def case_matrix(work):
    levels = [f"Level {k:02d}" for k in range(32)]
    bands = [f'{{"from": "{b}%", "to": "{b + 1}%", "level": "{levels[b * 32 // 100]}"}}' for b in range(100)]
    rules = []
    for i in range(5_000, 0, -1):  # a tier table, highest first: $1,000 steps
        rules.append(f'{{"name": "tier {i}", "when": "deal_amount", "amount_at_least": "{i * 1000}.00 USD", '
                     f'"raise_levels": {1 + i % 3}}}')
    for i in range(500, 0, -1):
        rules.append(f'{{"name": "term {i}", "when": "term_months", "at_least": {i}, "raise_levels": 1}}')
    policy = os.path.join(work, "matrix.json")
    write(policy, '{"discount": {"levels": [' + ", ".join(f'"{l}"' for l in levels) + '],\n"bands": [\n' +
          ",\n".join(bands) + '],\n"rules": [\n' + ",\n".join(rules) + "\n]}}\n")
    rows = ["case,discount,currency,deal_amount,term_months,expect_level\n"]
    for i in range(200_000):
        rows.append(f"case {i},{i % 100}.5,USD,{(i * 37) % 6_000_000}.00,{1 + i % 60},Level 31\n")
    cases = os.path.join(work, "cases.csv")
    write(cases, "".join(rows))
    # The JSON document is built whole in memory, about 4 KB a case (not bounded here):
    # a quarter of the cases.
    some = os.path.join(work, "some-cases.csv")
    write(some, "".join(rows[:50_001]))
    return [
        ("policy check", ["policy", "check", policy], {0}, []),
        ("discount test", ["discount", "test", policy, cases, "--today", TODAY], {1}, ["discount  "]),
        ("discount test as Markdown", ["discount", "test", policy, cases, "--format", "md", "--today", TODAY], {1}, []),
        ("discount test as JSON", ["discount", "test", policy, some, "--format", "json", "--today", TODAY], {1}, []),
        ("discount", ["discount", "--discount", "22%", "--deal-amount", "3000000", "--policy", policy,
                      "--today", TODAY], {0}, []),
    ]


CASES = {
    "competitors": case_competitors,
    "reasons": case_reasons,
    "jsonl-keys": case_jsonl_keys,
    "stages": case_stages,
    "column-map": case_column_map,
    "matrix": case_matrix,
}


def limit_child():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run(tool, work, name, args, statuses, must_show):
    """One run under the limits: a problem in words, or None."""
    start = time.monotonic()
    try:
        proc = subprocess.Popen([tool, *args], cwd=work, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                preexec_fn=limit_child)
    except OSError as e:
        return f"cannot start: {e}"
    try:
        out, err = proc.communicate(timeout=TIME_LIMIT_S)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        return f"still running after {TIME_LIMIT_S:g} s (killed)"
    seconds = time.monotonic() - start
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the largest child so far
    print(f"  {name}: exit {proc.returncode}, {seconds:.2f} s, peak RSS of the runs so far {peak_mib:.0f} MiB")
    last = err.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
    if proc.returncode not in statuses:
        return f"exit status {proc.returncode}, expected {sorted(statuses)}; stderr ends: {last[0][:300]}"
    if seconds > TIME_LIMIT_S:
        return f"took {seconds:.2f} s"
    text = out.decode("utf-8", "replace")
    for needle in must_show:
        if needle not in text:
            return f"the output does not show {needle!r}"
    return None


def main(argv):
    if len(argv) >= 3 and argv[2] == "--list":
        print("\n".join(CASES))
        return 0
    if len(argv) < 3 or argv[2] not in CASES:
        print(__doc__, file=sys.stderr)
        return 2
    tool, case = os.path.abspath(argv[1]), argv[2]
    parent = None
    if "--work" in argv:
        parent = argv[argv.index("--work") + 1]
        os.makedirs(parent, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f"hostile-{case}-", dir=parent) as work:
        started = time.monotonic()
        runs = CASES[case](work)
        sizes = ", ".join(f"{f} {os.path.getsize(os.path.join(work, f)) / 1e6:.1f} MB" for f in sorted(os.listdir(work)))
        print(f"{case}: {sizes} (written in {time.monotonic() - started:.1f} s)")
        failed = 0
        for name, args, statuses, must_show in runs:
            problem = run(tool, work, name, args, statuses, must_show)
            if problem:
                failed += 1
                print(f"FAIL {case}: salesrules {name}: {problem}")
        if "--keep" in argv:
            keep = os.path.join(parent or ".", f"hostile-{case}")
            os.makedirs(keep, exist_ok=True)
            for f in os.listdir(work):
                os.replace(os.path.join(work, f), os.path.join(keep, f))
        print(f"{case}: {len(runs) - failed} of {len(runs)} runs within {TIME_LIMIT_S:g} s and "
              f"{MEMORY_LIMIT >> 20} MiB")
        return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
