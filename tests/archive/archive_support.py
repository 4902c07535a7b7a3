"""Helpers of the archive tests: folders of real calls (our samples and the RingCentral test
documents), and the real command line's parser and commands."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
RINGCENTRAL = ROOT / "tests" / "data" / "ringcentral"

#: Good calls of every kind: stereo, mono, v2, captions, RingCentral (diarized and not).
GOOD = [
    SAMPLES / "stereo_call.json",
    SAMPLES / "mono_call.json",
    SAMPLES / "legacy_v2.json",
    SAMPLES / "verb_noun_pairs.json",
    SAMPLES / "callback.srt",
    SAMPLES / "callback.vtt",
    RINGCENTRAL / "stt_diarized_2024.json",
    RINGCENTRAL / "interaction_2024.json",
    RINGCENTRAL / "summarize_2022.json",
]
#: Inputs that fail, each for its own reason.
BAD = [SAMPLES / "failed_media.json", SAMPLES / "error_404.json", RINGCENTRAL / "fail_2023.json"]


def mixed_folder(folder: Path, copies: int = 1, bad: bool = True) -> Path:
    """``folder`` filled with the good calls (``copies`` times each, numbered names) and, when
    ``bad``, the failing ones and a truncated JSON file."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(copies):
        for path in GOOD:
            suffix = "".join(path.suffixes)
            shutil.copyfile(path, folder / f"{path.stem}-{n:03d}{suffix}")
    if bad:
        for path in BAD:
            shutil.copyfile(path, folder / path.name)
        (folder / "truncated.json").write_text('{"transcript": {"words": [{"s": 1, "e": ')
    return folder


def namespace(module: object, argv: list[str]) -> argparse.Namespace:
    """``argv`` parsed by the real ``vbformats`` parser of the command ``module`` belongs to
    (``batch_convert`` → ``vbformats convert``)."""
    from vbformats.cli import build_parser

    command = module.__name__.rsplit(".", 1)[1].removeprefix("batch_")  # type: ignore[attr-defined]
    return build_parser().parse_args([command, *argv])


def run(args: argparse.Namespace) -> int:
    """The command's own ``run`` (what ``vbformats.cli.main`` calls; errors raise here)."""
    code: int = args._run(args)
    return code
