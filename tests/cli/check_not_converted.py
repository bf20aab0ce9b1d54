#!/usr/bin/env python3
# SPDX-License-Identifier: BSL-1.0
"""Checks what the reports do with currencies that have no exchange rate, against an
independent reading of the same CSV (Python's csv module and Decimal arithmetic,
written from the rules in docs/cli.md, "Currencies without an exchange rate", rather than
from the library's code).

  check_not_converted.py SALESRULES CSV POLICY TODAY PERIOD ACCOUNT

CSV is an export with USD, EUR and GBP deals (gen_pipeline.py's currencies); POLICY a
policy whose exchange section reports in USD with rates for EUR and GBP, and which
keeps the default stages and calendar (PERIOD is read as a calendar quarter).

1. Without any rate (the default policy): every report prints, exits 1, and says once
   on stderr which rates are missing, with each currency's deals and total; every
   converted figure is the USD deals' alone and the EUR and GBP deals' amounts are
   listed apart (deals, total, weighted), per row where rows have amounts.
2. --strict: status 2, nothing on stdout, the same words as an error.
3. The policy without its exchange section and --rate for each of its rates: the same
   report, key for key, as the policy itself gives.
Exits 1 with the differences listed, 0 when all agree.
"""
import csv
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from decimal import ROUND_HALF_EVEN, Decimal

exe, csv_path, policy_path, today, period, account = sys.argv[1:7]
policy = json.load(open(policy_path))
policy_rates = [(r["from"], r["rate"]) for r in policy["exchange"]["rates"]]
STAGE_PROBABILITY = {"Prospect": 10, "Discovery": 20, "Demo/Evaluation": 40, "Proposal": 60, "Negotiation": 80}
OPEN_STAGES = list(STAGE_PROBABILITY)
problems = []


def run(args, policy_file=None):
    command = [exe, *args, "--today", today, "--quiet"]
    if policy_file:
        command += ["--policy", policy_file]
    return subprocess.run(command, capture_output=True, text=True)


def expect(what, got, want):
    if got != want:
        problems.append(f"{what}: the report says {got!r}, the reference {want!r}")


def cents(x):
    return x.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)


def grouped(x):
    return f"{x:,.2f}"


def category(row):
    named = row["forecast_category"].strip().lower().replace(" ", "_")
    if named:
        return named
    p = int(row["probability"]) if row["probability"].strip() else STAGE_PROBABILITY[row["stage"]]
    return "commit" if p >= 90 else "best_case" if p >= 60 else "pipeline" if p >= 20 else "upside"


def weight(row):
    """The whole percent a deal counts at in weighted figures."""
    if row["outcome"] == "won":
        return 100
    if row["outcome"] != "open" or category(row) == "omitted":
        return 0
    return int(row["probability"]) if row["probability"].strip() else STAGE_PROBABILITY[row["stage"]]


class part:
    """One currency's deals, total and weighted amount, kept exactly."""

    def __init__(self):
        self.deals, self.total, self.weighted = 0, Decimal(0), Decimal(0)

    def add(self, row):
        self.deals += 1
        self.total += Decimal(row["amount"])
        self.weighted += Decimal(row["amount"]) * weight(row) / 100


def apart(rows):
    """The non-USD deals of `rows` by currency, as the reports list them."""
    by = defaultdict(part)
    for r in rows:
        if r["currency"] != "USD":
            by[r["currency"]].add(r)
    return [{"currency": c, "deals": p.deals, "total": f"{cents(p.total)} {c}", "weighted": f"{cents(p.weighted)} {c}"}
            for c, p in sorted(by.items())]


def usd(rows, weighted=False):
    """The USD deals' sum, exact, or weighted and rounded half to even once."""
    s = sum((Decimal(r["amount"]) * (weight(r) if weighted else 100) / 100 for r in rows if r["currency"] == "USD"),
            Decimal(0))
    return f"{cents(s)} USD"


def notice(parts, strict):
    """The line the tool writes once when rates are missing."""
    named = [f"{p['currency']} ({p['deals']} deal{'s' if p['deals'] != 1 else ''}, "
             f"{grouped(Decimal(p['total'].split()[0]))} {p['currency']})" for p in parts]
    listed = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
    rates = " ".join(f"--rate {p['currency']}=..." for p in parts)
    middle = ("--strict stops here" if strict else
              ("its amount is" if sum(p["deals"] for p in parts) == 1 else "their amounts are") +
              " reported apart as not converted")
    return (f"salesrules: {csv_path}: no exchange rate into USD for {listed}: {middle}; give the rates with "
            f"{rates} or in the policy's \"exchange\" section\n")


rows = list(csv.DictReader(open(csv_path, newline="", encoding="utf-8-sig")))
open_rows = [r for r in rows if r["outcome"] == "open"]
year, q = int(period[:4]), int(period[-1])
first = dt.date(year, 3 * q - 2, 1)
last = dt.date(year + (q == 4), (3 * q) % 12 + 1, 1) - dt.timedelta(days=1)


def in_period(r):
    day = r["closed_date"] if r["outcome"] != "open" and r["closed_date"] else r["close_date"]
    return first <= dt.date.fromisoformat(day) <= last


def without_rates(args, schema):
    """Runs a report without rates and checks the status and the notice; returns its JSON."""
    out = run([*args, "--format", "json"])
    expect(f"{schema}: exit status", out.returncode, 1)
    if out.returncode not in (0, 1):
        sys.exit(f"{' '.join(args)}: exit {out.returncode}\n{out.stderr}")
    return json.loads(out.stdout), out.stderr


# --- pipeline ------------------------------------------------------------------
p, err = without_rates(["pipeline", csv_path], "pipeline")
r = p["report"]
everything = apart(rows)
expect("pipeline: not_converted", r["not_converted"], everything)
expect("pipeline: the notice", err, notice(everything, False))
expect("pipeline: open_not_converted", r["open_not_converted"], apart(open_rows))
expect("pipeline: open_total", r["open_total"], usd(open_rows))
expect("pipeline: open_weighted", r["open_weighted"], usd(open_rows, weighted=True))
expect("pipeline: open deals", r["deals"]["open"], len(open_rows))
for s in r["by_stage"]:
    mine = [x for x in rows if x["stage"] == s["stage"]]
    expect(f"pipeline: deals in {s['stage']}", s["deals"], len(mine))
    expect(f"pipeline: {s['stage']} not converted", s["not_converted"], apart(mine))
for c in r["by_category"]:
    mine = [x for x in open_rows if category(x) == c["category"]]
    expect(f"pipeline: open deals in {c['category']}", c["deals"], len(mine))
    expect(f"pipeline: {c['category']} not converted", c["not_converted"], apart(mine))
for o in r["by_owner"]:
    mine = [x for x in open_rows if (x["owner"] or "(none)") == o["owner"]]
    expect(f"pipeline: {o['owner']} not converted", o["not_converted"], apart(mine))


def money_sum(texts):
    return sum((Decimal(t.split()[0]) for t in texts), Decimal(0))


# The converted rows add up to the converted whole.
for table, rows_of in (("by_category", r["by_category"]), ("by_owner", r["by_owner"]),
                       ("by_stage (open)", [s for s in r["by_stage"] if s["kind"] == "open"])):
    expect(f"pipeline: {table} totals add up", f"{money_sum(x['total'] for x in rows_of)} USD", r["open_total"])
    expect(f"pipeline: {table} weighted add up", f"{money_sum(x['weighted'] for x in rows_of)} USD", r["open_weighted"])
cov = r["coverage"]
period_open = [x for x in open_rows if in_period(x) and category(x) != "omitted"]
period_won = [x for x in rows if x["outcome"] == "won" and in_period(x)]
expect("pipeline: coverage pipeline", cov["pipeline"], usd(period_open))
expect("pipeline: coverage pipeline_not_converted", cov["pipeline_not_converted"], apart(period_open))
expect("pipeline: coverage won_not_converted", cov["won_not_converted"], apart(period_won))

strict = run(["pipeline", csv_path, "--strict"])
expect("pipeline --strict: exit status", strict.returncode, 2)
expect("pipeline --strict: stdout", strict.stdout, "")
expect("pipeline --strict: stderr", strict.stderr, notice(everything, True))

# --- forecast ------------------------------------------------------------------
f, err = without_rates(["forecast", csv_path, "--period", period], "forecast")
calls = f["report"]["calls"]
period_rows = [x for x in rows if in_period(x)]
levels = {"closed": ["closed"], "commit": ["closed", "commit"], "best_case": ["closed", "commit", "best_case"],
          "pipeline": ["closed", "commit", "best_case", "pipeline", "upside"]}
for level, cats in levels.items():
    mine = [x for x in period_rows if (x["outcome"] == "won" and "closed" in cats) or
            (x["outcome"] == "open" and category(x) in cats)]
    expect(f"forecast: the {level} call", calls[level], usd(mine))
    expect(f"forecast: the {level} call not converted", calls[f"{level}_not_converted"], apart(mine))
counted = [x for x in period_rows if x["outcome"] == "won" or (x["outcome"] == "open" and category(x) != "omitted")]
expect("forecast: the weighted call", calls["weighted"], usd(counted, weighted=True))
expect("forecast: the range's not converted", f["report"]["range_not_converted"], apart(counted))
expect("forecast: the range's expected value", f["report"]["range"]["expected_value"], usd(counted, weighted=True))
expect("forecast: the notice", err, notice(apart(counted), False))

# --- win-loss ------------------------------------------------------------------
w, err = without_rates(["win-loss", csv_path], "win-loss")
won = [x for x in rows if x["outcome"] == "won"]
won_usd = [Decimal(x["amount"]) for x in won if x["currency"] == "USD"]
expect("win-loss: won deals", w["report"]["analysis"]["deals"]["won"], len(won))
expect("win-loss: won_not_converted", w["report"]["won_not_converted"], apart(won))
expect("win-loss: won_total", w["report"]["analysis"]["won_total"], usd(won))
expect("win-loss: average_won", w["report"]["analysis"]["average_won"], f"{cents(sum(won_usd) / len(won_usd))} USD")
expect("win-loss: the notice", err, notice(apart(won), False))

# --- account-plan ----------------------------------------------------------------
a, err = without_rates(["account-plan", csv_path, "--account", account], "account-plan")
mine = [x for x in rows if x["account"].lower() == account.lower()]
mine_open = [x for x in mine if x["outcome"] == "open"]
ov = a["report"]["overview"]
expect(f"account-plan: open deals of {account}", ov["open_deals"], len(mine_open))
expect(f"account-plan: open pipeline of {account}", ov["open_pipeline"], usd(mine_open))
expect(f"account-plan: open not converted of {account}", ov["open_not_converted"], apart(mine_open))
mine_won = [x for x in mine if x["outcome"] == "won"]
expect(f"account-plan: won not converted of {account}", ov["won_not_converted"], apart(mine_won))
expect("account-plan: the notice", err, notice(apart(mine_open + mine_won), False))
if not apart(mine_open):
    problems.append(f"account-plan: pick an account with open deals outside USD, not {account}")

# --- the policy's rates given with --rate give the policy's reports -------------
with tempfile.TemporaryDirectory() as tmp:
    no_rates = os.path.join(tmp, "policy.json")
    bare = dict(policy)
    bare["exchange"] = {"reporting": "USD", "rates": []}
    json.dump(bare, open(no_rates, "w"))
    rate_args = [a for code, rate in policy_rates for a in ("--rate", f"{code}={rate}")]
    for args in (["pipeline", csv_path], ["forecast", csv_path, "--period", period], ["win-loss", csv_path],
                 ["account-plan", csv_path, "--account", account]):
        given = run([*args, "--format", "json", *rate_args], no_rates)
        held = run([*args, "--format", "json"], policy_path)
        expect(f"{args[0]} with --rate: exit status", given.returncode, 0)
        # Nothing on stderr but the policy's own notes (an older form it still uses).
        errors = "".join(l for l in given.stderr.splitlines(True) if not l.startswith("salesrules: note: "))
        expect(f"{args[0]} with --rate: stderr", errors, "")
        if given.returncode == 0 and held.returncode == 0:
            if json.loads(given.stdout)["report"] != json.loads(held.stdout)["report"]:
                problems.append(f"{args[0]}: --rate for each of the policy's rates gives another report")
            for key in ("not_converted", "open_not_converted", "won_not_converted"):
                if json.loads(given.stdout)["report"].get(key, []) != []:
                    problems.append(f"{args[0]}: with every rate, {key} is not empty")

if problems:
    sys.exit("\n".join(problems))
print(f"{len(rows)} rows: without rates every report converts the USD deals, lists EUR and GBP apart and exits 1; "
      "--strict exits 2; --rate gives the policy's reports")
