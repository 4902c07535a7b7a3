"""Word lists of the benchmark generator and the ASCII spelling of every non-ASCII word.

Every list is ours (written for the benchmarks). Four scripts:

* ``ascii``: the English call-centre vocabulary of the original generator;
* ``mix``: the same, with about 6 % of the words drawn from :data:`LOANWORDS` (``café``,
  ``naïve``, ``Zürich``, ``東京``: what an English call with names and places really has);
* ``accented``: every word has at least one accented letter (Spanish, German and French
  spelling, as VoiceBase writes a call in those languages);
* ``cjk``: every word is Japanese (kanji and kana), with Japanese punctuation.

:func:`to_ascii` gives the ASCII spelling of a word **with the same display width**, so a
non-ASCII variant and its ASCII twin break into exactly the same cues and the only difference
left is the cost of the characters: an accented letter loses its accents (``é`` → ``e``, one
cell each) and a wide CJK character becomes a two-letter syllable (``東京`` → four letters,
four cells). Japanese punctuation becomes its ASCII form (``。`` → ``.``), which is one cell
narrower: the Japanese call then has slightly *more* cues than its twin, so the comparison errs
against us, never for us.
"""

from __future__ import annotations

import unicodedata

__all__ = [
    "ASCII_BACKCHANNELS",
    "ASCII_WORDS",
    "FIRST_NAMES",
    "LOANWORDS",
    "SCRIPTS",
    "Script",
    "speaker_name",
    "to_ascii",
]

#: The English call-centre words of the original generator (its output depends on this order).
ASCII_WORDS = tuple(
    "account address after again all also always amount and another answer any anything "  # noqa: SIM905 - one readable block
    "appointment are around ask at available back balance bank be because been before bill "
    "billing box business but by cable call called calling can cancel card care case change "
    "charge check close company confirm could credit customer date day days did different do "
    "does done down each email end enough every fee few fine first for from get give go going "
    "good great had has have help here hold home how if in information internet into is issue "
    "it just know last later let like line little look make many may me minutes modem month "
    "more morning most much my name need never new next no not now number of office okay on "
    "one only open or order other our out over package paid pay payment people phone plan "
    "please problem process question quick really reason record refund right router said same "
    "say see send service set should since so some something soon speed still sure system take "
    "technician than thank thanks that the their them then there these they thing think this "
    "those through time today too transfer try two understand until up update us use very wait "
    "want was way we week well were what when where which while who why will wireless with "
    "work would yes yesterday you your".split()
)
ASCII_BACKCHANNELS = ("yeah", "uh-huh", "okay", "right", "mm-hmm", "sure")

#: Non-ASCII words of an English call: loanwords, names, places (6 % of the ``mix`` words).
LOANWORDS = tuple(
    "café naïve résumé façade jalapeño Zürich São Müller Gödel Ångström Kraków piñata über "  # noqa: SIM905 - one readable block
    "crème brûlée déjà fiancée touché señor Québec Málaga Bogotá Düsseldorf Genève Nuñez "
    "García José Renée Zoë Chloé Noël Björn Jürgen François Hélène Ramón Iñaki doppelgänger "
    "entrée protégé soufflé cliché exposé Pokémon smörgåsbord 東京 大阪 京都 田中 佐藤 "
    "ありがとう 株式会社 北京 上海".split()
)

#: Every word carries an accent: Spanish, German and French words of a service call.
ACCENTED_WORDS = tuple(
    "está también número teléfono así qué cómo después información dirección aquí sí más "  # noqa: SIM905 - one readable block
    "página crédito débito límite último rápido económico código electrónico único método "
    "automático día señal mañana año compañía contraseña pequeño están podrá según aún "
    "línea técnico módem sábado miércoles envío devolución facturación atención "
    "café déjà très à où été réseau numéro problème système délai reçu ça voilà télévision "
    "bientôt être fenêtre déjà prêt immédiatement élevé créer hôtel intérêt désolé répondre "
    "über für können möchte wählen zurück Gebühr Rückruf prüfen Bestätigung Störung geöffnet "
    "Kündigung schön natürlich Männer später hübsch Lösung Verfügung hören tatsächlich "
    "gemütlich möglich gültig Schlüssel Geräte Anschlüsse".split()
)
ACCENTED_BACKCHANNELS = ("sí", "ajá", "já", "ça", "déjà", "así")

#: Japanese words of a service call (kanji, hiragana, katakana).
CJK_WORDS = tuple(
    "お電話 ありがとう ございます 確認 いたします 契約 番号 料金 お支払い 請求書 住所 変更 "  # noqa: SIM905 - one readable block
    "解約 手続き 明日 今日 午前 午後 担当者 少々 お待ち ください 申し訳 ございません "
    "インターネット ルーター 接続 再起動 回線 工事 予約 日程 確認番号 メール 送信 受信 "
    "電話番号 名前 生年月日 お客様 本日 はい いいえ そうです 大丈夫 です ます よろしく "
    "お願いします 東京 大阪 京都 横浜 携帯 機種 割引 プラン 月額 料金プラン 支払い方法 "
    "クレジットカード 口座 振替 領収書 送付 到着 発送 商品 交換 返品 返金 不具合 故障 修理 "
    "保証 期間 延長 更新 登録 解除 パスワード ログイン 画面 表示 エラー".split()
)
CJK_BACKCHANNELS = ("はい", "ええ", "なるほど", "そうですね", "うん")

#: Speaker first names (ASCII: labels are channel or agent names a user configures).
FIRST_NAMES = tuple(
    "Alice Bob Carmen Dmitri Emeka Fatima Gustavo Hana Ivan Julia Kenji Leila Marco Nadia "  # noqa: SIM905 - one readable block
    "Oscar Priya Quentin Rosa Samir Tanya Umar Vera Wesley Ximena Yusuf Zara Amir Beatrix "
    "Caleb Daria Elias Freya Gideon Helga Igor Jonas Kira Lukas Mara Nils".split()
)
_SYLLABLES = tuple("ba ko mi ra ne su to va li de po ha ju ke ri so ma ta ni lo".split())  # noqa: SIM905

# Two-letter syllables for wide characters (the same width as the character: 2 cells).
_WIDE_SYLLABLES = tuple(a + b for a in "kstnhmyrwgzdbp" for b in "aiueo")  # 70 syllables
_ASCII_PUNCTUATION = {"。": ".", "、": ",", "？": "?", "！": "!", "，": ","}


class Script:
    """One script: its words, backchannels, punctuation, and the share of foreign words."""

    def __init__(
        self,
        name: str,
        words: tuple[str, ...],
        backchannels: tuple[str, ...],
        foreign: tuple[str, ...] = (),
        foreign_share: float = 0.0,
        full_stop: str = ".",
        question: str = "?",
        comma: str = ",",
    ) -> None:
        self.name = name
        self.words = words
        self.backchannels = backchannels
        self.foreign = foreign
        self.foreign_share = foreign_share
        self.full_stop = full_stop
        self.question = question
        self.comma = comma


SCRIPTS: dict[str, Script] = {
    "ascii": Script("ascii", ASCII_WORDS, ASCII_BACKCHANNELS),
    "mix": Script("mix", ASCII_WORDS, ASCII_BACKCHANNELS, LOANWORDS, 0.06),
    "accented": Script("accented", ACCENTED_WORDS, ACCENTED_BACKCHANNELS),
    "cjk": Script("cjk", CJK_WORDS, CJK_BACKCHANNELS, full_stop="。", question="？", comma="、"),
}


def to_ascii(text: str) -> str:
    """The ASCII spelling of ``text`` with the same display width (see the module docstring).

    ``to_ascii("café")`` → ``"cafe"``; ``to_ascii("東京")`` → four letters; ``to_ascii("。")``
    → ``"."``. Raises ``ValueError`` for a character it has no rule for (so a new word in a
    list cannot silently break the twin).
    """
    if text.isascii():
        return text
    out = []
    for ch in text:
        if ch.isascii():
            out.append(ch)
        elif ch in _ASCII_PUNCTUATION:
            out.append(_ASCII_PUNCTUATION[ch])
        elif unicodedata.east_asian_width(ch) in ("W", "F"):
            out.append(_WIDE_SYLLABLES[ord(ch) % len(_WIDE_SYLLABLES)])
        else:
            base = unicodedata.normalize("NFD", ch)[0]
            if not base.isascii():
                raise ValueError(f"no ASCII spelling for {ch!r} in {text!r}")
            out.append(base)
    return "".join(out)


def speaker_name(index: int, count: int) -> str:
    """The name of speaker ``index`` of ``count``: first names, then first name + surname.

    Up to 40 speakers: ``Alice``, ``Bob``...; more: ``Alice Koba``, ``Bob Koba``... (two or
    three syllables, all distinct, at most three words and 40 characters, so every reader
    accepts it as a label).
    """
    first = FIRST_NAMES[index % len(FIRST_NAMES)]
    if count <= len(FIRST_NAMES):
        return first
    rest = index // len(FIRST_NAMES)
    syllables = []
    for _ in range(3):
        rest, digit = divmod(rest, len(_SYLLABLES))
        syllables.append(_SYLLABLES[digit])
        if rest == 0 and len(syllables) >= 2:
            break
    return f"{first} {''.join(syllables).capitalize()}"
