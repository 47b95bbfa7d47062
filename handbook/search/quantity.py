"""Questions for an amount: "hvor mange innbyggere i Ås" wants the sentence that states the number.

Plain ranking prefers the sections that repeat "innbyggere" and "Ås" most; the
answer says "innbyggertallet i Ås 21 512" once. For a question that asks how
many or how much, a section where the asked words stand next to an amount
ranks higher, most when all of them do. An amount is a number that is not a
year, not a phone number, not a section or paragraph number and not the base of a rate
("per 1000 innbyggere"), on the same line as the words (a table's cells are
lines of their own: a header is not a sentence about the row below it).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Mapping, NamedTuple, Sequence

from handbook.search.analysis import Tok, clean, fold, is_stop, stem, tokenize

#: Folded word sequences that ask for an amount.
CUES = (("hvor", "mange"), ("hvor", "mye"), ("hvor", "stor"), ("hvor", "ofte"), ("antall",), ("andel",))
WINDOW = 3  # words between an asked word and its amount
ALL_WORDS = 1.0  # extra share when every asked word stands by an amount
SOME_WORDS = 0.5  # when some do
MIN_INSIDE = 4
_NOT_AMOUNT_BEFORE = {"per", "kap", "kapittel", "tiltak", "strategi", "mal", "lov", "nr"}


class Asked(NamedTuple):
    """A word asked about: (folded, stem), and ``also`` the (folded, stem) of the words a synonym
    gives it («voldtatt» → «voldtekt»: the plan writes the amount beside the noun)."""

    folded: str
    stem: str
    also: tuple[tuple[str, str], ...] = ()


def asked_words(text: str, synonyms: Mapping[str, Sequence[str]] | None = None) -> tuple[Asked, ...]:
    """The words asked about, if ``text`` asks for an amount; () otherwise.

    ``synonyms``: the query builder's (stemmed key → target words).
    """
    toks = [t for t in tokenize(clean(text)) if not t.extra]
    folded = [t.folded for t in toks]
    cue_at: set[int] = set()
    for cue in CUES:
        for i in range(len(folded) - len(cue) + 1):
            if tuple(folded[i : i + len(cue)]) == cue:
                cue_at.update(range(i, i + len(cue)))
    if not cue_at:
        return ()
    synonyms = synonyms or {}
    out = []
    for i, t in enumerate(toks):
        if i in cue_at or t.number or is_stop(t.folded):
            continue
        also = tuple((w.folded, stem(w.folded)) for target in synonyms.get(stem(t.folded), ())
                     for w in tokenize(clean(target)) if not w.extra and not is_stop(w.folded))
        out.append(Asked(t.folded, stem(t.folded), also))
    return tuple(out)


def _is_amount(toks: list[Tok], i: int) -> bool:
    t = toks[i]
    if not t.number or t.extra or not t.folded.isdigit():
        return False
    if len(t.folded) == 4 and t.folded[:2] in ("19", "20"):
        return False  # a year
    if len(t.folded) == 8 or t.folded.startswith("0"):
        return False  # a phone number written without spaces ("95939637", "02800"); grouped ones are "tlf:" parts
    before = toks[i - 1].folded if i > 0 else ""
    return fold(before) not in _NOT_AMOUNT_BEFORE and before != "§"


def _matches(t: Tok, word: Asked) -> bool:
    return not t.number and any(_matches_form(t, form) for form in ((word.folded, word.stem), *word.also))


def _matches_form(t: Tok, form: tuple[str, str]) -> bool:
    folded, st = form
    return t.folded == folded or stem(t.folded) == st or (len(st) >= MIN_INSIDE and st in t.folded)


@lru_cache(maxsize=512)
def _lines(text: str) -> tuple[tuple[Tok, ...], ...]:
    return tuple(tuple(t for t in tokenize(line) if not t.extra) for line in clean(text).splitlines())


def factor(text: str, words: tuple[Asked, ...]) -> float:
    """How much a section's score is raised for stating an amount of the asked ``words`` (1.0: not at all)."""
    if not words:
        return 1.0
    best = 0
    for line in _lines(text):
        toks = list(line)
        for a in (i for i in range(len(toks)) if _is_amount(toks, i)):
            lo, hi = max(0, a - WINDOW - 1), min(len(toks), a + WINDOW + 2)
            best = max(best, sum(1 for w in words if any(_matches(toks[j], w) for j in range(lo, hi))))
    if best == 0:
        return 1.0
    return 1.0 + (ALL_WORDS if best == len(words) else SOME_WORDS)
