"""The table registry is the one home of a table: one declaration plus one builder.

A table declared here (one row per speaker with their first word) is registered with one call and
then behaves like every table: one source or many (``media_id`` and ``source`` in front),
``errors="collect"``, an empty typed frame, a generated public function whose docstring lists
the columns, options checked by name, and the ``frame`` command.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from vbformats import frames
from vbformats.cli import main
from vbformats.errors import InvalidInputError
from vbformats.frames import core
from vbformats.models.media import Media
from vbformats.roles import media_roles

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def _first_words(media: Media, roles: Mapping[str, str] | None, upper: bool = False) -> Any:
    """The builder: one row per turn speaker, with their first speech word."""
    import vbformats

    seen: dict[str | None, str] = {}
    for turn in vbformats.turns(media):
        seen.setdefault(turn.speaker, turn.text.split()[0])
    speakers = list(seen)
    speaker, role = core.speaker_and_role(speakers, media_roles(media, roles))
    words = [w.upper() if upper else w for w in seen.values()]
    return core.frame("first_words", {"speaker": speaker, "role": role, "word": words}, len(words))


@pytest.fixture
def first_words() -> Iterator[core.Table]:
    table = core.register(
        core.Table(
            name="first_words",
            summary="one row per speaker: the first word they said",
            columns=core.columns(
                """
                speaker  category  the turn's speaker
                role     category  `agent` / `caller` / missing
                word     string    the first word of their first turn
                """
            ),
            build=_first_words,
            options={"upper": "Write the words in capitals."},
        )
    )
    yield table
    core.unregister("first_words")


def test_a_declared_table_builds_from_one_source_and_many(first_words: core.Table) -> None:
    one = frames.build("first_words", SAMPLES / "stereo_call.json")
    assert one.to_dict("list") == {
        "speaker": ["Agent", "Caller"],
        "role": ["agent", "caller"],
        "word": ["Thank", "Hi"],
    }
    assert [str(t) for t in one.dtypes] == ["category", "category", "string"]
    many = frames.build(
        "first_words",
        [SAMPLES / "stereo_call.json", SAMPLES / "failed_media.json"],
        errors="collect",
        upper=True,
    )
    assert list(many.columns[:2]) == ["media_id", "source"]
    assert list(many.word) == ["THANK", "HI"]
    assert [e["source"] for e in many.attrs["errors"]] == [str(SAMPLES / "failed_media.json")]
    assert list(frames.empty("first_words").columns) == ["speaker", "role", "word"]


def test_the_public_function_is_generated_from_the_declaration(first_words: core.Table) -> None:
    function = frames.first_words  # module attribute made from the registry
    assert "``word`` (string): the first word of their first turn" in (function.__doc__ or "")
    assert "upper: Write the words in capitals." in (function.__doc__ or "")
    assert len(function(SAMPLES / "mono_call.json")) == 1
    with pytest.raises(InvalidInputError, match="the first_words table has no option 'lower'"):
        function(SAMPLES / "mono_call.json", lower=True)


def test_the_frame_command_offers_a_declared_table(
    first_words: core.Table, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["frame", str(SAMPLES / "stereo_call.json"), "first_words"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "speaker,role,word",
        "Agent,agent,Thank",
        "Caller,caller,Hi",
    ]


def test_every_registered_table_has_one_declaration_the_readme_documents() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for name, table in core.tables().items():
        assert f"### `{name}`: {table.summary}" in readme, name
        assert table.columns, name
        assert len({c.name for c in table.columns}) == len(table.columns), name


def test_the_metrics_result_frames_are_the_declared_tables() -> None:
    import vbformats
    from vbformats import metrics

    result = metrics.compute(vbformats.load(SAMPLES / "stereo_call.json"))
    for method, table in (
        ("to_frame", "computed_metrics"),
        ("incidents_frame", "overtalk_incidents"),
        ("silences_frame", "silences"),
        ("streaks_frame", "streaks"),
        ("segments_frame", "talk_segments"),
        ("speakers_frame", "speaker_metrics"),
        ("comparison_frame", "metric_comparison"),
    ):
        frame = getattr(result, method)()
        declared = core.get(table).columns
        assert [(c, str(t)) for c, t in frame.dtypes.items()] == [
            (c.name, c.dtype) for c in declared
        ]
        # and the same rows from the source, through the registry
        pd.testing.assert_frame_equal(frame, frames.build(table, SAMPLES / "stereo_call.json"))


@pytest.mark.parametrize(
    ("declaration", "message"),
    [
        (
            """
            start_ms     Int64    start, ms
                end_ms   Int64    end, ms
            """,
            "end_ms: indented less than a continuation line",
        ),
        ("\n    start_ms  Int64\n", "without a dtype and a meaning"),
        ("\n    start_ms  Int65  start\n", "undeclared dtype 'Int65'"),
    ],
    ids=["indented column", "no meaning", "unknown dtype"],
)
def test_a_mistaken_column_declaration_is_refused_not_swallowed(declaration, message):
    with pytest.raises(ValueError, match=message):
        core.columns(declaration)


def test_a_continuation_line_extends_the_meaning_before_it():
    (column,) = core.columns(
        """
        start_ms     Int64    start of the turn's first
                              speech word, ms
        """
    )
    assert column.meaning == "start of the turn's first speech word, ms"
