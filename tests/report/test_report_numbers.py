"""Golden checks: the numbers a report shows equal the ones computed here, independently, from
the public tables (``vbformats.frames``) and ``metrics.compute``.

The HTML is parsed with lxml (an independent reader); each figure is recomputed in the test
with pandas/numpy, never read back from the report model.
"""

from __future__ import annotations

import math
import re

import lxml.html
import numpy as np
import pytest
from report_support import RINGCENTRAL, SAMPLES

import vbformats
from vbformats import frames, metrics
from vbformats.reports import build

STEREO = SAMPLES / "stereo_call.json"


@pytest.fixture(scope="module")
def stereo() -> tuple[vbformats.Media, lxml.html.HtmlElement]:
    media = vbformats.load(STEREO)
    return media, lxml.html.fromstring(build(media).to_html())


def _num(text: str) -> float | None:
    text = text.strip().replace("−", "-")
    return None if text in ("–", "") else float(text)


def test_metrics_table_matches_compute_and_the_reported_section(stereo):
    media, doc = stereo
    values = metrics.compute(media).values
    reported = {row.metric: row.value for row in frames.metrics(media).itertuples()}
    rows = doc.xpath('//section[@id="metrics"]//table[contains(@class,"metrics")]/tbody/tr')
    seen = 0
    for row in rows:
        group, name, computed, shown_reported, difference = [c.text_content() for c in row]
        if group == "vbformats-extensions":
            continue
        seen += 1
        assert _num(computed) == pytest.approx(values[name], abs=5e-4), name
        assert _num(shown_reported) == pytest.approx(reported[name], abs=5e-4), name
        diff = values[name] - reported[name]
        assert _num(difference) == pytest.approx(diff, abs=1e-3), name
        # highlighted exactly where the stated rule says
        rule = abs(diff) > max(0.01, 0.05 * abs(reported[name]))
        assert ("differs" in (row.get("class") or "")) == rule, name
    assert seen == 44


def test_summary_counts(stereo):
    media, doc = stereo
    header = {
        tr.xpath("th")[0].text_content(): tr.xpath("td")[0].text_content()
        for tr in doc.xpath('//section[@id="summary"]//table[@class="kv"]//tr')
    }
    words = frames.words(media)
    turns = frames.turns(media)
    assert header["Words"] == f"{int(words.is_speech.sum()):,} in {len(turns)} turns"
    assert header["Length"].endswith(f"({media.length:,} ms)")
    assert header["Media id"] == media.media_id
    shares = metrics.compute(media).speakers_frame().set_index("speaker").talk_share
    for tr in doc.xpath('//table[@class="speakers"]/tbody/tr'):
        cells = [c.text_content().strip() for c in tr]
        assert cells[4] == f"{100 * shares[cells[0]]:.0f}%"


def test_sentiment_per_quarter_and_third(stereo):
    media, doc = stereo
    values = frames.sentiments(media)
    length = media.length
    tables = doc.xpath('//section[@id="sentiment"]//table')
    for table, periods in zip(tables, (4, 3), strict=True):
        for tr in table.xpath("tbody/tr"):
            cells = [c.text_content() for c in tr]
            who = cells[0]
            rows = values if who == "Everyone" else values[values.speaker == who]
            period = np.minimum(periods - 1, rows.start_ms.to_numpy(int) * periods // length)
            for k in range(periods):
                picked = rows.value.to_numpy(float)[period == k]
                expected = picked.mean() if len(picked) else None
                got = _num(cells[1 + k])
                if expected is None:
                    assert got is None
                else:
                    assert got == pytest.approx(expected, abs=0.006), (who, k)
            assert _num(cells[1 + periods]) == pytest.approx(rows.value.mean(), abs=0.006)
            assert int(cells[-1]) == len(rows)


def test_knowledge_counts(stereo):
    media, doc = stereo
    keywords = frames.keywords(media)
    mentions = keywords.groupby("keyword").start_ms.count()
    for tr in doc.xpath('//table[contains(@class,"keywords")]/tbody/tr'):
        cells = [c.text_content() for c in tr]
        assert int(cells[2]) == mentions[cells[0]]
        assert len(tr[4].xpath(".//a")) == mentions[cells[0]]
    categories = frames.categories(media).groupby("name").value.first()
    for tr in doc.xpath('//table[contains(@class,"categories")]/tbody/tr'):
        cells = [c.text_content() for c in tr]
        assert cells[1] == ("matched" if categories[cells[0]] > 0 else "not matched")
    assert len(doc.xpath('//table[contains(@class," entities")]/tbody/tr')) == len(
        frames.entities(media)
    )
    assert len(doc.xpath('//table[contains(@class,"verb_noun_pairs")]/tbody/tr')) == len(
        frames.verb_noun_pairs(media)
    )


def test_confidence_histogram_and_mean(stereo):
    media, doc = stereo
    words = frames.words(media)
    confidence = words[words.is_speech].confidence.dropna().to_numpy(float)
    caption = doc.xpath('//section[@id="confidence"]//figcaption')[0].text_content()
    assert f"mean {confidence.mean():.3f}" in caption
    assert f"{len(confidence):,} speech words" in caption
    counts = np.bincount(np.minimum((confidence * 10).astype(int), 9), minlength=10)
    titles = doc.xpath('//section[@id="confidence"]//rect/title/text()')
    assert [int(t.rsplit(": ", 1)[1]) for t in titles] == counts.tolist()


def test_timeline_events_and_transcript(stereo):
    media, doc = stereo
    incidents = metrics.compute(media).incidents_frame()

    def events(kind: str) -> int:
        total = 0
        for title in doc.xpath(f'//svg[@class="timeline"]//a[contains(@class,"{kind}")]//title'):
            found = re.search(r"\((\d+) events\)", title.text_content())
            total += int(found.group(1)) if found else 1
        return total

    assert events("overtalk") == len(incidents)
    assert events("detection") == len(frames.detections(media))
    spotted = frames.spotting(media)
    assert events("keyword") == int(spotted.start_ms.notna().sum())
    turns = vbformats.turns(media)
    shown = doc.xpath('//div[@class="turn"]')
    assert len(shown) == len(turns)
    for div, turn in zip(shown, turns, strict=True):
        assert div.xpath("p")[0].text_content() == turn.text
    words = frames.words(media)
    in_turns = {i for turn in turns for i in turn.token_indices}
    low = words[words.is_speech & (words.confidence < 0.5)]
    expected = sum(1 for i in low.index if i in in_turns)
    assert len(doc.xpath('//div[@class="turn"]//span[contains(@class,"w1")]')) == expected


def test_ringcentral_tables_match_frames():
    path = RINGCENTRAL / "interaction_2024.json"
    media = vbformats.load(path)
    doc = lxml.html.fromstring(build(media).to_html())
    for key, table in (
        ("rc_speaker_insights", frames.speaker_insights(media)),
        ("rc_summaries", frames.summaries(media)),
        ("rc_questions", frames.questions(media)),
    ):
        rows = doc.xpath(f'//table[contains(@class,"{key}")]/tbody/tr')
        assert len(rows) == len(table), key
    emotions = frames.utterances(media).emotion.notna().sum()
    assert len(doc.xpath('//table[contains(@class,"rc_emotions")]/tbody/tr')) == emotions


def test_voice_series_are_bucket_means_of_the_words():
    media = vbformats.load(STEREO)
    report = build(media)
    words = frames.words(media)
    speech = words[words.is_speech & words.volume.notna()]
    assert report.voice is not None
    total = 0
    for series in report.voice.volume:
        name = report.speakers[series.speaker].name
        mine = speech[speech.speaker == name]
        mean = float(mine.volume.mean())
        # the buckets' values average back to the speaker's mean within the spread
        assert min(v for _, v in series.points) <= mean <= max(v for _, v in series.points)
        total += len(mine)
    assert total == len(speech)
    assert all(len(s.points) <= 120 for s in report.voice.volume)
    assert not math.isnan(sum(v for s in report.voice.pitch for _, v in s.points))
