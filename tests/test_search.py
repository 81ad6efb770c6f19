"""The no-JavaScript search (webapp/queries/search.py): names, abbreviations and typos."""

from __future__ import annotations

import pytest

from webapp.queries import search


@pytest.fixture(scope="module")
def index(atlas):
    return search.search_index(atlas)


def misspelt(name: str) -> str:
    """The name with a letter dropped from the middle of its longest word."""
    word = max(name.split(), key=len)
    middle = len(word) // 2
    return name.replace(word, word[:middle] + word[middle + 1:], 1)


def test_every_muscle_is_found_with_a_letter_missing(index):
    muscles = [e for e in index if e.kind == "muscle"]
    missed = [(misspelt(m.title), [r.title for r in search.search(index, misspelt(m.title), 3)])
              for m in muscles if m.title not in [r.title for r in search.search(index, misspelt(m.title), 3)]]
    assert len(muscles) >= 100 and missed == []


def test_exact_names_then_prefixes_then_close_spellings(index):
    assert search.search(index, "Piriformis")[0].title == "Piriformis"  # the exact name first
    assert [e.title for e in search.search(index, "gluteus m")][:3] == [
        "Gluteus maximus", "Gluteus medius", "Gluteus minimus"]  # names it starts, muscles first
    found = search.scores(index, "infraspinatsu")
    best = max(range(len(index)), key=lambda i: found[i])
    assert index[best].title == "Infraspinatus" and 0.6 <= found[best] <= 0.75  # a close spelling scores below a prefix


@pytest.mark.parametrize("query", ["", "   ", "!!!", "zzzzqqq", "x" * 200, "漢字"])
def test_nothing_like_any_name_finds_nothing(index, query):
    assert search.search(index, query) == []


@pytest.mark.parametrize("typed, expected", [
    ("gluteusmedius", "Gluteus medius"), ("quadratuslumborum", "Quadratus lumborum"),
    ("Tensorfasciae", "Tensor fasciae latae"), ("infra spinatus", "Infraspinatus"),
])
def test_words_typed_together_or_apart_find_the_name(index, typed, expected):
    assert search.search(index, typed, 3)[0].title == expected
    assert search.search(index, expected.lower(), 1)[0].title == expected  # and the name itself first
