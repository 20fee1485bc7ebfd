"""Text normalisation: both sides of a match are folded the same way."""

from __future__ import annotations

import pytest

from knowledge.normalize import MAX_INPUT_CHARS, content_tokens, fold, normalize


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
