"""Console entries: form <-> data, validation like `kb check`, merging with YAML."""

from __future__ import annotations

from handlers.drafts import (
    check_draft,
    data_from_form,
    entries_from,
    form_from_data,
    merged,
    to_yaml_data,
)

FORM = {
    "id": "Kluissleutel-Regio ", "title": "Sleutel van de regiokluis", "title_en": "",
    "answer": "Vraag hem aan bij het secretariaat.\r\nDank.", "answer_en": "",
    "questions": "Hoe krijg ik een kluissleutel?\nWaar haal ik de sleutel van de kluis?\n\n"
                 "Kluissleutel aanvragen\nWie geeft kluissleutels uit?\nIk heb een "
                 "kluissleutel nodig\nHow do I get a key to the safe?",
    "tags": "Regio, kluis, ", "source": "co-creatie-2024", "source_url": "",
}


def test_form_to_data_and_back():
    data = data_from_form(FORM)
    assert data["id"] == "kluissleutel-regio" and data["tags"] == ["regio", "kluis"]
    assert len(data["questions"]) == 6 and "title_en" not in data
    assert data["answer"] == "Vraag hem aan bij het secretariaat.\nDank."
    assert data["about_legal"] is False
    again = data_from_form(form_from_data(data))
    assert again == data


def test_a_valid_draft_passes(triage):
    check = check_draft(data_from_form(FORM), triage.kb)
    assert check.ok and check.entry.id == "kluissleutel-regio" and not check.messages()


def test_schema_problems_are_per_field(triage):
    form = {**FORM, "id": "Geen slug!", "questions": "een\ntwee", "answer": "  "}
    check = check_draft(data_from_form(form), triage.kb)
    assert not check.ok and {"id", "questions", "answer"} <= set(check.problems)


def test_cross_checks_against_the_served_knowledge_base(triage):
    existing = triage.kb.entries[0]
    duplicate = check_draft({**data_from_form(FORM), "id": existing.id}, triage.kb)
    assert any("duplicate id" in m for m in duplicate.messages())
    stolen = data_from_form({**FORM, "questions": FORM["questions"] + "\n" +
                             existing.questions[0]})
    assert any("conflicts with entry" in m for m in check_draft(stolen, triage.kb).messages())
    unknown = check_draft({**data_from_form(FORM), "source": "nergens"}, triage.kb)
    assert any("unknown source" in m for m in unknown.messages())
    same_title = check_draft({**data_from_form(FORM), "title": existing.title}, triage.kb)
    assert any("share the title" in m for m in same_title.messages())


def test_merge_adds_new_entries_and_yaml_wins(triage):
    new = check_draft(data_from_form(FORM), triage.kb).entry
    clash = triage.kb.entries[0].model_copy(update={"title": "Ander"})
    kb = merged(triage.kb, [new, clash])
    assert len(kb) == len(triage.kb) + 1 and kb.get(clash.id).title != "Ander"
    assert entries_from([new.model_dump(), {"id": "kapot"}]) == [new]
    assert set(to_yaml_data(new)) == {"id", "title", "answer", "questions", "tags", "source"}
