"""Router: dedupe of platform retries, commands, unknown input, errors contained."""

from __future__ import annotations

from handlers.messages import Action
from tests.conftest import contact, staff


def test_same_event_id_is_handled_once(services):
    first = services.router.handle(contact("Mag ik het dossier delen met school?",
                                           event_id="Ev1"))
    again = services.router.handle(contact("Mag ik het dossier delen met school?",
                                           event_id="Ev1"))
    assert first[0].kind == "ticket" and again == []
    assert len(services.tickets.list()) == 1


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
