#!/usr/bin/env python3
# SPDX-License-Identifier: BSL-1.0
"""Checks the reports' HTML pages (--format html) on one export:

  check_html.py SALESRULES CSV POLICY TODAY QUOTA PERIOD ACCOUNT [ARG...]

(ARGs, such as --history FILE, are given to every report.)

- each page parses as HTML5 with html5lib in strict mode (any parse error fails);
- it is self-contained: no script, no element or attribute that loads anything
  (src, href, url(...), @import), only the elements and attributes the reports write;
- every chart has its shapes, each shape's geometry lies on the chart's 0-1000 scale
  (a bar or column's x + width too), and every figure a chart carries (data-value)
  equals the JSON output's figure for the same command: the funnel, the categories,
  coverage and the outbound shares of the pipeline; the calls, the distribution and
  its marks, coverage and the slippage of the forecast; the win rate by quarter and
  the conversion of the win/loss report; the account plan's open deals. A chart with
  nothing to show (no outbound share, no stage history, no pushed deal) is left out.

html5lib is Debian's python3-html5lib (.ci/setup installs it); without it the test
is skipped (exit 77), never passed. Exits 1 listing the problems.
"""
import json
import re
import subprocess
import sys

try:
    import html5lib
except ImportError:
    print("python3-html5lib is not installed: skipped")
    sys.exit(77)

exe, csv_path, policy_path, today, quota, period, account = sys.argv[1:8]
extra = sys.argv[8:]
problems = []
SVG = "{http://www.w3.org/2000/svg}"
XHTML = "{http://www.w3.org/1999/xhtml}"

ELEMENTS = {"html", "head", "meta", "title", "style", "body", "main", "h1", "h2", "h3", "p", "br", "ul", "li",
            "div", "span", "table", "thead", "tbody", "tr", "th", "td", "figure", "figcaption", "svg", "rect", "line"}
ATTRIBUTES = {"lang", "charset", "name", "content", "class", "data-chart", "data-label", "data-value", "viewBox",
              "preserveAspectRatio", "role", "aria-label", "x", "y", "width", "height", "x1", "x2", "y1", "y2"}

REPORTS = {
    "pipeline": ["pipeline", csv_path, "--quota", quota],
    "forecast": ["forecast", csv_path, "--period", period, "--quota", quota],
    "win-loss": ["win-loss", csv_path],
    "account-plan": ["account-plan", csv_path, "--account", account, "--potential", quota],
}


def run(args, fmt):
    p = subprocess.run([exe, *args, *extra, "--policy", policy_path, "--today", today, "--format", fmt, "--quiet"],
                       capture_output=True)
    if p.returncode not in (0, 1):
        sys.exit(f"{' '.join(args)} --format {fmt}: exit {p.returncode}\n{p.stderr.decode()}")
    return p.stdout.decode("utf-8")


def local(tag):
    return tag.split("}")[-1]


def parse(name, page):
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=True)
    try:
        return parser.parse(page)
    except html5lib.html5parser.ParseError as e:
        problems.append(f"{name}: not valid HTML5: {e}")
        return html5lib.parse(page)


def check_self_contained(name, page, root):
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        tag = local(el.tag)
        if tag not in ELEMENTS:
            problems.append(f"{name}: an element <{tag}> the reports do not write")
        for attr in el.attrib:
            if local(attr) not in ATTRIBUTES:
                problems.append(f"{name}: an attribute {attr!r} on <{tag}> the reports do not write")
    for pattern in (r"<script", r"\bsrc\s*=", r"\bhref\s*=", r"url\(", r"@import"):
        if re.search(pattern, page, re.IGNORECASE):
            problems.append(f"{name}: the page holds {pattern!r}: it must load nothing")
    if not page.startswith("<!DOCTYPE html>\n"):
        problems.append(f"{name}: no <!DOCTYPE html> first")


def charts(root):
    """{name: [(shape tag, label, value, geometry)]} in document order."""
    found = {}
    for fig in root.iter(XHTML + "figure"):
        shapes = []
        for el in fig.iter():
            if el.tag in (SVG + "rect", SVG + "line"):
                shapes.append((local(el.tag), el.get("data-label"), el.get("data-value"), dict(el.attrib)))
        found[fig.get("data-chart")] = shapes
    return found


def check_geometry(name, found):
    for chart, shapes in found.items():
        if not shapes:
            problems.append(f"{name}: chart {chart!r} has no shapes")
        for tag, label, value, attrs in shapes:
            if label is None or value is None:
                problems.append(f"{name}: chart {chart!r}: a {tag} without its data-label and data-value")
            for key in ("x", "width", "x1", "x2"):
                if key in attrs and not (attrs[key].isdigit() and 0 <= int(attrs[key]) <= 1000):
                    problems.append(f"{name}: chart {chart!r}: {tag} {label!r} has {key}={attrs[key]!r}, off the scale")
            if tag == "rect" and attrs.get("x", "").isdigit() and attrs.get("width", "").isdigit() and \
                    int(attrs["x"]) + int(attrs["width"]) > 1000:
                problems.append(f"{name}: chart {chart!r}: {label!r} ends at {int(attrs['x']) + int(attrs['width'])}, "
                                "past the scale")


def values(found, chart, tag):
    return [(label, value) for t, label, value, _ in found.get(chart, []) if t == tag]


def expect(what, got, want):
    if got != want:
        problems.append(f"{what}: the page says {got!r}, the JSON {want!r}")


def words(identifier):
    return identifier.replace("_", " ")


def check_coverage(name, found, cov):
    want = []
    if cov["total"] and cov["total"]["ratio"]:
        want.append(("pipeline / quota", cov["total"]["ratio"]))
    if cov["weighted_check"] and cov["weighted_check"]["ratio"]:
        want.append(("weighted / remaining quota", cov["weighted_check"]["ratio"]))
    expect(f"{name} coverage", values(found, "coverage", "rect"), want)
    want_targets = []
    for t, check in ((cov["target"], cov["total"]), (cov["weighted_target"], cov["weighted_check"])):
        if check and check["ratio"]:
            want_targets += [t["low"]] + ([t["high"]] if t["high"] and t["high"] != t["low"] else [])
    expect(f"{name} coverage targets", [v for _, v in values(found, "coverage", "line")], want_targets)
    if not want and "coverage" in found:
        problems.append(f"{name}: a coverage chart without a ratio to show")


pages = {}
for name, args in REPORTS.items():
    page = run(args, "html")
    pages[name] = page
    root = parse(name, page)
    check_self_contained(name, page, root)
    found = charts(root)
    check_geometry(name, found)
    report = json.loads(run(args, "json"))["report"]

    if name == "pipeline":
        open_stages = [(s["stage"], s["total"]) for s in report["by_stage"] if s["kind"] == "open"]
        expect("pipeline funnel", values(found, "funnel", "rect"), open_stages)
        expect("pipeline categories", values(found, "categories", "rect"),
               [(words(c["category"]), c["total"]) for c in report["by_category"]])
        check_coverage("pipeline", found, report["coverage"])
        ob = report["outbound"]
        rows = [("every owner", ob["all"]["share"])] + [(o["owner"], o["share"]) for o in ob["by_owner"]]
        shares = [r for r in rows if r[1] is not None]
        expect("pipeline outbound shares", values(found, "outbound", "rect"), shares)
        expect("pipeline outbound target", {v for _, v in values(found, "outbound", "line")},
               {ob["target"]} if shares else set())
        if not shares and "outbound" in found:
            problems.append("pipeline: an outbound chart without a share to show")
    elif name == "forecast":
        c = report["calls"]
        expect("forecast calls", values(found, "calls", "rect"),
               [("closed won", c["closed"]), ("commit", c["commit"]), ("best case", c["best_case"]),
                ("pipeline", c["pipeline"])])
        expect("forecast call marks", values(found, "calls", "line"),
               [("weighted", c["weighted"])] + ([("quota", report["range"]["quota"])] if report["range"]["quota"] else []))
        g = report["range"]
        expect("forecast distribution", [v for _, v in values(found, "range", "rect")],
               [b["chance"] for b in g["distribution"]])
        expect("forecast distribution marks", values(found, "range", "line"),
               [("P10", g["p10"]), ("P50", g["p50"]), ("P90", g["p90"]), ("expected value", g["expected_value"])] +
               ([("quota", g["quota"])] if g["quota"] else []))
        if not g["distribution"]:
            problems.append("forecast: the distribution is empty")
        check_coverage("forecast", found, report["coverage"])
        pushed = report["slippage"]["most_pushed"]
        expect("forecast slippage", values(found, "slippage", "rect"),
               [(d["deal"], str(d["days_pushed"])) for d in pushed])
        if not pushed and "slippage" in found:
            problems.append("forecast: a slippage chart without a pushed deal")
    elif name == "win-loss":
        expect("win rate by quarter", values(found, "win-rate-by-quarter", "rect"),
               [(f"FY{q['quarter']['year']}-Q{q['quarter']['index']}", q["figure"]["rate"] or "")
                for q in report["by_quarter"]])
        conversion = report["analysis"]["conversion"]
        expect("conversion", values(found, "conversion", "rect"),
               [(s["stage"], str(s["entered"])) for s in conversion] if any(s["entered"] for s in conversion) else [])
        if not any(s["entered"] for s in conversion) and "conversion" in found:
            problems.append("win-loss: a conversion chart without stage history")
    elif name == "account-plan":
        reporting = report["overview"]["open_pipeline"].split(" ")[1]
        deals = [d for d in report["overview"]["deals"]
                 if d["outcome"] == "open" and d["amount"].endswith(" " + reporting)]
        expect("account plan deals", values(found, "deals", "rect"),
               [(f"{d['id']} ({d['stage']})", d["amount"]) for d in deals])
        expect("account plan weighted", [v for _, v in values(found, "deals", "line")], [d["weighted"] for d in deals])

    for chart in found:
        if chart not in {"funnel", "categories", "coverage", "outbound", "calls", "range", "slippage",
                         "win-rate-by-quarter", "conversion", "deals"}:
            problems.append(f"{name}: a chart {chart!r} this test does not check")

if problems:
    sys.exit("\n".join(problems))
print(f"{len(REPORTS)} HTML reports: valid HTML5, self-contained, every chart's figures equal to the JSON's")
