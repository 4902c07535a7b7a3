"""Alignment diagnostics: matched fraction, the unmatched stretches and where they are, and the
threshold (raise, warn, ignore)."""

from __future__ import annotations

import pickle
import warnings

import pytest
from alignment_support import make_call

import vbformats
from vbformats.alignment import AlignmentError, AlignmentReport, align_with_report
from vbformats.errors import InvalidInputError, LossyConversionWarning

FOREIGN = (  # noqa: SIM905 - one readable block
    "meanwhile an orchestra tuned violins beneath crimson lanterns whilst seventeen "
    "gardeners argued loudly concerning tulips plus marmalade"
).split()  # 17 words no generated call has (none is in alignment_support.VOCABULARY)


def _call() -> vbformats.Media:
    return vbformats.load(make_call(11, turns=12, stereo=True, max_words=12))


def test_a_clean_edit_passes_with_everything_matched() -> None:
    media = _call()
    result = align_with_report(media, vbformats.render(media, "text"))
    report = result.report
    assert report.passed
    assert report.matched == report.edited_words == report.original_words
    assert report.matched_fraction == report.original_matched_fraction == 1.0
    assert report.stretches == ()


def test_a_pasted_foreign_passage_is_one_edited_stretch_at_its_place() -> None:
    media = _call()
    paragraphs = vbformats.render(media, "text").strip().split("\n\n")
    label, text = paragraphs[3].split(": ", 1)
    before = sum(len(p.split(": ", 1)[1].split()) for p in paragraphs[:3])
    paragraphs[3] = f"{label}: {' '.join(FOREIGN)} {text}"
    result = align_with_report(media, "\n\n".join(paragraphs))
    report = result.report
    assert report.passed  # most of it still matches
    assert report.inserted == len(FOREIGN)
    (stretch,) = [s for s in report.stretches if s.side == "edited"]
    assert (stretch.first_word, stretch.last_word, stretch.words) == (
        before,
        before + len(FOREIGN) - 1,
        len(FOREIGN),
    )
    assert stretch.text.startswith("meanwhile an orchestra")
    table = result.media.words
    assert table.text[stretch.first_token] == "meanwhile"
    assert table.text[stretch.last_token] == "marmalade"
    assert (table.start_ms[stretch.first_token], table.end_ms[stretch.last_token]) == (
        stretch.start_ms,
        stretch.end_ms,
    )
    assert all(table.estimated[stretch.first_token : stretch.last_token + 1])


def test_a_cut_passage_is_an_original_stretch() -> None:
    media = _call()
    paragraphs = vbformats.render(media, "text").strip().split("\n\n")
    removed = paragraphs.pop(5)
    result = align_with_report(media, "\n\n".join(paragraphs))
    words_removed = len(removed.split(": ", 1)[1].split())
    stretches = [s for s in result.report.stretches if s.side == "original"]
    if words_removed >= result.report.min_stretch_words:
        (stretch,) = stretches
        assert stretch.words == words_removed
        assert media.words.text[stretch.first_token] == removed.split(": ", 1)[1].split()[0].rstrip(
            ".,?!"
        )
    assert result.report.deleted == words_removed


def test_the_wrong_media_is_refused_with_a_clear_error(samples_dir) -> None:
    stereo = vbformats.load(samples_dir / "stereo_call.json")
    mono = vbformats.load(samples_dir / "mono_call.json")
    with pytest.raises(AlignmentError) as caught:
        vbformats.align(mono, vbformats.render(stereo, "text"))
    error = caught.value
    assert isinstance(error, InvalidInputError) and isinstance(error, ValueError)
    assert error.path == "edited"
    assert error.matched_fraction < 0.5 and error.min_matched == 0.5
    message = str(error)
    assert message.startswith("edited: only ") and "is it the right media?" in message
    assert "Longest unmatched stretch: edited words" in message
    assert "min_matched" in message
    assert error.report is not None and not error.report.passed
    # picklable, attributes kept (multiprocessing pools send errors between processes)
    again = pickle.loads(pickle.dumps(error))
    assert (str(again), again.matched_fraction, again.report) == (
        message,
        error.matched_fraction,
        error.report,
    )


def test_warn_and_ignore_still_align(samples_dir) -> None:
    stereo = vbformats.load(samples_dir / "stereo_call.json")
    mono = vbformats.load(samples_dir / "mono_call.json")
    text = vbformats.render(stereo, "text")
    with pytest.warns(LossyConversionWarning, match="is it the right media"):
        warned = align_with_report(mono, text, on_mismatch="warn")
    assert not warned.report.passed and len(warned.media.words) > 0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ignored = align_with_report(mono, text, on_mismatch="ignore")
    assert ignored.report == warned.report
    assert align_with_report(mono, text, min_matched=0.0).report.passed


def test_empty_edited_text_fails_the_check() -> None:
    media = _call()
    with pytest.raises(AlignmentError, match="has no words"):
        vbformats.align(media, "   \n\n ")
    report = align_with_report(media, "", on_mismatch="ignore").report
    assert report.edited_words == 0 and report.matched_fraction == 0.0 and not report.passed


def test_report_to_dict_and_text() -> None:
    media = _call()
    text = vbformats.render(media, "text")
    report = align_with_report(media, text + "\n\n" + " ".join(FOREIGN)).report
    data = report.to_dict()
    assert data["passed"] is True and data["edited_words"] == report.edited_words
    assert data["stretches"][0]["side"] == "edited" and data["stretches"][0]["words"] == len(
        FOREIGN
    )
    assert str(report).splitlines()[0] == report.summary()
    assert f"{len(FOREIGN)} inserted" in report.summary()
    assert isinstance(report, AlignmentReport)
