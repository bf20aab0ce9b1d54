#!/usr/bin/env python3
# SPDX-License-Identifier: BSL-1.0
"""The pipeline report's core figures computed with pandas: the peer `salesrules pipeline`
is measured against (benchmarks/cli_speed.py runs both on the same file).

    pandas_pipeline.py EXPORT.csv [--today 2026-11-22]

Reads the interchange CSV, converts amounts to USD at the sample policy's rates (EUR
1.08, GBP 1.27), and prints for the open deals the count, total and weighted total by
stage, by forecast category and by owner, the hygiene counts of the default policy
(stale after 30 days without activity, close date passed, no next step, fewer than 3
contacts) and how many deals have each MEDDIC field and all six. Needs python3-pandas.
"""

import argparse
import sys

import pandas as pd

RATES = {"USD": 1.0, "EUR": 1.08, "GBP": 1.27}
MEDDIC = ["metrics", "economic_buyer", "decision_criteria", "decision_process", "identify_pain", "champion_name"]
DATES = ["close_date", "created_date", "last_activity_date", "next_step_date", "closed_date"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("export")
    ap.add_argument("--today", default="2026-11-22")
    args = ap.parse_args()
    today = pd.Timestamp(args.today)

    text = {c: "string" for c in ["id", "account", "owner", "currency", "stage", "forecast_category", "next_step",
                                  "next_step_owner", "segment", "outcome", "loss_reason", "competitors"] + MEDDIC}
    df = pd.read_csv(args.export, dtype=text, parse_dates=DATES, keep_default_na=False, na_values=[""])
    df["usd"] = df["amount"] * df["currency"].map(RATES)
    df["weighted"] = df["usd"] * df["probability"] / 100.0

    open_deals = df[df["outcome"] == "open"]
    print(f"{len(open_deals)} open deals, {open_deals['usd'].sum():,.2f} USD, "
          f"weighted {open_deals['weighted'].sum():,.2f} USD; won {int((df['outcome'] == 'won').sum())}, "
          f"lost {int((df['outcome'] == 'lost').sum())}")
    for key in ["stage", "forecast_category", "owner"]:
        table = open_deals.groupby(key).agg(deals=("id", "size"), total=("usd", "sum"), weighted=("weighted", "sum"))
        print(table.round(2).to_string())

    idle = (today - open_deals["last_activity_date"]).dt.days
    print("stale:", int((idle > 30).sum()))
    print("close date passed:", int((open_deals["close_date"] < today).sum()))
    print("no next step:", int(open_deals["next_step"].isna().sum()))
    print("under 3 contacts:", int((open_deals["contacts"] < 3).sum()))
    filled = open_deals[MEDDIC].notna()
    print("MEDDIC fields filled:", filled.sum().to_dict())
    print("MEDDIC complete:", int(filled.all(axis=1).sum()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
