"""Atheris fuzz targets: ``vbformats.load`` and each reader, on arbitrary bytes.

Run one target (libFuzzer options after the name)::

    python fuzz/targets.py load -max_total_time=30 corpus/
    python fuzz/targets.py srt -runs=100000

A *crash* is any exception other than :class:`vbformats.VBFormatsError` (the documented family
for bad input) escaping ``load``, or any exception at all from a writer, a table or the metrics
given a document that ``load`` accepted. Crashes found become regression tests in
tests/hostile/test_hostile_fuzz_regressions.py. ``fuzz/run.py`` runs every target for a bounded
time (CI's smoke run).

Only :class:`vbformats.VBFormatsError` ends an input quietly; any other exception is a crash.

Targets:
    load        ``load(data)``: format sniffed from the content (JSON, SRT, WebVTT, DFXP, text)
    json        ``load(data, format="json")``: VoiceBase v3/v2 and RingCentral JSON
    srt, vtt, dfxp, text
                ``load(data, format=...)``: each caption reader
    frames      the first byte picks a table of ``frames.TABLES``, the rest is loaded; the
                table is built (``frames.build``) and written as CSV text
    metrics     ``metrics.compute`` of what loads, and every frame method of the result
Every document the reader targets accept is also rendered as SRT, WebVTT, DFXP and text.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["vbformats"]):
    # everything the targets reach, imported here so that it is instrumented (modules
    # imported lazily later would run without coverage feedback)
    import vbformats
    import vbformats.captions
    import vbformats.frames
    import vbformats.metrics
    import vbformats.ringcentral.aligner
    import vbformats.ringcentral.reader
    import vbformats.ringcentral.tables
    from vbformats import VBFormatsError, formats

    formats.formats()  # imports every format module
    formats.dialects()  # and every JSON dialect
    TABLES = vbformats.frames.TABLES  # imports every table module

TARGETS: dict[str, str | None] = {
    "load": None,
    "json": "json",
    "srt": "srt",
    "vtt": "vtt",
    "dfxp": "dfxp",
    "text": "text",
    "frames": None,
    "metrics": None,
}
_METRICS_METHODS = (
    "to_voicebase",
    "comparison",
    "to_frame",
    "incidents_frame",
    "silences_frame",
    "streaks_frame",
    "segments_frame",
    "speakers_frame",
    "comparison_frame",
)
_OUTPUTS = ("srt", "vtt", "dfxp", "text")
# inputs above this size add time, not coverage
_MAX_INPUT = 64 * 1024


def _ours_end_it(step):  # type: ignore[no-untyped-def]
    """Run ``step``; a VBFormatsError ends the input quietly, anything else is a crash."""
    try:
        return step()
    except VBFormatsError:
        return None


def make_target(fmt: str | None):  # type: ignore[no-untyped-def]
    """The TestOneInput function for one reader."""

    def test_one_input(data: bytes) -> None:
        if len(data) > _MAX_INPUT:
            return
        media = _ours_end_it(lambda: vbformats.load(data, format=fmt))
        if media is None:
            return
        media.to_dict()
        for output in _OUTPUTS:
            _ours_end_it(lambda output=output: formats.render(media, output))

    return test_one_input


def frames_target(data: bytes) -> None:
    """The first byte picks the table; the rest is the document."""
    if len(data) < 2 or len(data) > _MAX_INPUT:
        return
    table = TABLES[data[0] % len(TABLES)]
    media = _ours_end_it(lambda: vbformats.load(data[1:]))
    if media is None:
        return
    frame = _ours_end_it(lambda: vbformats.frames.build(table, media))
    if frame is not None:
        vbformats.frames.to_csv(frame)


def metrics_target(data: bytes) -> None:
    """``metrics.compute`` and every frame method of its result."""
    if len(data) > _MAX_INPUT:
        return
    media = _ours_end_it(lambda: vbformats.load(data))
    if media is None:
        return
    result = _ours_end_it(lambda: vbformats.metrics.compute(media))
    if result is None:
        return
    for method in _METRICS_METHODS:
        _ours_end_it(getattr(result, method))


def main(argv: list[str]) -> None:
    if len(argv) < 2 or argv[1] not in TARGETS:
        sys.exit(f"usage: {argv[0]} {{{','.join(TARGETS)}}} [libFuzzer options]")
    name = argv[1]
    special = {"frames": frames_target, "metrics": metrics_target}
    target = special.get(name) or make_target(TARGETS[name])
    atheris.Setup([argv[0], *argv[2:]], target)
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
