"""Phrasings that copy an evaluation question (`helpdesk kb check`)."""

from __future__ import annotations

import pytest

from knowledge.entries import MIN_PHRASINGS, Entry, KnowledgeBase
from knowledge.eval_overlap import (
    NEAR_DUPLICATE_AT,
    EvalCase,
    near_duplicates,
    parse_cases,
    similarity,
)
from knowledge.normalize import normalize


def kb_with(*phrasings: str) -> KnowledgeBase:
    questions = list(phrasings) + [f"opvulvraag {n}" for n in range(MIN_PHRASINGS)]
    return KnowledgeBase((Entry(id="proeftuin", title="Proeftuin", answer="Een antwoord.",
                                questions=questions, tags=["t"], source="bron"),))


def case(question: str, case_id: str = "c-1") -> EvalCase:
    return EvalCase(case_id, question, "dev.jsonl")


def test_parse_cases_reads_cases_and_warns_about_the_rest():
    text = ('# a comment\n\n{"id": "a-1", "q": "Wat is een proeftuin?"}\n'
            'not json\n{"id": "a-2"}\n["q"]\n{"q": "zonder id"}\n')
    cases, warnings = parse_cases("dev.jsonl", text)
    assert cases == [EvalCase("a-1", "Wat is een proeftuin?", "dev.jsonl"),
                     EvalCase("line 7", "zonder id", "dev.jsonl")]
    assert [w.split(":")[1] for w in warnings] == ["4", "5", "6"]
    assert all(w.startswith("dev.jsonl:") for w in warnings)


@pytest.mark.parametrize("phrasing", [
    "Wat is een proeftuin?",
    "wat is een PROEFTUIN",
    "Wat is een proeftuin ?!",
    "een proeftuin wat is",          # same words, other order
    "Wat is een proeftuinn?",        # one typo
])
def test_copies_are_found(phrasing):
    found = near_duplicates(kb_with(phrasing), [case("Wat is een proeftuin?")])
    assert [(d.entry_id, d.phrasing, d.case.case_id) for d in found] == [
        ("proeftuin", phrasing, "c-1")]
    assert "c-1" in str(found[0]) and repr(phrasing) in str(found[0])


@pytest.mark.parametrize("phrasing", [
    "proeftuin",                       # a keyword contained in the question
    "Hoeveel proeftuinen zijn er?",    # another question about the same topic
    "Kan mijn regio ook proeftuin worden?",
])
def test_different_questions_are_not_copies(phrasing):
    assert near_duplicates(kb_with(phrasing), [case("Wat is een proeftuin in het programma?")]) \
        == []


def test_abbreviations_do_not_hide_a_copy():
    found = near_duplicates(kb_with("Wat doet de RvdK?"),
                            [case("wat doet de raad voor de kinderbescherming")])
    assert len(found) == 1


def test_the_threshold_boundary():
    """Ten letters with one changed score exactly 90; nine letters with one changed, 88.9."""
    assert similarity("abcdefghij", "abcdefghix") == pytest.approx(NEAR_DUPLICATE_AT)
    assert similarity("abcdefghi", "abcdefghx") < NEAR_DUPLICATE_AT
    assert len(near_duplicates(kb_with("abcdefghij"), [case("abcdefghix")])) == 1
    assert near_duplicates(kb_with("abcdefghi"), [case("abcdefghx")]) == []


def test_every_pair_is_reported_in_kb_order():
    kb = kb_with("Wat is een proeftuin?", "Hoeveel proeftuinen zijn er?")
    found = near_duplicates(kb, [case("Hoeveel proeftuinen zijn er?", "c-2"),
                                 case("wat is een proeftuin", "c-1"),
                                 case("Wat is een proeftuin", "c-3")])
    assert [(d.phrasing, d.case.case_id) for d in found] == [
        ("Wat is een proeftuin?", "c-1"), ("Wat is een proeftuin?", "c-3"),
        ("Hoeveel proeftuinen zijn er?", "c-2")]


def test_matrix_agrees_with_the_pairwise_score():
    phrasings = ["Wat is een proeftuin?", "proeftuinen aantal", "Wat doet een GI?"]
    questions = ["wat is een proeftuin", "aantal proeftuinen", "Wat doet een GI precies?",
                 "iets heel anders"]
    found = {(d.phrasing, d.case.question)
             for d in near_duplicates(kb_with(*phrasings), [case(q) for q in questions])}
    expected = {(p, q) for p in phrasings for q in questions
                if similarity(normalize(p), normalize(q)) >= NEAR_DUPLICATE_AT}
    assert found == expected and found


def test_no_cases_no_duplicates():
    assert near_duplicates(kb_with("Wat is een proeftuin?"), []) == []
