"""Each HTML report opened in real headless Chromium (Debian's, driven by playwright).

For every bundled sample, a RingCentral analytics result and a hostile-text call: served on
127.0.0.1, the page must log no console error, make no request but the page itself, have every
section the report model lists (and no other), exactly one transcript turn per
``vbformats.turns(media)`` turn, a timeline link that scrolls the transcript to its turn, a
working search box, and print to PDF. A screenshot of each is taken.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browser.server import serve
from report_support import CHROMIUM_FLAGS, HOSTILE_NAMES, hostile_document, need, sample_inputs

import vbformats
from vbformats.reports import SECTION_TITLES, build

CASES = [*sample_inputs(), ("hostile", hostile_document())]


@pytest.fixture(scope="module")
def browser() -> Any:
    chromium = need("chromium", "chromium")
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as driver:
        launched = driver.chromium.launch(
            executable_path=chromium, args=list(CHROMIUM_FLAGS), headless=True
        )
        yield launched
        launched.close()


@pytest.mark.parametrize(("name", "source"), CASES, ids=[name for name, _ in CASES])
def test_report_in_chromium(browser: Any, name: str, source: Any, tmp_path: Path) -> None:
    media = vbformats.load(source)
    report = build(media)
    html = report.to_html().encode("utf-8")
    expected_turns = len(vbformats.turns(media))

    with serve({"report.html": ("text/html; charset=utf-8", html)}) as server:
        url = server.base_url + "report.html"
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        errors: list[str] = []
        requests: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: requests.append(r.url))
        page.goto(url, wait_until="load")

        sections = page.eval_on_selector_all("main > section", "els => els.map(e => e.id)")
        assert sections == report.sections()
        assert set(sections) <= set(SECTION_TITLES)
        headings = page.eval_on_selector_all(
            "main > section > h2", "e => e.map(x => x.textContent)"
        )
        assert headings == [SECTION_TITLES[key] for key in sections]
        assert page.locator(".turn").count() == expected_turns
        # our one script, nothing injected by the input
        assert page.locator("script").count() == (1 if expected_turns else 0)
        assert page.locator("img, iframe, object, embed").count() == 0

        if expected_turns:
            link = page.locator("svg.timeline a.seg").nth(0)
            href = link.get_attribute("href")
            assert href is not None and href.startswith("#t-")
            # the last turn's segment: the page must scroll down to reach it
            last = page.locator("svg.timeline a.seg").last
            target_id = last.get_attribute("href")[1:]
            last.click()
            page.wait_for_function(f"location.hash === '#{target_id}'")
            assert page.evaluate("document.querySelector(':target').id") == target_id
            box = page.evaluate(
                f"(() => {{const r = document.getElementById('{target_id}')"
                ".getBoundingClientRect(); return [r.top, r.bottom, window.innerHeight];})()"
            )
            assert 0 <= box[0] < box[2], box  # the targeted turn is in view
            assert page.evaluate("window.scrollY") > 0

            # search: a word of the first turn narrows the list and counts it
            first_word = vbformats.turns(media)[0].text.split()[0]
            page.fill("#search", first_word)
            shown = page.locator(".turn:not(.hidden)").count()
            assert 1 <= shown <= expected_turns
            count_text = page.text_content("#search-count")
            assert count_text == f"{shown} of {expected_turns} turns"
            page.fill("#search", "zzqx-no-such-word")
            assert page.locator(".turn:not(.hidden)").count() == 0
            page.fill("#search", "")
            assert page.locator(".turn:not(.hidden)").count() == expected_turns

        page.screenshot(path=str(tmp_path / f"{name}.png"), full_page=False)
        assert (tmp_path / f"{name}.png").stat().st_size > 10_000
        page.emulate_media(media="print")
        assert (
            page.evaluate("getComputedStyle(document.querySelector('nav.toc')).display") == "none"
        )
        pdf = page.pdf(format="A4")
        assert pdf.startswith(b"%PDF") and len(pdf) > 5_000
        page.close()

    assert errors == []
    assert requests == [url], requests  # no favicon, no font, no script, nothing else

    if name == "hostile":
        text = _text_of(browser, html)
        for hostile in HOSTILE_NAMES:
            assert hostile.split(" \u202e")[0] in text  # shown as text, not run as markup
        assert "</p><img src=x onerror=alert(1)>" in text


def _text_of(browser: Any, html: bytes) -> str:
    page = browser.new_page()
    page.set_content(html.decode("utf-8"))
    text: str = page.evaluate("document.body.innerText")
    title: str = page.title()
    page.close()
    assert title == "<img src=x onerror=alert('id')>"
    return text
