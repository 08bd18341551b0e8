"""Checks an audit report.html in a real browser (headless Chromium from Debian's packages).

Usage: python3 scripts/check-report.py REPORT_DIR FAILED_RECORD_ID
The page must render (its inline script ran: body[data-rendered=yes]), both charts must be
drawn (SVG bars whose counts sum to the report's anchors and reads), the table's failed rows
must be exactly the report.json's failed versions and include FAILED_RECORD_ID, and a
screenshot must come out. Exits non-zero naming the first check that failed.
"""
import json
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

CHROMIUM = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]


class Dom(HTMLParser):
    """What the checks need from the rendered DOM."""

    def __init__(self):
        super().__init__()
        self.rendered = None
        self.failed_rows_attr = None
        self.bars = {}  # chart id -> [counts]
        self.svg = None
        self.failed_rows = []  # titles inside each tr.failed
        self.in_failed = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "body":
            self.rendered = a.get("data-rendered")
        elif tag == "svg":
            self.svg = a.get("id")
            self.bars.setdefault(self.svg, [])
        elif tag == "rect" and "bar" in a.get("class", "").split() and self.svg:
            self.bars[self.svg].append(int(a.get("data-count", "0")))
        elif tag == "b" and a.get("id") == "failed-count":
            self.failed_rows_attr = a.get("data-rows")
        elif tag == "tr":
            self.in_failed = "failed" in a.get("class", "").split()
            if self.in_failed:
                self.failed_rows.append([])
        elif tag == "span" and self.in_failed and "title" in a:
            self.failed_rows[-1].append(a["title"])

    def handle_endtag(self, tag):
        if tag == "svg":
            self.svg = None
        elif tag == "tr":
            self.in_failed = False


def fail(why):
    print(f"report check FAILED: {why}", file=sys.stderr)
    sys.exit(1)


def main():
    out, record = Path(sys.argv[1]).resolve(), sys.argv[2]
    report = json.loads((out / "report.json").read_text())
    url = (out / "report.html").as_uri()
    dom = subprocess.run(CHROMIUM + ["--dump-dom", url], capture_output=True, text=True, timeout=120)
    if dom.returncode != 0 or "<body" not in dom.stdout:
        fail(f"chromium did not render the page: {dom.stderr[-500:]}")
    d = Dom()
    d.feed(dom.stdout)
    if d.rendered != "yes":
        fail("the page's script did not run (body[data-rendered] is not 'yes')")
    for chart, expected in [("chart-anchors", len(report["versions"])), ("chart-reads", len(report["reads"]))]:
        bars = d.bars.get(chart)
        if not bars:
            fail(f"chart {chart} has no bars")
        if sum(bars) != expected:
            fail(f"chart {chart} counts {sum(bars)}, the report {expected}")
    failed = [v for v in report["versions"] if not v["ok"]]
    if len(d.failed_rows) != len(failed) or d.failed_rows_attr != str(len(failed)):
        fail(f"{len(d.failed_rows)} failed rows in the page, {len(failed)} in report.json")
    if not any(record in row for row in d.failed_rows):
        fail(f"record {record} is not among the failed rows")
    shot = out / "report.png"
    subprocess.run(CHROMIUM + [f"--screenshot={shot}", "--window-size=1280,1600", url],
                   capture_output=True, timeout=120)
    if not shot.exists() or shot.stat().st_size < 10_000:
        fail("no screenshot of the page")
    print(f"report.html renders in {subprocess.run(['chromium', '--version'], capture_output=True, text=True).stdout.strip()}: "
          f"charts drawn ({sum(d.bars['chart-anchors'])} anchors, {sum(d.bars['chart-reads'])} reads), "
          f"{len(failed)} failed row(s) incl. {record[:12]}…, screenshot {shot.stat().st_size} bytes")


if __name__ == "__main__":
    main()
