"""Reading a described situation word by word: concept word forms, phrases, and who did what to whom. No Qt.

The situation layer (:mod:`handbook.search.situations`) matches concepts with
these: the (folded, stem) forms of a concept's words and phrases, the words of a
query as typed, the best in-order match of a phrase, and whether a *who* word
names the one harmed or the one who acted.
"""

from __future__ import annotations

from typing import Mapping, Sequence

from handbook.search.analysis import Tok, clean, is_stop, strict_stem, tokenize
from handbook.search.query import MAX_QUERY_CHARS, MAX_TOKENS

MAX_GAP = 1  # other words allowed between two words of a phrase
WIDE_GAP = 4  # other words allowed at a "…" in a concept phrase ("redd … skade")
ROLE_WINDOW = 3  # words between an act and the *who* it was done to ("slår den lille barnebarnet")
STATE_WINDOW = 4  # "barnebarnet på 5 har blåmerker"
# After a *who* word: it was done to them ("bestemora blir sperret inne").
PASSIVE = frozenset({"blir", "ble", "blitt", "bli", "blei"})
# Between a *who* word and an injury: it is theirs ("gutten har blåmerker").
HAS = frozenset({"har", "hadde", "fikk", "fatt", "er", "var"})
RECEIVED = frozenset({"fikk", "fått", "fatt", "får"})  # «har fått juling»: the act was done to them (as typed: «far» is a father)
BY = "av"  # "truet av nevøen": the one after "av" did it, the one before suffered it
# Who an act was done to, when it is not a *who* word: someone else, or the one typing.
OTHERS = frozenset({"henne", "ham", "han", "hun", "dem", "brukeren", "pasienten", "beboeren"})
SELF = frozenset({"meg", "oss", "jeg", "vi"})


def concept_word_forms(text: str) -> tuple[tuple[str, str], ...]:
    """(folded, stem) of each word of ``text``.

    Concept words are stemmed without the "dt" rule, so 'voldta' keeps 'voldt'
    and does not come to mean 'vold'.
    """
    return tuple((t.folded, t.folded if t.number else strict_stem(t.folded)) for t in tokenize(clean(text)) if not t.extra)


def phrase_forms(text: str) -> tuple[tuple[tuple[str, str], ...], tuple[int, ...]]:
    """The word forms of a concept phrase and the gap allowed after each of its words.

    "redd … skade" lets up to WIDE_GAP words stand between "redd" and "skade";
    elsewhere MAX_GAP.
    """
    word_forms: list[tuple[str, str]] = []
    gaps: list[int] = []
    for k, part in enumerate(text.replace("...", "…").split("…")):
        part_forms = concept_word_forms(part)
        if not part_forms:
            continue
        if gaps and k:
            gaps[-1] = WIDE_GAP
        word_forms.extend(part_forms)
        gaps.extend([MAX_GAP] * len(part_forms))
    return tuple(word_forms), tuple(gaps[:-1])


def present_of_participle(folded: str) -> str | None:
    """The present tense of a present participle: 'truende' → 'truer', 'skremmende' → 'skremmer'."""
    return folded[:-4] + "er" if len(folded) > 6 and folded.endswith("ende") else None


def typed_words(text: str) -> tuple[list[Tok], bool]:
    """The words of a query (extra tokens aside), and whether its last word is still being typed."""
    text = clean(text)[:MAX_QUERY_CHARS]
    typing = bool(text) and not text[-1].isspace()
    return [t for t in tokenize(text) if not t.extra][:MAX_TOKENS], typing


def who_role(toks: Sequence[Tok], positions: Sequence[int], acts: set[int], states: set[int]) -> str:
    """Whether a *who* word names the one harmed ("victim"), the one who acted ("agent") or neither ("").

    The one harmed: the word comes after an act ("slår barnebarnet"), before a
    passive ("bestemora blir sperret inne", "eldre truet av nevøen") or before an
    injury or fear that is theirs ("barnebarnet på 5 har blåmerker"), or before an
    act they received ("gutten har fått juling"). The one who acted: the next word that is not a stop word is an act ("bestefar slår",
    "mannen hennes kveler"), or the word follows "av" after one ("truet av nevøen").
    """
    first, last = min(positions), max(positions)
    for p in acts:
        if first - ROLE_WINDOW - 1 <= p < first:
            return "agent" if any(t.folded == BY for t in toks[p + 1 : first]) else "victim"
    after = toks[last + 1 : last + 1 + STATE_WINDOW]
    if after and after[0].folded in PASSIVE:
        return "victim"
    for k, t in enumerate(after, last + 1):
        if k in states and any(x.folded in HAS for x in toks[last + 1 : k]):
            return "victim"
    for k, t in enumerate(after, last + 1):
        if k in acts:
            # «har fått juling», «fikk slag»: received; «har slått broren»: did it
            received = any(x.raw in RECEIVED for x in toks[last + 1 : k])
            passive = received or any(x.folded == BY for x in toks[k + 1 : k + 3])
            return "victim" if passive else "agent"
        if t.number or not (is_stop(t.folded) or t.folded in HAS or t.raw in RECEIVED):
            break
    return ""


def who_was_harmed(toks: Sequence[Tok], acts: set[int]) -> set[str]:
    """Whom the acts in a query were done to: "self" ("slo meg", "jeg ble slått"), "other" ("slår henne",
    "hun ble slått")."""
    out: set[str] = set()
    for p in acts:
        for t in toks[p + 1 : p + 1 + ROLE_WINDOW]:
            if t.folded in SELF:
                out.add("self")
            elif t.folded in OTHERS:
                out.add("other")
        if p >= 1 and toks[p - 1].folded in PASSIVE:
            # "hun var på besøk hos sønnen og ble slått": the nearest person before it
            subject = next((t.folded for t in reversed(toks[: p - 1]) if t.folded in SELF | OTHERS), "")
            out.add("self" if subject in SELF else "other" if subject in OTHERS else "")
    out.discard("")
    return out


def best_phrase_match(
    by_token: Mapping[int, list[tuple[int, float]]], n: int, gaps: Sequence[int] = (), skippable=None
) -> tuple[float, tuple[int, ...]] | None:
    """The best in-order match of an ``n``-token phrase (at most ``gaps[i]`` words after token i; MAX_GAP if not given).

    Where the phrase has no «…», the word between must be in ``skippable`` (a small word,
    a pronoun, a person: «låser henne inne»), not a word of its own («tok kvelertak på»).
    """
    if any(i not in by_token for i in range(n)):
        return None
    best: tuple[float, tuple[int, ...]] | None = None
    for start, s0 in by_token[0]:
        positions, strength, at = [start], s0, start
        for i in range(1, n):
            gap = gaps[i - 1] if i - 1 < len(gaps) else MAX_GAP
            nxt = [(p, s) for p, s in by_token[i] if at < p <= at + gap + 1]
            if skippable is not None and gap <= MAX_GAP:
                nxt = [(p, s) for p, s in nxt if all(q in skippable for q in range(at + 1, p))]
            if not nxt:
                break
            p, s = min(nxt)
            positions.append(p)
            strength = min(strength, s)
            at = p
        else:
            if best is None or strength > best[0]:
                best = (strength, tuple(positions))
    return best
