"""Snippets: the best short passage of a section, with the matched words marked."""

from __future__ import annotations

import bisect
import html
import re
from array import array
from dataclasses import dataclass
from functools import lru_cache

from handbook.search.analysis import clean, stem, tokenize

WIDTH = 220  # characters in a snippet
LEAD = 40  # context kept before the first mark


@dataclass(frozen=True)
class Snippet:
    """A passage and the spans to mark in it.

    Attributes:
        text: The passage (plain text, with "…" where it was cut).
        marks: (start, end) offsets of marked words in ``text``.
        words: Every matched word as written anywhere in the section, for the
            reader to highlight on the page.
    """

    text: str
    marks: tuple[tuple[int, int], ...]
    words: tuple[str, ...]

    def html(self, open_tag: str = "<mark>", close_tag: str = "</mark>") -> str:
        """The passage as HTML-escaped text with the marks wrapped in tags."""
        out, at = [], 0
        for start, end in self.marks:
            out.append(html.escape(self.text[at:start], quote=False))
            out.append(open_tag + html.escape(self.text[start:end], quote=False) + close_tag)
            at = end
        out.append(html.escape(self.text[at:], quote=False))
        return "".join(out)


_NUMBER = 0xFFFFFFFF  # a token's word index when it is a number (numbers are not found inside words)


@dataclass(frozen=True)
class _Where:
    """Where each token of a text is, and what it is, in flat arrays: one entry a token.

    ``places`` holds each token's start and end in turn, ``keys`` its key (stem, or number: the
    same string objects the stem cache holds), ``word_of`` the index of its folded word in
    ``words`` (``_NUMBER`` for a number). The cache holds every section a hit has shown (137 in a
    working day's first round); a dict of arrays per key and per word took about 22 KB a section
    (3 MB), this about 5 KB. ``joined`` holds the distinct folded words one per line and
    ``starts`` where each begins, so a fragment is found inside words by one regex scan.
    """

    places: array
    keys: tuple[str, ...]
    word_of: array
    words: tuple[str, ...]
    joined: str
    starts: array


@lru_cache(maxsize=4096)
def _where(text: str) -> _Where:
    places, keys, word_of = array("I"), [], array("I")
    word_index: dict[str, int] = {}
    for t in tokenize(text):
        places.extend((t.start, t.end))
        if t.number:
            keys.append(t.folded)
            word_of.append(_NUMBER)
        else:
            keys.append(stem(t.folded))
            word_of.append(word_index.setdefault(t.folded, len(word_index)))
    words = tuple(word_index)
    starts, at = array("I"), 0
    for w in words:
        starts.append(at)
        at += len(w) + 1
    return _Where(places, tuple(keys), word_of, words, "\n".join(words), starts)


@lru_cache(maxsize=256)
def _fragment_pattern(fragments: frozenset[str]) -> re.Pattern:
    return re.compile("|".join(re.escape(f) for f in sorted(fragments, key=len, reverse=True)))


def matched_spans(text: str, terms: frozenset[str], fragments: frozenset[str]) -> list[tuple[int, int, str]]:
    """(start, end, key) of each token of ``text`` that the query matched, in order.

    A token matches when its stem (or number) is one of ``terms``, or when it
    contains one of ``fragments`` (a word found inside a compound).
    """
    where = _where(text)
    it = iter(where.places)
    spans = [(s, e, key) for key, s, e in zip(where.keys, it, it) if key in terms]
    if fragments and where.words:
        taken = {(s, e) for s, e, _ in spans}
        seen: set[int] = set()
        for m in _fragment_pattern(fragments).finditer(where.joined):
            i = bisect.bisect_right(where.starts, m.start()) - 1
            if i in seen or len(where.words[i]) <= len(m.group()):
                continue
            seen.add(i)
            it = iter(where.places)
            found = ((s, e) for w, s, e in zip(where.word_of, it, it) if w == i)
            spans.extend((s, e, m.group()) for s, e in found if (s, e) not in taken)
    spans.sort()
    merged: list[tuple[int, int, str]] = []
    for s in spans:
        if merged and s[0] < merged[-1][1]:
            if s[1] > merged[-1][1]:
                merged[-1] = (merged[-1][0], s[1], merged[-1][2])
            continue
        merged.append(s)
    return merged


def make_snippet(text: str, terms: frozenset[str], fragments: frozenset[str], width: int = WIDTH) -> Snippet:
    """The window of ``text`` holding the most different matched words."""
    text = clean(text)
    spans = matched_spans(text, terms, fragments)
    words = tuple(dict.fromkeys(text[s:e] for s, e, _ in spans))
    if not spans:
        return Snippet(_cut(text, 0, width)[0], (), ())
    best, best_score = 0, -1.0
    for i, (start, _, _) in enumerate(spans):
        keys = set()
        count = 0
        for s, e, k in spans[i:]:
            if e - start > width - LEAD:
                break
            keys.add(k)
            count += 1
        score = len(keys) + 0.01 * count
        if score > best_score:
            best, best_score = i, score
    first = spans[best][0]
    begin = max(0, first - LEAD)
    if begin > 0:
        space = text.rfind(" ", 0, begin + 1)
        nl = text.rfind("\n", 0, first)
        begin = max(space + 1 if space >= 0 else begin, nl + 1 if nl >= 0 else 0)
        begin = min(begin, first)
    passage, offset = _cut(text, begin, width)
    marks = []
    for s, e, _ in spans:
        s2, e2 = s - begin + offset, e - begin + offset
        if s >= begin and e2 <= len(passage) - (1 if passage.endswith("…") else 0):
            marks.append((s2, e2))
    return Snippet(passage, tuple(marks), words)


def _cut(text: str, begin: int, width: int) -> tuple[str, int]:
    """``text[begin:begin+width]`` cut at a word boundary, with ellipses; returns (passage, offset)."""
    end = begin + width
    if end < len(text):
        space = text.rfind(" ", begin + width // 2, end)
        end = space if space > 0 else end
    passage = " ".join(text[begin:end].split("\n"))
    prefix = "…" if begin > 0 else ""
    suffix = "…" if end < len(text) else ""
    return prefix + passage + suffix, len(prefix)
