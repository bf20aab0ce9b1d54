#!/usr/bin/env python3
# SPDX-License-Identifier: BSL-1.0
"""Feeds every report of the salesrules tool a hostile value in every printed field and
checks that what it prints is safe to print (docs/hardening.md, "What the reports print").

  check_escaping.py SALESRULES

A policy whose stage, level, rule, segment and loss-reason names, an export (JSON
Lines, so that it can hold NUL) whose ids, accounts, owners, next steps, competitors,
segments and loss reasons, golden cases whose names, and a policy file name that all
hold terminal escapes (ESC[31m, BEL, NUL where the input can carry it, the 8-bit CSI
U+009B, U+202E and an isolate), a line feed followed by Markdown block syntax
(a heading, raw HTML, a list item, a quote, indented code, a fence), a backslash
before a pipe, runs of backticks, emphasis, a link and an entity. Every command is
run in text and Markdown (and the reports in HTML) and its stdout and stderr checked:

- valid UTF-8, no byte below 0x20 but the line feed, no DEL, no C1 control, no
  bidirectional control, no line or paragraph separator;
- no line that begins with what the data put there (a heading, a tag, a list item, a
  quote, indented code, a fence), in text or Markdown;
- Markdown: no '<' at all, every table row with as many cells as its header, and the
  code fences paired and long enough for what they hold;
- each field's value is printed, in the escaped form an independent reading of the
  notation gives;
- HTML: only the elements and attributes the reports write (no <img>, no onerror, no
  script), and each value shown whole, on one line, in the notation, both in the text
  and in the charts' attributes once the page's character references are read.

Then in JSON: the output parses, and holds every hostile value exactly. Standard
library only; exits 1 listing the problems.
"""
import csv
import html.parser
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

exe = os.path.abspath(sys.argv[1])
problems = []

TAIL = ("\n# heading\n<img src=x onerror=alert(1)>\n- item\n> quote\n    code\n```\n"
        "a\\|b ```` ~~~ *em* _em_ [link](http://example.com) &amp; &#x202E;")


def hostile(tag, nul=True):
    """A value that tries everything; `tag` tells the fields apart."""
    return tag + "\x1b[31mRED\x07" + ("\x00" if nul else "") + "\u009b\u202e\u2066" + TAIL


# --- the notation, as docs/hardening.md states it (an independent reading) ----------

HIDDEN = set(range(0x80, 0xA0)) | {0x061C, 0x200E, 0x200F, 0x2028, 0x2029} | set(range(0x202A, 0x202F)) | \
    set(range(0x2066, 0x206A))


def escape_text(s):
    out = []
    for ch in s:
        c = ord(ch)
        if c < 0x20 or c == 0x7F:
            out.append("\\x%02X" % c)
        elif c in HIDDEN:
            out.append("\\u{%04X}" % c)
        elif ch == "\\":
            out.append("\\\\")
        else:
            out.append(ch)
    return "".join(out)


# --- the inputs ----------------------------------------------------------------------

STAGE = hostile("stage", nul=False)  # named on the command line by advance --to
LOST = hostile("lost", nul=False)
LEVEL = hostile("level", nul=False)  # golden cases name it in CSV, which cannot hold NUL
RULE = hostile("rule")
SEGMENT = hostile("segment")
REASON = hostile("reason")
ACCOUNT = hostile("account", nul=False)  # --account
OWNER = hostile("owner")
DEAL_ID = hostile("id")
STEP = hostile("step")
STEP_OWNER = hostile("stepowner")
COMPETITOR = hostile("competitor")
CASE = hostile("case", nul=False)
BAD_LEVEL = hostile("nolevel", nul=False)

work = tempfile.mkdtemp(prefix="salesrules-escaping-")


def write(name, text):
    path = os.path.join(work, name)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    return path


defaults = json.loads(subprocess.run([exe, "policy", "defaults"], capture_output=True, text=True, check=True).stdout)


def rename(value, old, new):
    if isinstance(value, dict):
        return {k: rename(v, old, new) for k, v in value.items()}
    if isinstance(value, list):
        return [rename(v, old, new) for v in value]
    return new if value == old else value


policy = rename(rename(rename(defaults, "Discovery", STAGE), "Closed Lost", LOST), "Director", LEVEL)
policy = rename(policy, "Mid-Market", SEGMENT)
policy["discount"]["rules"][0]["name"] = RULE
policy["diagnosis"]["competitor_loss_reasons"] = [REASON]
policy_name = "policy\x1b[31m\u202e.json"
policy_path = write(policy_name, json.dumps(policy))

deals = [
    {"id": DEAL_ID, "account": ACCOUNT, "owner": OWNER, "amount": "100000", "currency": "USD", "stage": STAGE,
     "close_date": "2026-12-15", "created_date": "2026-08-01", "next_step": STEP, "next_step_owner": STEP_OWNER,
     "segment": SEGMENT, "competitors": COMPETITOR, "outcome": "open"},
    {"id": DEAL_ID + "2", "account": ACCOUNT, "owner": OWNER, "amount": "50000", "currency": "USD",
     "stage": "Prospect", "close_date": "2026-12-01", "created_date": "2026-09-01", "segment": SEGMENT,
     "outcome": "open"},
    {"id": DEAL_ID + "3", "account": ACCOUNT, "owner": OWNER, "amount": "70000", "currency": "USD", "stage": LOST,
     "close_date": "2026-11-10", "created_date": "2026-07-01", "closed_date": "2026-11-10", "segment": SEGMENT,
     "competitors": COMPETITOR, "loss_reason": REASON, "outcome": "lost"},
    {"id": DEAL_ID + "4", "account": ACCOUNT, "owner": OWNER, "amount": "90000", "currency": "USD",
     "stage": "Closed Won", "close_date": "2026-10-20", "created_date": "2026-06-01", "closed_date": "2026-10-20",
     "segment": SEGMENT, "outcome": "won"},
]
deals_path = write("deals.jsonl", "".join(json.dumps(d) + "\n" for d in deals))
deal_path = write("deal.json", json.dumps({"id": DEAL_ID, "account": ACCOUNT, "owner": OWNER, "amount": "1000.00 USD",
                                           "stage": "Prospect", "close_date": "2026-12-15",
                                           "created_date": "2026-08-01"}))
cases = io.StringIO()
w = csv.writer(cases, lineterminator="\n")
w.writerow(["case", "discount", "deal_amount", "currency", "nonstandard_terms", "evidence", "expect_level",
            "expect_reviewers"])
w.writerow([CASE + " passes", "25", "100000", "USD", "yes", "", LEVEL, "legal"])
w.writerow([CASE + " fails", "25", "100000", "USD", "", "", "Manager", ""])
w.writerow([CASE + " unknown", "25", "100000", "USD", "", "", BAD_LEVEL, ""])
cases_path = write("cases.csv", cases.getvalue())

report = [deals_path, "--jsonl", "--policy", policy_path, "--today", "2026-11-22"]
commands = {
    "pipeline": (["pipeline", *report, "--quota", "100000", "--list", "50"],
                 [OWNER, DEAL_ID, STAGE, LOST]),
    "forecast": (["forecast", *report, "--period", "2026-Q4", "--quota", "100000"], []),
    # An export separates competitors with ';', which the value's entity holds.
    "win-loss": (["win-loss", *report], [STAGE, SEGMENT, REASON, COMPETITOR.split(";")[0]]),
    "account-plan": (["account-plan", *report, "--account", ACCOUNT],
                     [ACCOUNT, OWNER, DEAL_ID, STAGE, STEP, STEP_OWNER, SEGMENT]),
    "score": (["score", "--deal", deal_path, "--policy", policy_path], [DEAL_ID]),
    "advance": (["advance", "--deal", deal_path, "--to", STAGE, "--policy", policy_path, "--today", "2026-11-22"],
                [DEAL_ID, STAGE]),
    "discount": (["discount", "--discount", "25", "--nonstandard-terms", "--policy", policy_path],
                 [LEVEL, RULE]),
    "discount test": (["discount", "test", policy_path, cases_path], [LEVEL, CASE + " passes"]),
    "policy check": (["policy", "check", policy_path], [policy_path]),
}


def run(args, fmt):
    extra = [] if fmt == "text" and args[0] == "policy" else ["--format", fmt]
    p = subprocess.run([exe, *args, *extra], capture_output=True, cwd=work)
    if p.returncode not in (0, 1):
        problems.append(f"{args[0]} --format {fmt}: exit {p.returncode}: "
                        f"{p.stderr.decode('utf-8', 'backslashreplace')[:500]}")
    return p.stdout, p.stderr


# --- the checks ----------------------------------------------------------------------

# How the data's lines begin: none may begin a printed line (after any indentation).
DATA_LINE_STARTS = ("# heading", "<img", "- item", "> quote", "code", "```", "a\\|b", "&#x202E;")


def check_safe(what, raw, md):
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        problems.append(f"{what}: not valid UTF-8: {e}")
        return None
    for i, ch in enumerate(text):
        c = ord(ch)
        if (c < 0x20 and ch != "\n") or c == 0x7F or c in HIDDEN:
            problems.append(f"{what}: U+{c:04X} printed raw at {i}: {text[max(0, i - 30):i + 30]!r}")
            break
    for line in text.split("\n"):
        if re.fullmatch(r"`{3,}", line):
            continue  # a fence of ours (check_fences)
        if line.lstrip(" ").startswith(DATA_LINE_STARTS):
            problems.append(f"{what}: a line begins with what the data put there: {line[:80]!r}")
    if md:
        outside = check_fences(what, text)  # a code block shows '<' as it is
        if "<" in outside:
            at = outside.index("<")
            problems.append(f"{what}: a raw '<' in Markdown: {outside[max(0, at - 30):at + 30]!r}")
        check_tables(what, outside)
    return text


def cells(line):
    """The cells of a pipe-table row, a backslash escaping the character after it."""
    n, i = 0, 0
    while i < len(line):
        if line[i] == "\\":
            i += 2
            continue
        n += line[i] == "|"
        i += 1
    return n - 1


def check_tables(what, text):
    rows = []
    for line in text.split("\n") + [""]:
        if line.startswith("|"):
            rows.append(line)
            continue
        if rows:
            if len(rows) < 2 or not re.fullmatch(r"\|( ---:? \|)+", rows[1]):
                problems.append(f"{what}: a table without its alignment row: {rows[0][:80]!r}")
            width = cells(rows[0])
            for r in rows:
                if cells(r) != width:
                    problems.append(f"{what}: a row of {cells(r)} cells under {width} columns: {r[:100]!r}")
            rows = []


def check_fences(what, text):
    """Checks the code fences; returns the lines outside them."""
    fence = None
    outside = []
    for line in text.split("\n"):
        m = re.fullmatch(r" {0,3}(`{3,}|~{3,})\s*", line) if fence else re.match(r" {0,3}(`{3,}|~{3,})", line)
        if not m:
            if fence and len(max(re.findall(r"`+", line) or [""], key=len)) >= len(fence):
                problems.append(f"{what}: a backtick run inside a fence as long as the fence: {line[:80]!r}")
            if not fence:
                outside.append(line)
            continue
        if fence is None:
            fence = m.group(1)
            if line.strip() != fence:
                problems.append(f"{what}: a fence opened with text after it: {line[:80]!r}")
        elif m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
            fence = None
    if fence:
        problems.append(f"{what}: a code fence left open")
    return "\n".join(outside)


HTML_ELEMENTS = {"html", "head", "meta", "title", "style", "body", "main", "h1", "h2", "h3", "p", "br", "ul", "li",
                 "div", "span", "table", "thead", "tbody", "tr", "th", "td", "figure", "figcaption", "svg", "rect",
                 "line"}
HTML_ATTRIBUTES = {"lang", "charset", "name", "content", "class", "data-chart", "data-label", "data-value", "viewbox",
                   "preserveaspectratio", "role", "aria-label", "x", "y", "width", "height", "x1", "x2", "y1", "y2"}


class PageReader(html.parser.HTMLParser):
    """The text and attribute values of a page, character references read, and what is
    not the reports' own markup."""

    def __init__(self, what):
        super().__init__(convert_charrefs=True)
        self.what = what
        self.text = []
        self.attributes = []

    def handle_starttag(self, tag, attrs):
        if tag not in HTML_ELEMENTS:
            problems.append(f"{self.what}: an element <{tag}> the reports do not write")
        for name, value in attrs:
            if name not in HTML_ATTRIBUTES:
                problems.append(f"{self.what}: an attribute {name!r} on <{tag}> the reports do not write")
            self.attributes.append(value or "")

    def handle_data(self, data):
        self.text.append(data)


def check_html(what, text, shown):
    try:  # strict HTML5 too where html5lib is installed (check_html.py requires it)
        import html5lib
        html5lib.HTMLParser(strict=True).parse(text)
    except ImportError:
        pass
    except html5lib.html5parser.ParseError as e:
        problems.append(f"{what}: not valid HTML5: {e}")
    reader = PageReader(what)
    reader.feed(text)
    reader.close()
    body = "".join(reader.text)
    for value in shown:
        want = escape_text(value)
        if want not in body:
            problems.append(f"{what}: {value.split(chr(27))[0]!r} is not shown whole as {want[:60]!r}...")
    for value in reader.attributes:
        if "\n" in value or any(ord(c) < 0x20 or ord(c) in HIDDEN for c in value):
            problems.append(f"{what}: an attribute holds a raw control: {value[:60]!r}")


def strings_in(value, into):
    if isinstance(value, str):
        into.add(value)
    elif isinstance(value, dict):
        for k, v in value.items():
            into.add(k)
            strings_in(v, into)
    elif isinstance(value, list):
        for v in value:
            strings_in(v, into)
    return into


for name, (args, shown) in commands.items():
    for fmt in ("text", "md"):
        if name == "policy check" and fmt == "md":
            continue  # policy check prints text or JSON
        out, err = run(args, fmt)
        what = f"{name} --format {fmt}"
        text = check_safe(what, out, fmt == "md")
        check_safe(what + " (stderr)", err, False)
        if text is None:
            continue
        if not text.strip():
            problems.append(f"{what}: printed nothing")
        # Each value is shown, in the notation: the text form of its first line
        # (the rest follows escaped), which Markdown shows the same way.
        for value in shown:
            head = escape_text(value.split("\n")[0])
            md_head = head.replace("[", "\\[")  # the only Markdown character in a first line
            if head not in text if fmt == "text" else md_head not in text and head not in text:
                problems.append(f"{what}: {value.split(chr(27))[0]!r} is not shown as {head!r}")
    if name in ("pipeline", "forecast", "win-loss", "account-plan"):
        out, err = run(args, "html")
        what = f"{name} --format html"
        text = check_safe(what, out, False)
        check_safe(what + " (stderr)", err, False)
        if text is not None:
            check_html(what, text, shown)
    # JSON keeps every value exact.
    if name in ("policy check",):
        continue
    out, err = run(args, "json")
    try:
        doc = json.loads(out.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        problems.append(f"{name} --format json: not JSON: {e}")
        continue
    for i, ch in enumerate(out.decode("utf-8")):
        if ord(ch) in HIDDEN or (ord(ch) < 0x20 and ch != "\n"):
            problems.append(f"{name} --format json: U+{ord(ch):04X} printed raw")
            break
    found = strings_in(doc, set())
    for value in shown:
        if not any(value in s for s in found):
            problems.append(f"{name} --format json: {value.split(chr(27))[0]!r} is not held exactly")

shutil.rmtree(work, ignore_errors=True)
if problems:
    sys.exit("\n".join(problems))
print(f"{len(commands)} commands, text, Markdown, JSON and the reports' HTML: every hostile value printed safely")
