"""The tolerant base model every wire model derives from.

:class:`WireModel` mirrors the JSON a service sends:

* field names are snake_case in Python and camelCase on the wire (``externalId``);
* unknown keys are kept (``extra="allow"``) and dumped back;
* key aliases the services use interchangeably (``subTopics``/``subtopics``) are accepted, and
  the key the document used is the key that is dumped;
* numbers sent as strings (``"relevance": "0.953"``) are parsed for Python users, and dumped back
  as the original string as long as the value was not changed; an integer in a float field is
  dumped back as the integer (``9007199254740993`` is no float); booleans are not numbers;
* NaN and infinity are refused.

So ``Model.model_validate(doc).to_dict() == doc`` for every document the model accepts: nothing
is lost on a round trip. Anchor: anthropics/anthropic-sdk-python ``_models.py`` (extra kept).
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

from pydantic import (
    AliasChoices,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    PrivateAttr,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    ValidationError,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    model_serializer,
    model_validator,
)
from pydantic.alias_generators import to_camel
from pydantic_core import PydanticCustomError

from vbformats.errors import InvalidInputError
from vbformats.secrets import redact

__all__ = [
    "WIRE_CONTEXT",
    "WireFloat",
    "WireInt",
    "WireModel",
    "format_path",
    "raise_from_validation_error",
]

#: Validation context for documents read from the wire (``Model.model_validate(doc,
#: context=WIRE_CONTEXT)``). With it, a key is bound to a field only if it is one of that field's
#: wire keys: a snake_case field name (``media_id``), the key of an excluded field
#: (``sourceFormat``), or a second alias of the same field (``name`` next to ``keyword``) stays an
#: unknown key and is dumped back as it came, so nothing is renamed or lost. Without the context
#: (Python callers), field names are accepted as usual.
WIRE_CONTEXT: dict[str, Any] = {"vbformats_wire": True}


def _not_a_boolean(value: Any) -> Any:
    # JSON true/false are not numbers (pydantic would read true as 1): refuse them by name
    if isinstance(value, bool):
        shown = "true" if value else "false"
        raise PydanticCustomError("bool_number", "expected a number, got {value}", {"value": shown})
    return value


#: A number field of the wire: an int or a float (or a numeric string), never a boolean.
WireFloat = Annotated[float, BeforeValidator(_not_a_boolean)]
#: An integer field of the wire, never a boolean.
WireInt = Annotated[int, BeforeValidator(_not_a_boolean)]


class WireModel(BaseModel):
    """Base of the wire models: camelCase aliases, unknown keys kept, exact round trip."""

    model_config = ConfigDict(
        extra="allow",
        populate_by_name=True,
        alias_generator=to_camel,
        allow_inf_nan=False,
        arbitrary_types_allowed=True,
        # a model's validator is built when it first validates, not at import: a command
        # that reads a words-only callback never builds the thirty section models
        defer_build=True,
    )

    # dumped key -> key the input used (only where they differ)
    _wire_keys: dict[str, str] = PrivateAttr(default_factory=dict)
    # wire key -> (original value, parsed value) for numbers that arrived as strings, and for
    # integers in float fields (9007199254740993 is not exactly a float)
    _wire_originals: dict[str, tuple[Any, Any]] = PrivateAttr(default_factory=dict)

    # per class: wire key -> (field name, dumped key); built on first use
    _key_map_cache: ClassVar[dict[type, dict[str, tuple[str, str]]]] = {}
    # per class: field name -> its wire keys in the order pydantic tries them
    _wire_choices_cache: ClassVar[dict[type, dict[str, tuple[str, ...]]]] = {}

    @classmethod
    def _key_map(cls) -> dict[str, tuple[str, str]]:
        cached = WireModel._key_map_cache.get(cls)
        if cached is not None:
            return cached
        mapping: dict[str, tuple[str, str]] = {}
        for name, field in cls.model_fields.items():
            dumped = field.serialization_alias or field.alias or name
            keys = {name, dumped}
            if isinstance(field.validation_alias, AliasChoices):
                keys.update(c for c in field.validation_alias.choices if isinstance(c, str))
            elif isinstance(field.validation_alias, str):
                keys.add(field.validation_alias)
            for key in keys:
                mapping[key] = (name, dumped)
        WireModel._key_map_cache[cls] = mapping
        return mapping

    @classmethod
    def _wire_choices(cls) -> dict[str, tuple[str, ...]]:
        cached = WireModel._wire_choices_cache.get(cls)
        if cached is not None:
            return cached
        choices: dict[str, tuple[str, ...]] = {}
        for name, field in cls.model_fields.items():
            if field.exclude:
                choices[name] = ()  # not part of the wire form: its keys stay unknown keys
            elif isinstance(field.validation_alias, AliasChoices):
                choices[name] = tuple(
                    c for c in field.validation_alias.choices if isinstance(c, str)
                )
            elif isinstance(field.validation_alias, str):
                choices[name] = (field.validation_alias,)
            else:
                choices[name] = (field.alias or name,)
        WireModel._wire_choices_cache[cls] = choices
        return choices

    @classmethod
    def _split_wire_keys(cls, data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        """Split wire input into (keys bound to fields, keys that must stay unknown keys)."""
        key_map = cls._key_map()
        chosen: dict[str, str] = {}
        for name, keys in cls._wire_choices().items():
            for key in keys:
                if key in data:
                    chosen[name] = key
                    break
        kept: dict[str, Any] = {}
        hidden: dict[str, Any] = {}
        for key, value in data.items():
            entry = key_map.get(key)
            if entry is not None and chosen.get(entry[0]) != key:
                hidden[key] = value
            else:
                kept[key] = value
        return kept, hidden

    @model_validator(mode="wrap")
    @classmethod
    def _remember_wire_form(
        cls, data: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo
    ) -> Any:
        hidden: dict[str, Any] = {}
        if isinstance(data, dict) and info.context and info.context.get("vbformats_wire"):
            data, hidden = cls._split_wire_keys(data)
        model = handler(data)
        if hidden and isinstance(model, WireModel) and model.__pydantic_extra__ is not None:
            model.__pydantic_extra__.update(hidden)
        if isinstance(data, dict) and isinstance(model, WireModel):
            key_map = cls._key_map()
            for key, value in data.items():
                entry = key_map.get(key)
                if entry is None:
                    continue
                name, dumped = entry
                if key != dumped and key != name:
                    model._wire_keys[dumped] = key
                if isinstance(value, str):
                    parsed = getattr(model, name, value)
                    if not isinstance(parsed, str):
                        model._wire_originals[key] = (value, parsed)
                elif type(value) is int:
                    parsed = getattr(model, name, value)
                    if type(parsed) is float:
                        model._wire_originals[key] = (value, parsed)
                elif type(value) is float:
                    parsed = getattr(model, name, value)
                    if type(parsed) is int:  # 5.0 in an integer field comes back as 5.0
                        model._wire_originals[key] = (value, parsed)
        return model

    @model_serializer(mode="wrap")
    def _restore_wire_form(
        self, handler: SerializerFunctionWrapHandler, info: SerializationInfo
    ) -> Any:
        out = handler(self)
        if not info.by_alias or not isinstance(out, dict):
            return out
        for dumped, original in self._wire_keys.items():
            if dumped in out:
                out[original] = out.pop(dumped)
        for key, (original, parsed) in self._wire_originals.items():
            if key in out and out[key] == parsed:
                out[key] = original
        return self._wire_changed(out)

    def _wire_changed(self, out: dict[str, Any]) -> dict[str, Any]:
        """Hook for a model whose changed values are dumped in another unit (seconds)."""
        return out

    def to_dict(self) -> dict[str, Any]:
        """The wire form: the keys and values of the document this model was read from."""
        result: dict[str, Any] = self.model_dump(by_alias=True, exclude_unset=True)
        return result

    def __repr__(self) -> str:
        # documents carry URLs (streams, _links, metadata) that may hold access tokens
        return redact(super().__repr__())

    def __str__(self) -> str:
        return redact(super().__str__())

    def __repr_args__(self) -> Any:
        # Only the fields that were set, so a repr of a big document stays readable; then the
        # unknown keys (one may share a field's name, e.g. ``media_id`` on the wire).
        fields_set = self.model_fields_set
        for name, field in type(self).model_fields.items():
            if field.repr and name in fields_set:
                yield name, getattr(self, name)
        yield from (self.__pydantic_extra__ or {}).items()


def format_path(location: tuple[int | str, ...] | list[int | str], prefix: str = "") -> str:
    """Render a location tuple as a JSON path: ``("words", 3, "s")`` → ``"words[3].s"``."""
    path = prefix
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path = f"{path}.{part}" if path else str(part)
    return path


def raise_from_validation_error(error: ValidationError, prefix: str = "") -> InvalidInputError:
    """Turn pydantic's error into ours: the first problem, with its JSON path and input."""
    first = error.errors(include_url=False)[0]
    location = [p for p in first["loc"] if not (isinstance(p, str) and p.startswith("function-"))]
    # pydantic puts union/tagged-union branch names into loc; they are not JSON keys
    location = [p for p in location if not (isinstance(p, str) and "[" in p)]
    message = first["msg"]
    count = error.error_count()
    if count > 1:
        message += f" (and {count - 1} more problem{'s' if count > 2 else ''})"
    return InvalidInputError(format_path(location, prefix), message)
