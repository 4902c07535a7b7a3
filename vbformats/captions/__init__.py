"""Speaker turns → caption cues: the engine shared by the SRT, WebVTT and DFXP writers.

:func:`build_cues` cuts every speaker turn into cues under :class:`CaptionOptions`, whose
defaults come from broadcast practice (at most 42 displayed characters per line, 2 lines, a cue
on screen 1–7 s, a reading speed of at most 20 characters per second, a new cue after a pause of
1.5 s).

Rules, in the order they are applied:

1. **Speakers never share a cue.** A new cue starts at every turn (so on every speaker change)
   and after every pause of ``pause_split_ms`` or more. The only exception is the opt-in
   ``overlap="merge"`` dialogue cue (below).
2. **Where to cut.** Inside a stretch of speech, a cue takes as many words as fit
   ``max_lines`` lines of ``max_chars_per_line`` and ``max_duration_ms``. When the stretch goes
   on, the cut goes, in order of preference, after sentence punctuation (``. ? ! …``), after
   clause punctuation (``, ; : —``), then at the longest pause, always within the last half of
   what would fit (so cues stay full). When the rest of a stretch fits in one more cue, the cut
   balances the two cues instead (no one-word orphan after a full cue).
3. **Lines.** A cue longer than one line is wrapped into balanced lines (two lines of similar
   length, the lower one longer on a tie, a line break after punctuation preferred).
4. **Punctuation** tokens attach to the preceding word (no space), and never start a line.
5. **Time.** A cue starts at its first word's start and ends at its last word's end. A cue
   shorter than ``min_duration_ms`` or than its reading time (characters ÷
   ``max_chars_per_second``) is extended, but only into free time: never past the start of the
   next cue (of any speaker) that starts after it, never past ``max_duration_ms``. Cues are
   ordered by start; one speaker's cues never overlap each other.
6. **Overlapping speakers** (stereo overtalk), ``overlap=``:

   * ``"keep"`` (default): each speaker's cues keep their own times, so two cues may be on
     screen at once, because two people talked at once;
   * ``"split"``: strictly sequential captions. All words are put on one time line (ordered by
     start; a tie goes to the turn that came first) and a cue ends wherever another speaker's
     word starts; a cue still running when the next one starts is cut at that start. In long
     overtalk the two speakers' cues alternate quickly (``"merge"`` reads better there);
   * ``"merge"``: strictly sequential captions. Cues of different speakers that overlap in time
     become one dialogue cue with one line per speaker, each line starting with ``- ``: the
     overlapping cues are re-cut into one-line pieces and grouped while they overlap (at most
     ``max_lines`` speakers per cue; with ``max_lines=1`` nothing can merge and the result is
     sequential single cues); pieces that end up alone are joined back into normal cues.

7. **Impossible limits are reported, not hidden.** A 60-character word is written in a cue of
   its own; a 10-second word makes a 10-second cue. Every broken limit is listed in
   :attr:`CueList.violations` (cue index, option name, actual value, allowed value).

Labels (``build_cues(..., labels=True)``, used by the SRT writer): a cue shows ``Name:`` before
its first line when it starts a turn or follows (in output order) a cue of another speaker, so
every cue can be attributed by a reader; the label counts against ``max_chars_per_line``. Room
for it is planned while cutting (first cue of a turn; a cue after another speaker's turn began);
a cue that needs a label nobody planned for is re-wrapped with the room, and anything that
still does not fit is reported. Every line of a dialogue cue is labelled (``- Agent: Hi``).

Displayed width (``max_chars_per_line``, reading speed) counts what a viewer sees, not bytes or
code points: combining marks, zero-width joiners, variation selectors and emoji skin-tone
modifiers count 0, East Asian wide and full-width characters (CJK, most emoji) count 2, and
everything else counts 1 (see :func:`display_width`). Spaces between words count 1. Reading
speed counts every displayed character, spaces and labels included.

Word text is cleaned for display by :func:`clean_text`: any whitespace (newlines and tabs
included) becomes one space, control characters are dropped and lone surrogates become U+FFFD,
so no word can break a caption format (a newline inside a word would end an SRT cue). A token
whose cleaned text is empty rides on its neighbour like punctuation; a cue with no visible text
at all is not produced (its invisible tokens are then in no cue).

Every visible speech word (and punctuation, and DTMF when asked for) of the turns is in exactly
one cue, and each turn's words appear in array order when the cues are read in order. Times that
go backwards inside a turn (bad input) are made monotonic for cutting (a word never starts
before the one before it); a pause is the silence between a word's start and the latest end so
far in its turn.

Performance: this is the hot path of every caption writer (a 100,000-word call is 9,000–20,000
cues). It works on whole columns of the :class:`~vbformats.models.words.WordTable` and on token
indices: text columns are list comprehensions (a word's clean text and width are computed once
per *distinct* word), the times take one loop, cues are parallel lists until the public
:class:`Cue` objects are made in one ``map``, and per-cue work is a few bisections on prefix
sums (``str.rfind`` finds punctuation). No pydantic model and no regular expression per word.
The cyclic garbage collector is paused while cues are built (:mod:`vbformats.gcpause`).

The package, one concern a module: :mod:`~vbformats.captions.options` (the limits),
:mod:`~vbformats.captions.text` (display text and width), :mod:`~vbformats.captions.cues` (the
results and the limit report), :mod:`~vbformats.captions.layout` (the token stream and the
cutting), :mod:`~vbformats.captions.overlap` (overlap modes), :mod:`~vbformats.captions.labels`
(label placement, a policy the SRT format passes in) and :mod:`~vbformats.captions.engine`
(:func:`build_cues`).
"""

from __future__ import annotations

from vbformats.captions.cues import Cue, CueList, Violation, check_cues
from vbformats.captions.engine import build_cues
from vbformats.captions.labels import LabelPolicy, SpeakerLabels
from vbformats.captions.options import CaptionOptions, OverlapMode
from vbformats.captions.text import clean_text, display_width

__all__ = [
    "CaptionOptions",
    "Cue",
    "CueList",
    "LabelPolicy",
    "OverlapMode",
    "SpeakerLabels",
    "Violation",
    "build_cues",
    "check_cues",
    "clean_text",
    "display_width",
]
