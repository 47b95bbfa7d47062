"""Find in page with the search's analysis (no Qt, no index)."""

from __future__ import annotations

import pytest

from handbook.search.textmatch import find_spans, has_all_words, query_words

TEXT = "Barnevernstjenesten og barnevernet. Økonomisk vold og partnervold. Ring 64 97 23 00. Politiet i Follo."


def found(query):
    return [TEXT[s:e] for s, e in find_spans(TEXT, query)]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("barnevern", ["Barnevernstjenesten", "barnevernet"]),  # inflections and compounds
        ("okonomisk", ["Økonomisk"]),  # without æøå
        ("vold", ["vold", "partnervold"]),  # inside a compound
        ("barnevernstjensten", ["Barnevernstjenesten"]),  # one typo in a long word
        ("64972300", ["64 97 23 00"]),  # a number typed whole finds it grouped
        ("politiet follo", ["Politiet i Follo"]),  # words in order, a word between
        ("follo politiet", []),
        ("krisesenter", []),
    ],
)
def test_words_are_found_as_search_finds_them(query, expected):
    assert found(query) == expected


def test_a_query_without_words_is_left_to_a_plain_find():
    assert query_words("§") == 0 and query_words("?!") == 0 and find_spans(TEXT, "§") == []
    assert query_words("politiet i follo") == 2


def test_all_words_in_any_order():
    assert has_all_words(TEXT, "follo politiet")
    assert not has_all_words(TEXT, "follo legevakt")
