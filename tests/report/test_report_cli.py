"""``vbformats report`` and the Python entry points: formats, exit codes, the archive report,
the extra, the light import, notebook views, options, and the size rule."""

from __future__ import annotations

import os
import subprocess
import sys
import warnings
from pathlib import Path

import lxml.html
import pytest
from report_support import RINGCENTRAL, ROOT, SAMPLES, hostile_document

import vbformats
from vbformats import metrics
from vbformats.cli import main
from vbformats.errors import InvalidInputError, UnknownFormatError
from vbformats.reports import ReportOptions, archive, build, summarize
from vbformats.reports.text import clean


def test_single_call_html_and_docx(tmp_path: Path, capsys) -> None:
    out = tmp_path / "call.html"
    assert main(["report", str(SAMPLES / "stereo_call.json"), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "32 turns" in capsys.readouterr().err
    word = tmp_path / "call.docx"
    assert main(["report", str(SAMPLES / "mono_call.json"), "-o", str(word), "-q"]) == 0
    assert word.read_bytes()[:2] == b"PK"
    assert capsys.readouterr().err == ""


def test_unknown_extension_is_an_error_naming_it(tmp_path: Path, capsys) -> None:
    code = main(["report", str(SAMPLES / "stereo_call.json"), "-o", str(tmp_path / "x.pdf")])
    assert code == 2
    err = capsys.readouterr().err
    assert "unknown format '.pdf'" in err and ".docx" in err
    assert not (tmp_path / "x.pdf").exists()
    with pytest.raises(UnknownFormatError):
        vbformats.report(SAMPLES / "stereo_call.json", tmp_path / "x.txt")


def test_bad_input_exits_2_with_one_line(tmp_path: Path, capsys) -> None:
    code = main(["report", str(SAMPLES / "failed_media.json"), "-o", str(tmp_path / "a.html")])
    assert code == 2
    assert capsys.readouterr().err.count("\n") == 1
    assert not (tmp_path / "a.html").exists()


def test_archive_with_per_call_reports_and_failures(tmp_path: Path, capsys) -> None:
    out = tmp_path / "out" / "archive.html"
    out.parent.mkdir()
    per_call = tmp_path / "calls"
    code = main(
        ["report", str(SAMPLES), "-o", str(out), "--per-call", str(per_call), "--jobs", "2"]
    )
    assert code == 1  # the error body and the failed media could not be read
    err = capsys.readouterr().err
    assert "error_404.json" in err and "failed_media.json" in err
    doc = lxml.html.fromstring(out.read_text(encoding="utf-8"))
    overview = {
        tr[0].text_content(): tr[1].text_content()
        for tr in doc.xpath('//section[@id="overview"]/table[@class="kv"]//tr')
    }
    loadable = [p for p in SAMPLES.iterdir() if p.suffix in (".json", ".srt", ".vtt", ".dfxp")]
    assert overview["Calls"] == str(len(loadable) - 2)
    assert overview["Inputs that could not be read"] == "2"
    hours = (
        sum(
            summarize(p).length_ms
            for p in loadable
            if "error" not in p.name and "failed" not in p.name
        )
        / 3_600_000
    )
    assert overview["Total length"] == f"{hours:.2f} hours"
    links = doc.xpath('//section[@id="calls"]//a/@href')
    assert len(links) == len(loadable) - 2
    for link in links:
        assert (out.parent / link).resolve().is_file(), link  # relative links resolve
    for section in ("distributions", "groups", "standouts"):
        assert doc.xpath(f'//section[@id="{section}"]')
    assert doc.xpath('//section[@id="standouts"]//a')


def test_archive_numbers_and_groups(tmp_path: Path) -> None:
    sources = [SAMPLES / "stereo_call.json", SAMPLES / "legacy_v2.json", hostile_document()]
    result = archive(sources[:2], tmp_path / "a.docx", options={"agent_key": "agentId"})
    assert len(result.calls) == 2 and not result.failures
    stereo = metrics.compute(vbformats.load(sources[0]))
    call = result.calls[0]
    assert call.agent == "dana.r"  # metadata.extended.agentId
    assert call.metrics["overtalk-incidents"] == stereo["overtalk-incidents"]
    assert call.longest_silence_ms == max(s.duration_ms for s in stereo.silences)
    row = next(d for d in result.distributions if d.key == "overtalk-incidents")
    legacy = metrics.compute(vbformats.load(sources[1]))
    assert sorted(row.values) == sorted(
        [stereo["overtalk-incidents"], legacy["overtalk-incidents"]]
    )
    import docx

    document = docx.Document(str(tmp_path / "a.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[:2] == ["Overview", "Distributions across calls"]
    assert "Calls that stand out" in headings
    assert len(document.inline_shapes) == sum(1 for d in result.distributions if d.values)


def test_summaries_are_a_plain_picklable_function_of_one_source() -> None:
    import pickle

    summary = summarize(SAMPLES / "stereo_call.json")
    assert pickle.loads(pickle.dumps(summary)) == summary
    failed = summarize(SAMPLES / "error_404.json")
    assert failed.error and failed.error_type == "ApiErrorResponse"


def test_ringcentral_speaker_names_and_every_kind(tmp_path: Path) -> None:
    out = tmp_path / "rc.html"
    source = RINGCENTRAL / "stt_diarized_2024.json"
    assert main(["report", str(source), "-o", str(out), "--speaker", "0=Agent", "-q"]) == 0
    assert ">Agent<" in out.read_text(encoding="utf-8")
    for path in sorted(RINGCENTRAL.glob("*.json")):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                media = vbformats.load(path)
            except vbformats.VBFormatsError:
                continue
        echoes = path.name == "stt_crosstalk_2024.json"
        assert len(caught) == echoes
        assert all(str(w.message).startswith("1 utterance(s) left out") for w in caught)
        report = build(media)
        assert "summary" in report.sections()
        assert len(report.transcript) == len(vbformats.turns(media))


def test_word_needs_the_report_extra(tmp_path: Path) -> None:
    script = (
        "import sys; sys.modules['matplotlib'] = None\n"
        "from vbformats.cli import main\n"
        f"code = main(['report', {str(SAMPLES / 'stereo_call.json')!r}, '-o', "
        f"{str(tmp_path / 'x.docx')!r}])\n"
        f"html = main(['report', {str(SAMPLES / 'stereo_call.json')!r}, '-o', "
        f"{str(tmp_path / 'x.html')!r}, '-q'])\n"
        "print(code, html)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert done.stdout.split() == ["2", "0"], done.stderr
    assert "pip install 'vbformats[report]'" in done.stderr and "matplotlib" in done.stderr
    assert not (tmp_path / "x.docx").exists()


def test_import_stays_light() -> None:
    script = (
        "import sys, vbformats\n"
        "assert callable(vbformats.report)\n"
        "import vbformats.reports\n"
        "heavy = [m for m in ('matplotlib', 'docx', 'pandas') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert done.stdout.strip() == "[]", done.stderr


def test_notebook_views_and_short_reprs() -> None:
    media = vbformats.load(SAMPLES / "stereo_call.json")
    result = metrics.compute(media)
    report = build(media)
    for view in (media._repr_html_(), result._repr_html_(), report._repr_html_()):
        assert "<svg" in view and "<script" not in view.lower()
        assert 'href="#t-' not in view  # no dangling links in a notebook
        assert len(view) < 40_000
    assert len(repr(report)) < 300 and repr(report).startswith("<CallReport ")
    assert len(repr(result)) < 200
    hostile = build(hostile_document())._repr_html_()
    assert "<script>alert" not in hostile


def test_options_are_checked() -> None:
    with pytest.raises(InvalidInputError, match=r"options\.low_confidnce"):
        build(SAMPLES / "stereo_call.json", options={"low_confidnce": 0.4})
    with pytest.raises(InvalidInputError, match=r"options\.low_confidence"):
        build(SAMPLES / "stereo_call.json", options={"low_confidence": 2})
    with pytest.raises(ValueError, match="must be 'agent' or 'caller'"):
        ReportOptions(roles={"Agent": "boss"})  # the model itself: pydantic's ValueError
    with pytest.raises(InvalidInputError, match=r"options\.roles"):
        build(SAMPLES / "stereo_call.json", options={"roles": {"Agent": "boss"}})
    strict = build(SAMPLES / "stereo_call.json", options=ReportOptions(low_confidence=0.99))
    loose = build(SAMPLES / "stereo_call.json", options=ReportOptions(low_confidence=0.01))
    assert strict.confidence and loose.confidence
    assert strict.confidence.low_count > loose.confidence.low_count == 0


def test_sections_the_input_lacks_are_left_out() -> None:
    mono = build(SAMPLES / "mono_call.json")
    assert "sentiment" not in mono.sections() and "voice" not in mono.sections()
    assert "metrics" in mono.sections() and "transcript" in mono.sections()
    html = mono.to_html()
    assert 'id="sentiment"' not in html and 'id="voice"' not in html
    empty = build(SAMPLES / "verb_noun_pairs.json")  # no words, no times: pairs only
    assert empty.sections() == ["summary", "knowledge"]
    # a transcript-only response has the words of its alternate format (issue #16: one rule)
    assert build(SAMPLES / "transcript_only.json").sections() == [
        "summary",
        "timeline",
        "metrics",
        "transcript",
    ]
    diarized = build(RINGCENTRAL / "diarize_2023.json")
    assert diarized.timeline is not None and diarized.timeline.source == "voice activity"
    assert "transcript" not in diarized.sections()


def test_size_rule_plots_do_not_grow_with_words(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from benchmarks import generate

    small = vbformats.load(generate.generate_text(4_000).encode())
    large = vbformats.load(generate.generate_text(40_000).encode())
    sizes = []
    for media in (small, large):
        html = build(media).to_html()
        doc = lxml.html.fromstring(html)
        plots = sum(len(lxml.html.tostring(s)) for s in doc.xpath("//svg"))
        shapes = len(doc.xpath("//svg//rect | //svg//circle | //svg//path"))
        sizes.append((plots, shapes, len(html.encode())))
    # 10x the words: the plots stay under a fixed budget, the transcript carries the growth
    assert sizes[1][1] < 3_500 and sizes[1][0] < 400_000
    # the README's size rule: at most 200 KB + 60 bytes per speech word
    for media, (_, _, size) in zip((small, large), sizes, strict=True):
        words = sum(1 for flag in media.words.is_speech if flag)
        assert size <= 200_000 + 60 * words, (size, words)


def test_clean_drops_what_xml_refuses() -> None:
    assert clean("a\x00b\x07c\ud800d\ufffe") == "abcd"
    assert clean("line\nbreak\ttab") == "line break tab"
    assert clean("\u202eRTL kept") == "\u202eRTL kept"
    assert clean(None) == ""


def test_vbformats_report_function_writes(tmp_path: Path) -> None:
    path = tmp_path / "r.htm"
    report = vbformats.report(SAMPLES / "stereo_call.json", path, options={"title": "<T>"})
    assert report.title == "<T>"
    assert "<title>&lt;T&gt;</title>" in path.read_text(encoding="utf-8")
    assert os.path.getsize(path) > 20_000
