"""Secrets sweep: one distinctive access token, planted everywhere a URL can reach us, must never
show in a repr, a log record, a warning, an exception (``str``, ``repr``, ``args``) or the
diagnostic output of any CLI command.

Scope (the README's guarantees section says the same): *diagnostics* are redacted. A data
output the user asked for (``convert --to json``, the ``metadata`` table) reproduces the
document as it was given, URLs included, because that is the user's own data and a round trip
must not change it. The RingCentral helper's token tests cover its own code paths in detail;
this is the sweep across every command and exception type.
"""

from __future__ import annotations

import json
import logging
import warnings
from pathlib import Path
from typing import Any

import pytest

import vbformats
from vbformats import VBFormatsError, writers
from vbformats.cli import main

TOKEN = "U1hvbXBDb2RlX3Rva2VuXzVmMWUyZDNj"  # distinctive, base64-looking like a real one
CORE = "5fMWUyZDNj"[-8:]  # a fragment: not even part of the token may leak
URL = (
    f"https://media.example.invalid/restapi/v1.0/account/1/recording/2/content?access_token={TOKEN}"
)
ENCODED_URL = URL.replace("?", "%3F").replace("=", "%3D").replace("&", "%26")
BEARER = f"Authorization: Bearer {TOKEN}"

GOOD_WITH_URLS: dict[str, Any] = {
    "mediaId": "m-1",
    "status": "finished",
    "metadata": {"title": "call", "extended": {"callback": URL, "header": BEARER}},
    "streams": [{"status": "HTTP_200_OK", "streamName": "original", "streamLocation": URL}],
    "_links": {"self": {"href": URL}, "media": {"href": f"{URL}&x=1"}},
    "transcript": {
        "words": [
            {"s": 0, "e": 0, "w": "Agent", "m": "turn"},
            {"s": 0, "e": 400, "w": "Hello"},
            {"s": 500, "e": 900, "w": "there"},
        ],
        "alternateFormats": [{"format": "x", "data": URL}],
    },
}

FAILING: dict[str, Any] = {
    "failed media": {
        "mediaId": "m-2",
        "status": "failed",
        "errors": [{"code": 4100, "error": f"cannot fetch {URL}"}],
    },
    "error body": {
        "status": 400,
        "warnings": {"message": f"bad callback {URL} ({BEARER})"},
        "reference": "r-1",
    },
    "errors list": {"errors": [{"code": "E1", "error": f"download failed: {ENCODED_URL}"}]},
    "ringcentral failed": {
        "jobId": "job-1",
        "status": "Fail",
        "api": "/ai/audio/v1/async/speech-to-text",
        "request": {"contentUri": URL},
        "response": {
            "errors": [{"errorCode": "CAI-104", "message": f"Media could not be downloaded: {URL}"}]
        },
    },
    "ringcentral in progress": {
        "jobId": "job-2",
        "status": "InProgress",
        "api": "/ai/audio/v1/async/speech-to-text",
        "request": {"contentUri": URL},
    },
    "bad word time": {"transcript": {"words": [{"s": URL, "e": 1, "w": "x"}]}},
    "bad word text": {"transcript": {"words": [{"s": 0, "e": 1, "w": {"url": URL}}]}},
    "bad section": {"knowledge": {"keywords": URL}},
    "bad metadata": {"metadata": URL},
}


def assert_clean(text: str, where: str = "") -> None:
    assert TOKEN not in text, where
    assert CORE not in text, where


def _exception_texts(error: BaseException) -> list[str]:
    return [str(error), repr(error), repr(error.args), *(str(a) for a in error.args)]


@pytest.mark.parametrize("case", list(FAILING))
@pytest.mark.parametrize("as_text", [False, True])
def test_exceptions_never_carry_the_token(case, as_text):
    doc = FAILING[case]
    with pytest.raises(VBFormatsError) as caught:
        vbformats.load(json.dumps(doc).encode() if as_text else doc)
    for text in _exception_texts(caught.value):
        assert_clean(text, case)
    for attribute in ("message", "path", "problem", "reference", "job_id", "errors"):
        assert_clean(repr(getattr(caught.value, attribute, "")), f"{case}.{attribute}")


@pytest.mark.parametrize(
    "call",
    [
        lambda: vbformats.load(URL),
        lambda: vbformats.load(f"/nonexistent/call.json?access_token={TOKEN}"),
        lambda: vbformats.load(b"1\nnot a time\nx\n", format="srt"),
        lambda: writers.get_writer(f"srt?access_token={TOKEN}"),
        lambda: writers.writer_for_path(f"/tmp/out.unknown?access_token={TOKEN}"),
        lambda: vbformats.load(GOOD_WITH_URLS, format=f"vtt?access_token={TOKEN}"),
    ],
)
def test_errors_about_paths_urls_and_names_never_carry_the_token(call):
    with pytest.raises(VBFormatsError) as caught:
        call()
    for text in _exception_texts(caught.value):
        assert_clean(text)


def test_frames_source_errors_never_carry_the_token(tmp_path):
    from vbformats import frames

    bad = tmp_path / f"call-access_token={TOKEN}.json"  # no '?': that would be a glob pattern
    with pytest.raises(VBFormatsError) as caught:
        frames.words([bad])
    for text in _exception_texts(caught.value):
        assert_clean(text)
    frame = frames.words([bad], errors="collect")
    assert_clean(json.dumps(frame.attrs.get("errors", []), default=str))


def test_reprs_of_models_never_carry_the_token():
    media = vbformats.load(GOOD_WITH_URLS)
    for item in (
        media,
        media.streams[0],
        media.metadata,
        media.transcript,
        media.transcript.alternate_formats[0],
    ):
        assert_clean(repr(item), type(item).__name__)
        assert_clean(str(item), type(item).__name__)


def test_ringcentral_results_never_show_the_token(tmp_path):
    sources = sorted((Path(__file__).resolve().parents[1] / "data" / "ringcentral").glob("*.json"))
    shown = 0
    for source in sources:
        doc = json.loads(source.read_text())
        if not isinstance(doc, dict):
            continue
        doc.setdefault("request", {})["contentUri"] = URL
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                media = vbformats.load(doc)
            except VBFormatsError as error:
                for text in _exception_texts(error):
                    assert_clean(text, source.name)
                continue
        for warning in caught:
            assert_clean(str(warning.message), source.name)
        assert_clean(repr(media), source.name)
        if media.ringcentral is not None:
            assert_clean(repr(media.ringcentral), source.name)
        shown += 1
    assert shown >= 1


def test_logs_and_warnings_never_carry_the_token(caplog):
    caplog.set_level(logging.DEBUG)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for doc in [GOOD_WITH_URLS, *FAILING.values()]:
            try:
                media = vbformats.load(doc)
            except VBFormatsError:
                continue
            for fmt in ("text", "srt", "vtt", "dfxp", "turns"):
                writers.render(media, fmt)
            from vbformats import metrics

            metrics.compute(media)
    for record in caplog.records:
        assert_clean(record.getMessage(), record.name)
    for warning in caught:
        assert_clean(str(warning.message))


def _commands(source: Path, out: Path) -> dict[str, list[str]]:
    return {
        "convert text": ["convert", str(source)],
        "convert srt": ["convert", str(source), "--to", "srt"],
        "convert vtt": ["convert", str(source), "--to", "vtt"],
        "convert dfxp": ["convert", str(source), "--to", "dfxp"],
        "convert turns": ["convert", str(source), "--to", "turns"],
        "convert -o": ["convert", str(source), "-o", str(out / "x.srt")],
        "info": ["info", str(source)],
        "info --json": ["info", str(source), "--json"],
        "frame words": ["frame", str(source), "words"],
        "frame turns": ["frame", str(source), "turns"],
        "metrics": ["metrics", str(source)],
        "metrics json": ["metrics", str(source), "--format", "json"],
        "bad --to": ["convert", str(source), "--to", f"x?access_token={TOKEN}"],
        "bad -o": ["convert", str(source), "-o", str(out / f"x.zzz?access_token={TOKEN}")],
        "missing input": ["convert", str(out / f"missing.json?access_token={TOKEN}")],
        "url input": ["info", URL],
    }


@pytest.mark.parametrize("case", ["good", *FAILING])
def test_no_cli_command_prints_the_token(case, tmp_path, capsys):
    source = tmp_path / "call.json"
    source.write_text(json.dumps(GOOD_WITH_URLS if case == "good" else FAILING[case]))
    out = tmp_path / "out"
    out.mkdir()
    for name, argv in _commands(source, out).items():
        try:
            code = main(argv)
        except SystemExit as stop:  # argparse usage errors
            code = stop.code
        captured = capsys.readouterr()
        assert code in (0, 2), (case, name, code)
        assert_clean(captured.out, f"{case}: {name} stdout")
        assert_clean(captured.err, f"{case}: {name} stderr")
    for written in out.iterdir():
        assert_clean(written.read_text(errors="replace"), written.name)
