"""A legal matter told, and the legal helpdesk's contact asked: the contact is
answered (handlers/legal_desk.py), a dilemma asked beside it still goes legal."""

from __future__ import annotations

import pytest

from handlers.legal_desk import asks_a_contact, asks_the_desk, names_the_legal_desk, to_the_desk
from handlers.question_reading import Part
from knowledge.legal import LegalAssessment
from knowledge.matcher import Match, Outcome


def _no_evidence() -> LegalAssessment:
    return LegalAssessment(0.0, 2.0, (), frozenset())


@pytest.mark.parametrize("text", [
    "In ons casusoverleg blijft onduidelijk wat we met de school mogen delen over een "
    "gezin. Mijn teamleider zegt dat het programma daar een apart loket voor heeft. "
    "Wie zit daar, en heb je een mailadres?",
    "We keep running into questions about what the rules allow when we share files "
    "with the GI. Apparently there is a dedicated helpdesk for that. Who runs it and "
    "how do I reach them?",
])
def test_asking_the_desk_for_a_legal_matter_gets_its_contact(triage, text):
    reply = triage.decide(text)
    assert reply.kind == "answer" and reply.entry_id == "juridische-helpdesk", (
        reply.kind, reply.entry_id)
    assert "jorissen" in reply.text.lower()


def test_a_dilemma_asked_beside_the_contact_still_goes_legal(triage):
    reply = triage.decide("De moeder wil niet dat we de huisarts bellen. Mag dat toch? "
                          "En wie is het aanspreekpunt van de juridische helpdesk?")
    assert reply.kind == "legal"


def test_without_a_desk_named_a_dilemma_stays_legal(triage):
    assert triage.decide("Mag ik de school vertellen wat er thuis speelt? "
                         "Wie kan ik dat vragen?").kind == "legal"


@pytest.mark.parametrize(("text", "expected"), [
    ("Er is een apart loket voor vragen over wat we mogen delen.", True),
    ("Is there a helpdesk for legal questions?", True),
    ("Waar staat de helpdesk van de gemeente?", False),  # no legal matter
    ("Wat mogen we delen met de school?", False),  # no desk
])
def test_a_desk_and_a_legal_matter(text, expected):
    assert asks_the_desk(text, _no_evidence()) is expected


@pytest.mark.parametrize(("question", "expected"), [
    ("Wie zit daar?", True),
    ("Which e-mail address should I use?", True),
    ("Hoe bereik ik die persoon?", True),
    ("Wat doet die helpdesk precies?", False),
])
def test_asking_who_or_how_to_reach(question, expected):
    assert asks_a_contact(question) is expected



def test_the_legal_desk_named_as_such_answers_a_contact_question_that_names_nothing(triage):
    """"What's the e-mail address for it?" can match entries that hold no legal contact;
    when the message names the legal help desk, its contact is the answer all the same."""
    part = Part("What's the email address for it?", "What's the email address for it?",
                "en", Outcome("answer", (Match("contact-programmateam", 0.55),
                                         Match("mao-aansluiten", 0.43)), "en"))
    kept = to_the_desk(part, triage.kb, triage.composer, legal_desk=False)
    assert kept.outcome.best.entry_id == "contact-programmateam"
    moved = to_the_desk(part, triage.kb, triage.composer, legal_desk=True)
    assert (moved.outcome.kind, moved.outcome.best.entry_id) == ("answer",
                                                                 "juridische-helpdesk")
    assert [m.entry_id for m in moved.outcome.matches[1:]] == ["contact-programmateam",
                                                               "mao-aansluiten"]
    assert names_the_legal_desk("there is a dedicated legal help desk for regions")
    assert not names_the_legal_desk("is there a help desk for regions?")
