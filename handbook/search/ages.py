"""Ages in a query: «5 år gammel», «mor på 90», «mann 70 år», «15-åringen», «moren som er 85». No Qt.

An age decides who a situation is about (a child, an older person, an adult),
and the words that say it are not read as anything else: «gammel» in «5 år
gammel» is not an older person, and the 90 in «mor på 90» is not a part of a
phone number. A number counts as an age only where Norwegian says an age:

- «N år gammel», «N-åring(en)», «N-årig»;
- «på N», «er N», «som er N», «fyller N», «fylt N» (not followed by a unit:
  «på 2 minutter», «er 3 ganger»); a number written as a word only after a
  word for a person («gutten på sju», not «på en dør»);
- «N år» right after a word for a person («mann 70 år», «jenta, 12 år»), or
  at the start of the query for an older age («90 år og blir slått»), never
  after «før», «etter», «for» … («voldtekt før 13 år»);
- a word for a person followed by the number («mor 90», «gutt 7»).

Numbers may be written as words («på nitti», «sju år gammel»).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from handbook.search.analysis import Tok

MAX_AGE = 110
_YEARS = {"ar", "aar", "aaret"}
_OLD = {"gammel", "gamle", "gml", "gamal", "gammal"}
_AGED_SUFFIX = ("aring", "arig")  # «15-åring», «15-åringen», «16-årig», «80-åringer»
_BEFORE = {"pa", "er", "fyller", "fylt", "fyllt", "blir", "ble", "var"}  # «på 7», «er 85», «fyller 70»
# After these, «N år» is a time, not an age («i 20 år», «før 13 år», «for 2 år siden»).
_TIME_BEFORE = {"i", "for", "etter", "siden", "innen", "om", "over", "under", "hvert", "annethvert",
                "per", "pr", "de", "siste", "neste", "forrige", "fra", "til", "ca", "cirka", "nesten"}
# A unit after the number: not an age («på 2 minutter», «er 3 ganger»).
_UNITS = {"minutt", "minutter", "min", "timer", "time", "t", "dager", "dag", "dogn", "uker", "uke", "maneder",
          "maned", "kroner", "kr", "prosent", "ganger", "gang", "meter", "m", "km", "kilo", "kg", "etasje",
          "etg", "klokka", "klokken", "kl", "tusen", "millioner", "mill", "personer", "stykker", "barn", "mg"}
# Words for a person after which a bare number is an age («mor 90», «mann 70 år»).
PERSON_WORDS = frozenset(
    {
        "mor", "moren", "mora", "mamma", "mammaen", "far", "faren", "pappa", "pappaen", "mann", "mannen", "kvinne",
        "kvinnen", "kvinna", "dame", "dama", "damen", "herre", "herren", "gutt", "gutten", "jente", "jenta",
        "jenten", "barn", "barnet", "sonn", "sonnen", "datter", "datteren", "dattera", "bror", "broren", "soster",
        "sosteren", "sostera", "bestemor", "bestemora", "bestefar", "bestefaren", "oldemor", "oldefar",
        "pasient", "pasienten", "bruker", "brukeren", "beboer", "beboeren", "nabo", "naboen", "onkel", "onkelen",
        "tante", "tanta", "tanten", "fetter", "fetteren", "kusine", "kusina", "nevo", "nevoen", "niese", "niesen",
        "enke", "enka", "enkemann", "ektemann", "kona", "kone", "samboer", "samboeren", "sambuar", "sambuaren",
        "kjaereste", "kjaeresten", "ungdom", "ungdommen", "baby", "babyen", "unge", "ungen", "onge", "ongen",
        "stesonn", "stesonnen", "stedatter", "stedatteren", "barnebarn", "barnebarnet", "elev", "eleven",
        "pensjonist", "pensjonisten", "klient", "klienten", "person", "personen", "pike", "piken", "jentunge",
        "gutunge", "gamling", "gamlingen", "hun", "han", "ho", "hen", "svigermor", "svigerfar", "svigermora",
        "stefar", "stefaren", "stemor", "stemora", "tvilling", "sosken", "stesosken",
    }
)
_NUMBER_WORDS = {
    "en": 1, "ett": 1, "ein": 1, "eitt": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "sju": 7, "syv": 7,
    "atte": 8, "ni": 9, "ti": 10, "elleve": 11, "tolv": 12, "tretten": 13, "fjorten": 14, "femten": 15,
    "seksten": 16, "sytten": 17, "atten": 18, "nitten": 19, "tjue": 20, "tyve": 20, "tretti": 30, "tredve": 30,
    "forti": 40, "forr": 40, "femti": 50, "seksti": 60, "sytti": 70, "atti": 80, "nitti": 90,
}
_TENS = {"tjue": 20, "tyve": 20, "tretti": 30, "tredve": 30, "forti": 40, "femti": 50, "seksti": 60,
         "sytti": 70, "atti": 80, "nitti": 90}
_ARTICLES = {"en", "ett", "ein", "eitt"}
_ONES = {"en": 1, "ein": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "sju": 7, "syv": 7, "atte": 8, "ni": 9}


@dataclass(frozen=True)
class Age:
    """An age found in a query.

    Attributes:
        years: The age.
        positions: Indexes (in the token list) of the words that say it («5», «år», «gammel»).
        number: Index of the number itself.
    """

    years: int
    positions: tuple[int, ...]
    number: int


def number_value(folded: str) -> int | None:
    """The value of a number written in digits or as a Norwegian word («nitti», «åttifem», «85»)."""
    if folded.isdigit():
        return int(folded) if len(folded) <= 3 else None
    if folded in _NUMBER_WORDS:
        return _NUMBER_WORDS[folded]
    for tens, value in _TENS.items():  # «åttifem», «syttito»
        if folded.startswith(tens) and folded[len(tens):] in _ONES:
            return value + _ONES[folded[len(tens):]]
    return None


def find_ages(toks: Sequence[Tok]) -> list[Age]:
    """Every age in ``toks`` (the query's words, extra tokens left out)."""
    out: list[Age] = []
    words = [t.folded for t in toks]
    n = len(toks)
    taken: set[int] = set()
    for i, t in enumerate(toks):
        if i in taken:
            continue
        digits = t.number and t.folded.isdigit()
        value = number_value(t.folded) if (digits or not t.number) else None
        if value is None or not 0 <= value <= MAX_AGE:
            continue
        nxt = words[i + 1] if i + 1 < n else ""
        nxt2 = words[i + 2] if i + 2 < n else ""
        prev = words[i - 1] if i > 0 else ""
        prev2 = words[i - 2] if i > 1 else ""
        word_number = not digits
        if word_number and t.folded in _ARTICLES and nxt not in _YEARS:
            continue  # «en», «ett»: an article, unless «ett år gammel»
        positions: tuple[int, ...] | None = None
        if nxt.startswith(_AGED_SUFFIX):
            positions = (i, i + 1)  # «15-åringen»
        elif nxt in _YEARS and nxt2 in _OLD:
            positions = (i, i + 1, i + 2)  # «5 år gammel»
        elif nxt in _UNITS:
            continue
        elif prev in _BEFORE and (prev != "er" or prev2 in PERSON_WORDS or prev2 == "som" or nxt in _YEARS):
            # «på 7», «som er 85», «jenta er 12»; a bare «er 3» is no age («det er 3»)
            if word_number and nxt not in _YEARS and (prev != "pa" or prev2 not in PERSON_WORDS):
                continue  # «er to», «på en dør» are no ages; «gutten på sju» is
            positions = (i, i + 1) if nxt in _YEARS else (i,)
        elif nxt in _YEARS and prev not in _TIME_BEFORE and (prev in PERSON_WORDS or prev2 in PERSON_WORDS or (i == 0 and value >= 62)):
            positions = (i, i + 1)  # «mann 70 år», «90 år og …», «jenta, 12 år»
        elif prev in PERSON_WORDS and not word_number and nxt not in _YEARS:
            positions = (i,)  # «mor 90»
        if positions is None:
            continue
        taken.update(positions)
        out.append(Age(value, positions, i))
    return out
