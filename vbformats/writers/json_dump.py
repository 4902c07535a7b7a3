"""JSON: the loaded document dumped back (``media.to_dict()``), for a lossless round trip.

Same keys and values as the input document, unknown keys and key aliases included. Non-ASCII
text is written as UTF-8; a document holding a lone surrogate (possible in a parsed ``dict``,
impossible in UTF-8) is written with ``\\uXXXX`` escapes instead, so the file stays valid UTF-8
and still reads back to the same strings.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from vbformats.errors import InvalidInputError
from vbformats.models.media import Media
from vbformats.writers.base import Writer

__all__ = ["WRITER", "JsonOptions", "JsonWriter", "json_text"]


def json_text(value: Any, indent: int | None) -> str:
    """``value`` as JSON text that is always encodable as UTF-8 (see the module docstring)."""
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(value, ensure_ascii=True, indent=indent)
    return text


class JsonOptions(BaseModel):
    """JSON dump options. Frozen; unknown fields are refused."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    indent: int | None = Field(
        None, ge=0, description="Spaces per indentation level; None = compact, one line."
    )


class JsonWriter(Writer):
    """The document as JSON ``.json`` (round trip of what was loaded)."""

    name = "json"
    aliases = ()
    extensions = (".json",)
    media_type = "application/json"
    options_model = JsonOptions

    def lines(self, media: Any, options: Any) -> Iterator[str]:
        """Yield the document and a final newline."""
        if not isinstance(media, Media):
            raise InvalidInputError(
                "media", f"the json writer needs a Media, got {type(media).__name__}"
            )
        yield media.to_json(options.indent)
        yield "\n"


WRITER = JsonWriter()
