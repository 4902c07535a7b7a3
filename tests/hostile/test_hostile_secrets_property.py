"""A token placed in any string field of any input never shows (issue #11, secrets property).

A generated hostile document (:func:`strategies.hostile_documents`) gets an access token,
written one of the ways it is found in real payloads (:func:`strategies.token_forms`: a media
URL's query, percent-encoded, a JSON fragment, an ``Authorization: Bearer`` header, a path
parameter, ``user:password@``), in one to three of its string fields (a key, sometimes). Then
every entry point is driven with it (:func:`entry_points.drive`) and the token must not appear
in any exception's ``str``, ``repr`` or ``args`` (ours or not, causes included), in any log
record vbformats emitted at DEBUG, in any warning, or in the stderr of any command.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from entry_points import cli_commands, drive
from hypothesis import given
from hypothesis import strategies as st
from strategies import hostile_documents, property_settings, string_locations, token_forms

TOKEN = "tK9vQ2xZr7Lw5mNcT0k3nV"
FORMS = token_forms(TOKEN)
COMMANDS = cli_commands()


def _chain(error: BaseException) -> list[BaseException]:
    """The exception and every one a traceback of it would show: its cause, or its context
    unless suppressed (``raise ... from None``)."""
    seen: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in seen:
        seen.append(current)
        if current.__cause__ is not None:
            current = current.__cause__
        elif not current.__suppress_context__:
            current = current.__context__
        else:
            current = None
    return seen


def _shown(error: BaseException) -> list[str]:
    texts = []
    for item in _chain(error):
        texts += [str(item), repr(item), repr(item.args)]
    return texts


@st.composite
def documents_with_a_token(draw: Any) -> dict[str, Any]:
    doc = draw(hostile_documents(max_words=15))
    for _ in range(draw(st.integers(1, 3))):
        form = draw(st.sampled_from(FORMS))
        places = string_locations(doc)
        if places and draw(st.integers(0, 5)):
            path = draw(st.sampled_from(places))
            target = doc
            for part in path[:-1]:
                target = target[part]
            target[path[-1]] = form
        else:  # a key, or a new field
            containers = [doc] + [value for value in _dicts(doc) if draw(st.integers(0, 3)) == 0]
            draw(st.sampled_from(containers))[form if draw(st.booleans()) else "note"] = form
    return doc


def _dicts(value: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    stack = [value]
    while stack and len(found) < 50:
        item = stack.pop()
        if isinstance(item, dict):
            found.append(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


@property_settings(ci_examples=300)
@given(documents_with_a_token(), st.lists(st.sampled_from(COMMANDS), min_size=1, max_size=2))
def test_a_token_in_any_field_never_shows(doc, commands):
    with tempfile.TemporaryDirectory(prefix="vbformats-secret-") as folder:
        run = drive(doc, Path(folder), commands=commands)
    for entry, error in run.errors:
        for text in _shown(error):
            assert TOKEN not in text, (entry, text[:500])
    for record in run.records:
        for text in (record.getMessage(), str(record.msg), repr(record.args)):
            assert TOKEN not in text, (record.name, text[:500])
    for warning in run.warnings:
        assert TOKEN not in str(warning.message), str(warning.message)[:500]
    for command in run.cli:
        assert TOKEN not in command.stderr, (command.argv, command.stderr[:500])
