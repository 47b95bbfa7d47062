"""Norwegian text analysis for search: tokens, folding, stop words, stemming, n-grams.

One pipeline serves the index, the query and the snippet, so the three always
agree on what a word is:

    text → tokens (words, numbers, joined phone numbers, paragraph numbers)
         → lowercase → fold (æ/ø/å ↔ ae/oe/aa/o/a) → Snowball stem (light)

The digit groups of a phone number («64 97 23 00») are terms of their own
(``tlf:64``, ``tlf:97`` …), apart from plain numbers: a count or an age
(«50», «mor på 90») never matches part of a phone number, while the number
typed in any grouping, or half typed («64 97»), still finds it.

Stop words stay in the index; the query drops them when it has other words.

Folding comes before stemming, so "økonomiske" and "okonomiske" stem alike.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from whoosh.analysis import Analyzer, Token
from whoosh.lang.snowball.norwegian import NorwegianStemmer
from whoosh.lang.stopwords import stoplists

#: Bump when anything here changes what a text analyses to (the index is rebuilt).
ANALYZER_VERSION = 5

GRAM = 4  # compound field: every 4-letter window of a word


# Word characters: letters only (digits are numbers, '_' is neither).
_TOKEN = re.compile(
    r"(?P<num>\d+(?:[.,:\-–/]\d+)*)(?P<para>(?<=\d)\s?[a-zæøå](?![\w]))?"
    r"|(?P<word>[^\W\d_]+)"
)
# Groups of digits as people write phone numbers: "64 97 23 00", "649 72 300", "116 117".
_PHONE = re.compile(r"(?<![\d.,\-–])\d{2,4}(?:[ \u00a0]\d{2,4}){1,3}(?![\d])")
PHONE_PART = "tlf:"  # the index term of a phone number's digit group: "tlf:64"
_PARAGRAPH_SIGN = re.compile(r"§\s*$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")

_FOLD_TABLE = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ä": "ae", "ö": "o", "ü": "u"})


@dataclass(frozen=True, slots=True)
class Tok:
    """One token of a text.

    Attributes:
        start, end: Character offsets in the analysed text.
        raw: The token as written, lowercased.
        folded: Lowercased and folded (no æøå, no accents).
        pos: Word position (extra tokens such as a joined phone number share
            the position of the first token they cover).
        number: True for numbers, paragraph numbers and joined phone numbers.
        extra: True for tokens derived from others (joined digits, number parts).
    """

    start: int
    end: int
    raw: str
    folded: str
    pos: int
    number: bool = False
    extra: bool = False


def clean(text: str) -> str:
    """NFC-normalise and drop control and invisible formatting characters."""
    text = unicodedata.normalize("NFC", text)
    return _CONTROL.sub(" ", text)


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Lowercase and fold: 'Økonomisk' → 'okonomisk', 'særlig' → 'saerlig', 'faa' → 'fa'.

    æ→ae, ø/oe→o, å/aa→a; other accents are stripped (é→e).
    """
    word = word.lower().translate(_FOLD_TABLE)
    if not word.isascii():
        word = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
    return word.replace("aa", "a").replace("oe", "o")


def _fold_stop(words) -> frozenset[str]:
    return frozenset(fold(w) for w in words)


#: Norwegian stop words (Snowball's list, folded) plus question fillers a worker types.
STOP_WORDS = _fold_stop(
    [
        *stoplists["no"],
        "gjør", "gjøre", "gjor", "bør", "må", "får", "få", "kanskje", "egentlig", "eks", "osv",
        "ca", "bl", "a", "the", "of",
    ]
)


class _LightNorwegianStemmer(NorwegianStemmer):
    """Snowball Norwegian, steps 1–2 only: inflections, not derivations.

    Step 3 strips "-leg", "-lig", "-els", "-lov"…, which wrecks compounds
    ('fastlege' → 'fast', 'barnevernsloven' → 'barnevern'); prefixes and the
    n-gram field find derived words instead.
    """

    _step1 = NorwegianStemmer._NorwegianStemmer__step1_suffixes
    _vowels = NorwegianStemmer._NorwegianStemmer__vowels
    _s_ending = NorwegianStemmer._NorwegianStemmer__s_ending

    def stem(self, word: str, clusters: bool = True) -> str:
        """The stem; ``clusters=False`` keeps a final "dt"/"vt" ('voldt' stays, not 'vold')."""
        r1 = self._r1_scandinavian(word, self._vowels)
        for suffix in self._step1:
            if r1.endswith(suffix):
                if suffix in ("erte", "ert"):
                    word, r1 = word[: -len(suffix)] + "er", r1[: -len(suffix)] + "er"
                elif suffix == "s":
                    if word[-2] in self._s_ending or (word[-2] == "k" and word[-3] not in self._vowels):
                        word, r1 = word[:-1], r1[:-1]
                else:
                    word, r1 = word[: -len(suffix)], r1[: -len(suffix)]
                break
        if clusters and r1.endswith(("dt", "vt")):
            word = word[:-1]
        return word


_STEMMER = _LightNorwegianStemmer()


@lru_cache(maxsize=65536)
def stem(folded: str) -> str:
    """The light Snowball Norwegian stem of a folded word ('barnevernet' → 'barnevern'); numbers stay."""
    if not folded or not folded[0].isalpha():
        return folded
    return _STEMMER.stem(folded)


@lru_cache(maxsize=65536)
def strict_stem(folded: str) -> str:
    """Like :func:`stem`, but a final "dt"/"vt" stays ('voldta' → 'voldt', where stem gives 'vold').

    For words that must not mean a shorter word (the situation concepts).
    """
    if not folded or not folded[0].isalpha():
        return folded
    return _STEMMER.stem(folded, clusters=False)


def tokenize(text: str) -> list[Tok]:
    """Split ``text`` into word and number tokens, with offsets and positions.

    Numbers keep their inner separators ("2.4", "3-3"); a paragraph letter
    ("3-3 a") adds a joined token "3-3a"; digit groups written like a phone
    number ("64 97 23 00") add the joined digits "64972300"; a range of years
    ("2023–2027") adds each year.
    """
    out: list[Tok] = []
    pos = 0
    first_at: dict[int, int] = {}
    phones = [(m.start(), m.end()) for m in _PHONE.finditer(text) if is_phone_grouping(m.group())]
    for m in _TOKEN.finditer(text):
        if m.group("word") is not None:
            raw = m.group("word").lower()
            if len(raw) < 2:
                continue
            out.append(Tok(m.start(), m.end(), raw, fold(raw), pos))
            pos += 1
            continue
        num = m.group("num").replace("–", "-")
        start, end = m.start("num"), m.end("num")
        first_at[start] = pos
        part = num.isdigit() and any(a <= start and end <= b for a, b in phones)
        out.append(Tok(start, end, num, PHONE_PART + num if part else num, pos, number=True))
        if _PARAGRAPH_SIGN.search(text, max(0, start - 4), start):
            out.append(Tok(start, end, "§" + num, "§" + num, pos, number=True, extra=True))
        parts = re.split(r"[.,:\-/]", num)
        if len(parts) > 1 and all(len(p) >= 2 for p in parts):
            for p in parts:
                out.append(Tok(start, end, p, p, pos, number=True, extra=True))
        para = m.group("para")
        if para is not None and "-" in num:
            letter = para.strip().lower()
            out.append(Tok(start, m.end("para"), num + letter, num + fold(letter), pos, number=True, extra=True))
        pos += 1
    for m in _PHONE.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        if 5 <= len(digits) <= 8:
            out.append(Tok(m.start(), m.end(), digits, digits, first_at.get(m.start(), pos), number=True, extra=True))
    return out


def is_phone_grouping(written: str) -> bool:
    """True for digit groups written as a phone number («64 97 23 00», «800 30 196», «64 97» half typed),
    not as an amount in thousands («21 512»; an 8-digit number is a phone number however it is grouped)."""
    groups = written.replace("\u00a0", " ").split()
    digits = sum(len(g) for g in groups)
    thousands = len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])
    return 4 <= digits <= 8 and (not thousands or digits == 8)


def title_words(text: str) -> frozenset[str]:
    """The folded words of a title or query, stop words included (for title overlap)."""
    return frozenset(t.folded for t in tokenize(clean(text)) if not t.extra)


def is_stop(folded: str) -> bool:
    return folded in STOP_WORDS


def grams(folded: str, n: int = GRAM) -> list[str]:
    """Distinct n-letter windows of a word ('vold' → ['vold']); [] if shorter than n."""
    if len(folded) < n or not folded.isalpha():
        return []
    seen: dict[str, None] = {}
    for i in range(len(folded) - n + 1):
        seen.setdefault(folded[i : i + n], None)
    return list(seen)


def index_terms(text: str, mode: str) -> list[tuple[str, int, int, int]]:
    """The terms a field stores for ``text``: (term, position, start, end).

    ``mode`` is ``stem`` (every word stemmed, numbers as written) or ``gram``
    (n-grams of each word, for compounds). Stop words are indexed too: a query
    drops them when it has other words, and a query of stop words only
    ("hva gjør jeg nå") can still match a title.
    """
    out: list[tuple[str, int, int, int]] = []
    if mode == "gram":
        for t in tokenize(text):
            if not t.number:
                for g in grams(t.folded):
                    out.append((g, t.pos, t.start, t.end))
        return out
    for t in tokenize(text):
        out.append((t.folded if t.number else stem(t.folded), t.pos, t.start, t.end))
    return out


class HandbookAnalyzer(Analyzer):
    """A Whoosh analyzer running :func:`index_terms` (picklable, compared by mode)."""

    def __init__(self, mode: str = "stem"):
        self.mode = mode

    def __repr__(self) -> str:
        return f"HandbookAnalyzer({self.mode!r})"

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for term, pos, start, end in index_terms(clean(value), self.mode):
            t.text = term
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = term
            if positions:
                t.pos = start_pos + pos
            if chars:
                t.startchar = start_char + start
                t.endchar = start_char + end
            yield t
