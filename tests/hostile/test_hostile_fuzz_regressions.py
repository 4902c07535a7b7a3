"""Crashes found by the fuzzer (fuzz/targets.py, fuzz/run.py), each kept as a regression test.

A crash is any exception other than :class:`vbformats.VBFormatsError` escaping ``load`` (or any
exception from a writer given a document ``load`` accepted). Each input below is the smallest
form of what the fuzzer found; the comment names the target and where it failed.
"""

from __future__ import annotations

import pytest

import vbformats
from vbformats import VBFormatsError, writers

CRASHES = [
    # json/load targets: invalid UTF-8 inside a JSON string made msgspec raise
    # UnicodeDecodeError (not its DecodeError) in readers/voicebase.py and models/words.py
    pytest.param(b'{"mediaId": "\x92"}', None, id="voicebase-bad-utf8-top"),
    pytest.param(b'{"metadata": {"title": "\x92"}}', None, id="voicebase-bad-utf8-section"),
    pytest.param(
        b'{"transcript": {"words": [{"s": 0, "e": 1, "w": "\x92"}]}}', None, id="bad-utf8-word"
    ),
    pytest.param(
        b'{"transcript": {"words": [{"s": 0, "e": 1, "w": "a", "x\x92": 1}]}}',
        None,
        id="bad-utf8-word-key",
    ),
    # json target: the same in a RingCentral payload (readers/ringcentral.py decode)
    pytest.param(
        b'{"jobId": "j", "status": "Success", "api": "/ai/au\xdadio"}',
        None,
        id="ringcentral-bad-utf8-value",
    ),
    pytest.param(
        b'{"status": "Fail", "response": {"errors\x82": []}}', "json", id="ringcentral-bad-utf8-key"
    ),
    # dfxp target: an XML declaration without its closing "?>" reached lxml as a str with an
    # encoding declaration: ValueError (readers/captions.py _read_dfxp)
    pytest.param(
        b'<?xml version="1.0" encoding="utf-8" <tt xmlns="http://www.w3.org/ns/ttml"/>',
        "dfxp",
        id="dfxp-unclosed-declaration",
    ),
    # srt/load targets: bytes that look like UTF-16 without a BOM but end mid-character:
    # UnicodeDecodeError from readers/captions.py _decode_bytes
    pytest.param(b"\x01\x00\x00\x00\xe6", "srt", id="utf16-guess-truncated-srt"),
    pytest.param(b"\x01\x00\x00\x00\xe6", None, id="utf16-guess-truncated-load"),
    # vtt target: the same for the big-endian guess
    pytest.param(b"\x00a\x00\xe9\x00", "vtt", id="utf16be-guess-truncated-vtt"),
]


@pytest.mark.parametrize(("data", "fmt"), CRASHES)
def test_fuzzer_crash_is_now_a_clear_error_or_a_document(data, fmt):
    try:
        media = vbformats.load(data, format=fmt)
    except VBFormatsError as error:
        assert str(error)
        return
    media.to_dict()
    for output in ("srt", "vtt", "dfxp", "text"):
        writers.render(media, output)
