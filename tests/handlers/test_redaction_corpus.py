"""The bars of issue 11 on the privacy corpora (tests/handlers/privacy_corpus/): no
structured identifier survives, >= 90 % of names in context are removed, <= 1 % of
programme questions change. `python -m benchmarks.redaction` prints the same figures."""

from __future__ import annotations

from handlers.redaction import redact
from tests.handlers.privacy_corpus import (
    STRUCTURED,
    changed,
    pii_cases,
    programme_questions,
    score,
    survived,
)

NAME_RECALL_BAR = 0.90
PROGRAMME_CHANGE_BAR = 0.01


def _redact(text: str) -> str:
    return redact(text).text


def test_the_corpus_is_big_and_varied_enough():
    cases = pii_cases()
    values = [v for case in cases for v in case.values]
    kinds = {kind for kind, _ in values}
    assert len(values) >= 300
    assert kinds == {*STRUCTURED, "name"}
    assert len(programme_questions()) >= 200


def test_no_structured_identifier_survives():
    result = score(_redact, pii_cases())
    survivors = {kind: result.survived.get(kind) for kind in STRUCTURED
                 if result.survived.get(kind)}
    assert not survivors


def test_names_in_context_are_removed():
    result = score(_redact, pii_cases())
    assert result.recall("name") >= NAME_RECALL_BAR, result.survived["name"]


def test_programme_questions_stay_as_they_are():
    questions = programme_questions()
    differences = changed(_redact, questions)
    assert len(differences) <= PROGRAMME_CHANGE_BAR * len(questions), differences


def test_the_scorer_sees_a_survivor():
    """Guards the measurement itself: an untouched value counts as survived."""
    assert survived("bsn", "111 222 333", "het bsn is 111222333")
    assert survived("phone", "(020) 123 45 67", "bel 020-1234567")
    assert survived("name", "Jan de Vries", "mijn cliënt Vries")
    assert survived("postcode", "2512 ab", "op 2512AB")
    assert not survived("name", "Jan de Vries", "mijn cliënt [naam]")
    assert not survived("bsn", "111 222 333", "het bsn is [BSN]")
