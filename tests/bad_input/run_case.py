#!/usr/bin/env python3
# SPDX-License-Identifier: BSL-1.0
"""Runs one case of the bad-input catalog (catalog.txt) against the salesrules tool.

    run_case.py SALESRULES CATALOG CASE [--work DIR] [--sanitized]
    run_case.py SALESRULES CATALOG --bless [CASE...] [--work DIR]

A case writes its input files into a fresh directory, runs the tool there (so every
path it prints is the relative one the catalog shows), and checks the exit status,
the whole of stderr (byte for byte, as UTF-8), and stdout as the case asks: exact
text, lines it must hold, empty, or strict JSON (valid UTF-8 that parses, no NaN).
A case may bound the child's peak resident memory; --sanitized skips that bound,
since AddressSanitizer's shadow memory and quarantine are not the program's.

--bless reruns the named cases (all when none are named) and
writes what they printed on stderr, and their exit status, back into the catalog:
for writing new cases. Read the diff before committing it.

The catalog's format is described at its top. Standard library only.
"""

import json
import os
import re
import resource
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time

INDENT = "  "
CHUNK = 1 << 20  # bytes written to a file or pipe at a time


# --- the catalog ----------------------------------------------------------------


class Case:
    def __init__(self, name, about, first_line):
        self.name = name
        self.about = about
        self.first_line = first_line  # 0-based index of the "===" line
        self.files = []  # (name, block)
        self.stdin = None  # block
        self.args = None
        self.exit = None
        self.exit_line = None
        self.stdout_kind = None  # "json", "empty" or None
        self.stdout_exact = None  # block
        self.stdout_has = None  # block
        self.stderr = None  # block
        self.rss_mib = None


class Block:
    def __init__(self):
        self.lines = []  # text without the indent
        self.span = None  # [first, last) indexes of the catalog's lines it holds

    def text(self):
        return "".join(line + "\n" for line in self.lines)


def parse_catalog(path):
    with open(path, encoding="utf-8") as f:
        raw = f.read().split("\n")
    if raw and raw[-1] == "":
        raw.pop()
    cases = []
    case = None
    block = None  # the block being filled
    pending_blank = []  # blank lines inside a block count only when more of it follows

    for i, line in enumerate(raw):
        if block is not None and (line.startswith(INDENT) or line == ""):
            if line == "":
                pending_blank.append(i)
                continue
            for _ in pending_blank:
                block.lines.append("")
            pending_blank = []
            block.lines.append(line[len(INDENT):])
            block.span = (block.span[0], i + 1)
            continue
        if block is not None:
            block = None
            pending_blank = []
        if line == "" or line.startswith("#"):
            continue
        if line.startswith("=== "):
            m = re.match(r"=== ([a-z0-9][a-z0-9-]*): (.+)$", line)
            if not m:
                raise SystemExit(f"{path}:{i + 1}: a case starts '=== short-name: what it shows'")
            case = Case(m.group(1), m.group(2), i)
            if any(c.name == case.name for c in cases):
                raise SystemExit(f"{path}:{i + 1}: case {case.name} appears twice")
            cases.append(case)
            continue
        if case is None:
            raise SystemExit(f"{path}:{i + 1}: text before the first case: {line!r}")
        if line.startswith("--- "):
            what = line[4:].strip()
            block = Block()
            block.span = (i + 1, i + 1)
            if what == "stdin":
                case.stdin = block
            elif what == "stderr":
                case.stderr = block
            elif what == "stdout":
                case.stdout_exact = block
            elif what == "stdout has":
                case.stdout_has = block
            elif re.fullmatch(r"[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*", what) and ".." not in what:
                case.files.append((what, block))
            else:
                raise SystemExit(f"{path}:{i + 1}: unknown block {what!r}")
            continue
        if line.startswith("$ salesrules"):
            case.args = [unescape(a) for a in shlex.split(line[len("$ salesrules"):])]
            continue
        m = re.fullmatch(r"exit (\d+)(?:, stdout (json|empty))?", line)
        if m:
            case.exit = int(m.group(1))
            case.exit_line = i
            case.stdout_kind = m.group(2)
            continue
        m = re.fullmatch(r"peak memory below (\d+) MiB", line)
        if m:
            case.rss_mib = int(m.group(1))
            continue
        raise SystemExit(f"{path}:{i + 1}: not part of the format: {line!r}")
    for c in cases:
        if c.args is None or c.exit is None or c.stderr is None:
            raise SystemExit(f"{path}: case {c.name} needs a '$ salesrules' line, an 'exit' line and a '--- stderr' block")
    return cases, raw


# --- inputs: escapes, streamed -----------------------------------------------------

ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|r|t|n|c|\\|\{(\d+):([^}]*)\})")


def unescape(text):
    """TEXT of a \\{N:TEXT}, or an argument, with its \\xHH, \\r, \\t, \\n and \\\\ made bytes."""
    table = {"r": b"\r", "t": b"\t", "n": b"\n", "\\": b"\\"}
    out = b""
    parts = re.split(r"(\\x[0-9A-Fa-f]{2}|\\[rtn\\])", text)
    for part in parts:
        if part.startswith("\\x") and len(part) == 4:
            out += bytes([int(part[2:], 16)])
        elif part.startswith("\\") and len(part) == 2:
            out += table[part[1]]
        else:
            out += part.encode("utf-8")
    return out


def pieces(block):
    """The block's bytes as (count, bytes) pieces: count copies of bytes each.

    Escapes: \\xHH a byte, \\r, \\t, \\n, \\\\, \\{N:TEXT} TEXT (which may hold the
    escapes before it) written N times (streamed, never held whole), and \\c at the
    end of a line for no line feed after it. Every other line ends with a line feed.
    """
    out = []
    for line in block.lines:
        pos = 0
        newline = True
        for m in ESCAPE.finditer(line):
            if m.start() > pos:
                out.append((1, line[pos:m.start()].encode("utf-8")))
            code = m.group(1)
            if code.startswith("x"):
                out.append((1, bytes([int(code[1:], 16)])))
            elif code == "c":
                if m.end() != len(line):
                    raise SystemExit(f"\\c ends a line: {line!r}")
                newline = False
            elif code.startswith("{"):
                out.append((int(m.group(2)), unescape(m.group(3))))
            else:
                out.append((1, {"r": b"\r", "t": b"\t", "n": b"\n", "\\": b"\\"}[code]))
            pos = m.end()
        if pos < len(line):
            out.append((1, line[pos:].encode("utf-8")))
        if newline:
            out.append((1, b"\n"))
    return out


def write_pieces(out, parts):
    for count, data in parts:
        if count == 1 or not data:
            out.write(data)
            continue
        per_chunk = max(1, CHUNK // len(data))
        chunk = data * per_chunk
        left = count
        while left >= per_chunk:
            out.write(chunk)
            left -= per_chunk
        out.write(data * left)


# --- running -------------------------------------------------------------------------


def run(program, case, work):
    if os.path.exists(work):
        shutil.rmtree(work)
    os.makedirs(work)
    for name, block in case.files:
        os.makedirs(os.path.dirname(os.path.join(work, name)), exist_ok=True)
        with open(os.path.join(work, name), "wb") as f:
            write_pieces(f, pieces(block))
    child = subprocess.Popen([program.encode()] + case.args, cwd=work, stdin=subprocess.PIPE if case.stdin else subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    got = {}

    def drain(name, stream):
        got[name] = stream.read()

    readers = [threading.Thread(target=drain, args=("out", child.stdout)),
               threading.Thread(target=drain, args=("err", child.stderr))]
    for t in readers:
        t.start()
    if case.stdin:
        try:
            write_pieces(child.stdin, pieces(case.stdin))
        except BrokenPipeError:
            pass  # the tool may stop reading at a fatal error; its status says so
        try:
            child.stdin.close()
        except BrokenPipeError:
            pass
    status = child.wait()
    for t in readers:
        t.join()
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # Linux: KiB
    if status < 0:
        status = f"killed by signal {-status}"
    return status, got["out"], got["err"], peak_kib


def strict_json(data):
    """None when `data` is one JSON document in valid UTF-8; else what is wrong."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        return f"stdout is not valid UTF-8: {e}"

    def refuse(name):
        raise ValueError(f"{name} is not JSON")

    try:
        json.loads(text, parse_constant=refuse)
    except ValueError as e:
        return f"stdout is not JSON: {e}"
    return None


def check(case, status, out, err, peak_kib, sanitized):
    problems = []
    if status != case.exit:
        problems.append(f"exit status {status}, expected {case.exit}")
    want_err = case.stderr.text()
    if err != want_err.encode("utf-8"):
        problems.append("stderr differs:\n--- expected\n" + want_err + "--- got\n" +
                        err.decode("utf-8", errors="backslashreplace"))
    if case.stdout_kind == "json":
        wrong = strict_json(out)
        if wrong:
            problems.append(wrong)
    if case.stdout_kind == "empty" and out:
        problems.append("stdout is not empty:\n" + out.decode("utf-8", errors="backslashreplace")[:2000])
    if case.stdout_exact is not None and out != case.stdout_exact.text().encode("utf-8"):
        problems.append("stdout differs:\n--- expected\n" + case.stdout_exact.text() + "--- got\n" +
                        out.decode("utf-8", errors="backslashreplace")[:4000])
    if case.stdout_has is not None:
        text = out.decode("utf-8", errors="backslashreplace")
        for line in case.stdout_has.lines:
            if line not in text:
                problems.append(f"stdout does not hold: {line}")
    if case.rss_mib is not None:
        used = peak_kib / 1024
        if sanitized:
            print(f"peak memory {used:.1f} MiB (the bound of {case.rss_mib} MiB is not checked under a sanitizer)")
        elif used >= case.rss_mib:
            problems.append(f"peak memory {used:.1f} MiB, expected below {case.rss_mib} MiB")
        else:
            print(f"peak memory {used:.1f} MiB, below {case.rss_mib} MiB")
    return problems


def bless(program, catalog, names, work_root):
    cases, raw = parse_catalog(catalog)
    chosen = [c for c in cases if not names or c.name in names]
    # Rewrite from the bottom up so that earlier line numbers stay right.
    for case in sorted(chosen, key=lambda c: c.first_line, reverse=True):
        status, _, err, _ = run(program, case, os.path.join(work_root, case.name))
        text = err.decode("utf-8", errors="backslashreplace")
        lines = [INDENT + l if l else "" for l in text.split("\n")]
        if lines and lines[-1] == "":
            lines.pop()
        first, last = case.stderr.span
        raw[first:last] = lines
        old = raw[case.exit_line]
        raw[case.exit_line] = re.sub(r"^exit \d+", f"exit {status}", old)
        print(f"{case.name}: exit {status}")
    with open(catalog, "w", encoding="utf-8") as f:
        f.write("\n".join(raw) + "\n")


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    flags = [a for a in argv[1:] if a.startswith("--")]
    work_root = None
    if "--work" in argv:
        work_root = argv[argv.index("--work") + 1]
        args.remove(work_root)
        flags.remove("--work")
    if len(args) < 2:
        raise SystemExit(__doc__)
    program, catalog = os.path.abspath(args[0]), args[1]
    work_root = os.path.abspath(work_root or tempfile.mkdtemp(prefix="bad_input-"))
    if "--bless" in flags:
        bless(program, catalog, args[2:], work_root)
        return 0
    cases, _ = parse_catalog(catalog)
    by_name = {c.name: c for c in cases}
    if len(args) != 3 or args[2] not in by_name:
        raise SystemExit(f"no case {args[2:]!r} in {catalog}")
    case = by_name[args[2]]
    work = os.path.join(work_root, case.name)
    started = time.monotonic()
    status, out, err, peak_kib = run(program, case, work)
    problems = check(case, status, out, err, peak_kib, "--sanitized" in flags)
    print(f"{case.name}: {case.about} ({time.monotonic() - started:.1f} s)")
    if problems:
        print("\n".join(problems))
        return 1
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
