"""Text normalisation: both sides of a match are folded the same way."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.loader import load_knowledge_base
from knowledge.normalize import (
    MAX_INPUT_CHARS,
    _vocabulary,
    content_tokens,
    fold,
    normalize,
    plain_words,
    replace_phrases,
    stem,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Wat ZIJN de Bouwstenen?", "wat zijn de bouwstenen"),
        ("Café Überhaupt coöperatie", "cafe uberhaupt cooperatie"),
        ("regio’s", "regios"),
        ("regio‘s regio`s regio´s regio's", "regios regios regios regios"),
        ("lokale (wijk)teams", "lokale wijkteams"),
        ("lokale ( wijk ) teams", "lokale wijkteams"),
    ],
)
def test_case_accents_apostrophes_and_wijkteams(raw, expected):
    assert normalize(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Wat doet de RvdK?", "wat doet de raad voor de kinderbescherming"),
        ("raad vd kinderbescherming", "raad voor de kinderbescherming"),
        ("Wat doet een GI?", "wat doet een gecertificeerde instelling"),
        ("GI’s", "gecertificeerde instellingen"),
        ("Wat is VT", "wat is veilig thuis"),
        ("RVT", "regionaal veiligheidsteam"),
        ("MAO", "met andere ogen"),
        ("OTS", "ondertoezichtstelling"),
        ("kan ik gwn mailen", "kan ik gewoon mailen"),
        # the news site is one name, not the social domain
        ("via 1Sociaal Domein", "via 1sociaaldomein"),
    ],
)
def test_abbreviations_are_expanded(raw, expected):
    assert normalize(raw) == expected


def test_cased_abbreviation_only_in_capitals():
    """'OM' is the Openbaar Ministerie; 'om' is a preposition."""
    assert normalize("Doet het OM mee?") == "doet het openbaar ministerie mee"
    assert normalize("om drie uur") == "om drie uur"
    assert normalize("Om drie uur") == "om drie uur"
    assert "openbaar" not in normalize("COMMISSIE")  # not inside a word


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ontwikkel groep", "ontwikkelgroep"),
        ("ontwikkel groepen", "ontwikkelgroepen"),
        ("werk groep", "werkgroep"),
        ("inloop uur", "inloopuur"),
        ("meet-up", "meetup"),
        ("toekomst scenario", "toekomstscenario"),
    ],
)
def test_split_compounds_are_joined(raw, expected):
    assert normalize(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("When is the walk-in hour?", "when is the inloopuur"),
        ("walk in hour", "inloopuur"),
        ("drop-in hour", "inloopuur"),
        ("Which basic building blocks are there", "which basisbouwstenen are there"),
        ("development group", "ontwikkelgroep"),
        ("child protection board", "raad voor de kinderbescherming"),
    ],
)
def test_english_programme_terms_become_dutch(raw, expected):
    assert normalize(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("ring1", "ring 1"), ("Ring2?", "ring 2"), ("tweede ring", "ring 2"),
     ("first ring", "ring 1"), ("2e ring", "ring 2")],
)
def test_ring_numbers(raw, expected):
    assert normalize(raw) == expected


def test_control_and_format_characters_are_removed():
    assert normalize("a\x00b\x07c\u200bd\x1b") == "abcd"
    assert fold("ta\tb\nc") == "ta\tb\nc"  # whitespace survives folding


def test_long_input_is_cut():
    """A 50,000-character question is cut to MAX_INPUT_CHARS before matching."""
    assert len(fold("x" * 50_000)) == MAX_INPUT_CHARS
    assert len(normalize("woord " * 10_000)) <= MAX_INPUT_CHARS
    assert normalize("a" * 50_000) == "a" * MAX_INPUT_CHARS


def test_empty_and_none_like_input():
    assert normalize("") == ""
    assert normalize("?!… 👍") == ""


def test_longest_phrase_wins():
    """'basic building blocks' is one term, not 'basic' + 'building blocks'."""
    assert normalize("basic building blocks") == "basisbouwstenen"
    assert normalize("building blocks") == "bouwstenen"


def test_content_tokens_drop_stopwords_and_stem():
    tokens = content_tokens(normalize("Wat zijn de proeftuinen van het programma?"))
    assert "wat" not in tokens and "de" not in tokens
    assert tokens == content_tokens(normalize("proeftuin programma"))
    assert content_tokens("ring 1") == ["ring", "1"]


# -- phrases replaced word by word, as one regular expression would ------------------

def _by_one_expression(text: str) -> str:
    """The reference: every phrase in one alternation, longest first, whole words."""
    phrases = _vocabulary().phrases
    alternation = "|".join(sorted(map(re.escape, phrases), key=len, reverse=True))
    return re.sub(rf"\b({alternation})\b", lambda m: phrases[m.group(1)], text)


def _real_texts() -> list[str]:
    here = Path(__file__).parent
    texts = [json.loads(line)["q"] for path in sorted(here.glob("heldout*.jsonl"))
             for line in path.open() if line.startswith("{")]
    kb = load_knowledge_base()
    return texts + [e.answer for e in kb.entries] + [q for e in kb.entries for q in e.questions]


def test_phrases_are_replaced_as_one_expression_would_on_real_text():
    by_first = _vocabulary().by_first
    texts = _real_texts()
    texts += [" ".join(texts[i:i + 5]) for i in range(0, len(texts), 5)]
    replaced = 0
    for text in texts:
        words = plain_words(text)
        assert replace_phrases(words, by_first) == _by_one_expression(" ".join(words)), text
        replaced += replace_phrases(words, by_first) != " ".join(words)
    assert replaced > 100  # the comparison saw many phrases replaced


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(
    "raad voor de vd kinderbescherming rvdk basic building blocks bouwstenen ring 1 2 e "
    "2e meet up ups ontwikkel groep groepen pilot site sites working group wijk team "
    "teams lokale veilig thuis gi ots jb de het een x".split()), max_size=30))
def test_phrases_are_replaced_as_one_expression_would_on_word_salad(words):
    assert replace_phrases(words, _vocabulary().by_first) == _by_one_expression(" ".join(words))


def test_ge_that_belongs_to_the_word_stays():
    """Snowball's Dutch stemmer takes "ge" off participles ("gedeeld" meets "delen"), and
    off "gegevens", "gezin" and "gemeente" too, which then met "geven", "zin", "meen"."""
    assert stem("gedeeld") == stem("delen")
    assert stem("gegevens") != stem("geven")
    assert stem("gezin") == stem("gezinnen") != stem("zin")
    assert stem("gemeente") == stem("gemeenten") != stem("meen")
    assert stem("gezag") != stem("zag")
    assert stem("gegevensuitwisseling").startswith("gegevens")


@pytest.mark.parametrize(("written", "read"), [
    ("de eerste kring van partners", "de ring 1 van partners"),
    ("in-depth building blocks", "verdiepende bouwstenen"),
    ("is er een open vragenuur", "is er een inloopuur"),
    ("zijn er webinars", "zijn er online themasessies"),
    ("our six-monthly check-in", "our halfjaargesprek"),
    ("die landelijke club", "die landelijk programmateam"),
    ("de eerste schil", "de ring 1"),
    ("onze ED'ers", "onze ervaringsdeskundigen"),
    ("mogen proeftuinen alles uitproberen", "mogen proeftuinen alles beproeven"),
    ("can it be tried out in a pilot", "can it be tested in a pilot"),
])
def test_other_names_people_use_for_programme_terms(written, read):
    assert normalize(written) == read
