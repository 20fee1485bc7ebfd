"""Triage: what a free-text question becomes (answer, clarify, fallback, legal, smalltalk)."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial

import pytest

from handlers.smalltalk import CAPABILITIES_NL
from handlers.triage import (
    ACTION_FEEDBACK,
    ACTION_FORWARD_LEGAL,
    ACTION_FORWARD_TEAM,
    ACTION_PICK,
    Triage,
)
from handlers.walkin import WalkinSchedule, describe_next
from knowledge.matcher import Match, Outcome
from knowledge.query import Query

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def test_answer_has_source_and_feedback(triage):
    reply = triage.decide("Wat zijn de basisbouwstenen?")
    assert reply.kind == "answer" and reply.entry_id == "basisbouwstenen"
    entry = triage.kb.get("basisbouwstenen")
    assert reply.text == entry.answer
    assert reply.source == triage.kb.source_title(entry) and reply.source
    assert [(c.action, c.value) for c in reply.choices] == [
        (ACTION_FEEDBACK, "up:basisbouwstenen"), (ACTION_FEEDBACK, "down:basisbouwstenen")]
    assert 0 < reply.score <= 1


def test_public_source_shows_its_url(triage):
    reply = triage.decide("Wat doet de RvdK?")
    entry = triage.kb.get(reply.entry_id)
    assert entry.source == "publiek"
    assert entry.source_url in reply.source


def test_english_question_gets_english_answer(triage):
    reply = triage.decide("Which basic building blocks are there?")
    entry = triage.kb.get("basisbouwstenen")
    assert reply.kind == "answer" and reply.entry_id == entry.id
    assert entry.answer_en and reply.text == entry.answer_en
    assert [c.label for c in reply.choices] == ["👍 Helpful", "👎 Not helpful"]


class FixedMatcher:
    """Stands in for the matcher with a scripted outcome."""

    def __init__(self, outcome: Outcome):
        self.outcome = outcome

    def decide(self, text: str, context: str = "") -> Outcome:
        return self.outcome

    def query(self, text: str) -> Query:
        return Query(weights={"onderwerp": 5.0}, confidence={"onderwerp": 1.0})


def scripted(triage: Triage, kind: str, *scores: tuple[str, float]) -> Triage:
    matches = tuple(Match(entry_id, score) for entry_id, score in scores)
    return Triage(triage.kb, FixedMatcher(Outcome(kind, matches)), triage.lexicon,
                  clock=lambda: NOW)


def picked(value: str) -> str:
    """The entry id a pick button carries (it may be prefixed with the language)."""
    return value.rsplit(":", 1)[-1]


def test_clarify_offers_top_entries_as_buttons(triage):
    t = scripted(triage, "clarify", ("ring-1", 0.48), ("ring-2", 0.47),
                 ("partners-overzicht", 0.46), ("veilig-thuis", 0.45))
    reply = t.decide("iets over partners")
    assert reply.kind == "clarify" and reply.entry_id is None
    assert reply.options == ["ring-1", "ring-2", "partners-overzicht"]
    assert [c.action for c in reply.choices] == [ACTION_PICK] * 3
    assert [picked(c.value) for c in reply.choices] == reply.options
    assert [c.label for c in reply.choices] == [
        triage.kb.get(i).title for i in reply.options]
    assert reply.score == 0.48


def test_clarify_in_english_uses_english_titles(triage):
    t = scripted(triage, "clarify", ("ring-1", 0.48), ("ring-2", 0.47))
    reply = t.decide("what about the partners")
    assert reply.text == "Which of these topics do you mean?"
    assert [c.label for c in reply.choices] == [
        triage.kb.get("ring-1").title_en, triage.kb.get("ring-2").title_en]


def test_real_vague_question_clarifies(triage):
    reply = triage.decide("partners")
    assert reply.kind == "clarify"
    assert len(reply.options) >= 2
    assert [picked(c.value) for c in reply.choices] == reply.options
    assert all(triage.kb.get(i) for i in reply.options)


def test_fallback_offers_to_forward(triage):
    reply = triage.decide("Wat vindt de staatssecretaris van de nieuwe begroting?")
    assert reply.kind == "fallback" and reply.entry_id is None
    assert [c.action for c in reply.choices] == [ACTION_FORWARD_TEAM, ACTION_FORWARD_LEGAL]
    english = triage.decide("What is the capital of France?")
    assert english.kind == "fallback"
    assert english.text.startswith("I don't have an answer")
    assert english.choices[0].label == "Forward to the programme team"


def test_legal_offers_the_legal_helpdesk(triage):
    reply = triage.decide("Mag ik zonder toestemming van de ouders gegevens delen?")
    assert reply.kind == "legal" and reply.entry_id is None
    assert "juridische vraag" in reply.text
    assert [c.action for c in reply.choices] == [ACTION_FORWARD_LEGAL]
    assert reply.score >= triage.lexicon.threshold
    english = triage.decide("Do we need consent from the parents?")
    assert english.kind == "legal" and english.text.startswith("This sounds like a legal")


@pytest.mark.parametrize(
    ("text", "opener"),
    [("hallo", "Hallo! "), ("Hoi!", "Hallo! "), ("dank je", "Graag gedaan! "),
     ("Dank je wel!", "Graag gedaan! "), ("help", "Ik ben de regionale helpdesk"),
     ("thanks", "You're welcome! "), ("Hello there", "Hello! I am the regional helpdesk")],
)
def test_smalltalk(triage, text, opener):
    reply = triage.decide(text)
    assert reply.kind == "smalltalk" and reply.entry_id is None
    assert reply.text.startswith(opener)


def test_greeting_with_a_question_is_a_question(triage):
    assert triage.decide("hallo, wat zijn de basisbouwstenen?").kind == "answer"


@pytest.mark.parametrize("text", ["", "   ", "😀😀", "👍", "?!", "\x00\x07", "\u200b", None])
def test_nothing_to_answer_gets_friendly_help(triage, text):
    reply = triage.decide(text)
    assert reply.kind == "smalltalk"
    assert reply.text.startswith("Ik zag geen vraag in je bericht.")
    assert CAPABILITIES_NL in reply.text


def test_answer_for_unknown_entry_falls_back(triage):
    assert triage.answer("bestaat-niet").kind == "fallback"


def _walkin_triage(triage: Triage, schedule: WalkinSchedule | None) -> Triage:
    return Triage(triage.kb, triage.matcher, triage.lexicon,
                  walkin_text=partial(describe_next, schedule), clock=lambda: NOW)


def test_inloopuur_placeholder_from_the_schedule(triage):
    schedule = WalkinSchedule.parse("first thursday 15:00-16:00",
                                    link="https://example.org/inloop")
    t = _walkin_triage(triage, schedule)
    reply = t.decide("Wanneer is het inloopuur?")
    assert reply.entry_id == "inloopuur"
    assert "{inloopuur}" not in reply.text
    assert ("Het volgende inloopuur is op donderdag 5 maart 2026 van 15:00 tot 16:00 uur. "
            "Deelnemen via https://example.org/inloop") in reply.text
    english = t.decide("When is the monthly walk-in hour?")
    assert "{inloopuur}" not in english.text
    assert "The next walk-in hour is on Thursday 05 March 2026, 15:00-16:00" in english.text


def test_inloopuur_without_schedule_says_the_date_is_not_known(triage):
    """No schedule configured: the answer says the date is not in the bot's
    information (once, not twice) and offers to forward the question."""
    t = _walkin_triage(triage, None)
    reply = t.decide("Wanneer is het inloopuur?")
    assert "{inloopuur}" not in reply.text
    assert reply.text.count("niet in de informatie die ik heb") == 1
    assert ACTION_FORWARD_TEAM in [c.action for c in reply.choices]
    english = t.decide("When is the monthly walk-in hour?")
    assert "not in the information I have" in english.text


def test_default_triage_renders_no_placeholder_anywhere(triage):
    """Every answer, in both languages, is rendered without a leftover placeholder."""
    for entry in triage.kb.entries:
        for english in (False, True):
            assert "{" not in triage.answer(entry.id, english).text, entry.id


# -- legal words only in the story around a question -----------------------------------

BACKGROUND = ("Bij ons lopen veel gezinnen waar de rechter een ondertoezichtstelling heeft "
              "uitgesproken en waar de ouders zelf psychische problemen hebben. ")


def test_a_standalone_programme_question_after_a_legal_story_is_answered(triage):
    """The legal word is background; the question names its topic and is answered well."""
    assert triage.lexicon.assess(BACKGROUND).is_legal
    message = BACKGROUND + "Hoort volwassenenproblematiek bij de basisbouwstenen van het programma?"
    verdict = triage.assess(message)
    assert verdict.kind == "answer", verdict.reason
    assert "only in the story" in verdict.reason
    assert verdict.parts[0].outcome.best.entry_id.startswith("bouwsteen-volwassenenproblematiek")


def test_a_thin_question_after_a_legal_story_stays_legal(triage):
    """'Wat kunnen we doen?' leans on the story: the story decides."""
    verdict = triage.assess(BACKGROUND + "Wat kunnen we doen?")
    assert verdict.kind == "legal"


def test_a_legal_question_is_not_matched_at_all(triage):
    """When the question itself carries the legal signal, no entry is even looked at."""
    verdict = triage.assess("Mogen we zonder toestemming van de ouders het dossier delen?")
    assert verdict.kind == "legal" and verdict.parts == ()


def test_a_thin_question_after_an_off_topic_story_is_off_topic(triage):
    """'Help?' alone would match the bot's own entry; after a broken laptop it asks
    for IT support."""
    verdict = triage.assess("Mijn laptop start sinds vanochtend niet meer op. Help?")
    assert verdict.kind == "offtopic", verdict.reason
    assert verdict.parts[0].outcome.kind == "answer"  # what 'Help?' alone matches



def test_the_models_hunch_does_not_outweigh_questions_that_ask_something_else(triage):
    """Only the learnt model says legal (a family is mentioned), while the question
    itself asks about a train: off-topic. An off-topic word only in the story ('de
    voetbaltrainer ... Kan dat?') leaves a legal dilemma legal."""
    train = triage.assess("Ik moet morgen op huisbezoek bij een gezin waar de moeder niet "
                          "wil dat we komen. Weet jij of mijn trein van kwart over acht rijdt?")
    assert train.legal.labels and all(label.startswith("model:") for label in train.legal.labels)
    assert train.kind == "offtopic"
    coach = triage.assess("De voetbaltrainer van een meisje van 9 vertelt dat ze vaak "
                          "huilt na de training. Hij wil weten wat wij doen. Kan dat?")
    assert coach.kind == "legal"


def test_it_trouble_that_asks_for_help_is_off_topic_not_smalltalk(triage):
    for text in ("mijn vpn valt steeds weg als ik thuiswerk, help",
                 "teams doet raar, ik hoor niemand in de vergadering. wat moet ik doen?"):
        verdict = triage.assess(text)
        assert verdict.kind == "offtopic", (text, verdict.kind)


def test_a_question_pointing_at_the_case_before_it_does_not_stand_apart(triage):
    """'die informatie' is the case told before: the legal story is the question's."""
    verdict = triage.assess("In een casus zit vader in een reclasseringstraject en wij zijn "
                            "betrokken bij de kinderen. De reclassering wil weten hoe het "
                            "thuis gaat en wij willen weten waarvoor hij veroordeeld is. "
                            "Mogen we over en weer die informatie uitwisselen?")
    assert verdict.kind == "legal"


def test_a_question_that_only_mentions_legal_questions_may_stand_apart(triage):
    """Privacy in the story, 'is het ook voor juridische vragen?' in the question: a
    question about the walk-in hour, not a legal question."""
    verdict = triage.assess("Ik hoorde dat er een inloopuur is. Is dat ook bedoeld voor "
                            "juridische vragen of alleen voor inhoudelijke vragen over het "
                            "programma? Mijn teamleider heeft een paar casussen over privacy.")
    assert verdict.kind == "answer"
    assert any(p.outcome.best.entry_id == "inloopuur" for p in verdict.parts)


def test_the_words_of_the_story_s_dilemma_in_a_question_keep_it_legal(triage):
    """The story names the family, the question asks how to force them: one dilemma."""
    verdict = triage.assess("Bij een gezin blijven de zorgen, maar de ouders willen geen "
                            "hulp en doen de deur niet open. Vanuit het Toekomstscenario "
                            "werken we meer vanuit vrijwilligheid, maar wat als dat niet "
                            "lukt? Hoe kunnen we ze tot medewerking dwingen, en wie besluit "
                            "daarover?")
    assert verdict.kind == "legal"


def test_plain_word_evidence_does_not_outweigh_an_off_topic_request(triage):
    """A sick day told in a story, the question asks to write an e-mail: off-topic."""
    verdict = triage.assess("Ik voel me beroerd en wil mijn leidinggevende bij de gemeente "
                            "laten weten dat ik me ziek meld. Kun jij een korte mail voor me "
                            "opstellen die ik kan versturen?")
    assert verdict.kind == "offtopic"


def test_context_does_not_make_a_thin_follow_up_strong_enough_to_override_off_topic(
        triage):
    verdict = triage.assess("We hebben donderdag een overleg van het regionaal "
                            "projectteam. Kan ik via deze chat een vergaderzaal reserveren? "
                            "Of weet je anders bij wie ik dat moet doen?")
    assert verdict.kind == "offtopic"


@pytest.mark.parametrize("text", [
    "hoeveel calorieën zitten er in een stroopwafel",
    "Zou je een mailtje voor me kunnen opstellen voor de kerstborrel van de afdeling?",
    "I'm a policy officer visiting next month. Can I tap my bank card on public transport "
    "or do I need a special card?",
])
def test_everyday_requests_outside_the_programme_are_off_topic(triage, text):
    assert triage.assess(text).kind == "offtopic", text


def test_a_question_asked_and_not_answered_is_not_waved_off_with_you_are_welcome(triage):
    """Thanks at the end of a message that asks something (without a question mark)
    gets no "you're welcome": the question was not answered."""
    reply = triage.decide("We keep running into questions about our regional agreements, so "
                          "I'd like to know whom I could ring about the parking garage. Thanks!")
    assert reply.kind != "smalltalk"
    assert triage.decide("Bedankt, ik ga er morgen mee aan de slag!").kind == "smalltalk"


def test_asking_which_part_of_the_programme_takes_up_a_legal_topic_is_answered(triage):
    """Asking which building block or group deals with records and data exchange is a
    question about the programme; the privacy officer and the data exchange in it do not
    make it a legal dilemma."""
    reply = triage.decide("Bij ons doet iedereen het anders met dossiers. Welke bouwsteen gaat "
                          "over dossiers en het uitwisselen van gegevens tussen organisaties? "
                          "Onze privacy officer wil graag meedenken.")
    assert reply.kind == "answer" and reply.entry_id == "bouwsteen-dossiervorming"
    dilemma = triage.decide("Mag ik de gegevens van dit gezin uitwisselen met de school zonder "
                            "toestemming van de ouders?")
    assert dilemma.kind == "legal"


def test_asking_what_a_partner_organisation_does_is_answered(triage):
    """A measure named as an example ("bij een ondertoezichtstelling") in a question about
    what a GI does asks about the organisation, not about a family's measure."""
    reply = triage.decide("Kunt u toelichten wat een gecertificeerde instelling doet, "
                          "bijvoorbeeld bij een ondertoezichtstelling?")
    assert reply.kind == "answer" and reply.entry_id == "gecertificeerde-instelling"
    assert triage.decide("Moet de GI de ouders inlichten voordat de ondertoezichtstelling "
                         "wordt verlengd?").kind == "legal"


def test_a_message_whose_only_question_is_smalltalk_gets_smalltalk(triage):
    """The emoji ends the sentence; 'hoe gaat het met je?' is all it asks."""
    reply = triage.decide("Hoi! Ik ben net begonnen als beleidsmedewerker en wilde even zeggen "
                          "dat ik het fijn vind dat er zo'n chatbot is 👋 hoe gaat het met je?")
    assert reply.kind == "smalltalk"
    # "Klopt dat?" after a story asks about the story
    assert triage.decide("Mijn teamleider zegt dat we de advocaat van moeder mogen weigeren bij "
                         "het gesprek. Klopt dat?").kind == "legal"


@pytest.mark.parametrize("text", [
    "write me a LinkedIn post about my promotion, make it sound humble but impressive",
    "Kun je een sinterklaasgedicht schrijven voor een collega? Graag met rijm 😄",
    "What's the euro to dollar exchange rate today?",
])
def test_requests_outside_the_helpdesk_are_off_topic(triage, text):
    assert triage.assess(text).kind == "offtopic"


def test_a_recognised_dilemma_with_a_hobby_in_the_question_stays_legal(triage):
    """Sharing a family's plan with a football coach is a dilemma: a domain that turns up
    in stories about families (sport, travel, food) does not make it off-topic."""
    reply = triage.decide("can i share a kid's safety plan with his football coach? mum said "
                          "it's fine on the phone")
    assert reply.kind == "legal"
