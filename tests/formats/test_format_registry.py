"""The format registry is the one home of a format: the add-a-format checklist, proved.

A tiny format defined here (a reader and a writer of one word per line, ``word<TAB>start``) is
registered with one line and is then loadable (by name, by extension, by content), writable
(``render``, ``save``), found in folders, and offered by the command line: in ``convert --help``,
as ``--to``, and with its option as a generated flag.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ConfigDict, Field

import vbformats
from vbformats import formats, frames
from vbformats.cli import main
from vbformats.errors import InvalidInputError, UnknownFormatError
from vbformats.formats.base import CERTAIN, NO, Format
from vbformats.models.media import Media, Transcript
from vbformats.models.words import WordTable

ROOT = Path(__file__).resolve().parents[2]


class TabOptions(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    upper: bool = Field(False, description="Write every word in capitals.")


class TabFormat(Format):
    """``#tab`` then one speech word per line: ``word<TAB>start_ms``."""

    name = "tabwords"
    aliases = ("tab",)
    extensions = (".tabw",)
    media_type = "text/tab-separated-values"
    options_model = TabOptions

    def sniff(self, head: str) -> int:
        return CERTAIN if head.startswith("#tab\n") else NO

    def read(
        self, data: bytes | str, path_name: str | None = None, *, speakers: Any = None
    ) -> Media:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
        rows = [line.split("\t") for line in text.splitlines()[1:] if line]
        starts = [int(start) for _, start in rows]
        table = WordTable.from_columns(starts, [s + 100 for s in starts], [w for w, _ in rows])
        return Media(transcript=Transcript(words=table), source_format=self.name)

    def lines(self, media: Any, options: Any) -> Iterator[str]:
        yield "#tab\n"
        table = media.words
        for text, start, speech in zip(table.text, table.start_ms, table.is_speech, strict=True):
            if speech:
                yield f"{text.upper() if options.upper else text}\t{start}\n"


@pytest.fixture
def tab_format() -> Iterator[TabFormat]:
    fmt = formats.register(TabFormat())  # the one registry line
    yield fmt
    formats.unregister(fmt.name)


def test_a_registered_format_is_loadable_writable_and_found_in_folders(
    tab_format: TabFormat, tmp_path: Path
) -> None:
    media = vbformats.load("samples/stereo_call.json")
    text = vbformats.render(media, "tab", {"upper": True})
    speech = [w for w, s in zip(media.words.text, media.words.is_speech, strict=True) if s]
    assert text.splitlines()[1].split("\t")[0] == speech[0].upper()
    assert len(text.splitlines()) == len(speech) + 1

    path = tmp_path / "call.tabw"
    vbformats.save(media, path)  # format from the extension
    assert path.read_text(encoding="utf-8") == vbformats.render(media, "tabwords")
    again = vbformats.load(path)  # by content (CERTAIN) and extension
    assert again.source_format == "tabwords"
    assert again.words.text == speech
    assert vbformats.load(path.read_bytes(), format="TAB").words.text == speech

    (tmp_path / "notes.md").write_text("not a result", encoding="utf-8")
    table = frames.words(tmp_path)
    assert set(table.source.astype(str)) == {str(path)}


def test_the_command_line_offers_a_registered_format_and_its_flags(
    tab_format: TabFormat, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main(["convert", "--help"])
    helped = capsys.readouterr().out
    assert "tabwords (tab)" in " ".join(helped.split())  # argparse may wrap the list anywhere
    assert "--upper" in helped and "[tabwords]" in helped

    out = tmp_path / "call.tabw"
    assert main(["convert", "samples/stereo_call.json", "-o", str(out), "--upper"]) == 0
    assert out.read_text(encoding="utf-8").splitlines()[1].isupper()
    assert main(["convert", "samples/stereo_call.json", "--to", "srt", "--upper"]) == 2
    assert "--upper: the srt format has no such option" in capsys.readouterr().err


def test_unregistered_again_the_format_is_gone() -> None:
    with pytest.raises(UnknownFormatError):
        formats.get("tabwords")
    assert "tabwords" not in formats.names()


def test_a_format_cannot_take_another_formats_name() -> None:
    class Impostor(TabFormat):
        name = "impostor"
        aliases = ("srt",)

    with pytest.raises(InvalidInputError, match="'srt' already names the srt format"):
        formats.register(Impostor())
    assert formats.get("srt").name == "srt"


def test_every_writable_format_has_a_flag_for_every_option() -> None:
    from vbformats.commands.format_options import format_flags

    flags = {entry.flag: entry for entry in format_flags()}
    for fmt in formats.formats():
        for field in fmt.options_model.model_fields:
            assert any(entry.fields.get(fmt.name) == field for entry in flags.values()), (
                fmt.name,
                field,
            )
    # the names the README documents, kept by the fields' declared flags
    for flag in ("--max-cps", "--max-cue-ms", "--min-cue-ms", "--pause-ms", "--language"):
        assert flag in flags
    assert flags["--no-labels"].fields == {"text": "labels", "srt": "labels"}


def _modules_after(code: str) -> set[str]:
    script = f"import sys\n{code}\nprint('\\n'.join(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return set(done.stdout.split())


def test_import_vbformats_loads_no_heavy_or_vendor_module() -> None:
    loaded = _modules_after("import vbformats")
    for heavy in ("pandas", "numpy", "lxml", "vbformats.ringcentral"):
        assert not any(name == heavy or name.startswith(heavy + ".") for name in loaded), heavy


def test_a_voicebase_file_to_srt_needs_no_vendor_models_and_no_second_parser() -> None:
    loaded = _modules_after(
        "import vbformats\n"
        "media = vbformats.load('samples/stereo_call.json')\n"
        "vbformats.render(media, 'srt')\n"
        "vbformats.load('samples/callback.srt'); vbformats.load('samples/callback.vtt')"
    )
    # RingCentral's dialect answers "not mine"; its models are never built
    assert "vbformats.ringcentral.models" not in loaded
    # each caption body is parsed once, by our own reader
    assert not {"pysrt", "webvtt", "lxml", "pandas"} & loaded
