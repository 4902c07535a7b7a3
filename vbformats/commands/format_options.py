"""Command-line flags generated from the formats' option models (the format registry).

Every field of every writable format's ``options_model`` is a flag: ``--field-name``
(``--no-field-name`` for a boolean that defaults to true), or the name its field declares in
``json_schema_extra={"cli": "--name"}`` (``--max-cps`` for ``max_chars_per_second``). Formats
that share a field share its flag. A flag the chosen format does not have is an error naming
the flag, never silently ignored.
"""

from __future__ import annotations

import argparse
import re
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Literal, get_args, get_origin

from pydantic.fields import FieldInfo

from vbformats.errors import InvalidInputError

__all__ = ["FormatFlag", "add_format_flags", "format_flags", "make_options", "options_from_args"]


@dataclass
class FormatFlag:
    """One generated flag and the option field it sets in each format that has it."""

    flag: str
    dest: str
    kind: str  # "true" (store True), "false" (store False), or a value: "int" / "float" / "str"
    choices: tuple[str, ...] | None
    help: str
    fields: dict[str, str] = field(default_factory=dict)  # format name -> option field


def _value_type(annotation: Any) -> tuple[str, tuple[str, ...] | None]:
    """``("int" | "float" | "str", choices)`` of an option's annotation (``None`` dropped)."""
    origin = get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        parts = [a for a in get_args(annotation) if a is not type(None)]
        if len(parts) == 1:
            return _value_type(parts[0])
    if origin is Literal:
        return "str", tuple(str(choice) for choice in get_args(annotation))
    if annotation is int:
        return "int", None
    if annotation is float:
        return "float", None
    return "str", None


def _flag_of(name: str, info: FieldInfo) -> tuple[str, str, tuple[str, ...] | None]:
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    given = extra.get("cli")
    if info.annotation is bool:
        default_true = info.default is True
        flag = given or (f"--no-{name}" if default_true else f"--{name}").replace("_", "-")
        return str(flag), "false" if default_true else "true", None
    kind, choices = _value_type(info.annotation)
    return str(given or f"--{name}".replace("_", "-")), kind, choices


def format_flags() -> list[FormatFlag]:
    """Every flag the writable formats' options give, in first-seen order.

    Raises:
        InvalidInputError: two formats give one flag different kinds of value.
    """
    from vbformats import formats

    flags: dict[str, FormatFlag] = {}
    for fmt in formats.formats():
        if not fmt.writable:
            continue
        for name, info in fmt.options_model.model_fields.items():
            flag, kind, choices = _flag_of(name, info)
            entry = flags.get(flag)
            if entry is None:
                dest = "format_" + flag.lstrip("-").replace("-", "_")
                entry = flags[flag] = FormatFlag(flag, dest, kind, choices, info.description or "")
            elif entry.kind != kind:
                raise InvalidInputError(
                    flag, f"the {fmt.name} format gives {flag} another kind of value"
                )
            entry.fields[fmt.name] = name
    return list(flags.values())


def add_format_flags(parser: argparse.ArgumentParser) -> None:
    """Add every generated flag to ``parser`` (one group; each help names its formats)."""
    group = parser.add_argument_group(
        "format options (generated from each format's options; each names its formats)"
    )
    for entry in format_flags():
        owners = ", ".join(entry.fields)
        help_text = f"{entry.help} [{owners}]".replace("%", "%%")
        if entry.kind in ("true", "false"):
            group.add_argument(
                entry.flag,
                dest=entry.dest,
                action="store_const",
                const=entry.kind == "true",
                default=None,
                help=help_text,
            )
            continue
        kind = {"int": int, "float": float, "str": str}[entry.kind]
        metavar = None if entry.choices else entry.kind.upper()
        group.add_argument(
            entry.flag,
            dest=entry.dest,
            type=kind,
            choices=entry.choices,
            default=None,
            metavar=metavar,
            help=help_text,
        )


def options_from_args(format_name: str, args: argparse.Namespace) -> dict[str, Any]:
    """The options dict for the chosen format from the flags the user gave.

    Raises:
        InvalidInputError: a flag the format does not have (named as the user typed it).
    """
    options: dict[str, Any] = {}
    for entry in format_flags():
        value = getattr(args, entry.dest, None)
        if value is None:
            continue
        option = entry.fields.get(format_name)
        if option is None:
            raise InvalidInputError(entry.flag, f"the {format_name} format has no such option")
        options[option] = value
    return options


def make_options(writer: Any, args: argparse.Namespace) -> Any:
    """The chosen format's options model from the flags the user gave.

    Raises:
        InvalidInputError: a flag the format does not have, or a bad value; the error names
            the flag the user typed (``--max-cps``), never the option field
            (``options.max_chars_per_second``), also inside the message of a check across
            options (``--min-cue-ms (9000) must not exceed --max-cue-ms (100)``).
    """
    given = options_from_args(writer.name, args)
    try:
        return writer.make_options(given)
    except InvalidInputError as error:
        flags = {
            entry.fields[writer.name]: entry.flag
            for entry in format_flags()
            if writer.name in entry.fields
        }
        path = error.path.removeprefix("options").lstrip(".")
        field_name = path.split(".")[0].split("[")[0]
        problem = error.problem.removeprefix("Value error, ")
        for option, flag in sorted(flags.items(), key=lambda item: -len(item[0])):
            problem = re.sub(rf"\b{re.escape(option)}\b", flag, problem)
        raise InvalidInputError(flags.get(field_name, "options"), problem) from None
