"""Every public entry point keeps the Guarantees under hostile input (issue #11, "How to prove
it").

* **Only our exceptions escape.** :func:`entry_points.drive` gives one generated hostile
  document (:func:`strategies.hostile_documents`: wrong types at every level, huge, negative,
  float, bool and NaN-string numbers, 2**63, 1e300, deep nesting, sections of the wrong type,
  lone surrogates, control characters, RingCentral payloads with odd ``speakerId`` types) to
  ``load`` from a dict, bytes, text and a path, to every reader by ``format=``, to every writer
  by ``render`` and ``save``, to every table of ``frames.TABLES``, to ``metrics.compute`` and
  every method of its result, ``turns``, ``build_cues``, the report, and to command lines of
  every command. Only :class:`vbformats.VBFormatsError` may escape; every command exits 0, 1
  or 2 with one-line diagnostics and never a traceback. Hostile caption bodies
  (:func:`strategies.hostile_caption_bodies`) go the same way from the readers on.
* **Dict and JSON text give the same result** (the document, the words, RingCentral or not;
  or the same exception class).

No exception is tolerated: the classes the first runs of these properties found (times past
int64, DFXP rates of 0, clocks with thousands of digits, lone surrogates, odd RingCentral
``speakerId`` types, odd word keys) are fixed and have their own reproducers in
test_hostile_found_classes.py.
"""

from __future__ import annotations

import json
import tempfile
import warnings
from pathlib import Path
from typing import Any

from entry_points import (
    cli_commands,
    cli_problems,
    drive,
    drive_body,
    internal_errors,
    origin_of,
)
from hypothesis import given
from hypothesis import strategies as st
from strategies import hostile_caption_bodies, hostile_documents, property_settings

import vbformats
from vbformats import VBFormatsError

COMMANDS = cli_commands()


def _check(run: Any) -> None:
    escapes = [str(escape) for escape in run.escapes]
    assert not escapes, "\n".join(escapes)
    for command in run.cli:
        problems = cli_problems(command) + list(internal_errors(command))
        assert not problems, (command.argv, problems, command.stderr[-500:])


@property_settings(ci_examples=300)
@given(hostile_documents(), st.lists(st.sampled_from(COMMANDS), min_size=1, max_size=2))
def test_every_entry_point_raises_only_our_exceptions(doc, commands):
    with tempfile.TemporaryDirectory(prefix="vbformats-hostile-") as folder:
        run = drive(doc, Path(folder), commands=commands)
    _check(run)


_BODY_COMMANDS = [c for c in COMMANDS if c[0] in ("convert", "info")] + [
    ["frame", "{src}", "cues"],
    ["metrics", "{src}"],
]


@property_settings(ci_examples=400)
@given(hostile_caption_bodies(), st.lists(st.sampled_from(_BODY_COMMANDS), max_size=1))
def test_every_reader_and_what_follows_raises_only_our_exceptions(body, commands):
    data, suffix = body
    with tempfile.TemporaryDirectory(prefix="vbformats-hostile-") as folder:
        run = drive_body(data, suffix, Path(folder), commands=commands)
    _check(run)


def _outcome(source: Any) -> tuple[Any, ...]:
    """What loading gives, comparable across sources: the document, the words, RingCentral or
    not; or the class of the error."""
    try:
        media = vbformats.load(source)
    except VBFormatsError as error:
        return ("error", type(error).__name__)
    except Exception as error:
        return ("escape", type(error).__name__, str(error)[:200], origin_of(error))
    kind = media.ringcentral.kind if media.ringcentral is not None else None
    return ("ok", media.source_format, kind, media.to_dict(), media.words.to_dicts())


@property_settings(ci_examples=1000)
@given(hostile_documents(max_words=25), st.booleans())
def test_a_dict_and_its_json_text_give_the_same_result(doc, indent):
    text = json.dumps(doc, ensure_ascii=True, indent=2 if indent else None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from_dict, from_text, from_bytes = _outcome(doc), _outcome(text), _outcome(text.encode())
    assert from_dict[0] != "escape" and from_text[0] != "escape", (from_dict[:4], from_text[:4])
    assert from_dict == from_text == from_bytes
