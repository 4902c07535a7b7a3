"""A ``str`` is a path unless it clearly is a JSON document; an existing file always wins.

``[2024-05-01] call.json`` is how many people name recordings. It used to be parsed as JSON text
(its first character is ``[``) by ``load``, every table and every command. The one rule lives in
:func:`vbformats.sources.is_json_text`; these tests hold every entry point to it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import vbformats
from vbformats import InvalidInputError, frames
from vbformats.cli import main
from vbformats.sources import expand, is_json_text, path_name

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "stereo_call.json"
WORDS = len(vbformats.load(SAMPLE).words)

NAMES = [
    "[2024-05-01] call.json",
    "[1]",  # a file named like a JSON array
    "{}",  # ... and like a JSON object
    '{"mediaId": "x"}',
    "[call] {x}.json",
    " [padded].json",
]


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("name", NAMES)
def test_an_existing_file_always_wins(here, name):
    shutil.copyfile(SAMPLE, here / name)
    assert not is_json_text(name)
    assert path_name(name) == name
    assert len(vbformats.load(name).words) == WORDS
    assert expand(name) == ([(name, name)], False)
    assert len(frames.words(name)) == WORDS
    assert len(frames.words([name, name])) == 2 * WORDS


@pytest.mark.parametrize(
    "argv",
    [
        ["convert", "{name}", "--to", "srt"],
        ["convert", "{name}", "-o", "out.vtt"],
        ["info", "{name}"],
        ["info", "{name}", "--json"],
        ["frame", "{name}", "turns"],
        ["frame", "{name}", "{name}", "words"],
        ["metrics", "{name}"],
        ["report", "{name}", "-o", "report.html", "-q"],
    ],
)
def test_every_command_reads_a_file_named_like_json(here, capsys, argv):
    name = "[2024-05-01] call.json"
    shutil.copyfile(SAMPLE, here / name)
    code = main([part.replace("{name}", name) for part in argv])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "invalid JSON" not in captured.err
    if argv[0] == "report":  # one file: a call report, not an archive of one
        assert "Call archive report" not in (here / "report.html").read_text()


def test_report_of_one_bracketed_file_is_a_call_report(here):
    name = "[2024-05-01] call.json"
    shutil.copyfile(SAMPLE, here / name)
    report = vbformats.report(name, "call.html")
    assert len(report.transcript) > 0 and (here / "call.html").exists()


def test_a_missing_bracketed_file_is_a_missing_file_not_bad_json(here):
    with pytest.raises(InvalidInputError) as caught:
        vbformats.load("[2024-05-01] call.json")
    message = str(caught.value)
    assert "No such file or directory" in message and "invalid JSON" not in message


def test_a_folder_named_with_brackets_is_a_folder(here):
    folder = here / "[2024-05] calls"
    folder.mkdir()
    shutil.copyfile(SAMPLE, folder / "a.json")
    shutil.copyfile(SAMPLE, folder / "b.json")
    items, many = expand(folder.name)
    assert many and [Path(label).name for label, _ in items] == ["a.json", "b.json"]
    assert len(frames.words(folder.name)) == 2 * WORDS


def test_a_glob_is_still_a_glob_when_no_file_has_its_name(here):
    for name in ("a.json", "b.json", "c.json"):
        shutil.copyfile(SAMPLE, here / name)
    items, many = expand("[ab].json")
    assert many and [label for label, _ in items] == ["a.json", "b.json"]


@pytest.mark.parametrize(
    ("text", "json_text"),
    [
        ('{"mediaId": "m"}', True),
        ('  {"mediaId": "m"}  \n', True),
        ("[1, 2]", True),
        ('{\n  "mediaId": "m"\n', True),  # several lines: a (truncated) document, not a name
        ("[\n1,", True),
        ("[2024-05-01] call.json", False),
        ("[x].json", False),
        ('{"a": 1', False),  # one line, not closed: a name (that does not exist, below)
        ("{x}.srt", False),
        ("call.json", False),
        ("", False),
    ],
)
def test_what_clearly_is_a_json_document(here, text, json_text):
    assert is_json_text(text) is json_text
    assert (path_name(text) is None) is json_text


def test_json_text_still_loads_and_a_truncated_one_names_the_problem(here):
    doc = json.loads(SAMPLE.read_text())
    assert vbformats.load(json.dumps(doc)).to_dict() == doc
    assert vbformats.load(json.dumps(doc, indent=2)).to_dict() == doc
    with pytest.raises(InvalidInputError) as caught:
        vbformats.load(json.dumps(doc, indent=2)[:-30])  # several lines: parsed, truncated
    assert "invalid JSON" in str(caught.value)
    with pytest.raises(InvalidInputError) as caught:
        vbformats.load('{"mediaId": "m"')  # one line: no such file, and not complete JSON
    assert "does not end with }" in str(caught.value)
    with pytest.raises(InvalidInputError) as caught:
        vbformats.load("[1, 2]")  # a top-level array is a words array: these are not words
    assert "is not a word" in str(caught.value)
