"""Off-topic requests (`offtopic.yaml`): clearly outside the helpdesk, named by
domain; programme questions are not."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from knowledge.normalize import normalize
from knowledge.offtopic import DEFAULT_OFFTOPIC, OffTopicDomains


@pytest.fixture(scope="module")
def domains() -> OffTopicDomains:
    return OffTopicDomains()


FOUND = [
    ("Welke vergaderruimte kan ik dinsdag boeken?", "facilities"),
    ("Waar haal ik een nieuwe toegangspas?", "facilities"),
    ("Mijn VPN doet het weer niet", "it"),
    ("De printer op de tweede verdieping is vastgelopen", "it"),
    ("Wordt het morgen zonnig in Zwolle?", "weather"),
    ("Heb je een lekker recept voor de lunch?", "food"),
    ("Hoe vraag ik verlof aan voor de zomer?", "personnel"),
    ("Wanneer wordt mijn salaris gestort?", "personnel"),
    ("Hoe laat gaat de trein naar Utrecht?", "travel"),
    ("Wie won er gisteren bij het voetbal?", "entertainment"),
    ("Kun je deze tekst voor me vertalen?", "writing"),
    ("Schrijf een linkedinpost over onze teamdag", "writing"),
    ("Mijn paspoort is verlopen, wat moet ik doen?", "errands"),
    ("Can you recommend a restaurant near the station?", "food"),
    ("What's the weather like tomorrow?", "weather"),
    ("Can you write me a poem about Mondays?", "entertainment"),  # first domain wins
    ("Could you summarise this article for me?", "writing"),
    ("Wie wint volgens jou de verkiezingen?", "politics"),
    ("Any tips for a hotel in Porto?", "travel"),
    ("Our wifi keeps dropping all afternoon", "it"),
    ("Zoom keeps muting me in every call", "it"),
    ("My mic doesn't work in the call, anyone?", "it"),
    ("Ik krijg steeds een foutmelding bij het inloggen", "it"),
    ("Klopt het dat reiskosten pas na twee maanden volledig worden vergoed?", "personnel"),
    ("Ik heb koorts, bij wie meld ik me af?", "personnel"),
    ("Where do I upload the receipts for my train tickets?", "personnel"),
    ("We willen in de herfstvakantie kamperen, tips voor een camping?", "travel"),
    ("Is it better to rent a car or take the bus there?", "travel"),
    ("Wie speelt er vanavond de wedstrijd op tv?", "entertainment"),
]


def test_a_predecessor_who_retired_is_no_hr_question(domains):
    """A handover story ("overgenomen van een collega die met pensioen ging") names no
    HR matter of the asker's own."""
    assert domains.find("ik heb het overgenomen van een collega die met pensioen ging") is None


def test_every_domain_has_an_example():
    data = yaml.safe_load(DEFAULT_OFFTOPIC.read_text(encoding="utf-8"))
    assert {domain for _, domain in FOUND} == set(data["domains"])


@pytest.mark.parametrize(("question", "domain"), FOUND)
def test_domain_found(domains, question, domain):
    found = domains.find(question)
    assert found is not None and found.domain == domain, found
    assert found.words and found.words in normalize(question)


def test_label_in_the_asker_language(domains):
    nl = domains.find("Is er morgen regen?")
    en = domains.find("Is there rain tomorrow?", "en")
    assert nl.label == "het weer" and en.label == "the weather"
    assert domains.find("regen", "fr").label == "het weer"  # unknown language: Dutch


def test_matched_words_are_reported(domains):
    assert domains.find("Mijn LAPTOP start niet op").words == "laptop"
    assert domains.find("Waar is de fietsenkelder?").words == "fietsenkelder"


PROGRAMME = [
    "Wat houdt een proeftuin in?",
    "Hoe meld ik me aan voor de volgende Meet Up?",
    "Op welke dag is het juridisch inloopuur?",
    "Wat doet de werkgroep Implementatie?",
    "Wat betekent het programma voor onze regio?",
    "Hoe werkt de samenwerking met de politie in het veiligheidsteam?",
    "Welke rol speelt de huisarts in de lokale teams?",
    "Welke organisaties horen bij ring 2?",
    "Hoe verloopt de implementatie van de bouwstenen?",
    "Waar vind ik de nieuwsbrief van het programma?",
    "Wat zijn de kosten van het programma voor gemeenten?",
    "Hoe kunnen ouders meedenken over de nieuwe werkwijze?",
    "How do the pilot sites learn from each other?",
    "Who takes part in the development group?",
]


@pytest.mark.parametrize("question", PROGRAMME)
def test_programme_question_names_no_domain(domains, question):
    assert domains.find(question) is None


# A programme question may hold a word of a domain; the triage lets a good
# knowledge-base answer win. Several do not get one and are told "outside what I
# do" without an offer to forward: those are marked as data gaps.
def _gap(question: str, why: str):
    return pytest.param(question, marks=pytest.mark.xfail(strict=True, reason=f"data gap: {why}"))


@pytest.mark.parametrize("question", [
    "Hoe zit het met de reiskosten van ervaringsdeskundigen?",
    "Is er een film over het toekomstscenario?",
    "Kan ik de reiskosten voor de Meet Up declareren?",
    "Wordt de inbreng van ouders in de proeftuinen serieus genomen?",
    "Hoe maken we de vertaalslag van de bouwstenen naar onze regio?",
    "Hoe gaan de lokale teams om met gezinnen uit de toeslagenaffaire?",
    "Wie is de sleutelfiguur in de regio voor de implementatie?",
    "Wat gebeurt er bij een verhuizing van een gezin naar een andere regio?",
])
def test_programme_question_with_a_domain_word_is_not_offtopic(triage, question):
    reply = triage.decide(question)
    assert reply.reason != "offtopic" and reply.kind != "offtopic", (reply.kind, reply.text)
    assert "helaas niet helpen" not in reply.text


def test_domain_words_match_whole_words(domains):
    assert domains.find("Wat doet een proeftuin?") is None  # not 'tuin'
    assert domains.find("Hoe regelen we dat?") is None  # not 'regen'
    assert domains.find("Wat is de trend in de regio?") is None  # not 'trein'


# -- broken files -------------------------------------------------------------

def _write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "offtopic.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_small_file(tmp_path):
    path = _write(tmp_path, {"domains": {"pets": {"label": {"nl": "huisdieren"},
                                                  "phrases": ["kat|hond"]}}})
    found = OffTopicDomains(path).find("Mag mijn hond mee naar kantoor?", "en")
    assert (found.domain, found.label, found.words) == ("pets", "huisdieren", "hond")


@pytest.mark.parametrize(("data", "expected"), [
    ({"domains": {"pets": {"label": {"nl": "x"}, "phrases": []}}}, "phrases"),
    ({"domains": {"pets": {"label": {"nl": "x"}, "phrases": ["kat"], "extra": 1}}}, "extra"),
    ({"domains": {"pets": {"phrases": ["kat"]}}}, "label"),
    ({"areas": {}}, "areas"),
])
def test_malformed_file_is_rejected(tmp_path, data, expected):
    with pytest.raises(ValueError, match=expected):
        OffTopicDomains(_write(tmp_path, data))


@pytest.mark.parametrize(("question", "domain"), [
    ("Could you write me a cover letter for a job as a policy advisor?", "writing"),
    ("Hoe maak ik een grafiek van mijn cijfers voor de stuurgroep?", "it"),
    ("Het geluid valt steeds weg als ik bel met de regio, wat kan ik doen?", "it"),
    ("My audio is choppy in every video call, how do I fix it?", "it"),
    ("Zeg, wat voor weer is het zaterdag bij de teamdag?", "weather"),
    ("Mijn camera werkt niet in de videocall, iedereen ziet zwart beeld", "it"),
])
def test_more_requests_outside_the_helpdesk(domains, question, domain):
    found = domains.find(question, "en" if question.startswith(("Could", "My")) else "nl")
    assert found is not None and found.domain == domain


def test_a_shared_spreadsheet_with_a_familys_details_is_no_it_question(domains):
    assert domains.find("Can I put a family's details in a shared spreadsheet?", "en") is None


@pytest.mark.parametrize("question", [
    "Mag ik de verslagen van een gezin op mijn eigen laptop thuis afmaken?",
    "Can I record my talk with the father on my phone's audio app without telling him?",
    "Ouders willen al mijn aantekeningen inzien. Tellen de notities op mijn laptop ook "
    "als dossier?",
])
def test_an_it_word_beside_a_familys_records_stays_legal(triage, question):
    """IT words keep the learnt legal model out of IT trouble, but do not overrule a
    question that names a person of a family or a record about one: that is about the
    family's data."""
    assert triage.assess(question).kind == "legal"


def test_a_subjectless_statement_after_an_offtopic_question_is_no_question(triage):
    """"Moet straks met de trein naar een Meet Up" tells; only the weather is asked."""
    verdict = triage.assess("Gaat het morgen sneeuwen? Moet straks met de trein naar een Meet Up")
    assert verdict.kind == "offtopic", verdict.reason


@pytest.mark.parametrize("question", [
    "Kan ik de reiskosten voor de Meet Up declareren?",
    "Is er een film over het toekomstscenario?",
])
def test_an_answer_that_ignores_the_outside_request_is_a_fallback(triage, question):
    """The question names a programme topic and asks something outside the helpdesk of
    it (claiming travel costs, a film) that the entry says nothing about: a fallback
    with the offer to forward, neither the entry nor "outside what I do"."""
    reply = triage.decide(question)
    assert reply.kind == "fallback", (reply.kind, reply.text)
    assert "helaas niet helpen" not in reply.text
