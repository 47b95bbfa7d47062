"""Finding typed words in a text with the search's own analysis (find in page). No Qt.

Ctrl+F in a PDF viewer finds "barnevern" only where those letters stand. Here a
word matches where the search would match it: any case, æøå written or not
("okonomisk" finds "økonomisk"), any inflection ("barnevernet"), inside a
compound ("vold" in "partnervold"), the start of a longer word while it is being
typed ("krises"), and one typo in a long word ("barnevernstjensten"). Several
words match where they stand in that order, at most two other words apart.
"""

from __future__ import annotations

from functools import lru_cache

from handbook.search.analysis import Tok, clean, is_stop, stem, tokenize
from handbook.search.query import MAX_QUERY_CHARS, MAX_TOKENS, edits1

MAX_GAP = 2  # other words allowed between two typed words
MIN_INSIDE = 4  # letters a word needs to be found inside a compound
MIN_TYPO = 5


@lru_cache(maxsize=256)
def _query(text: str) -> tuple[tuple[str, str, frozenset[str]], ...]:
    """(folded, stem, one-edit variants) of each word typed (stop words dropped when there are others)."""
    toks = [t for t in tokenize(clean(text)[:MAX_QUERY_CHARS]) if not t.extra][:MAX_TOKENS]
    content = [t for t in toks if t.number or not is_stop(t.folded)] or toks
    out = []
    for t in content:
        near = frozenset(edits1(t.folded)) if not t.number and len(t.folded) >= MIN_TYPO else frozenset()
        out.append((t.folded, t.folded if t.number else stem(t.folded), near))
    return tuple(out)


def query_words(query: str) -> int:
    """How many words of ``query`` the finder looks for (0: nothing it can analyse)."""
    return len(_query(query))


def _matches(tok: Tok, word: tuple[str, str, frozenset[str]]) -> bool:
    folded, st, near = word
    if tok.number or folded[:1].isdigit():
        return tok.folded == folded or (tok.number and tok.folded.startswith(folded) and len(folded) >= 3)
    return (
        tok.folded == folded
        or stem(tok.folded) == st
        or tok.folded.startswith(folded)
        or (len(folded) >= MIN_INSIDE and folded in tok.folded)
        or tok.folded in near
    )


def has_all_words(text: str, query: str) -> bool:
    """True when every word of ``query`` is somewhere in ``text`` (in any order)."""
    words = _query(query)
    toks = tokenize(text)
    return bool(words) and all(any(_matches(t, w) for t in toks) for w in words)


def find_spans(text: str, query: str) -> list[tuple[int, int]]:
    """(start, end) of every place in ``text`` where the words of ``query`` are, in order."""
    words = _query(query)
    if not words or not text:
        return []
    toks = tokenize(text)  # offsets must stay those of ``text``
    plain = [t for t in toks if not t.extra]
    spans: list[tuple[int, int]] = []
    if len(words) == 1:
        for t in toks:  # extra tokens too: a phone number typed whole matches its digit groups
            if _matches(t, words[0]):
                spans.append((t.start, t.end))
    else:
        for i, t in enumerate(plain):
            if not _matches(t, words[0]):
                continue
            at, end = i, t.end
            for word in words[1:]:
                nxt = next(
                    (j for j in range(at + 1, min(len(plain), at + MAX_GAP + 2)) if _matches(plain[j], word)), None
                )
                if nxt is None:
                    break
                at, end = nxt, plain[nxt].end
            else:
                spans.append((t.start, end))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged
