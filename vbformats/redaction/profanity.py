"""The swear word filter (VoiceBase's ``enableProfanityFiltering``), done locally.

Word lists: by default the dictionaries shipped by `glin-profanity
<https://pypi.org/project/glin-profanity/>`_ (MIT; the ``profanity`` extra), read as data
(``glin_profanity/data/dictionaries/<language>.json``); its code is not used. Or your own:
``words=`` replaces the list, ``add=`` / ``remove=`` change it.

Matching is per token and case-insensitive: a speech word is masked when, lower-cased, it is a
listed word, also after removing punctuation attached before or after it (``"Damn!"``,
``"(damn"``, a possessive ``'s``); a listed word never matches inside a longer word
(``"class"`` keeps its letters). Listed phrases (``"son of a bitch"``) match as consecutive
speech words. Each masked word becomes ``replacement`` (``…``, as VoiceBase writes it); the
same masking is applied to the words of VoiceBase's rendered turns, keywords, topics, spotted
keywords, entities and verb-noun pairs, and the service's alternate formats are removed (they
hold the words as they were).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from vbformats.errors import InvalidInputError, MissingDependencyError
from vbformats.models.media import Keyword, Media
from vbformats.models.words import SPEECH
from vbformats.redaction.apply import (
    _copy,
    add_note,
    replace_words,
    with_words,
    without_alternates,
)

__all__ = ["filter_profanity", "profanity_languages", "profanity_words"]

_PUNCTUATION = set(".,;:!?\"'()[]{}«»“”‘’…-")
_PACKAGE = "glin_profanity"
_FOLDER = "data/dictionaries"


def _dictionaries() -> Any:
    from importlib import resources

    try:
        return resources.files(_PACKAGE).joinpath(_FOLDER)
    except ModuleNotFoundError:
        raise MissingDependencyError(
            "glin-profanity", "profanity", "the default word lists"
        ) from None


def profanity_languages() -> list[str]:
    """The languages of the default lists (``"english"``, ``"spanish"``, ...), sorted.

    Raises:
        MissingDependencyError: the ``profanity`` extra is not installed.
    """
    return sorted(
        entry.name[: -len(".json")]
        for entry in _dictionaries().iterdir()
        if entry.name.endswith(".json") and entry.name != "globalWhitelist.json"
    )


@lru_cache(maxsize=32)
def _language_words(language: str) -> frozenset[str]:
    name = language.strip().lower()
    if name not in profanity_languages():
        raise InvalidInputError(
            "language", f"no word list for {language!r}; known: {', '.join(profanity_languages())}"
        )
    data = json.loads(_dictionaries().joinpath(f"{name}.json").read_text(encoding="utf-8"))
    return frozenset(str(word).lower() for word in data.get("words", []) if str(word).strip())


def profanity_words(
    language: str | Iterable[str] = "english",
    *,
    add: Iterable[str] = (),
    remove: Iterable[str] = (),
) -> frozenset[str]:
    """The default list of one language (or the union of several), lower case, changed.

    Args:
        language: A language of :func:`profanity_languages`, or several.
        add: Words (or phrases) to add.
        remove: Words to remove (case-insensitive).

    Raises:
        MissingDependencyError: the ``profanity`` extra is not installed.
        InvalidInputError: an unknown language.
    """
    languages = [language] if isinstance(language, str) else list(language)
    words: set[str] = set()
    for name in languages:
        words |= _language_words(name)
    words |= {_check_word(word) for word in add}
    return frozenset(words - {_check_word(word) for word in remove})


def _check_word(word: object) -> str:
    if not isinstance(word, str) or not word.strip():
        raise InvalidInputError("words", f"expected non-empty strings, got {word!r}")
    return " ".join(word.lower().split())


def _forms(token: str) -> list[str]:
    """``token`` lower-cased, then with attached punctuation peeled off one by one."""
    text = token.lower()
    forms = [text]
    for peeled in (text.rstrip("".join(_PUNCTUATION)), text.lstrip("".join(_PUNCTUATION))):
        forms.append(peeled)
    both = text.strip("".join(_PUNCTUATION))
    forms.append(both)
    for form in list(forms):
        if form.endswith(("'s", "’s")):
            forms.append(form[:-2])
    return [form for form in forms if form]


def _matcher(words: frozenset[str]) -> tuple[set[str], dict[str, list[tuple[str, ...]]]]:
    single = {word for word in words if " " not in word}
    phrases: dict[str, list[tuple[str, ...]]] = {}
    for word in words:
        if " " in word:
            parts = tuple(word.split())
            phrases.setdefault(parts[0], []).append(parts)
    return single, phrases


def _mask(text: str | None, single: set[str], replacement: str) -> str | None:
    if not text:
        return text
    tokens = text.split(" ")
    masked = [replacement if any(f in single for f in _forms(token)) else token for token in tokens]
    return " ".join(masked)


def filter_profanity(
    media: Media,
    *,
    replacement: str = "…",
    words: Iterable[str] | None = None,
    language: str | Iterable[str] = "english",
    add: Iterable[str] = (),
    remove: Iterable[str] = (),
) -> Media:
    """Mask listed words in the transcript and the analytics of ``media``.

    Args:
        media: A loaded Media (not changed).
        replacement: What a masked word becomes (VoiceBase's ``…``).
        words: The list to use instead of the default one (any case; phrases allowed).
        language: The default list's language(s) when ``words`` is None (``"english"``;
            :func:`profanity_languages` lists them).
        add: Words to add to the list.
        remove: Words to remove from it.

    Returns:
        A new Media with every matching speech word replaced (times kept, the word count
        unchanged) and a ``profanity`` entry in the document's content-filter note
        (:func:`vbformats.redaction.redaction_note`) counting the masked words.

    Raises:
        MissingDependencyError: ``words`` is None and the ``profanity`` extra is missing.
        InvalidInputError: an unknown language, or a word that is not a non-empty string.

    Example:
        >>> import vbformats
        >>> media = vbformats.load({"transcript": {"words": [
        ...     {"s": 0, "e": 300, "w": "Darn!"}, {"s": 400, "e": 800, "w": "darned"}]}})
        >>> filter_profanity(media, words=["darn"]).words.text
        ['…', 'darned']
    """
    if not isinstance(media, Media):
        raise InvalidInputError("media", f"expected a Media, got {type(media).__name__}")
    if not isinstance(replacement, str):
        raise InvalidInputError("replacement", f"expected a string, got {replacement!r}")
    if words is None:
        listed = profanity_words(language, add=add, remove=remove)
    else:
        if isinstance(words, str):
            raise InvalidInputError("words", "expected a list of words, got one string")
        listed = frozenset({_check_word(word) for word in words} | {_check_word(w) for w in add})
        listed -= {_check_word(word) for word in remove}
    single, phrases = _matcher(listed)
    media = with_words(media)
    table = media.words
    texts, kinds = table.text, table.kinds
    speech = [i for i in range(len(table)) if kinds[i] == SPEECH]
    forms = [_forms(texts[i]) for i in speech]
    hits: set[int] = set()
    for k, index in enumerate(speech):
        if any(form in single for form in forms[k]):
            hits.add(index)
        for phrase in {p for form in forms[k] for p in phrases.get(form, ())}:
            window = forms[k : k + len(phrase)]
            if len(window) == len(phrase) and all(
                part in candidates for part, candidates in zip(phrase, window, strict=True)
            ):
                hits.update(speech[k : k + len(phrase)])
    changes: dict[str, Any] = {}
    if media.transcript is not None:
        transcript = media.transcript
        changes["transcript"] = _copy(
            transcript,
            words=replace_words(table, sorted(hits), replacement),
            turns=[_copy(t, text=_mask(t.text, single, replacement)) for t in transcript.turns],
            alternate_formats=[],
        )

    def keywords(items: list[Keyword]) -> list[Keyword]:
        return [_copy(k, keyword=_mask(k.keyword, single, replacement)) for k in items]

    if media.knowledge is not None:
        changes["knowledge"] = _copy(
            media.knowledge,
            keywords=keywords(media.knowledge.keywords),
            topics=[
                _copy(
                    t,
                    topic_name=_mask(t.topic_name, single, replacement),
                    keywords=keywords(t.keywords),
                )
                for t in media.knowledge.topics
            ],
        )
    if media.spotting is not None:
        changes["spotting"] = _copy(
            media.spotting,
            groups=[
                _copy(g, spotted_keywords=keywords(g.spotted_keywords))
                for g in media.spotting.groups
            ],
        )
    if media.entities is not None:
        changes["entities"] = [
            _copy(
                e,
                text=_mask(e.text, single, replacement),
                formatted_text=_mask(e.formatted_text, single, replacement),
            )
            for e in media.entities
        ]
    if media.conversation is not None:
        changes["conversation"] = _copy(
            media.conversation,
            speaker_verb_noun_pairs=[
                _copy(
                    s,
                    verb_noun_pairs=[
                        _copy(
                            p,
                            verb=_mask(p.verb, single, replacement),
                            noun=_mask(p.noun, single, replacement),
                        )
                        for p in s.verb_noun_pairs
                    ],
                )
                for s in media.conversation.speaker_verb_noun_pairs
            ],
        )
    if media.vendor_result is not None:
        changes["vendor_result"] = None
    without_alternates(media, changes)
    changes = {key: value for key, value in changes.items() if value is not getattr(media, key)}
    entry = {"kind": "profanity", "replacement": replacement, "words": len(hits)}
    return add_note(media, entry, changes)
