"""Entries approved in the console are served at once, in this process and (through
the knowledge revision in the database) in every other one."""

from __future__ import annotations

from bot.bootstrap import build_services
from handlers.messages import Action, Incoming
from handlers.ticket_cards import Destinations
from tests.conftest import contact, make_settings

QUESTION = "Hoe vraag ik een sleutel voor de kluis van de regio aan?"
ENTRY = {
    "id": "kluissleutel-regio", "title": "Sleutel van de regiokluis",
    "answer": "Een sleutel voor de regiokluis vraag je aan bij het secretariaat van de regio.",
    "questions": [QUESTION, "Waar krijg ik een kluissleutel van de regio?",
                  "Wie geeft de sleutel van de regiokluis uit?", "Kluissleutel regio aanvragen",
                  "Ik heb een sleutel van de kluis nodig",
                  "How do I get a key to the regional safe?"],
    "tags": ["regio"], "source": "co-creatie-2024",
}


def _approve(services) -> None:
    drafts = services.console.drafts
    draft = drafts.create(ENTRY, "slack:A")
    assert drafts.approve(draft.id, "slack:B", draft.version).ok


def test_an_approved_entry_is_answered_without_a_restart(services):
    [before] = services.router.handle(contact(QUESTION))
    assert before.entry_id != "kluissleutel-regio"
    _approve(services)
    assert services.console.knowledge.refresh()
    [after] = services.router.handle(contact(QUESTION))
    assert after.kind == "answer" and after.entry_id == "kluissleutel-regio"
    assert services.router.faq.triage.kb.get("kluissleutel-regio") is not None
    assert services.console.knowledge.current is services.router.faq.triage
    assert not services.console.knowledge.refresh(), "nothing changed since"
    # feedback on the new entry is accepted (the desk knows it)
    action = Incoming(platform="shell", conversation="c", user="u",
                      action=Action("faq.feedback", "up:kluissleutel-regio"))
    [thanks] = services.router.handle(action)
    assert thanks.kind == "notice"


def test_another_process_picks_the_approval_up(services, database_url, triage):
    other = build_services(make_settings(database_url=database_url), destinations=Destinations(),
                           triage=triage)
    try:
        _approve(services)
        assert other.console.knowledge.refresh()
        [reply] = other.router.handle(contact(QUESTION))
        assert reply.entry_id == "kluissleutel-regio"
        draft = services.console.drafts.approved()[0]
        assert services.console.drafts.withdraw(draft.id, "slack:A").ok
        assert other.console.knowledge.refresh()
        [reply] = other.router.handle(contact(QUESTION))
        assert reply.entry_id != "kluissleutel-regio"
    finally:
        other.db.dispose()
