"""Reading one question (handlers.question_reading): with the sentences before it when
it points back or is too thin, and not borrowing what it does not need."""

from __future__ import annotations

import pytest

from handlers.question_reading import MIN_PART_WEIGHT


def test_a_question_that_points_back_reads_the_story_before_it(triage):
    """'ermee' is the verdiepende bouwstenen of the sentence before; alone, 'hoeveel'
    would pick another entry. (The story is read by borrowing its sentence, or by the
    learnt model, which reads the question with its context.)"""
    question = "Wat wordt ermee bedoeld en hoeveel zijn het er?"
    alone = triage.assess(question).parts[0]
    verdict = triage.assess("Ik ben kwartiermaker. Iedereen heeft het over de verdiepende "
                            f"bouwstenen. {question}")
    # two questions ("... bedoeld" and "en hoeveel ..."), both about the story's topic
    assert [p.outcome.best.entry_id for p in verdict.parts] == ["verdiepende-bouwstenen"] * 2
    assert alone.outcome.best.entry_id != "verdiepende-bouwstenen"


def test_a_thin_follow_up_question_reads_the_question_before_it(triage):
    """'And when do they start?' alone matches on 'start' only."""
    alone = triage.assess("And when do they start?").parts[0]
    verdict = triage.assess("Which working groups are there? And when do they start?")
    second = verdict.parts[1]
    assert second.borrowed == "sentence" and second.outcome.best.entry_id == "werkgroepen"
    assert alone.outcome.best.entry_id != "werkgroepen"


def test_a_question_with_words_of_its_own_does_not_borrow_the_question_before(triage):
    """The first answer does not say what the staatssecretaris thinks of it."""
    verdict = triage.assess("Wat zijn de basisbouwstenen? En wat vindt de staatssecretaris "
                            "ervan?")
    assert [p.kind for p in verdict.parts] == ["answer", "fallback"]
    assert verdict.parts[1].borrowed == ""


def test_a_thin_question_weighs_less_than_one_topic_word(triage):
    assert triage.reader.weight("Kun je dat uitleggen?") < MIN_PART_WEIGHT
    assert triage.reader.weight("Welke partners doen mee aan de werkgroep wetgeving?") \
        >= MIN_PART_WEIGHT


def test_a_question_pointing_back_at_an_off_topic_story_is_off_topic(triage):
    """'Hoe los ik dit op?' after a story about a VPN is about the VPN, not about any
    entry its two words happen to meet."""
    verdict = triage.assess("Goedemorgen, ik werk vandaag thuis. Sinds vanochtend geeft de "
                            "VPN van de gemeente steeds een foutmelding als ik wil inloggen. "
                            "Weet jij hoe ik dit kan oplossen of bij wie ik moet zijn?")
    assert verdict.kind == "offtopic" and verdict.parts[0].offtopic.domain == "it"


def test_a_stranded_preposition_points_back(triage):
    """'zitten er ook proeftuinen in?' is 'erin' split around the question: in the
    working group of the question before, not pilot sites in general. It is read with
    the question before it, or answered by an entry that says how many pilot sites a
    working group has."""
    verdict = triage.assess("Wie trekt zo'n werkgroep eigenlijk? En zitten er ook "
                            "proeftuinen in?")
    second = verdict.parts[1]
    assert second.outcome.kind == "answer"
    entry = triage.kb.get(second.outcome.best.entry_id)
    assert second.borrowed == "sentence" or "in elke werkgroep" in entry.answer.lower()
    reply = triage.decide("Wie trekt zo'n werkgroep eigenlijk? En zitten er ook "
                          "proeftuinen in?")
    assert "1 tot 2 proeftuinen" in reply.text


def test_a_bare_daar_points_back(triage):
    """'Wat komt daar aan bod?' is about the talk named before it, not about whatever
    its own words meet."""
    verdict = triage.assess("Straks heb ik mijn eerste halfjaargesprek. Wat komt daar aan "
                            "bod?")
    assert verdict.parts[0].outcome.best.entry_id == "halfjaargesprek"


def test_a_demonstrative_asked_to_be_listed_points_back(triage):
    verdict = triage.assess("Ik ken de term basisbouwstenen wel, maar weet niet meer wat "
                            "eronder valt. Kun je die even voor me op een rijtje zetten?")
    part = verdict.parts[0]
    assert (part.borrowed, part.outcome.best.entry_id) == ("sentence", "basisbouwstenen")


def test_a_thin_follow_up_beside_a_programme_question_is_not_off_topic_by_the_story(triage):
    """A colleague on leave in the story makes a lone "Help?" off-topic, not a short
    follow-up on a programme question asked beside it."""
    text = ("Onze kwartiermaker is met verlof, dus ik neem het even over. Hoe vaak nodigt "
            "het programmateam de regio's uit voor een regiogesprek? Is dat jaarlijks?")
    assert triage.assess(text).parts[1].offtopic is None
    reply = triage.decide(text)
    assert reply.kind == "answer" and "2x per jaar" in reply.text
    alone = triage.decide("Onze kwartiermaker is met verlof en niemand weet wie haar "
                          "vervangt. Wat nu?")
    assert alone.kind == "fallback" and alone.reason == "offtopic"


def test_a_preposition_with_it_points_back(triage):
    """'the e-mail address for it' is the English 'het e-mailadres ervan': the desk named
    in the sentence before."""
    text = ("Legal questions keep coming up in our meetings. I read that there is a "
            "dedicated legal help desk for the regions. What's the email address for it?")
    verdict = triage.assess(text)
    assert (verdict.kind, verdict.parts[0].outcome.best.entry_id) == (
        "answer", "juridische-helpdesk")
    assert "me.jorissen@minvws.nl" in triage.decide(text).text


def test_a_rare_word_of_its_own_keeps_a_thin_question_from_borrowing_the_question_before(
        triage):
    """'de staatssecretaris' is the question's own topic, which no answer gives; the
    bouwstenen answer would not say what was asked."""
    verdict = triage.assess("Welke bouwstenen zijn er? Wat vindt de staatssecretaris er "
                            "eigenlijk van?")
    assert [p.kind for p in verdict.parts] == ["answer", "fallback"]
    assert verdict.parts[1].borrowed == ""


def test_a_question_pointing_back_takes_the_story_when_the_story_names_another_topic(
        triage):
    """'Hoeveel zijn het er en waar gaan ze over?' alone is about the Meet Ups; after a
    story about meetings for municipal policy officers it is about those."""
    alone = triage.assess("Hoeveel zijn dat er in 2024 en waar gaan ze over?").parts[0]
    verdict = triage.assess(
        "Ik werk bij een gemeente. Mijn collega vertelde over de bijeenkomsten van het "
        "programma voor gemeentelijke beleidsmedewerkers. Hoeveel zijn dat er in 2024 en "
        "waar gaan ze over?")
    # two questions ("Hoeveel ..." and "en waar gaan ze over?"), both about the story
    assert alone.outcome.best.entry_id != "bijeenkomsten-beleidsmedewerkers"
    assert [p.outcome.best.entry_id for p in verdict.parts] == [
        "bijeenkomsten-beleidsmedewerkers"] * 2


def test_zo_n_points_back(triage):
    """'zo'n gesprek' is the halfjaargesprek of the story."""
    verdict = triage.assess("Binnenkort hebben we een halfjaargesprek met het landelijk "
                            "programmateam. Wat wordt er in zo'n gesprek normaal besproken?")
    (part,) = verdict.parts
    assert part.outcome.best.entry_id == "halfjaargesprek"


@pytest.mark.parametrize(("text", "entry"), [
    ("Op de Meet Up ging het over de bouwsteen zorg en straf. Hoe wordt er aan die bouwsteen "
     "gewerkt?", "bouwsteen-zorg-en-straf"),
    ("We hebben binnenkort het halfjaargesprek met het programmateam. Wat bespreken jullie in "
     "die bijeenkomst?", "halfjaargesprek"),
    ("Een collega noemde de werkgroep wetgeving, rechtsbescherming en interventies. Wie zitten "
     "er in die werkgroep?", "werkgroep-wetgeving"),
    ("I read about the lasting learning environment in the regions. Who is that environment "
     "meant for?", "lerende-omgeving"),
])
def test_a_programme_noun_after_that_points_back(triage, text, entry):
    """'die bouwsteen', 'that environment': the one of the story, not any building block
    (read by borrowing the story's sentence, or by the learnt model reading it)."""
    question = text.rsplit(". ", 1)[1]
    part = triage.assess(text).parts[-1]
    assert part.outcome.best.entry_id == entry
    alone = triage.assess(question).parts[-1].outcome.best
    assert alone is None or alone.entry_id != entry or part.borrowed == "sentence"


def test_a_story_told_around_a_programme_question_does_not_make_it_off_topic(triage):
    """A colleague on leave or a note to write is the story around a programme question
    that points back; a thin question after an outing to organise is about the outing."""
    verdict = triage.assess("Ik was zelf ziek en mijn collega is met verlof, dus ik moet een "
                            "notitie schrijven voor de wethouder. Wat was het doel van die "
                            "gesprekken van het programmateam in de regio's?")
    assert verdict.kind == "answer" and verdict.parts[-1].offtopic is None
    outing = triage.assess("Ik organiseer een teamuitje voor ons wijkteam in september, met een "
                           "hapje eten na afloop. Heb je ideeën?")
    assert outing.kind == "offtopic"


def test_a_short_question_after_a_bare_and_is_about_the_question_before(triage):
    """"... en hoeveel zijn het er?": alone it would count pilot sites."""
    verdict = triage.assess("Wat zijn de ontwikkelgroepen en hoeveel zijn het er?")
    assert [p.outcome.best.entry_id for p in verdict.parts] == ["ontwikkelgroepen"] * 2
    assert verdict.parts[1].borrowed == "sentence"
