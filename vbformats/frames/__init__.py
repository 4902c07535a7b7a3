"""DataFrames: every section of a result as a tidy pandas table, for one file or many.

THE table registry (:mod:`vbformats.frames.core`): one :class:`Table` declaration and one builder
per row grain, listed once. Every table:

* has its columns declared once (name, dtype, meaning); the functions' docstrings and the README
  tables are generated from / checked against that declaration (:data:`SCHEMAS`);
* uses explicit nullable dtypes: ``Int64`` for milliseconds and counts, ``Float64``, ``string``,
  ``boolean``, and ``category`` for speakers, roles, ``media_id`` and ``source``;
* returns a plain ``RangeIndex`` and, when the section is absent, an empty frame with the same
  columns and dtypes.

The tables (:data:`TABLES`): the transcript (``words``, ``turns``, ``cues``), VoiceBase's
sections (``sentiments``, ``metrics`` as reported, ``verb_noun_pairs``, ``keywords``,
``topics``, ``spotting``, ``categories``, ``classifiers``, ``detections``, ``entities``,
``voice_activity``, ``metadata``), the metrics computed here (``computed_metrics``,
``overtalk_incidents``, ``silences``, ``streaks``, ``talk_segments``, ``speaker_metrics``,
``metric_comparison``) and RingCentral's (``speaker_insights``, ``questions``,
``conversational_insights``, ``summaries``, ``utterances``, registered by
:mod:`vbformats.ringcentral.tables`). Each is ``vbformats.frames.<name>(source, **options)``.

**One source or many.** A table function accepts a loaded :class:`Media`, a parsed ``dict``,
JSON ``bytes``/text, or a path: one table. It also accepts a directory, a glob pattern
(``"calls/*.json"``) or an iterable of any of those (:func:`vbformats.sources.expand`): one table
for all of them, with two more columns in front, ``media_id`` and ``source`` (the path, or
``"<item N>"`` for objects passed in memory). With ``errors="collect"`` a file that cannot be
read or tabulated is skipped and recorded in ``frame.attrs["errors"]`` (a list of
``{"source", "error", "type"}``); the rows of every good file are kept. On a terminal, reading
more than one file shows a progress line on stderr.

**pandas at arm's length.** pandas is imported inside the functions only, so
``import vbformats.frames`` stays light.

Roles (agent / caller) follow :func:`vbformats.roles.media_roles`, the rule the metrics use; the
``roles=`` override of every table is passed through. A speaker named in a section (a keyword
mention, a sentiment) gets the role of the word speaker with the same name (case-insensitive).
A file without named speakers on its words takes its speakers from ``speakerSentiments`` (as
the metrics do), else from the other sections that name speakers.
"""

from __future__ import annotations

from typing import Any

from vbformats.errors import MissingDependencyError, SourceError
from vbformats.frames.core import MANY_COLUMNS, Column, Table, empty, register, table_function
from vbformats.frames.core import TABLE_MODULES as _TABLE_MODULES
from vbformats.frames.core import load as _load_tables
from vbformats.frames.core import names as _names
from vbformats.frames.core import registered as _registered
from vbformats.frames.core import tables as _tables
from vbformats.frames.export import SAVE_FORMATS, format_for_path, save, to_csv, to_json
from vbformats.frames.many import build
from vbformats.models.words import dominant_pitch

__all__ = [
    "FOLDER_EXTENSIONS",
    "MANY_COLUMNS",
    "SAVE_FORMATS",
    "SCHEMAS",
    "TABLES",
    "Column",
    "MissingDependencyError",
    "SourceError",
    "Table",
    "build",
    "dominant_pitch",
    "empty",
    "format_for_path",
    "register",
    "save",
    "table_function",
    "to_csv",
    "to_json",
]

# this package's table modules register their tables, in documentation order
_load_tables(_TABLE_MODULES[:4])

# The tables declared in this package get their public function now; a vendor's (registered
# when vbformats.frames.core loads its module) on first access, through __getattr__.
for _name in _registered():
    globals()[_name] = table_function(_name)


def __getattr__(name: str) -> Any:
    if name == "TABLES":
        return _names()
    if name == "SCHEMAS":
        return {table.name: table.columns for table in _tables().values()}
    if name == "FOLDER_EXTENSIONS":
        from vbformats.sources import folder_extensions

        return folder_extensions()
    if name in _tables():
        function = globals()[name] = table_function(name)
        return function
    raise AttributeError(f"module 'vbformats.frames' has no attribute {name!r}")
