"""Word reports read back by an independent reader (python-docx) and opened by LibreOffice.

Headings are real Word headings (one Heading 1 per section of the report model, in order), the
transcript is a real table with one row per ``vbformats.turns(media)`` turn after its header,
charts are embedded PNG pictures, and LibreOffice (Debian's, headless) converts the file to a
PDF whose text holds the transcript.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from report_support import HOSTILE_WORDS, RINGCENTRAL, SAMPLES, hostile_document, need

import vbformats
from vbformats.reports import SECTION_TITLES, build

docx = pytest.importorskip("docx")

CASES: list[tuple[str, Any]] = [
    ("stereo", SAMPLES / "stereo_call.json"),
    ("mono", SAMPLES / "mono_call.json"),
    ("callback-srt", SAMPLES / "callback.srt"),
    ("ringcentral", RINGCENTRAL / "interaction_2024.json"),
    ("ringcentral-diarize", RINGCENTRAL / "diarize_2023.json"),
    ("hostile", hostile_document()),
]
CHART_SECTIONS = ("timeline", "sentiment", "voice", "metrics", "confidence")


@pytest.mark.parametrize(("name", "source"), CASES, ids=[n for n, _ in CASES])
def test_docx_reads_back(name: str, source: Any, tmp_path: Path) -> None:
    media = vbformats.load(source)
    report = build(media)
    path = tmp_path / f"{name}.docx"
    report.save(path)
    document = docx.Document(str(path))

    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [SECTION_TITLES[key] for key in report.sections()]
    assert document.paragraphs[0].style.name == "Title"

    pictures = document.inline_shapes
    charts = [key for key in CHART_SECTIONS if key in report.sections()]
    assert len(pictures) == len(charts)
    for shape in pictures:
        blip = shape._inline.graphic.graphicData.pic.blipFill.blip
        part = document.part.related_parts[blip.embed]
        assert part.content_type == "image/png" and part.blob.startswith(b"\x89PNG")

    turns = vbformats.turns(media)
    if turns:
        table = document.tables[-1]
        header = [cell.text for cell in table.rows[0].cells]
        assert header == ["Start", "Duration", "Speaker", "Sentiment", "Text"]
        assert len(table.rows) == len(turns) + 1
        for row, turn in zip(table.rows[1:], turns, strict=True):
            cells = row.cells
            assert cells[2].text == (turn.speaker or "(no speaker)").replace("\u202e", "\u202e")
            words = cells[4].text.split()
            assert len(words) >= len(turn.text.split()) - 1  # every word is in its row
    else:
        assert "transcript" not in report.sections()

    if name == "hostile":
        body = "\n".join(p.text for p in document.paragraphs) + "\n".join(
            cell.text for table in document.tables for row in table.rows for cell in row.cells
        )
        assert "</p><img src=x onerror=alert(1)>" in body
        assert "\x00" not in body and "\x07" not in body  # XML-illegal characters dropped
        assert "abc" in body  # ...and the word kept: "a\x00b\x07c"
        assert sum(1 for w in HOSTILE_WORDS if w.isprintable() and w in body) >= 12


def test_libreoffice_opens_the_docx(tmp_path: Path) -> None:
    soffice = need("soffice", "libreoffice-writer-nogui")
    for name, source in (("stereo", SAMPLES / "stereo_call.json"), ("hostile", hostile_document())):
        build(source).save(tmp_path / f"{name}.docx")
    profile = tmp_path / "profile"
    command = [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(tmp_path),
        str(tmp_path / "stereo.docx"),
        str(tmp_path / "hostile.docx"),
    ]
    completed = subprocess.run(
        command, capture_output=True, timeout=240, env={**os.environ, "HOME": str(tmp_path)}
    )
    assert completed.returncode == 0, completed.stderr.decode("utf-8", "replace")
    for name in ("stereo", "hostile"):
        pdf = tmp_path / f"{name}.pdf"
        assert pdf.exists(), completed.stdout.decode("utf-8", "replace")
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF") and len(data) > 20_000
    pdftotext = need("pdftotext", "poppler-utils")
    text = subprocess.run(
        [pdftotext, str(tmp_path / "stereo.pdf"), "-"], capture_output=True, timeout=60
    ).stdout.decode("utf-8", "replace")
    assert "Call summary" in text and "Transcript" in text
    assert "Larkspur Fiber" in text  # the first turn's words made it to the page
