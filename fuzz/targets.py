"""Atheris fuzz targets: ``vbformats.load`` and each reader, on arbitrary bytes.

Run one target (libFuzzer options after the name)::

    python fuzz/targets.py load -max_total_time=30 corpus/
    python fuzz/targets.py srt -runs=100000

A *crash* is any exception other than :class:`vbformats.VBFormatsError` (the documented family
for bad input) escaping ``load``, or any exception at all from a writer given a document that
``load`` accepted. Crashes found become regression tests in
tests/test_hostile_fuzz_regressions.py. ``fuzz/run.py`` runs every target for a bounded time
(CI's smoke run).

Targets:
    load        ``load(data)``: format sniffed from the content (JSON, SRT, WebVTT, DFXP, text)
    json        ``load(data, format="json")``: VoiceBase v3/v2 and RingCentral JSON
    srt, vtt, dfxp, text
                ``load(data, format=...)``: each caption reader
Every document a reader accepts is also rendered as SRT, WebVTT, DFXP and text.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["vbformats"]):
    # everything the targets reach, imported here so that it is instrumented (modules
    # imported lazily later would run without coverage feedback)
    import vbformats
    import vbformats.captions
    import vbformats.ringcentral.aligner
    import vbformats.ringcentral.reader
    from vbformats import VBFormatsError, formats

    formats.formats()  # imports every format module
    formats.dialects()  # and every JSON dialect

TARGETS: dict[str, str | None] = {
    "load": None,
    "json": "json",
    "srt": "srt",
    "vtt": "vtt",
    "dfxp": "dfxp",
    "text": "text",
}
_OUTPUTS = ("srt", "vtt", "dfxp", "text")
# inputs above this size add time, not coverage
_MAX_INPUT = 64 * 1024


def make_target(fmt: str | None):  # type: ignore[no-untyped-def]
    """The TestOneInput function for one reader."""

    def test_one_input(data: bytes) -> None:
        if len(data) > _MAX_INPUT:
            return
        try:
            media = vbformats.load(data, format=fmt)
        except VBFormatsError:
            return
        media.to_dict()
        for output in _OUTPUTS:
            formats.render(media, output)

    return test_one_input


def main(argv: list[str]) -> None:
    if len(argv) < 2 or argv[1] not in TARGETS:
        sys.exit(f"usage: {argv[0]} {{{','.join(TARGETS)}}} [libFuzzer options]")
    name = argv[1]
    atheris.Setup([argv[0], *argv[2:]], make_target(TARGETS[name]))
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
