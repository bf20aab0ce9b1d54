#!/usr/bin/env python3
# SPDX-License-Identifier: BSL-1.0
"""Checks the salesrules reports' figures against a second, independent reading of the
same CSV: Python's csv module and Decimal arithmetic, written from the design brief's
rules rather than from the library's code.

  check_reports.py SALESRULES CSV POLICY TODAY QUOTA PERIOD ACCOUNT

POLICY must give every foreign currency's rate under exchange.rates (reporting USD) and
keep the calendar fiscal year (first month January): PERIOD is read as calendar quarters.
Exits 1 with the differences listed, 0 when every figure agrees.
"""
import csv
import datetime as dt
import json
import random
import subprocess
import sys
from collections import Counter, defaultdict
from decimal import ROUND_HALF_EVEN, Decimal

exe, csv_path, policy_path, today, quota, period, account = sys.argv[1:8]
policy = json.load(open(policy_path))
rates = {r["from"]: Decimal(r["rate"]) for r in policy.get("exchange", {}).get("rates", [])}
rates["USD"] = Decimal(1)
STAGE_PROBABILITY = {"Prospect": 10, "Discovery": 20, "Demo/Evaluation": 40, "Proposal": 60, "Negotiation": 80}
problems = []


def run(*args):
    out = subprocess.run([exe, *args, "--policy", policy_path, "--today", today, "--format", "json", "--quiet"],
                         capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit(f"{' '.join(args)}: exit {out.returncode}\n{out.stderr}")
    return json.loads(out.stdout)


def in_usd(by_currency):
    """Per-currency sums converted once each, half to even, as a report total is."""
    total = Decimal(0)
    for cur, amount in by_currency.items():
        total += (amount * rates[cur]).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
    return total


def money(text):
    amount, cur = text.split(" ")
    assert cur == "USD", text
    return Decimal(amount)


def expect(what, got, want):
    if got != want:
        problems.append(f"{what}: the report says {got}, the reference {want}")


def category(row):
    named = row["forecast_category"].strip().lower().replace(" ", "_")
    if named:
        return named
    p = int(row["probability"]) if row["probability"].strip() else STAGE_PROBABILITY[row["stage"]]
    return "commit" if p >= 90 else "best_case" if p >= 60 else "pipeline" if p >= 20 else "upside"


rows = list(csv.DictReader(open(csv_path, newline="", encoding="utf-8-sig")))
open_rows = [r for r in rows if r["outcome"] == "open"]

# pipeline: counts by outcome, by stage and by category; the open total.
p = run("pipeline", csv_path, "--quota", quota)
expect("rows imported", p["import"]["imported"], len(rows))
expect("rows skipped", p["import"]["skipped"], 0)
outcomes = Counter(r["outcome"] for r in rows)
for kind in ("open", "won", "lost", "disqualified"):
    expect(f"{kind} deals", p["report"]["deals"][kind], outcomes.get(kind, 0))
open_by_currency = defaultdict(Decimal)
for r in open_rows:
    open_by_currency[r["currency"]] += Decimal(r["amount"])
expect("open total", money(p["report"]["open_total"]), in_usd(open_by_currency))
stages = Counter(r["stage"] for r in rows)
for s in p["report"]["by_stage"]:
    expect(f"deals in {s['stage']}", s["deals"], stages.get(s["stage"], 0))
categories = Counter(category(r) for r in open_rows)
for c in p["report"]["by_category"]:
    expect(f"open deals in {c['category']}", c["deals"], categories.get(c["category"], 0))

# pipeline: the handbook's outbound share, where the export records sources: of the open
# deals' amount that records a source, the part from a source the default policy counts
# as outbound (its name, case and blanks aside), each currency converted once; the share
# cut to hundredths of a percent. Deals that record none are counted apart.
if rows and "source" in rows[0]:
    OUTBOUND = {"outbound", "cold outbound", "self-generated"}
    recorded, outbound = defaultdict(Decimal), defaultdict(Decimal)
    by_owner = defaultdict(lambda: [0, 0, 0])  # recorded, outbound, none
    exact = defaultdict(lambda: [Decimal(0), Decimal(0)])  # per owner: recorded, outbound, in USD unrounded
    for r in open_rows:
        source = r["source"].strip().lower()
        counts = by_owner[r["owner"] if r["owner"].strip() else "(none)"]
        if not source:
            counts[2] += 1
            continue
        counts[0] += 1
        recorded[r["currency"]] += Decimal(r["amount"])
        usd = Decimal(r["amount"]) * rates[r["currency"]]
        owner_exact = exact[r["owner"] if r["owner"].strip() else "(none)"]
        owner_exact[0] += usd
        if source in OUTBOUND:
            counts[1] += 1
            outbound[r["currency"]] += Decimal(r["amount"])
            owner_exact[1] += usd
    ob = p["report"]["outbound"]
    whole = ob["all"]
    expect("deals recording a source", whole["deals"], sum(c[0] for c in by_owner.values()))
    expect("outbound deals", whole["outbound_deals"], sum(c[1] for c in by_owner.values()))
    expect("deals recording no source", whole["unrecorded"], sum(c[2] for c in by_owner.values()))
    expect("amount recording a source", money(whole["total"]), in_usd(recorded))
    expect("outbound amount", money(whole["outbound"]), in_usd(outbound))
    # Shares and verdicts from the exact amounts (each at its exact rate, unrounded).
    whole_exact = [sum(v[0] for v in exact.values()), sum(v[1] for v in exact.values())]

    def share_of(pair):
        return (100 * pair[1] / pair[0]).quantize(Decimal("0.01"), rounding="ROUND_DOWN")

    expect("outbound share", Decimal(whole["share"].rstrip("%")), share_of(whole_exact))
    expect("outbound share meets 30%", whole["meets_target"], whole_exact[1] * 100 >= 30 * whole_exact[0])
    for row in ob["by_owner"]:
        expect(f"{row['owner']}: deals by source", [row["deals"], row["outbound_deals"], row["unrecorded"]],
               by_owner[row["owner"]])
        pair = exact[row["owner"]]
        if pair[0] > 0:
            expect(f"{row['owner']}: outbound share", Decimal(row["share"].rstrip("%")), share_of(pair))
            expect(f"{row['owner']}: meets 30%", row["meets_target"], pair[1] * 100 >= 30 * pair[0])
    expect("owners' outbound amounts add up", sum(money(row["outbound"]) for row in ob["by_owner"]),
           money(whole["outbound"]))

# forecast: closed won in the period, and the range's order.
year, q = int(period[:4]), int(period[-1])
first = dt.date(year, 3 * q - 2, 1)
last = dt.date(year + (q == 4), (3 * q) % 12 + 1, 1) - dt.timedelta(days=1)
won_in_period = defaultdict(Decimal)
for r in rows:
    if r["outcome"] == "won" and first <= dt.date.fromisoformat(r["closed_date"]) <= last:
        won_in_period[r["currency"]] += Decimal(r["amount"])
f = run("forecast", csv_path, "--period", period, "--quota", quota)
expect("closed won in the period", money(f["report"]["calls"]["closed"]), in_usd(won_in_period))
rng = f["report"]["range"]
p10, p50, p90 = (money(rng[k]) for k in ("p10", "p50", "p90"))
if not p10 <= p50 <= p90:
    problems.append(f"range out of order: P10 {p10}, P50 {p50}, P90 {p90}")
# The range: the expected value exactly (booked + amount x probability, per currency);
# the distribution's mean within a cent per currency of it; P10, P50 and P90 against a
# seeded Monte Carlo sample of the exact amounts, within the sample's own error (four
# standard errors) and 0.1% of the expected value for the steps.
in_range = []  # (amount in USD, chance) of the open deals of the period, not Omitted
expected_by_currency = defaultdict(Decimal, won_in_period)
for r in open_rows:
    if not first <= dt.date.fromisoformat(r["close_date"]) <= last or category(r) == "omitted":
        continue
    chance = int(r["probability"]) if r["probability"].strip() else STAGE_PROBABILITY[r["stage"]]
    expected_by_currency[r["currency"]] += Decimal(r["amount"]) * chance / 100
    in_range.append((float(Decimal(r["amount"]) * rates[r["currency"]]), chance / 100))
ev = in_usd(expected_by_currency)
expect("range expected value", money(rng["expected_value"]), ev)
if abs(money(rng["distribution_mean"]) - ev) > Decimal("0.01") * (1 + len(won_in_period.keys() | {r["currency"] for r in open_rows})):
    problems.append(f"range: the distribution's mean {rng['distribution_mean']} is not the expected value {ev}")
booked = float(money(rng["booked"]))
random.seed(7)
totals = sorted(booked + sum(a for a, c in in_range if random.random() < c) for _ in range(4000))
mean = sum(totals) / len(totals)
sd = (sum((t - mean) ** 2 for t in totals) / len(totals)) ** 0.5
for k, got in ((10, p10), (50, p50), (90, p90)):
    sampled = totals[len(totals) * k // 100 - 1]
    allowed = 4 * 1.7 * sd / len(totals) ** 0.5 + 0.001 * float(ev)
    if abs(float(got) - sampled) > allowed:
        problems.append(f"range: P{k} {got} is {abs(float(got) - sampled):.2f} from the sample's {sampled:.2f} "
                        f"(allowed {allowed:.2f})")

# win-loss: counts and the win rate won / (won + lost), disqualified excluded.
w = run("win-loss", csv_path)
deals = w["report"]["analysis"]["deals"]
expect("won deals (win-loss)", deals["won"], outcomes.get("won", 0))
expect("lost deals (win-loss)", deals["lost"], outcomes.get("lost", 0))
rate = Decimal(100) * outcomes["won"] / (outcomes["won"] + outcomes["lost"])
shown = Decimal(w["report"]["analysis"]["win_rate"]["rate"].rstrip("%"))
if abs(shown - rate) >= Decimal("0.01"):
    problems.append(f"win rate: the report says {shown}%, the reference {rate:.4f}%")

# win-loss: the win rate of the eight calendar quarters ending with today's, by each
# won or lost deal's closed date (its close date when that is blank), cut to a basis point.
t = dt.date.fromisoformat(today)
quarters = []
year, q = t.year, (t.month - 1) // 3 + 1
for _ in range(8):
    quarters.insert(0, (year, q))
    year, q = (year - 1, 4) if q == 1 else (year, q - 1)
by_quarter = {yq: [0, 0] for yq in quarters}
for r in rows:
    if r["outcome"] not in ("won", "lost"):
        continue
    d = dt.date.fromisoformat(r["closed_date"] or r["close_date"])
    yq = (d.year, (d.month - 1) // 3 + 1)
    if yq in by_quarter:
        by_quarter[yq][r["outcome"] == "lost"] += 1
got = [(q["quarter"]["year"], q["quarter"]["index"], q["figure"]["won"], q["figure"]["lost"], q["figure"]["rate"])
       for q in w["report"]["by_quarter"]]


def cut_rate(won, lost):
    if won + lost == 0:
        return None
    bp = (Decimal(10000) * won / (won + lost)).to_integral_value(rounding="ROUND_FLOOR")
    return f"{(bp / 100).normalize():f}%"


want = [(y, q, n[0], n[1], cut_rate(n[0], n[1])) for (y, q), n in by_quarter.items()]
expect("win rate by quarter", got, want)

# account-plan: the account's open deals and their total.
a = run("account-plan", csv_path, "--account", account)
mine = [r for r in open_rows if r["account"].lower() == account.lower()]
by_currency = defaultdict(Decimal)
for r in mine:
    by_currency[r["currency"]] += Decimal(r["amount"])
overview = a["report"]["overview"]
expect(f"open deals of {account}", overview["open_deals"], len(mine))
expect(f"open pipeline of {account}", money(overview["open_pipeline"]), in_usd(by_currency))

# account-plan: the current ARR of the first account (by name) with a won deal, where the
# export has a recurring column: yes/true/1 the whole amount, no/false/0 none, a number
# the annual amount, blank unrecorded; the whitespace a potential of 1,000,000 less it.
if rows and "recurring" in rows[0]:
    with_won = sorted({r["account"] for r in rows if r["outcome"] == "won"})
    if with_won:
        name = with_won[0]
        arr, counts = defaultdict(Decimal), Counter()
        for r in rows:
            if r["account"].lower() != name.lower() or r["outcome"] != "won":
                continue
            cell = r["recurring"].strip().lower()
            if not cell:
                counts["unrecorded"] += 1
            elif cell in ("no", "n", "false", "0") or (cell not in ("yes", "y", "true", "1") and Decimal(cell) == 0):
                counts["one_off"] += 1
            else:
                counts["recurring"] += 1
                arr[r["currency"]] += Decimal(r["amount"]) if cell in ("yes", "y", "true", "1") else Decimal(cell)
        a = run("account-plan", csv_path, "--account", name, "--potential", "1000000")
        got = a["report"]["overview"]["current_arr"]
        for k in ("recurring", "one_off", "unrecorded"):
            expect(f"{name}: won deals {k}", got[k], counts[k])
        if counts["unrecorded"] < sum(counts.values()):
            expect(f"{name}: current ARR", money(got["amount"]), in_usd(arr))
        space = a["report"]["overview"]["whitespace"]["amount"]
        if counts["unrecorded"] == 0:
            expect(f"{name}: whitespace", money(space), max(Decimal(1000000) - in_usd(arr), Decimal(0)))
        else:
            expect(f"{name}: whitespace", space, None)

if problems:
    sys.exit("\n".join(problems))
print(f"{len(rows)} rows: pipeline, forecast, win-loss and account-plan agree with the reference")
