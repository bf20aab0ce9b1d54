#!/usr/bin/env python3
# SPDX-License-Identifier: BSL-1.0
"""What the salesrules tool does with inputs and outputs that are not plain files.

    streams.py SALESRULES CASE [--sanitized]

CASE is one of:
  fifo          a policy, a deal and a request read from FIFOs whose writer opens late
  device        /dev/zero as a policy, a column map and a deal stops at the size limit
  limit         --max-document-mib raises and lowers the limit; stdin obeys it too
  no-memory     a read that runs out of memory says so (skipped under a sanitizer,
                whose shadow memory a cap on the address space would break)
  closed-pipe   output to a pipe nobody reads ends with status 2 and a message,
                not with SIGPIPE

Standard library only.
"""

import os
import resource
import subprocess
import sys
import tempfile
import threading

POLICY = b'{"hygiene": {"stale_after_days": 21}}'
DEAL = b'{"ratings": {"budget": 4, "authority": 3, "need": 5, "timeline": 3, "champion": 2, "competition": 2}}'
REQUEST = b'{"discount": "22%", "deal_amount": "100000.00 USD"}'


def run(program, args, stdin=None, preexec=None, stdout=subprocess.PIPE, timeout=60):
    return subprocess.run([program] + args, input=stdin, stdout=stdout, stderr=subprocess.PIPE,
                          preexec_fn=preexec, timeout=timeout)


def expect(cond, what, result=None):
    if not cond:
        detail = ""
        if result is not None:
            out = result.stdout.decode(errors="replace") if result.stdout else ""
            detail = f"\n  status {result.returncode}\n  stdout {out[:400]!r}\n  stderr {result.stderr.decode(errors='replace')[:800]!r}"
        sys.exit(f"FAIL: {what}{detail}")


def fifo(program, work):
    # Each FIFO's writer opens it only after a pause: the tool waits, as cat does.
    def feed(path, data):
        def write():
            threading.Event().wait(0.3)
            with open(path, "wb") as f:
                f.write(data)
        t = threading.Thread(target=write)
        t.start()
        return t

    for name, data, args, want in [
        ("policy", POLICY, ["policy", "check"], b"a valid policy"),
        ("deal", DEAL, ["score", "--deal"], b"19/30"),
        ("request", REQUEST, ["discount", "--request"], b"Director"),
    ]:
        path = os.path.join(work, name + ".fifo")
        os.mkfifo(path)
        writer = feed(path, data)
        r = run(program, args + [path])
        writer.join()
        expect(r.returncode == 0 and want in r.stdout, f"a {name} read from a FIFO", r)


def device(program, work):
    limit = b"the document is longer than 64 MiB, the limit for a whole document; nothing of it was used; " \
            b"--max-document-mib raises the limit"
    deals = os.path.join(work, "deals.csv")
    with open(deals, "wb") as f:
        f.write(b"id,amount,currency,stage,close_date,created_date\nOK-1,100,USD,Prospect,2026-12-01,2026-11-01\n")
    for args, prefix in [
        (["policy", "check", "/dev/zero"], b"salesrules: policy /dev/zero: "),
        (["pipeline", deals, "--today", "2026-11-22", "--columns", "/dev/zero"], b"salesrules: --columns /dev/zero: "),
        (["score", "--deal", "/dev/zero"], b"salesrules: --deal /dev/zero: "),
        (["advance", "--deal", "/dev/zero", "--to", "Discovery"], b"salesrules: --deal /dev/zero: "),
    ]:
        r = run(program, args)
        expect(r.returncode == 2 and r.stderr == prefix + limit + b"\n", " ".join(args[:2]) + " on /dev/zero", r)


def limit(program, work):
    # A 2 MiB policy: blanks after a small object.
    big = os.path.join(work, "big.json")
    with open(big, "wb") as f:
        f.write(POLICY + b" " * (2 << 20))
    r = run(program, ["policy", "check", big, "--max-document-mib", "1"])
    expect(r.returncode == 2 and b"is longer than 1 MiB, the limit for a whole document" in r.stderr,
           "a policy over --max-document-mib 1", r)
    r = run(program, ["policy", "check", big, "--max-document-mib", "3"])
    expect(r.returncode == 0 and b"a valid policy" in r.stdout, "the same policy under --max-document-mib 3", r)
    r = run(program, ["policy", "check", big, "--max-document-mib", "0"])
    expect(r.returncode == 2 and b"--max-document-mib" in r.stderr, "--max-document-mib 0 is a usage error", r)
    # stdin: an endless request (here 2 MiB of blanks) stops at the limit.
    r = run(program, ["discount", "--request", "-", "--max-document-mib", "1"], stdin=b" " * (2 << 20))
    expect(r.returncode == 2 and r.stderr.startswith(b"salesrules: --request stdin: the document is longer than 1 MiB"),
           "a request on stdin past the limit", r)
    r = run(program, ["discount", "--request", "-"], stdin=REQUEST)
    expect(r.returncode == 0 and b"Director" in r.stdout, "a request on stdin within the limit", r)
    r = run(program, ["policy", "check", work])
    expect(r.returncode == 2 and b"is a directory, not a file" in r.stderr, "a directory stays refused", r)


def no_memory(program, work):
    # 200 MiB of address space beyond what the tool starts with cannot hold a 1 GiB
    # document: the read runs out of memory and says so.
    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (400 << 20, 400 << 20))
    r = run(program, ["policy", "check", "/dev/zero", "--max-document-mib", "4096"], preexec=cap)
    expect(r.returncode == 2 and r.stderr.startswith(b"salesrules: policy /dev/zero: memory ran out after reading ")
           and b" MiB of the document\n" in r.stderr and b"NUL" not in r.stderr, "a read that runs out of memory", r)


def closed_pipe(program, work):
    read_end, write_end = os.pipe()
    os.close(read_end)  # nobody reads: the first write fails with EPIPE
    try:
        r = run(program, ["policy", "defaults"], stdout=write_end)
    finally:
        os.close(write_end)
    expect(r.returncode == 2, f"status 2 on a closed pipe, not a signal ({r.returncode})", r)
    expect(r.stderr == b"salesrules: could not write the output (the reader closed the pipe, or the disk is full)\n",
           "the closed pipe is reported", r)


CASES = {"fifo": fifo, "device": device, "limit": limit, "no-memory": no_memory, "closed-pipe": closed_pipe}


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    sanitized = "--sanitized" in sys.argv
    if len(args) != 2 or args[1] not in CASES:
        sys.exit(__doc__)
    program, case = args
    if case == "no-memory" and sanitized:
        print("skipped: a sanitizer's shadow memory needs the address space a cap would take")
        return
    with tempfile.TemporaryDirectory() as work:
        CASES[case](program, work)
    print("ok")


if __name__ == "__main__":
    main()
