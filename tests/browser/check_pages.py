#!/usr/bin/env python3
# SPDX-License-Identifier: BSL-1.0
"""Opens the four HTML reports of one export in a real browser (headless Chromium through
Selenium) and checks what a person would see, at a phone's width and a desktop's:

  check_pages.py SALESRULES CSV POLICY TODAY QUOTA PERIOD ACCOUNT [--save DIR]

- the page is no wider than the viewport (a wide table scrolls inside its own box);
- every chart is on screen with its shapes drawn: each bar, column or span with a
  width in the markup has a width on screen, each mark a height;
- a screenshot of the first screen is not blank: some of it is not the background,
  in more than a handful of colours.

--save DIR also writes a screenshot of each page's top at both widths (the ones in
docs/). Needs Debian's chromium, chromium-driver and python3-selenium (.ci/browser
installs them); without them the test is skipped (exit 77), never passed, and where
SALESRULES_REQUIRE_BROWSER is set (.ci/browser sets it) it fails. Exits 1 listing the
problems.
"""
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib


def unavailable(what):
    if os.environ.get("SALESRULES_REQUIRE_BROWSER"):
        sys.exit(f"{what} is not installed, and SALESRULES_REQUIRE_BROWSER asks for the browser test")
    print(f"{what} is not installed: skipped")
    sys.exit(77)


try:
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
except ImportError:
    unavailable("python3-selenium")

DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
if not os.path.exists(DRIVER) or not (shutil.which("chromium") or os.path.exists("/usr/bin/chromium")):
    unavailable("chromium or chromium-driver")

args = sys.argv[1:]
save = None
if "--save" in args:
    at = args.index("--save")
    save = os.path.abspath(args[at + 1])
    del args[at:at + 2]
exe, csv_path, policy_path, today, quota, period, account = args[:7]
problems = []

REPORTS = {
    "pipeline": ["pipeline", csv_path, "--quota", quota],
    "forecast": ["forecast", csv_path, "--period", period, "--quota", quota],
    "win-loss": ["win-loss", csv_path],
    "account-plan": ["account-plan", csv_path, "--account", account, "--potential", quota],
}
WIDTHS = {"phone": (390, 844, True), "desktop": (1280, 900, False)}


def png_pixels(data):
    """(width, height, rows of RGB(A) bytes) of an 8-bit RGB or RGBA PNG."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            if depth != 8 or colour not in (2, 6):
                raise ValueError(f"a PNG of depth {depth}, colour type {colour}")
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, channels, rows


def check_not_blank(what, png):
    width, height, channels, rows = png_pixels(png)
    colours, inked = set(), 0
    for row in rows[::4]:
        for x in range(0, width * channels, channels * 4):
            pixel = row[x:x + 3]
            colours.add(pixel)
            inked += pixel != b"\xff\xff\xff"
    sampled = len(rows[::4]) * len(range(0, width * channels, channels * 4))
    if inked < sampled // 100 or len(colours) < 8:
        problems.append(f"{what}: the screenshot looks blank: {inked} of {sampled} sampled pixels not white, "
                        f"{len(colours)} colours")


MEASURE = """
const out = {page: document.documentElement.scrollWidth, body: document.body.scrollWidth,
             viewport: window.innerWidth, charts: []};
for (const fig of document.querySelectorAll('figure.chart')) {
  const box = fig.getBoundingClientRect();
  const chart = {name: fig.dataset.chart, width: box.width, height: box.height, right: box.right, shapes: 0,
                 undrawn: []};
  for (const el of fig.querySelectorAll('rect, line')) {
    chart.shapes += 1;
    const r = el.getBoundingClientRect();
    if (el.tagName === 'rect' && Number(el.getAttribute('width')) > 0 && Number(el.getAttribute('height')) > 0
        && !(r.width > 0 && r.height > 0))
      chart.undrawn.push(el.dataset.label);
    if (el.tagName === 'line' && !(r.height > 0))
      chart.undrawn.push(el.dataset.label);
  }
  out.charts.push(chart);
}
return out;
"""

work = tempfile.mkdtemp(prefix="salesrules-browser-")
pages = {}
for name, cmd in REPORTS.items():
    p = subprocess.run([exe, *cmd, "--policy", policy_path, "--today", today, "--format", "html", "--quiet"],
                       capture_output=True)
    if p.returncode not in (0, 1):
        sys.exit(f"{name}: exit {p.returncode}\n{p.stderr.decode()}")
    pages[name] = os.path.join(work, name + ".html")
    with open(pages[name], "wb") as f:
        f.write(p.stdout)

options = Options()
for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
    options.add_argument(flag)
driver = webdriver.Chrome(service=Service(DRIVER), options=options)
try:
    for width_name, (width, height, mobile) in WIDTHS.items():
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})
        for name, path in pages.items():
            what = f"{name} at {width_name} width ({width} px)"
            driver.get("file://" + path)
            m = driver.execute_script(MEASURE)
            if m["viewport"] != width:
                problems.append(f"{what}: the viewport is {m['viewport']} px wide, not {width}")
            if max(m["page"], m["body"]) > m["viewport"]:
                problems.append(f"{what}: the page is {max(m['page'], m['body'])} px wide, wider than the viewport")
            if not m["charts"]:
                problems.append(f"{what}: no chart on the page")
            for c in m["charts"]:
                if c["width"] <= 0 or c["height"] <= 0 or c["right"] > m["viewport"] + 0.5:
                    problems.append(f"{what}: chart {c['name']!r} is {c['width']}x{c['height']} px, its right edge "
                                    f"at {c['right']}")
                if c["shapes"] == 0:
                    problems.append(f"{what}: chart {c['name']!r} has no shapes")
                if c["undrawn"]:
                    problems.append(f"{what}: chart {c['name']!r} does not draw {c['undrawn'][:5]}")
            check_not_blank(what, driver.get_screenshot_as_png())
            if save:
                os.makedirs(save, exist_ok=True)
                driver.save_screenshot(os.path.join(save, f"{name}-{width_name}.png"))
finally:
    driver.quit()
    shutil.rmtree(work, ignore_errors=True)

if problems:
    sys.exit("\n".join(problems))
print(f"{len(pages)} reports at {len(WIDTHS)} widths: no page wider than its viewport, every chart drawn, "
      "no screenshot blank")
