"""The legal lexicon: which questions need a lawyer, and which only mention the law."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from knowledge.legal import DEFAULT_LEXICON, LegalLexicon


class SilentModel:
    """The learnt model, switched off: these tests weigh the lexicon's own signals."""

    def probability(self, text: str) -> float:
        return 0.0

    def evidence(self, text: str, n: int = 5) -> list:
        return []


@pytest.fixture(scope="module")
def lexicon() -> LegalLexicon:
    return LegalLexicon(model=SilentModel())


@pytest.fixture(scope="module")
def full_lexicon() -> LegalLexicon:
    return LegalLexicon()


def test_the_model_counts_as_a_hard_signal():
    """A plain-word dilemma no lexicon pattern knows is legal through the model."""
    full = LegalLexicon()
    text = "Mag ik de sportcoach van haar zoon even bijpraten over wat er thuis gebeurt?"
    assessed = full.assess(text)
    assert assessed.probability >= 0.7 and any(s.startswith("model:") for s in assessed.labels)
    assert assessed.is_legal
    assert not full.assess("Wat zijn de basisbouwstenen van het programma?").is_legal


def _raw() -> dict:
    return yaml.safe_load(DEFAULT_LEXICON.read_text(encoding="utf-8"))


# -- the lexicon file ---------------------------------------------------------

def test_lexicon_file_is_well_formed():
    data = _raw()
    labels = [s["label"] for s in data["signals"]]
    assert data["threshold"] > 0
    assert len(labels) == len(set(labels)), "labels must be unique"
    assert {"hard", "meta"} <= {s["kind"] for s in data["signals"]}
    for signal in data["signals"]:
        re.compile(signal["pattern"])
        assert signal["weight"] > 0


# One question per label: every signal fires on something (none is dead).
LABEL_EXAMPLES = {
    "privacywet": "Valt dit onder de AVG?",
    "toestemming": "Hebben we toestemming van de ouders nodig?",
    "geheimhouding": "Geldt het beroepsgeheim ook voor wijkteams?",
    "aansprakelijkheid": "Is de gemeente aansprakelijk als het misgaat?",
    "grondslag": "What is the legal basis for this?",
    "bewaartermijn": "Wat is de bewaartermijn van een dossier?",
    "maatregel": "Wanneer is een OTS nodig?",
    "meldplicht": "Moet ik de meldcode volgen?",
    "rechtsmiddel": "Hoe maak ik bezwaar tegen het besluit?",
    "rechten-betrokkene": "Hebben ouders recht op inzage in het dossier?",
    "wet": "Wat zegt de jeugdwet hierover?",
    "privacy": "Hoe gaan we om met persoonsgegevens?",
    "gegevens-delen": "Kunnen we gegevens delen met de school?",
    "mag-het": "Mag ik dat zomaar doen?",
    "verplicht": "Is dat verplicht?",
    "juridische-vraag": "Ik heb een juridische vraag",
    "juridisch": "Is dat juridisch handig?",
}


def test_every_label_has_an_example():
    assert set(LABEL_EXAMPLES) == {s["label"] for s in _raw()["signals"]}


@pytest.mark.parametrize(("label", "question"), sorted(LABEL_EXAMPLES.items()))
def test_each_signal_fires(lexicon, label, question):
    assert label in lexicon.assess(question).labels


def test_hard_and_meta_signals(lexicon):
    meta = lexicon.assess("Ik heb een juridische vraag over de Meet Ups")
    assert meta.is_legal and meta.only_meta
    assert set(meta.labels) == {"juridische-vraag", "juridisch"}
    hard = lexicon.assess("Mag ik zonder toestemming van de ouders gegevens delen?")
    assert hard.is_legal and not hard.only_meta
    assert {"toestemming", "gegevens-delen", "mag-het",
            "situatie:informatie-delen"} <= set(hard.labels)
    # 2.0 + 1.0 + 1.0 from the lexicon, and the threshold for the recognised situation
    assert hard.score == pytest.approx(4.0 + lexicon.threshold)


def test_weights_add_up_to_the_threshold(lexicon):
    """Two 1.0 signals make a legal question; one does not."""
    one = lexicon.assess("Is dat verplicht?")
    assert one.score == 1.0 and not one.is_legal
    two = lexicon.assess("Mag ik dat, is het verplicht?")
    assert two.score == pytest.approx(lexicon.threshold) and two.is_legal


def test_matching_uses_the_normalised_text(lexicon):
    """'OTS' is only a signal after normalisation expands it."""
    assert lexicon.assess("Wanneer volgt een OTS?").labels == ("maatregel",)
    assert lexicon.assess("WAT ZEGT DE AVG?").is_legal


@pytest.mark.parametrize(
    "question",
    [
        "Mag ik zonder toestemming van de ouders gegevens delen met de school?",
        "Valt het delen van een signaal onder de AVG?",
        "Geldt het beroepsgeheim ook voor het wijkteam?",
        "Is de gemeente aansprakelijk als het misgaat?",
        "Hoe lang is de bewaartermijn van een dossier?",
        "Wanneer kan de kinderrechter een OTS uitspreken?",
        "Kunnen ouders bezwaar maken tegen het besluit?",
        "Hoe maak ik bezwaar tegen het besluit?",
        "What is the legal basis for sharing data with the police?",
        "Do we need consent from both parents?",
        "Are we allowed to share personal data with the school?",
        # the legal basis and processing data, asked about a programme topic
        "Op welke grondslag mag een gemeente gegevens verwerken in het veiligheidsteam?",
        "On what basis may partners process data about families in the safety team?",
    ],
)
def test_legal_questions(lexicon, triage, question):
    assert lexicon.assess(question).is_legal
    reply = triage.decide(question)
    assert reply.kind == "legal"
    assert reply.entry_id is None


@pytest.mark.parametrize(
    ("question", "entry_id"),
    [
        ("Wat doet de werkgroep wetgeving?", "werkgroep-wetgeving"),
        ("werkgroep wetgeving rechtsbescherming en interventies", "werkgroep-wetgeving"),
        ("Wat houdt de bouwsteen juridische systeemgerichte interventies in?",
         "bouwsteen-zorg-en-straf"),
        ("Hoe bereik ik de juridische helpdesk?", "juridische-helpdesk"),
        ("Where do I go with a legal question?", "juridische-helpdesk"),
        ("Wanneer is het inloopuur voor juridische vragen?", "inloopuur"),
        ("Is there a walk-in hour for legal questions?", "inloopuur"),
    ],
)
def test_questions_about_legal_things_stay_answers(triage, question, entry_id):
    reply = triage.decide(question)
    assert (reply.kind, reply.entry_id) == ("answer", entry_id)


def test_about_legal_needs_only_meta_signals(triage):
    """A hard signal wins over an about-legal entry: it is a question for a lawyer."""
    reply = triage.decide("Mag het inloopuur voor juridische vragen persoonsgegevens delen?")
    assert reply.kind == "legal"


# -- broken lexicon files -----------------------------------------------------

def _write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "lexicon.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def _signal(**overrides) -> dict:
    return {"label": "x", "kind": "hard", "weight": 2.0, "pattern": r"\bavg\b", **overrides}


def test_small_valid_lexicon(tmp_path):
    lexicon = LegalLexicon(_write(tmp_path, {"threshold": 2.0, "signals": [_signal()]}))
    assert lexicon.assess("Geldt de AVG?").is_legal
    assert not lexicon.assess("Geldt de wet?").is_legal


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"threshold": 2.0, "signals": [_signal(pattern="(avg")]},
         r"signals\.0\.pattern\s+Value error, bad regular expression"),
        ({"threshold": 2.0, "signals": [_signal(kind="soft")]},
         r"signals\.0\.kind\s+String should match pattern '\^\(hard\|meta"),
        ({"threshold": 2.0, "signals": [_signal(weight=0)]}, "weight"),
        ({"threshold": 0, "signals": [_signal()]}, "threshold"),
        ({"threshold": 2.0, "signals": []}, "signals"),
        ({"signals": [_signal()]}, "threshold"),
        ({"threshold": 2.0, "signals": [_signal(colour="red")]}, "colour"),
    ],
)
def test_broken_lexicon_is_rejected(tmp_path, data, expected):
    with pytest.raises(ValueError, match=expected):
        LegalLexicon(_write(tmp_path, data))


def test_a_denied_legal_question_is_no_legal_signal(lexicon):
    """'Ik heb geen juridische vraag hoor' says the opposite of 'ik heb een juridische
    vraag'."""
    assert "juridische-vraag" not in lexicon.assess(
        "Ik heb geen juridische vraag hoor, hoe sluiten wij aan bij de ontwikkelgroep?").labels
    assert "juridische-vraag" not in lexicon.assess("This is not a legal question.").labels
    assert "juridische-vraag" in lexicon.assess("Ik heb een juridische vraag.").labels


def test_the_model_is_not_asked_about_it_trouble_but_is_about_a_story_with_a_hobby():
    """A message that names something no story about a family holds (a VPN, a
    printer) is not the model's to call legal; a football coach in a story is."""
    full = LegalLexicon()
    vpn = ("Ik werk vandaag thuis en de VPN van de gemeente geeft een foutmelding, "
           "waardoor ik niet bij mijn bestanden kan. Kun jij me helpen?")
    assert full.offtopic.outside_any_story(vpn) is not None
    assert full.assess(vpn).probability == 0.0
    coach = "Mag ik de voetbaltrainer van haar zoon even bijpraten over wat er thuis gebeurt?"
    assert full.offtopic.outside_any_story(coach) is None
    assert full.assess(coach).is_legal


@pytest.mark.parametrize("text", [
    "Hoi! Wij gaan in de zomer met de kinderen (4 en 7) twee weken kamperen in Frankrijk. "
    "Weet jij of we beter met de auto kunnen of met de trein, en mag ik mijn vrije dagen "
    "van vorig jaar nog meenemen?",
    "Goedemorgen, mijn zoontje van 3 is ziek en de opvang wil hem niet hebben. Ik moet "
    "vandaag eigenlijk naar een regio-overleg. Moet ik dat als zorgverlof opgeven bij mijn "
    "leidinggevende of kan ik gewoon thuiswerken?",
    "Hi, my daughter's school is closed tomorrow and my partner is abroad. Can I bring her "
    "to the office for the afternoon meeting, or should I take a day off? Who do I ask "
    "about that?",
])
def test_a_story_about_ones_own_work_or_family_life_is_no_dilemma(full_lexicon, text):
    """Long, chatty, first-person messages about leave, travel or expenses are no legal
    dilemma, however much they say "moet ik" and "mag ik" about children and managers
    (the model once learnt "long and chatty" as legal)."""
    assert not full_lexicon.assess(text).is_legal, full_lexicon.assess(text)
