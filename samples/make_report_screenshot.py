#!/usr/bin/env python3
"""Regenerate ``samples/report-sample.png``, the README's picture of a call report.

Renders ``vbformats report samples/stereo_call.json`` and photographs the top of the page in
headless Chromium (Debian's ``/usr/bin/chromium``, driven by playwright; no browser download).

Usage::

    python samples/make_report_screenshot.py [OUT.png]
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    import vbformats

    out = Path(argv[1]) if len(argv) > 1 else HERE / "report-sample.png"
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with tempfile.TemporaryDirectory() as folder:
        page_path = Path(folder) / "call.html"
        vbformats.report(HERE / "stereo_call.json", page_path)
        with sync_playwright() as driver:
            browser = driver.chromium.launch(
                executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page(viewport={"width": 1000, "height": 1250})
            page.goto(page_path.as_uri())
            # the summary's speaker table, the timeline and the sentiment chart
            page.evaluate(
                "document.getElementById('summary').querySelector('table.kv')"
                ".style.display = 'none'"
            )
            page.screenshot(path=str(out))
            browser.close()
    print(out, out.stat().st_size, "bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
