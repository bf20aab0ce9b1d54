#!/usr/bin/env python3
# SPDX-License-Identifier: BSL-1.0
"""The C API's reports equal the tool's: salesrules_pipeline_report and
salesrules_forecast_report (called through ctypes) give, for the same export, policy
and options, the "today", "report" and the import's counts and errors that
`salesrules pipeline|forecast --format json` prints; with the export as CSV and as
JSON Lines.

Usage: check_c_reports.py LIBSALESRULES_C SALESRULES_CLI EXPORT.csv POLICY.json TODAY QUOTA PERIOD
"""
import ctypes
import csv
import io
import json
import subprocess
import sys

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


csv_bytes = open(export, "rb").read()
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
        check(got["report"]["deals"] if command == "pipeline" else True, f"{label}: no deals")

lib.salesrules_policy_free(policy)
if failures:
    print("\n".join(failures), file=sys.stderr)
    sys.exit(1)
print(f"the C API's reports equal the tool's on {export} ({len(cases) * 2} comparisons)")
