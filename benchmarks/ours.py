"""The vbformats side of every comparison, and what is available of it right now.

Each task takes the path of a callback and does the whole job a user would do, starting from the
file: ``vbformats.load(path)`` and then the output. Pieces that are not importable (a writer, the
DataFrame builders, the metrics) make :func:`availability` say so, and the runner reports their
rows as "not available" instead of failing.

This module is the one place that knows how vbformats is called, so the package redesign
(issue #10) changes this file, not the sections.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from benchmarks.measure import Staged

FORMATS = ("srt", "vtt", "dfxp", "text")


def _render() -> Callable[..., str]:
    import vbformats

    render = getattr(vbformats, "render", None)
    if render is None:
        from vbformats.writers import render
    return render  # type: ignore[no-any-return]


def load(path: str) -> Any:
    import vbformats

    return vbformats.load(path)


def read_captions(path: str, fmt: str = "srt") -> Any:
    """``vbformats.load(path, format=fmt)``: a caption body read back."""
    import vbformats

    return vbformats.load(path, format=fmt)


def render(media: Any, fmt: str) -> str:
    """``vbformats.render(media, fmt)`` on a loaded media."""
    return _render()(media, fmt)


def convert(path: str, fmt: str) -> str:
    """``vbformats.load(path)`` then ``vbformats.render(media, fmt)``."""
    return _render()(load(path), fmt)


def convert_all(path: str) -> list[str]:
    """One load, then all four formats (what ``vbformats convert`` does for several outputs)."""
    media = load(path)
    render = _render()
    return [render(media, fmt) for fmt in FORMATS]


def words_frame(path: str) -> Any:
    """``vbformats.frames.words(vbformats.load(path))``."""
    from vbformats import frames

    return frames.words(load(path))


def metrics(media: Any) -> Any:
    """``vbformats.metrics.compute(media)`` on an already loaded media."""
    from vbformats import metrics as module

    return module.compute(media)


def metrics_from_file(path: str) -> Any:
    return metrics(load(path))


def info(media: Any, name: str = "call.json") -> str:
    """What ``vbformats info`` does after loading: the summary, printed as text."""
    from vbformats.commands import info as command

    return str(command.format_summary(command.summarize(media), name))


def to_json(media: Any) -> str:
    """``media.to_json()``: the whole document back (``vbformats convert --to json``)."""
    return str(media.to_json())


TASKS: dict[str, Callable[[str], Any] | Staged] = {
    "load": load,
    "srt": lambda path: convert(path, "srt"),
    "vtt": lambda path: convert(path, "vtt"),
    "dfxp": lambda path: convert(path, "dfxp"),
    "text": lambda path: convert(path, "text"),
    "all": convert_all,
    "words_frame": words_frame,
    "metrics": metrics_from_file,
    # the step after the load only: the load runs before the peak is reset
    "info": Staged(load, info),
    "to_json": Staged(load, to_json),
}


def availability(sample_path: str) -> dict[str, str | None]:
    """For every capability, ``None`` when it works on ``sample_path`` or why it does not.

    Keys: the four formats, ``"frames"``, ``"metrics"``, ``"info"`` and ``"to_json"``. A
    capability is available only if it imports *and* runs on a small file, so a half-written
    module is reported, not crashed on.
    """
    status: dict[str, str | None] = {}
    try:
        media = load(sample_path)
    except Exception as error:  # reported, the suite goes on
        reason = f"load failed: {type(error).__name__}: {str(error)[:100]}"
        return dict.fromkeys((*FORMATS, "frames", "metrics", "info", "to_json"), reason)
    for fmt in FORMATS:
        status[fmt] = _try(lambda fmt=fmt: _render()(media, fmt))
    status["frames"] = _try(lambda: importlib.import_module("vbformats.frames").words(media))
    status["metrics"] = _try(lambda: importlib.import_module("vbformats.metrics").compute(media))
    status["info"] = _try(lambda: info(media))
    status["to_json"] = _try(lambda: to_json(media))
    return status


def _try(function: Callable[[], Any]) -> str | None:
    try:
        function()
    except Exception as error:  # reported, the suite goes on
        text = str(error).splitlines()[0] if str(error) else ""
        return f"{type(error).__name__}{': ' + text[:100] if text else ''}"
    return None
