"""The real knowledge base says what the programme texts say: complete lists in the
source's order, no partner placed in a working group the texts do not place it in,
English source lines, and every fact of the texts covered by some answer."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.coverage import coverage
from knowledge.loader import load_knowledge_base
from knowledge.normalize import fold

KB = load_knowledge_base()
SOURCES_DIR = Path(__file__).resolve().parents[3] / "shared" / "sources"

# The lists exactly as 003 (co-creatie 2024) gives them, in its order.
BASISBOUWSTENEN = ["samenwerkingsconstruct", "lokale (wijk)teams", "volwassenenproblematiek",
                   "cultuurverandering"]
VERDIEPEND = ["Integrale sturing en monitoring", "Verbinding zorg en straf",
              "Verbinding volwassenenproblematiek", "Dossiervorming en gegevensuitwisseling",
              "Basishandelingskader", "Ervaringsdeskundigheid", "Lerende organisatie",
              "Reflectie en intervisie"]
WERKGROEPEN = ["Versterking lokale teams", "Regionale veiligheidsteams", "Handelingskader",
               "Informatievoorziening", "Kennis- en leerinfrastructuur",
               "Wetgeving, rechtsbescherming en interventies"]
RING_1 = ["Associatie Wijkteams", "Raad voor de Kinderbescherming", "Gecertificeerde Instellingen",
          "Veilig Thuis"]
RING_2 = ["gemeenten", "Politie", "Nederlandse GGZ", "Jeugdzorg Nederland", "onderwijs",
          "Rechterlijke Macht", "Openbaar Ministerie", "3RO", "huisartsen", "kennisinstituten",
          "vrouwenopvang", "GGD GHOR Nederland", "Divosa", "Sociaal Werk Nederland"]
# Partner names that are not also everyday words ("gemeenten", "onderwijs").
PARTNER_NAMES = RING_1 + [p for p in RING_2 if p not in ("gemeenten", "onderwijs")]
SPECIFIC_WORKING_GROUPS = ["werkgroep-lokale-teams", "werkgroep-regionale-veiligheidsteams",
                           "werkgroep-handelingskader", "werkgroep-informatievoorziening",
                           "werkgroep-kennis-leerinfrastructuur", "werkgroep-wetgeving"]
# Sentences of the texts that state no fact a person would ask the bot for.
NOT_FACTS = ("We willen alle regio’s hartelijk danken",
             "De volgende bestanden zijn bijgevoegd",
             "Vervolgens beschrijven we hoe we de samenwerking vormgeven")


def in_order(text: str, items: list[str]) -> bool:
    """Every item occurs in `text`, each after the previous one."""
    folded, position = fold(text), 0
    for item in items:
        found = folded.find(fold(item), position)
        if found < 0:
            return False
        position = found + len(item)
    return True


def answers(entry_id: str) -> list[str]:
    entry = KB.get(entry_id)
    assert entry is not None, entry_id
    return [entry.answer] + ([entry.answer_en] if entry.answer_en else [])


@pytest.mark.parametrize(("entry_id", "items"), [
    ("basisbouwstenen", BASISBOUWSTENEN),
    ("verdiepende-bouwstenen", VERDIEPEND),
    ("werkgroepen", WERKGROEPEN),
    ("ring-1", RING_1),
    ("ring-2", RING_2),
    ("partners-overzicht", RING_1 + RING_2),
    ("werkgroep-deelnemers", RING_1 + RING_2),
])
def test_lists_are_complete_and_in_the_sources_order(entry_id, items):
    for text in answers(entry_id):
        assert in_order(text, items), (entry_id, text[:80])


def test_an_answer_that_names_ring_2_partners_names_all_of_them():
    """No "onder meer" lists: three or more ring 2 names means the whole ring, in order."""
    partial = []
    for entry in KB.entries:
        for text in answers(entry.id):
            named = [p for p in RING_2[1:] if fold(p) in fold(text)]
            if len(named) >= 3 and not in_order(text, RING_2):
                partial.append(entry.id)
    assert partial == []


@pytest.mark.parametrize("entry_id", SPECIFIC_WORKING_GROUPS)
def test_no_partner_is_placed_in_a_particular_working_group(entry_id):
    """The texts say which partners take part in the working groups, not which in which."""
    for text in answers(entry_id):
        placed = [name for name in PARTNER_NAMES if fold(name) in fold(text)]
        assert placed == [], (entry_id, placed)
        assert "staat niet in de informatie" in text or "not in the information" in text


def test_every_source_has_an_english_title():
    assert [key for key, source in KB.sources.items() if not source.title_en] == []


def test_english_answers_get_an_english_source_line():
    entry = KB.get("werkgroepen")
    line = KB.source_title(entry, english=True)
    assert line.startswith("Co-creation with partners") and "Dutch article" in line
    assert KB.source_title(entry) == KB.sources[entry.source].title


def test_every_fact_of_the_sources_is_covered():
    if not SOURCES_DIR.is_dir():
        pytest.skip("../shared/sources is not beside this clone")
    texts = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(SOURCES_DIR.glob("*.txt"))]
    uncovered = [r.sentence.text for r in coverage(texts, KB).uncovered]
    assert [t for t in uncovered if not t.startswith(NOT_FACTS)] == []
