"""How the anonymisation guard compares text: every disguise of a word taken off first.

Takes any text that may reach an output — a data field, a Word paragraph, PDF page text, an
HTML page, a link target, a file name, the text of an image — and the protected terms of a
case key. :func:`normalise` turns the text into runs of letters and digits with one mark for
each gap between them: ``-`` where the gap is punctuation, markup, an invisible character or
a change of case inside a word (``MiaThornton``, ``Fin*ley*``, ``mia.thornton``), a space
where it is white space of any kind. Case, accents, compatibility forms (full-width letters,
ligatures, mathematical letters) and look-alike letters from other scripts are folded away.
:func:`term_pattern` makes the regular expression that finds a term in normalised text as
whole words, with any gap between its words and only a ``-`` gap inside one.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass

SOFT = "-"
"""The gap inside a word: punctuation, markup, invisible characters, a change of case."""

HARD = " "
"""The gap between words: white space of any kind."""

SEPARATOR = "\n"
"""Joins normalised texts that must not be matched across (patterns never cross it)."""

_BEFORE = r"(?<![^ \n-])"
_AFTER = r"(?![^ \n-])"
_IN_WORD = "-?"
_BETWEEN_WORDS = "[ -]?"
_GAP = "[ -]"

LOOKALIKES = {
    # Cyrillic letters drawn like Latin ones
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
    "Т": "T", "У": "Y", "Х": "X", "Ѕ": "S", "І": "I", "Ј": "J", "Ԛ": "Q", "Ԝ": "W", "Ү": "Y",
    "Ӏ": "I", "Һ": "H", "Ԁ": "D", "Ԍ": "G",
    "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
    "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ј": "j", "ԛ": "q", "ԝ": "w", "ү": "y",
    "ӏ": "l", "һ": "h", "ԁ": "d", "ɡ": "g", "ԍ": "g", "ѵ": "v", "ш": "w", "п": "n",
    # Greek
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "Ϲ": "C", "Ϳ": "J",
    "α": "a", "β": "b", "γ": "y", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p",
    "τ": "t", "υ": "u", "χ": "x", "ϲ": "c", "ϳ": "j", "ω": "w",
    # Armenian
    "օ": "o", "ս": "u", "հ": "h", "ո": "n", "ց": "g", "զ": "q",
    # Latin letters that do not decompose into a base letter and a mark
    "ı": "i", "ȷ": "j", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "ħ": "h",
    "Ħ": "H", "ŧ": "t", "Ŧ": "T", "ƀ": "b", "ɨ": "i", "ð": "d", "Ð": "D", "æ": "ae", "Æ": "AE",
    "œ": "oe", "Œ": "OE",
    # small capitals
    "ᴀ": "a", "ʙ": "b", "ᴄ": "c", "ᴅ": "d", "ᴇ": "e", "ɢ": "g", "ʜ": "h", "ɪ": "i", "ᴊ": "j",
    "ᴋ": "k", "ʟ": "l", "ᴍ": "m", "ɴ": "n", "ᴏ": "o", "ᴘ": "p", "ʀ": "r", "ꜱ": "s", "ᴛ": "t",
    "ᴜ": "u", "ᴠ": "v", "ᴡ": "w", "ʏ": "y", "ᴢ": "z",
    # more Latin, Armenian and Coptic
    "ɑ": "a", "ɩ": "i", "ǀ": "l", "Օ": "O", "Ս": "U", "Լ": "L", "յ": "j", "ա": "w",
    "Ⲁ": "A", "Ⲃ": "B", "Ⲉ": "E", "Ⲍ": "Z", "Ⲏ": "H", "Ⲓ": "I", "Ⲕ": "K", "Ⲙ": "M",
    "Ⲛ": "N", "Ⲟ": "O", "ⲟ": "o", "Ⲣ": "P", "ⲣ": "p", "Ⲥ": "C", "ⲥ": "c", "Ⲧ": "T",
    "Ⲩ": "Y", "Ⲭ": "X", "ⲭ": "x",
    # Lisu, whose letters are drawn as Latin capitals
    "ꓐ": "B", "ꓑ": "P", "ꓒ": "d", "ꓓ": "D", "ꓔ": "T", "ꓖ": "G", "ꓗ": "K", "ꓙ": "J",
    "ꓚ": "C", "ꓜ": "Z", "ꓝ": "F", "ꓟ": "M", "ꓠ": "N", "ꓡ": "L", "ꓢ": "S", "ꓣ": "R",
    "ꓦ": "V", "ꓧ": "H", "ꓪ": "W", "ꓫ": "X", "ꓬ": "Y", "ꓮ": "A", "ꓰ": "E", "ꓲ": "I",
    "ꓳ": "O", "ꓴ": "U",
    # Cherokee capitals, and their small letters (U+AB70 on) as small Latin letters
    **{cherokee: latin for capital, latin in (
        ("Ꭰ", "D"), ("Ꭱ", "R"), ("Ꭲ", "T"), ("Ꭵ", "i"), ("Ꭹ", "y"), ("Ꭺ", "A"), ("Ꭻ", "J"),
        ("Ꭼ", "E"), ("Ꮃ", "W"), ("Ꮇ", "M"), ("Ꮋ", "H"), ("Ꮐ", "G"), ("Ꮒ", "h"), ("Ꮓ", "Z"),
        ("Ꮟ", "b"), ("Ꮢ", "R"), ("Ꮤ", "W"), ("Ꮩ", "V"), ("Ꮪ", "S"), ("Ꮮ", "L"), ("Ꮯ", "C"),
        ("Ꮲ", "P"), ("Ꮶ", "K"), ("Ᏼ", "B"))
       for cherokee, latin in ((capital, latin), (chr(ord(capital) + 0x97D0), latin.lower()))
       if unicodedata.category(cherokee) != "Cn"},
    # regional indicators (🇲🇮🇦) and letters in black squares and circles (🅼, 🅜)
    **{chr(start + offset): chr(ord("A") + offset) for start in (0x1F1E6, 0x1F170, 0x1F150)
       for offset in range(26)},
}
"""Letters from other scripts that look like Latin ones, folded to the Latin letter (the
common confusables of Unicode TR39, case kept so a change of case still splits words)."""

INVISIBLE = frozenset("\u115f\u1160\u3164\uffa0\ua78c")
"""Letters that show nothing (the Hangul fillers) or an apostrophe (saltillo): like a
format character, a gap inside a word. Modifier letters U+02B0–U+02FF that are not small
letters (ʼ, ʻ, ˈ: apostrophes and accents typed as letters) are gaps too."""


class _Folding(dict[int, "int | str | None"]):
    """The table ``str.translate`` folds non-ASCII text with, filled as characters are met:
    combining marks dropped (accents, after NFKD), format characters (soft hyphen, zero-width
    space and joiners, word joiner, BOM: Unicode category Cf) made a gap inside a word, and
    look-alike letters made Latin."""

    def __missing__(self, code: int) -> int | str | None:
        char = chr(code)
        category = unicodedata.category(char)
        value: int | str | None = code
        if char in LOOKALIKES:
            value = LOOKALIKES[char]
        elif category[0] == "M":
            value = None
        elif category == "Cf" or char in INVISIBLE or (
                category == "Lm" and 0x2B0 <= code <= 0x2FF):
            value = SOFT
        self[code] = value
        return value


_FOLDING = _Folding()
_LINE_END_HYPHEN = re.compile(r"[-\u00ad\u2010][ \t]*[\r\n]+\s*")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_SOFT_RUN = re.compile(r"(?:[^\w\s]|_)+")
_HARD_RUN = re.compile(r"-?\s[-\s]*")
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
_LETTER_SPACED = re.compile(r"(?<![^ \n])[^\W\d_](?: [^\W\d_]){2,}(?![^ \n-])")
_PUNYCODE = re.compile(r"xn--[a-z0-9-]+", re.IGNORECASE)
_RIGHT_TO_LEFT_OVERRIDE = re.compile("\u202e([^\u202c\u2069\n]*)")


def normalise(text: str) -> str:
    """Return ``text`` as the guard compares it: lower-case letters and digits without
    accents, ``-`` for each gap inside a word and a space for each gap between words.
    Three or more single letters spaced out (``M i a``) are read as one word.

    >>> normalise("Zoë’s  MiaThornton, Fin*ley*, M i a")
    'zoe-s mia-thornton fin-ley m-i-a'
    """
    if "\n" in text or "\r" in text:
        text = _LINE_END_HYPHEN.sub("\u00ad", text)  # a word hyphenated at a line's end
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).translate(_FOLDING)
    text = _CAMEL.sub(SOFT, text).casefold()
    text = _HARD_RUN.sub(HARD, _SOFT_RUN.sub(SOFT, text))
    return _LETTER_SPACED.sub(lambda spaced: spaced[0].replace(HARD, SOFT), text)


def spellings(text: str) -> list[str]:
    """Return ``text`` and the other ways it reads: when it holds percent-encoding
    (``mia%20thornton``), the text decoded (as often as it was encoded, up to three times);
    with each right-to-left override (U+202E) as it is shown, its letters reversed
    (``\u202eaiM`` shows 'Mia'); with each internationalised domain name (``xn--…``) as it
    is shown."""
    found = [text]
    for _ in range(3):
        if not _PERCENT.search(found[-1]):
            break
        found.append(urllib.parse.unquote(found[-1], errors="replace"))
    if "\u202e" in text:
        found.append(_RIGHT_TO_LEFT_OVERRIDE.sub(lambda run: run[1][::-1], found[-1]))
    if "xn--" in text.lower():
        found.append(_PUNYCODE.sub(_domain_label, found[-1]))
    return found


def _domain_label(label: re.Match[str]) -> str:
    """Return a punycode domain label (``xn--…``) as the letters it stands for."""
    try:
        return label[0].encode("ascii").decode("idna")
    except UnicodeError:
        return label[0]


@dataclass(frozen=True)
class Term:
    """A protected term: the text shown when it is found, the advice given, and how it is
    matched.

    ``kind`` is ``"name"`` (whole words; any gap, or none, between its words), ``"identifier"``
    (spacing and punctuation ignored everywhere) or ``"date"`` (any usual spelling of the
    date). A term unpacks as ``(text, advice)``, the pair the guard used to take.
    """

    text: str
    advice: str
    kind: str = "name"

    def __iter__(self) -> Iterator[str]:
        return iter((self.text, self.advice))


def term_pattern(term: Term) -> str | None:
    """Return the regular expression of ``term`` in normalised text, or ``None`` when the
    term has no letters or digits; :func:`whole_words` makes it match whole words only."""
    if term.kind == "date":
        date = parse_date(term.text)
        if date is not None:
            return date_pattern(date)
    words = _words(term.text)
    if not words:
        return None
    if term.kind == "identifier":
        return _BETWEEN_WORDS.join(re.escape(char) for char in "".join(words))
    pattern = _BETWEEN_WORDS.join(_word(word) for word in words)
    transliterated = _words(unicodedata.normalize("NFC", term.text).translate(_UMLAUTS))
    if transliterated == words:
        return pattern
    return f"{pattern}|{_BETWEEN_WORDS.join(_word(word) for word in transliterated)}"


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue",
                          "ø": "oe", "Ø": "Oe", "å": "aa", "Å": "Aa"})
"""How a name is written without its umlauts (Müller as Mueller, Sørensen as Soerensen)."""


def _words(text: str) -> list[str]:
    """Return the words of ``text`` as the guard compares them."""
    return [word for word in re.split(r"[ -]+", normalise(text)) if word]


def whole_words(*patterns: str) -> re.Pattern[str]:
    """Return the regular expression that finds any of ``patterns`` as whole words: starting
    and ending at a gap, or at the start or end of the text."""
    return re.compile(f"{_BEFORE}(?:{'|'.join(f'(?:{p})' for p in patterns)}){_AFTER}")


def _word(word: str) -> str:
    """Return the pattern of one word: its letters with an optional in-word gap between."""
    return _IN_WORD.join(re.escape(char) for char in word)


def compact(text: str) -> str:
    """Return the letters and digits of ``text`` as the guard compares them, gaps removed."""
    return re.sub(r"[ \n-]+", "", normalise(text))


# --- dates --------------------------------------------------------------------------

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
_MONTH_NUMBERS = {**{name: number for number, name in enumerate(MONTHS, start=1)},
                  **{name[:3]: number for number, name in enumerate(MONTHS, start=1)},
                  "sept": 9}
_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4})")
_DAY_MONTH = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?\s+([a-z]+)\.?,?\s+(\d{4})")
_MONTH_DAY = re.compile(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")


def parse_date(text: str) -> dt.date | None:
    """Return the date ``text`` spells (``2009-03-14``, ``14/03/2009``, ``14 March 2009``,
    ``March 14, 2009``; day before month when it is all numbers), or ``None``."""
    value = " ".join(text.strip().lower().split())
    for pattern, order in ((_ISO, "ymd"), (_NUMERIC, "dmy"), (_DAY_MONTH, "dmy"),
                           (_MONTH_DAY, "mdy")):
        match = pattern.fullmatch(value)
        if match is None:
            continue
        parts = dict(zip(order, match.groups(), strict=True))
        month = _MONTH_NUMBERS.get(parts["m"]) if parts["m"].isalpha() else int(parts["m"])
        try:
            return dt.date(int(parts["y"]), month or 0, int(parts["d"]))
        except ValueError:
            return None
    return None


def date_pattern(date: dt.date) -> str:
    """Return the pattern of ``date`` in its usual spellings: 2009-03-14, 14/03/2009,
    14/3/2009, 14.03.2009, 14 March 2009, 14th March 2009, 14 Mar 2009, the 14th of March
    2009, March 14, 2009, 14/03/09 (and 03/14/2009, as other countries write it).

    Eight digits may run together (14032009); a shorter numeric spelling needs its gaps, so
    that 1/2/09 does not match the number 1209.
    """
    dd, mm, yyyy = f"{date.day:02}", f"{date.month:02}", f"{date.year:04}"
    day = _word(str(date.day)) if date.day > 9 else f"(?:0{_IN_WORD})?{_word(str(date.day))}"
    month = (_word(str(date.month)) if date.month > 9
             else f"(?:0{_IN_WORD})?{_word(str(date.month))}")
    year = f"(?:{_word(yyyy[:2])}{_IN_WORD})?{_word(yyyy[2:])}"
    ordinal = f"(?:{_IN_WORD}(?:{'|'.join(_word(s) for s in ('st', 'nd', 'rd', 'th'))}))?"
    name = MONTHS[date.month - 1]
    names = {name, name[:3], *(("sept",) if date.month == 9 else ())}
    month_name = "(?:" + "|".join(_word(n) for n in sorted(names, key=len, reverse=True)) + ")"
    of = f"(?:{_word('of')}{_BETWEEN_WORDS})?"
    s, gap = _BETWEEN_WORDS, _GAP
    spellings = [
        f"{_word(dd)}{s}{_word(mm)}{s}{_word(yyyy)}",
        f"{_word(yyyy)}{s}{_word(mm)}{s}{_word(dd)}",
        f"{_word(mm)}{s}{_word(dd)}{s}{_word(yyyy)}",
        f"{day}{gap}{month}{gap}{year}",
        f"{_word(yyyy)}{gap}{month}{gap}{day}",
        f"{month}{gap}{day}{gap}{_word(yyyy)}",
        f"{day}{ordinal}{s}{of}{month_name}{s}{year}",
        f"{month_name}{s}{day}{ordinal}{s}{year}",
    ]
    return "|".join(f"(?:{spelling})" for spelling in spellings)
