"""Specifics: which fact a question asks for, and whether an answer gives it."""

from __future__ import annotations

import pytest

from knowledge.specifics import ASKS, Specific, asked, missing

S = Specific

# Each specific with questions that ask for it, and look-alikes that do not.
POSITIVE: dict[Specific, list[str]] = {
    S.DATE: ["Wanneer is de eerstvolgende bijeenkomst van de ontwikkelgroep?",
             "Op welke datum is de landelijke dag?",
             "Wat is de deadline voor het aanleveren van het regioplan?",
             "When is the next meetup?"],
    S.WHEN: ["Sinds wanneer bestaat het programma?", "In welk jaar zijn de proeftuinen gestart?",
             "When did the programme start?"],
    S.TIME: ["Hoe laat begint het inloopuur?", "Om hoeveel uur start de sessie?",
             "At what time does the session start?"],
    S.PLACE: ["Waar is de Meet Up dit keer?", "Wat is de locatie van de regiodag?",
              "Where is the meeting held?", "Ik wil naar de Meet Up, en waar?",
              "Where was the kick-off?", "In welke stad was de landelijke dag?",
              "At which venue is the regiodag?"],
    S.LINK: ["Wat is de Teams-link van het inloopuur?", "Heb je de aanmeldlink voor me?",
             "Is there a url for the webinar?"],
    S.PERSON: ["Wie is de trekker van de werkgroep Wetgeving?",
               "Wie is ons aanspreekpunt bij het programmateam?",
               "Who is the chair of the development group?",
               "Wie is de programmamanager?", "Who is the programme director?",
               "Wie leidt de werkgroep?"],
    S.CONTACT: ["Wat is het mailadres van het programmateam?",
                "Welk telefoonnummer kan ik bellen?", "What is the phone number?"],
    S.COST: ["Wat kost het om deel te nemen?", "Is er budget voor de proeftuinen?",
             "Is there funding for the regions?"],
    S.EFFORT: ["Hoeveel uur per week ben je kwijt aan de werkgroep?",
               "Wat is de tijdsinvestering voor ervaringsdeskundigen?",
               "How much time does it take?"],
    S.COUNT: ["Hoeveel mensen zitten er in de ontwikkelgroep?",
              "Met hoeveel kwartiermakers werkt het programmateam samen?",
              "Hoeveel deelnemers hebben de landelijke dag bezocht?",
              "How many members does the working group have?"],
    S.CURRENT: ["Hoeveel proeftuinen draaien er inmiddels?",
                "Hoeveel gemeenten doen op dit moment mee?",
                "How many regions have joined so far?"],
    S.NAMES: ["Welke gemeenten doen precies mee aan de proeftuinen?",
              "Weet je welke regio's die elf proeftuinen zijn?",
              "Welke regio's zitten er bij de inspiratieregio's in de buurt?",
              "Which municipalities are involved?",
              "Which 11 pilot sites are there? Can you list the regions?"],
    S.RESULTS: ["Wat zijn de resultaten van de proeftuinen tot nu toe?",
                "Wat kwam er uit de evaluatie?", "What were the findings of the pilot?",
                "Kun je me vertellen wat eruit kwam?"],
    S.DECISION: ["Wat is er besloten over de tweede ring?", "Is er al een besluit genomen?",
                 "What was decided about the roadmap?"],
    S.CONTENTS: ["Wat staat er precies in de Kamerbrief?",
                 "What exactly does the letter say about consent?"],
    S.DURATION: ["Hoe lang duurt zo'n Meet Up ongeveer?", "How long does the session take?"],
    S.LIMIT: ["Hoeveel regio's mogen er maximaal aansluiten?",
              "Wat is het maximum aantal deelnemers?", "How many regions can join at most?"],
    S.SIGNUP: ["Hoe meld ik me aan voor de nieuwsbrief?", "Hoe schrijf ik me in?",
               "How do I sign up for the newsletter?"],
}

NEGATIVE: dict[Specific, list[str]] = {
    S.DATE: ["Wat houdt een proeftuin in?",
             "Wat gebeurt er in de volgende fase van het programma?"],
    S.WHEN: ["Wat doet de werkgroep Implementatie?", "Hoe werkt de aanmelding?"],
    S.TIME: ["Hoe lang duurt het programma?", "Hoe werkt het inloopuur?"],
    S.PLACE: ["Waar gaat de werkgroep Wetgeving over?", "Waarom is er een regioteam?",
              "Waar vind ik meer informatie over dat onderwerp?"],
    S.LINK: ["Hoe is ring 1 gelinkt aan ring 2?", "Hoe hangen de bouwstenen samen?"],
    S.PERSON: ["Wie doen er mee aan de proeftuinen?", "Wat doet een kwartiermaker?"],
    S.CONTACT: ["Hoe kan ik contact opnemen?", "Wat is een contactpersoon?"],
    S.COST: ["Wat levert het programma op voor gezinnen?", "Wat is de kern van het plan?"],
    S.EFFORT: ["Hoeveel regio's zijn er?", "Hoe lang bestaat de ontwikkelgroep?"],
    S.COUNT: ["Wat doen de leden van de werkgroep?", "Hoe worden mensen geselecteerd?"],
    S.CURRENT: ["Hoeveel regio's zijn er?", "Wat is nu het plan?"],
    S.NAMES: ["Wat is de rol van gemeenten?", "Welke rol hebben de regio's?"],
    S.RESULTS: ["Wat is het doel van de proeftuinen?", "Hoe wordt er geleerd in de regio?"],
    S.DECISION: ["Wie zitten er in de stuurgroep?", "Waarin verschillen ring 1 en ring 2?"],
    S.CONTENTS: ["Wat is de Kamerbrief?", "Wanneer verscheen de brief?"],
    S.DURATION: ["Hoe lang bestaat de ontwikkelgroep al?", "Wanneer begint het inloopuur?"],
    S.LIMIT: ["Hoeveel regio's doen mee?", "Wat is de maximale impact?"],
    S.SIGNUP: ["Wat is een aanmelding bij Veilig Thuis?", "Wie meldt zich bij de Raad?"],
}


def test_every_specific_asked_for_has_examples():
    assert set(POSITIVE) == set(ASKS) == set(NEGATIVE)


@pytest.mark.parametrize(("specific", "question"),
                         [(s, q) for s, qs in POSITIVE.items() for q in qs])
def test_asked_for(specific, question):
    assert specific in asked(question), asked(question)


@pytest.mark.parametrize(("specific", "question"),
                         [(s, q) for s, qs in NEGATIVE.items() for q in qs])
def test_not_asked_for(specific, question):
    assert specific not in asked(question), asked(question)


@pytest.mark.parametrize("question", [
    "Wat is een inspiratieregio?", "Hoe werkt de samenwerking met de lokale teams?",
    "Leg eens uit wat ervaringsdeskundigheid betekent", "What are the building blocks?", "",
])
def test_open_questions_ask_for_no_specific(question):
    assert asked(question) == set()


def test_a_date_or_time_makes_a_plain_when_redundant():
    assert asked("Wanneer is de volgende Meet Up?") == {S.DATE}
    assert asked("Wanneer en hoe laat begint het?") == {S.TIME}
    assert asked("Sinds wanneer bestaat het?") == {S.WHEN}


def test_asked_ignores_case_accents_and_punctuation():
    assert asked("WANNEER is de VOLGENDE meet-up???") == asked("wanneer is de volgende meet up")
    assert S.CONTACT in asked("Wat is het e-mailadres?")
    assert S.PERSON in asked("Wie is de coördinator van de werkgroep?")


# -- missing: the answer text against the question ------------------------------

NEXT_MEETUP = "Wanneer is de volgende Meet Up?"


@pytest.mark.parametrize(("answer", "gap"), [
    ("De Meet Ups zijn in 2023 begonnen en worden elk kwartaal gehouden.", True),
    ("Er is een Meet Up in het najaar van 2024.", True),
    ("De volgende Meet Up is op 24 september in Utrecht.", False),
    ("The next meetup is on September 24.", False),
    ("De Meet Up is op 3-10-2024.", False),
    ("De Meet Up is elke tweede dinsdag van de maand.", False),
])
def test_next_date_needs_a_day_not_only_a_year(answer, gap):
    assert (S.DATE in missing(NEXT_MEETUP, answer)) is gap


@pytest.mark.parametrize(("answer", "gap"), [
    ("De ontwikkelgroep heeft vijf leden.", False),
    ("In de ontwikkelgroep zitten 11 professionals en ouders.", False),
    ("De ontwikkelgroep is gestart op 29 maart 2023.", True),
    ("De ontwikkelgroep bestaat sinds 2022.", True),
    ("De ontwikkelgroep is een groep van professionals en ervaringsdeskundigen.", True),
    ("De groep komt bijeen op 12 juni.", True),
    ("Er zijn acht bouwstenen, elk met een eigen ontwikkelgroep.", True),  # no head count
    ("De ontwikkelgroep telt 14 mensen uit de regio's.", False),
])
def test_count_needs_a_number_that_is_not_a_date_or_year(answer, gap):
    question = "Hoeveel mensen zitten er in de ontwikkelgroep?"
    assert (S.COUNT in missing(question, answer)) is gap


@pytest.mark.parametrize(("question", "answer", "expected"), [
    ("Hoe laat begint het inloopuur?", "Het inloopuur is op dinsdag van 13.00 tot 14.00.", []),
    ("Hoe laat begint het inloopuur?", "Het inloopuur is elke week op dinsdag.", [S.TIME]),
    ("Wat is het mailadres?", "Mail naar team@toekomstscenario.nl.", []),
    ("Wat is het mailadres?", "Neem contact op met het programmateam.", [S.CONTACT]),
    ("Wat is de link?", "Aanmelden via https://example.org/aanmelden", []),
    ("Wat kost het?", "Deelname is gratis.", []),
    ("Wat kost het?", "Deelname is open voor iedereen.", [S.COST]),
    ("Waar is de bijeenkomst?", "De bijeenkomst is online, via Teams.", []),
    ("Waar is de bijeenkomst?", "De bijeenkomst is in het voorjaar.", [S.PLACE]),
    ("Hoeveel uur kost het per week?", "Reken op 4 uur per week, vergoeding in euro per uur.",
     []),
    ("Hoe lang duurt zo'n gesprek?", "Het gesprek duurt anderhalf uur.", []),
    ("Hoe lang duurt zo'n gesprek?", "Twee keer per jaar is er een gesprek.", [S.DURATION]),
    ("Hoe lang duurt het programma?", "Het programma loopt van 2024-2026.", []),
    ("Hoeveel regio's mogen maximaal meedoen?", "Per groep maximaal 4 regio's.", []),
    ("Hoeveel regio's mogen maximaal meedoen?", "Regio's kijken mee in de groep.", [S.LIMIT]),
    ("Hoe meld ik me aan voor de nieuwsbrief?", "Aanmelden kan via de website.", []),
    ("Hoe meld ik me aan voor de nieuwsbrief?", "Nieuws staat in de nieuwsbrief.", [S.SIGNUP]),
    ("Hoe meld ik me aan voor een ontwikkelgroep?",
     "Regio's krijgen een uitnodiging om hun interesse kenbaar te maken.", []),
])
def test_given_in_the_answer_text(question, answer, expected):
    assert missing(question, answer) == expected


def test_specifics_without_a_text_pattern_need_a_declaration():
    question = "Wie is de trekker van de werkgroep Wetgeving?"
    answer = "De werkgroep Wetgeving wordt getrokken door Anna de Vries."
    assert missing(question, answer) == [S.PERSON]  # names are not recognised in text
    assert missing(question, answer, frozenset({"person"})) == []
    assert missing(question, answer, frozenset({"names"})) == [S.PERSON]  # another one


def test_declared_suppresses_a_pattern_specific_too():
    assert missing(NEXT_MEETUP, "Daarover is nog niets bekend.") == [S.DATE]
    assert missing(NEXT_MEETUP, "Daarover is nog niets bekend.", frozenset({"date"})) == []


def test_current_count_is_never_in_dated_sources():
    question = "Hoeveel regio's zijn er inmiddels aangesloten?"
    assert missing(question, "Er doen 42 regio's mee.") == [S.CURRENT]
    assert missing(question, "Er doen 42 regio's mee.", frozenset({"current"})) == []


def test_several_gaps_in_stable_order():
    question = "Wanneer is de volgende Meet Up, hoe laat begint hij en wat is de link?"
    gaps = missing(question, "De Meet Up gaat over de bouwstenen.")
    assert gaps == [S.DATE, S.TIME, S.LINK]
    assert gaps == sorted(gaps, key=list(Specific).index)


def test_nothing_missing_when_nothing_specific_is_asked():
    assert missing("Wat houdt een proeftuin in?", "") == []
