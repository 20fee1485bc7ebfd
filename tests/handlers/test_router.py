"""Router: a message handled twice (after a crash) makes one ticket, commands, unknown
input, errors contained."""

from __future__ import annotations

from handlers.messages import Action
from tests.conftest import contact, staff


def test_the_same_stored_message_handled_twice_makes_one_ticket(services):
    question = "Mag ik het dossier delen met school?"
    first = services.router.handle(contact(question, event_id="Ev1"))
    again = services.router.handle(contact(question, event_id="Ev1"))
    assert first[0].kind == "ticket" and again[0].text == first[0].text
    other = services.router.handle(contact(question, event_id="Ev2"))
    assert "ticket #2" in other[0].text
    assert len(services.tickets.list()) == 2


def test_queue_commands_come_from_the_registry(services):
    (legal,) = services.router.handle(contact("/legal Mag ik delen?"))
    (team,) = services.router.handle(contact("/team Wanneer is de nieuwsbrief?"))
    (empty,) = services.router.handle(contact("/programmateam"))
    assert "juridische helpdesk als ticket #1" in legal.text
    assert "programmateam als ticket #2" in team.text
    assert "/programmateam Wanneer" in empty.text and empty.kind == "error"
    (help_reply,) = services.router.handle(contact("/help"))
    assert "/juridisch <vraag>" in help_reply.text and "/programmateam <vraag>" in help_reply.text


def test_unknown_command_and_button(services):
    (reply,) = services.router.handle(contact("/bestaatniet"))
    assert "ken ik niet" in reply.text
    (button,) = services.router.handle(contact(action=Action("nope", "1")))
    assert button.kind == "error"


def test_help_shows_staff_commands_only_to_staff(services):
    (mine,) = services.router.handle(contact("/help"))
    (theirs,) = services.router.handle(staff("/help"))
    assert "/claim" not in mine.text and "/claim" in theirs.text


def test_an_exception_becomes_an_apology(services, monkeypatch):
    def broken(_incoming):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(services.router.faq, "ask", broken)
    (reply,) = services.router.handle(contact("Wat is een proeftuin?"))
    assert reply.kind == "error" and "Sorry" in reply.text
