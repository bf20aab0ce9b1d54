#!/usr/bin/env python3
# SPDX-License-Identifier: BSL-1.0
"""The C API's reports equal the tool's: salesrules_pipeline_report and
salesrules_forecast_report (called through ctypes) give, for the same export, policy
and options, the "today", "report" and the import's counts and errors that
`salesrules pipeline|forecast --format json` prints; with the export as CSV, as
JSON Lines, and as rows of cells in two parts merged (salesrules_report_*).

Usage: check_c_reports.py LIBSALESRULES_C SALESRULES_CLI EXPORT.csv POLICY.json TODAY QUOTA PERIOD
"""
import ctypes
import csv
import io
import json
import os
import subprocess
import sys
import tempfile

lib_path, cli, export, policy_path, today, quota, period = sys.argv[1:8]
lib = ctypes.CDLL(lib_path)
c_char_pp = ctypes.POINTER(ctypes.c_char_p)
lib.salesrules_policy_load.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.POINTER(ctypes.c_void_p),
                                       ctypes.POINTER(ctypes.c_void_p)]
lib.salesrules_error_text.restype = ctypes.c_char_p
lib.salesrules_error_text.argtypes = [ctypes.c_void_p]
lib.salesrules_error_free.argtypes = [ctypes.c_void_p]
lib.salesrules_policy_free.argtypes = [ctypes.c_void_p]
lib.salesrules_string_free.argtypes = [ctypes.c_void_p]
for name in ("salesrules_pipeline_report", "salesrules_forecast_report"):
    getattr(lib, name).argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_char_p,
                                   ctypes.c_size_t, ctypes.POINTER(ctypes.c_void_p),
                                   ctypes.POINTER(ctypes.c_size_t), ctypes.POINTER(ctypes.c_void_p)]

lib.salesrules_report_start.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_size_t,
                                        ctypes.POINTER(ctypes.c_char_p), ctypes.c_size_t,
                                        ctypes.POINTER(ctypes.c_void_p), ctypes.POINTER(ctypes.c_void_p)]
lib.salesrules_report_add_row.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_char_p),
                                          ctypes.POINTER(ctypes.c_size_t), ctypes.c_size_t,
                                          ctypes.POINTER(ctypes.c_void_p)]
lib.salesrules_report_merge.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p)]
lib.salesrules_report_json.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p),
                                       ctypes.POINTER(ctypes.c_size_t), ctypes.POINTER(ctypes.c_void_p)]
lib.salesrules_report_free.argtypes = [ctypes.c_void_p]

failures = []


def check(ok, what):
    if not ok:
        failures.append(what)


def raise_error(status, error):
    text = lib.salesrules_error_text(error).decode() if error.value else ""
    lib.salesrules_error_free(error)
    sys.exit(f"status {status}: {text}")


policy_text = open(policy_path, "rb").read()
policy = ctypes.c_void_p()
error = ctypes.c_void_p()
status = lib.salesrules_policy_load(policy_text, len(policy_text), ctypes.byref(policy), ctypes.byref(error))
if status != 0:
    raise_error(status, error)


def c_report(function, data, fmt, options):
    out = ctypes.c_void_p()
    length = ctypes.c_size_t()
    err = ctypes.c_void_p()
    opts = json.dumps(options).encode()
    status = getattr(lib, function)(policy, data, len(data), fmt, opts, len(opts), ctypes.byref(out),
                                    ctypes.byref(length), ctypes.byref(err))
    if status != 0:
        raise_error(status, err)
    text = ctypes.string_at(out.value, length.value).decode()
    lib.salesrules_string_free(out)
    return json.loads(text)


def cli_report(command, args):
    run = subprocess.run([cli, command, export, "--policy", policy_path, "--today", today, "--format", "json", *args],
                         capture_output=True)
    if run.returncode not in (0, 1):
        sys.exit(f"{command}: exit {run.returncode}: {run.stderr.decode()}")
    return json.loads(run.stdout)


def rows_report(kind, header, rows, options):
    """The report of `rows` fed as cells to two reports, the second half merged into the first."""
    opts = json.dumps(options).encode()
    names = (ctypes.c_char_p * len(header))(*[h.encode() for h in header])
    parts = []
    for _ in range(2):
        report = ctypes.c_void_p()
        err = ctypes.c_void_p()
        status = lib.salesrules_report_start(policy, kind, opts, len(opts), names, len(header), ctypes.byref(report),
                                             ctypes.byref(err))
        if status != 0:
            raise_error(status, err)
        parts.append(report)
    half = len(rows) // 2
    for part, chunk in ((parts[0], rows[:half]), (parts[1], rows[half:])):
        for row in chunk:
            encoded = [cell.encode() for cell in row]
            cells = (ctypes.c_char_p * len(encoded))(*encoded)
            lengths = (ctypes.c_size_t * len(encoded))(*[len(c) for c in encoded])
            err = ctypes.c_void_p()
            if lib.salesrules_report_add_row(part, cells, lengths, len(encoded), ctypes.byref(err)) != 0:
                lib.salesrules_error_free(err)  # a bad row: counted and listed in the answer
    err = ctypes.c_void_p()
    status = lib.salesrules_report_merge(parts[0], parts[1], ctypes.byref(err))
    if status != 0:
        raise_error(status, err)
    out = ctypes.c_void_p()
    length = ctypes.c_size_t()
    status = lib.salesrules_report_json(parts[0], ctypes.byref(out), ctypes.byref(length), ctypes.byref(err))
    if status != 0:
        raise_error(status, err)
    text = ctypes.string_at(out.value, length.value).decode()
    lib.salesrules_string_free(out)
    for part in parts:
        lib.salesrules_report_free(part)
    return json.loads(text)


csv_bytes = open(export, "rb").read()
all_rows = list(csv.reader(io.StringIO(csv_bytes.decode())))
# The same deals as JSON Lines: each row an object of its non-empty cells.
rows = csv.DictReader(io.StringIO(csv_bytes.decode()))
jsonl_bytes = "".join(json.dumps({k: v for k, v in row.items() if v != ""}) + "\n" for row in rows).encode()

cases = [("salesrules_pipeline_report", "pipeline", {"quota": quota}, ["--quota", quota]),
         ("salesrules_pipeline_report", "pipeline", {"period": period, "listed_findings": 5},
          ["--period", period, "--list", "5"]),
         ("salesrules_forecast_report", "forecast", {"period": period, "quota": quota},
          ["--period", period, "--quota", quota])]
for function, command, options, args in cases:
    tool = cli_report(command, args)
    for fmt, data in ((0, csv_bytes), (1, jsonl_bytes)):
        got = c_report(function, data, fmt, {"today": today, **options})
        label = f"{command} {' '.join(args)} ({'CSV' if fmt == 0 else 'JSON Lines'})"
        check(got["today"] == tool["today"], f"{label}: today")
        check(got["report"] == tool["report"], f"{label}: the report differs from the tool's")
        for key in ("rows", "imported", "skipped", "errors"):
            check(got["import"][key] == tool["import"][key], f"{label}: import {key}")
    # Rows of cells, in two parts merged: the report and the counts (a bad row's error
    # has its row, not a line of a file).
    kind = 0 if command == "pipeline" else 1
    got = rows_report(kind, all_rows[0], all_rows[1:], {"today": today, **options})
    label = f"{command} {' '.join(args)} (rows of cells, two parts)"
    check(got["report"] == tool["report"], f"{label}: the report differs from the tool's")
    for key in ("rows", "imported", "skipped"):
        check(got["import"][key] == tool["import"][key], f"{label}: import {key}")

# Bad rows in both halves (three decimals of a cent, a rating of 7, February 30): the
# batch lists the tool's errors as they are; row by row, the same errors but for the
# line (rows of cells have none), numbered as one report numbers its rows.
header, body = all_rows[0], [list(r) for r in all_rows[1:]]
column = {name: i for i, name in enumerate(header)}
for at, name, value in ((len(body) // 5, "amount", "12.345"), (len(body) // 2 + 1, "budget", "7"),
                        (len(body) - 2, "close_date", "2026-02-30")):
    body[at][column[name]] = value
bad_csv = io.StringIO()
csv.writer(bad_csv, lineterminator="\n").writerows([header, *body])
with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
    f.write(bad_csv.getvalue())
    bad_path = f.name
try:
    export = bad_path
    tool = cli_report("pipeline", ["--quota", quota])
    check(tool["import"]["skipped"] == 3, "the tool did not skip the three bad rows")
    batch = c_report("salesrules_pipeline_report", bad_csv.getvalue().encode(), 0, {"today": today, "quota": quota})
    for key in ("rows", "imported", "skipped"):
        check(batch["import"][key] == tool["import"][key], f"bad rows: the batch's import {key}")
    check(batch["import"]["errors"] == tool["import"]["errors"], "bad rows: the batch lists other errors")
    check(batch["report"] == tool["report"], "bad rows: the batch's report differs")
    rows = rows_report(0, header, body, {"today": today, "quota": quota})
    unlined = [{k: v for k, v in e.items() if k != "line"} for e in tool["import"]["errors"]]
    check([{k: v for k, v in e.items() if k != "line"} for e in rows["import"]["errors"]] == unlined,
          "bad rows: row by row lists other errors")
    check(all(e["line"] == 0 for e in rows["import"]["errors"]), "bad rows: a row of cells has a line")
    check(rows["report"] == tool["report"], "bad rows: row by row, the report differs")
finally:
    os.unlink(bad_path)

lib.salesrules_policy_free(policy)
if failures:
    print("\n".join(failures), file=sys.stderr)
    sys.exit(1)
print(f"the C API's reports equal the tool's on {sys.argv[3]} ({len(cases) * 3 + 1} comparisons, bad rows in one)")
