"""Norwegian analysis: folding, stemming, stop words, numbers, n-grams (no index needed)."""

from __future__ import annotations

import pytest

from handbook.search.analysis import PHONE_PART, clean, fold, grams, index_terms, is_stop, stem, title_words, tokenize


@pytest.mark.parametrize(
    "typed, written",
    [
        ("okonomisk", "økonomisk"),
        ("oekonomisk", "økonomisk"),
        ("kjonnslemlestelse", "kjønnslemlestelse"),
        ("saerlig", "særlig"),
        ("fa", "få"),
        ("faa", "få"),
        ("BARNEVERN", "barnevern"),
        ("cafe", "café"),
    ],
)
def test_folding_makes_keyboard_spellings_equal(typed, written):
    assert fold(typed) == fold(written)


@pytest.mark.parametrize(
    "a, b",
    [
        ("barnevernet", "barnevern"),
        ("tvangsekteskapet", "tvangsekteskap"),
        ("opplysningsplikten", "opplysningsplikt"),
        ("økonomiske", "økonomisk"),
        ("okonomiske", "økonomisk"),
        ("overgrepene", "overgrep"),
        ("brukeren", "brukere"),
    ],
)
def test_stemming_joins_inflections(a, b):
    assert stem(fold(a)) == stem(fold(b))


@pytest.mark.parametrize(
    "a, b",
    [
        ("fastlege", "fast"),  # Snowball's step 3 would cut "-leg"
        ("barnevernsloven", "barnevern"),  # … and "-slov"
        ("særlig", "sær"),
    ],
)
def test_stemming_keeps_derivations_and_compounds_apart(a, b):
    assert stem(fold(a)) != stem(fold(b))


def test_stop_words_are_folded_and_question_words_are_stop_words():
    for word in ("hva", "hvordan", "jeg", "hvis", "når", "gjør", "få"):
        assert is_stop(fold(word)), word
    for word in ("vold", "hjelp", "barn", "politi", "eldre"):
        assert not is_stop(fold(word)), word


def _raws(text):
    return [t.raw for t in tokenize(text)]


@pytest.mark.parametrize("written", ["64 97 23 00", "64972300", "649 72 300", "64 97 23 00."])
def test_phone_numbers_in_any_grouping_give_the_same_token(written):
    assert "64972300" in _raws(written)


def test_short_numbers_are_joined_too():
    assert "116117" in _raws("Follo legevakt, 116 117")
    assert "80040008" in _raws("800 40 008")


def test_paragraph_and_section_numbers_are_tokens():
    raws = _raws("helse- og omsorgstjenesteloven § 3-3 a og straffeloven §282, se 2.4 og 2023–2027")
    assert "3-3" in raws and "3-3a" in raws
    assert "282" in raws and "§282" in raws
    assert "2.4" in raws
    assert "2023-2027" in raws and "2023" in raws and "2027" in raws


def test_a_paragraph_letter_needs_a_paragraph_number():
    # "13 år": the å starts a word, not a paragraph letter
    assert "år" in _raws("før 13 år")


def test_index_terms_are_stems_with_positions_stop_words_included():
    terms = index_terms("Hva er vold i nære relasjoner", "stem")
    assert [t for t, *_ in terms] == ["hva", "er", "vold", "naer", "relasjon"]  # one-letter words are dropped
    assert [p for _, p, *_ in terms] == [0, 1, 2, 3, 4]


def test_grams_find_words_inside_compounds():
    assert set(grams("vold")) <= set(grams(fold("partnervold")))
    assert set(grams("vold")) <= set(grams(fold("voldsutøver")))
    assert set(grams("barnevern")) <= set(grams("barnevernstjenesten"))
    assert grams("atv") == []


def test_offsets_point_into_the_text():
    text = "Ring Politiet i Follo på 64 99 30 00!"
    for t in tokenize(text):
        assert fold(text[t.start : t.end]).replace(" ", "") in (t.folded, t.folded.lstrip("§"), t.folded.removeprefix(PHONE_PART))


@pytest.mark.parametrize("written", ["64 97 23 00", "800 30 196", "95 93 96 37", "6497 2300", "64 97"])
def test_a_phone_numbers_digit_groups_are_terms_of_their_own(written):
    groups = [t for t in tokenize(written) if not t.extra]
    assert groups and all(t.folded == PHONE_PART + t.raw for t in groups)


@pytest.mark.parametrize("written", ["mor på 90", "50", "21 512", "1 000 kroner", "hun er 85 år"])
def test_counts_ages_and_amounts_are_plain_numbers(written):
    assert all(not t.folded.startswith(PHONE_PART) for t in tokenize(written))


def test_clean_removes_control_and_invisible_characters():
    assert clean("vold\x00\x1b[1m\u200b") == "vold  [1m "
    assert tokenize(clean("\x07\x08")) == []


def test_title_words_keep_stop_words():
    assert title_words("2.1 Hva er vold?") == {"2.1", "hva", "er", "vold"}
