#!/usr/bin/env python3
"""Render the demo's HTML memory report in headless Chromium and check its elements.

usage: check_html.py --demo PROG --out DIR [--screenshot PNG] [--height PX]

Runs the demo (--quiet, a short run), has Chromium parse and lay out the page
(--dump-dom: the DOM after parsing, so a broken page shows up as missing
elements), checks that every part of the report is there with the figures the
demo's own text report printed, and takes a screenshot (default DIR/report.png).
Exit 0 = ok, 1 = a check failed, 77 = Chromium is not installed (CTest SKIP).
"""
import argparse
import html.parser
import os
import re
import shutil
import subprocess
import sys


def find_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


class Dom(html.parser.HTMLParser):
    """Counts elements by tag.class and keeps the text and data-* attributes."""

    def __init__(self):
        super().__init__()
        self.count = {}
        self.ids = set()
        self.data = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for cls in (a.get("class") or "").split():
            self.count[f"{tag}.{cls}"] = self.count.get(f"{tag}.{cls}", 0) + 1
        self.count[tag] = self.count.get(tag, 0) + 1
        if "id" in a:
            self.ids.add(a["id"])
        self.data.append((tag, a))

    def handle_data(self, data):
        self.text.append(data)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--demo", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--screenshot")
    ap.add_argument("--height", type=int, default=5200)
    args = ap.parse_args()

    chromium = find_chromium()
    if chromium is None:
        print("SKIP: chromium is not installed (Debian package: chromium)")
        return 77
    os.makedirs(args.out, exist_ok=True)
    page = os.path.join(args.out, "rtmem-report.html")
    run = subprocess.run([args.demo, "--quiet", "--time", "2", "--html", page],
                         capture_output=True, text=True, timeout=300)
    print(run.stdout[-3000:])
    if run.returncode != 0:
        print(f"FAIL: the demo exited with {run.returncode}\n{run.stderr}")
        return 1

    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
             "--no-first-run", "--user-data-dir=" + os.path.join(args.out, "chromium-profile")]
    url = "file://" + os.path.abspath(page)
    dom_run = subprocess.run([chromium, *flags, "--dump-dom", url], capture_output=True, text=True, timeout=120)
    if dom_run.returncode != 0 or "<html" not in dom_run.stdout:
        print(f"FAIL: chromium could not render the page (exit {dom_run.returncode})\n{dom_run.stderr[-2000:]}")
        return 1
    dom = Dom()
    dom.feed(dom_run.stdout)
    text = " ".join(dom.text)
    failed = []

    def check(cond, what):
        print(("ok    " if cond else "FAIL  ") + what)
        if not cond:
            failed.append(what)

    # the text report's figures, to compare with the page
    heaps = re.findall(r"^  (\w+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+[\d.]+%", run.stdout, re.M)
    threads = re.findall(r"^  (\w+)\s+prio\s+-?\d+ .*STACK: unused", run.stdout, re.M)
    slabs = re.findall(r"^  (\w+)\s+\d+\s+\d+\s+\d+\s+\d+\s+\d+ \[", run.stdout, re.M)
    check(len(heaps) >= 4 and len(threads) >= 5 and len(slabs) >= 4,
          f"the text report lists heaps ({len(heaps)}), slabs ({len(slabs)}), threads ({len(threads)})")

    for section in ("summary", "regions", "heaps", "history", "stacks", "slabs", "domains", "objects"):
        check(section in dom.ids, f"section #{section} rendered")
    check(dom.count.get("svg.segment-bar", 0) >= 4, "a bar per segment (text, rodata, data, bss)")
    check(any(t == "svg" and a.get("data-segment") == "bss" for t, a in dom.data), "the bss segment is drawn")
    check(dom.count.get("svg.heap-map", 0) == len(heaps), f"one heap map per heap ({len(heaps)})")
    for name, size, alloc, *_ in heaps:
        check(any(t == "svg" and a.get("data-heap") == name for t, a in dom.data), f"heap map of {name}")
        row = re.search(rf"<tr><td>{name}</td><td>{size}</td><td>{alloc}</td>", dom_run.stdout)
        check(row is not None, f"heap table row of {name}: size {size}, allocated {alloc} as in the text report")
    check(dom.count.get("rect.chunk-used", 0) > 0 and dom.count.get("rect.chunk-free", 0) > 0
          and dom.count.get("rect.chunk-meta", 0) > 0, "heap maps draw used, free and metadata chunks")
    check(dom.count.get("svg.usage-chart", 0) >= 1 and dom.count.get("path.usage", 0) >= 1,
          "heap usage over time is drawn")
    check(dom.count.get("svg.stack-bar", 0) == len(threads), f"one stack bar per thread ({len(threads)})")
    for name in threads:
        check(any(t == "svg" and a.get("data-thread") == name for t, a in dom.data), f"stack bar of {name}")
    check(dom.count.get("svg.slab-bar", 0) == len(slabs), f"one slab bar per slab ({len(slabs)})")
    check(dom.count.get("table.partitions", 0) >= 1, "a domain with its partitions")
    check("config_partition" in text and "P:RW U:R" in text, "config_partition shown read-only for user threads")
    check("telemetry (user)" in text, "the user thread is listed in its domain")

    shot = args.screenshot or os.path.join(args.out, "report.png")
    shot_run = subprocess.run([chromium, *flags, f"--screenshot={os.path.abspath(shot)}",
                               f"--window-size=1200,{args.height}", url],
                              capture_output=True, text=True, timeout=120)
    check(shot_run.returncode == 0 and os.path.exists(shot) and os.path.getsize(shot) > 20000,
          f"screenshot {shot}")
    print(f"{len(failed)} check(s) failed" if failed else "all HTML checks passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
