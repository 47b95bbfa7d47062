"""Questions for an amount rank the sentence that states it ("hvor mange innbyggere i Ås")."""

from __future__ import annotations

import pytest

from handbook.search import SearchEngine
from handbook.search.quantity import asked_words, factor

ASKED = asked_words("hvor mange innbyggere i Ås")


def test_only_questions_for_an_amount_ask():
    assert [w.folded for w in ASKED] == ["innbyggere", "as"]
    assert asked_words("antall overnattingsdøgn") and asked_words("hvor mye penger")
    assert asked_words("innbyggere i Ås") == () and asked_words("hvor kan jeg få hjelp") == ()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Per 1. kvartal 2023 er innbyggertallet i Ås 21 512.", 2.0),  # all asked words by an amount
        ("Folketallet har økt med nærmere 5000 innbyggere.", 1.5),  # some of them
        ("Samtaler per 1000 innbyggere i Ås.", 1.0),  # the base of a rate is no amount
        ("Innbyggere i Ås i 2023.", 1.0),  # nor is a year
        ("Samtaler per 1000 innbyggere\nÅs\n101", 1.0),  # a table header is not a sentence about its rows
        ("Barnevernstjenesten i Ås kommune, 95 93 96 37", 1.0),  # a phone number is no amount
        ("Barnevernstjenesten i Ås kommune, 95939637", 1.0),  # however it is written
        ("Politiet i Ås: 02800", 1.0),
    ],
)
def test_an_amount_next_to_the_asked_words_counts(text, expected):
    assert factor(text, ASKED) == expected


def test_the_answer_with_the_number_comes_first(handbook):
    with SearchEngine.open(handbook, shipped=None, cache=None) as engine:
        top = engine.search("hvor mange innbyggere i Ås", limit=1)[0]
        assert "21 512" in top.text
        assert engine.search("innbyggere i Ås", limit=1)  # no question, no re-ranking, still hits


def test_a_synonym_finds_the_amount_written_beside_the_noun():
    """«hvor mange blir voldtatt»: the plan says «(5%) er utsatt for voldtekt»."""
    from handbook.search.analysis import stem

    asked = asked_words("hvor mange blir voldtatt", {stem("voldtatt"): ["voldtekt"]})  # the query builder's keys
    sentence = "Om lag én av tjue kvinner (5%) er utsatt for voldtekt før de fylte 13 år."
    assert factor(sentence, asked) > 1.0
    assert factor(sentence, asked_words("hvor mange blir voldtatt")) == 1.0
