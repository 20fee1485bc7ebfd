"""The contact's side: legal questions become redacted tickets, fallbacks are kept
(redacted) and can be forwarded once, feedback is stored."""

from __future__ import annotations

from sqlalchemy import select

from handlers.messages import Action
from storage.models import Feedback, UnansweredQuestion
from tests.conftest import contact


def test_legal_question_becomes_redacted_ticket(services):
    text = ("Mag ik zonder toestemming gegevens delen? BSN 111222333, moeder bereikbaar op "
            "jan.jansen@example.nl of 06-12345678, geboren 01-02-2015.")
    (reply,) = services.router.handle(contact(text))
    assert reply.kind == "ticket" and reply.private
    assert "BSN" in reply.text and "e-mailadres" in reply.text
    ticket = services.tickets.get(int(reply.fields["ticket"]))
    for secret in ("111222333", "jan.jansen@example.nl", "06-12345678", "01-02-2015"):
        assert secret not in ticket.question
    assert ticket.redactions == {"email": 1, "bsn": 1, "date": 1, "phone": 1}


def test_juridisch_command_and_empty_command(services):
    (reply,) = services.router.handle(contact("/juridisch Wat is de bewaartermijn?"))
    assert reply.kind == "ticket"
    (empty,) = services.router.handle(contact("/juridisch   "))
    assert empty.kind == "error" and services.tickets.list()[-1].id == int(reply.fields["ticket"])


def test_fallback_is_stored_redacted_and_forwarded_once(services):
    (reply,) = services.router.handle(contact("Wat vindt de staatssecretaris? 0612345678"))
    assert reply.kind == "fallback"
    with services.db.session() as s:
        stored = s.scalars(select(UnansweredQuestion)).one()
    assert "0612345678" not in stored.question and "[telefoon]" in stored.question
    assert stored.redactions == {"phone": 1}
    assert "persoonsgegevens weggehaald: 1× telefoonnummer" in reply.text, "the asker is told"
    forward = next(c for c in reply.choices if c.action == "faq.forward_team")
    assert forward.value == str(stored.id)
    (first,) = services.router.handle(contact(action=Action(forward.action, forward.value)))
    assert first.kind == "ticket"
    assert "1× telefoonnummer" in first.text, "told again when forwarded"
    assert services.tickets.get(int(first.fields["ticket"])).redactions == {"phone": 1}
    (second,) = services.router.handle(contact(action=Action(forward.action, forward.value)))
    assert "al doorgestuurd" in second.text
    assert len(services.tickets.list()) == 1 and services.tickets.list()[0].queue == "team"


def test_someone_else_cannot_forward_my_question(services):
    (reply,) = services.router.handle(contact("Wat vindt de staatssecretaris van de begroting?"))
    value = reply.choices[0].value
    (other,) = services.router.handle(contact(action=Action("faq.forward_legal", value),
                                              user="someone-else"))
    assert other.kind == "error" and services.tickets.list() == []


def test_feedback_is_stored(services):
    (answer,) = services.router.handle(contact("Wat zijn de basisbouwstenen?"))
    assert answer.kind == "answer" and answer.source
    up = next(c for c in answer.choices if c.value.startswith("up:"))
    services.router.handle(contact(action=Action(up.action, up.value)))
    (bad,) = services.router.handle(contact(action=Action("faq.feedback", "up:no-such-entry")))
    assert bad.kind == "error"
    with services.db.session() as s:
        rows = s.scalars(select(Feedback)).all()
    assert [(r.entry_id, r.helpful) for r in rows] == [(answer.entry_id, True)]


def test_clarify_pick_answers_the_chosen_entry(services, triage):
    (reply,) = services.router.handle(contact(action=Action("faq.pick", "ring-1")))
    assert reply.kind == "answer" and reply.entry_id == "ring-1"


def test_clarify_pick_keeps_the_askers_language(services, triage):
    (english,) = services.router.handle(contact(action=Action("faq.pick", "en:ring-1")))
    (dutch,) = services.router.handle(contact(action=Action("faq.pick", "nl:ring-1")))
    assert english.text == triage.kb.get("ring-1").answer_en
    assert dutch.text == triage.kb.get("ring-1").answer


def test_a_fallback_without_personal_data_says_nothing_about_removing_it(services):
    (reply,) = services.router.handle(contact("Wat vindt de staatssecretaris van de begroting?"))
    assert reply.kind == "fallback" and "weggehaald" not in reply.text
    with services.db.session() as s:
        assert s.scalars(select(UnansweredQuestion)).one().redactions == {}


def test_a_long_legal_question_is_redacted_before_it_is_cut(services):
    text = ("Mag ik zonder toestemming gegevens delen? " + "Context. " * 490
            + "Moeder belt vanaf 06-12345678 en haar BSN is 111222333.")
    assert len(text) > 4000
    (reply,) = services.router.handle(contact(text))
    ticket = services.tickets.get(int(reply.fields["ticket"]))
    assert len(ticket.question) <= 4000 + len(" […]") and ticket.question.endswith("[…]")
    assert "06-1" not in ticket.question and "1112" not in ticket.question
    assert ticket.redactions == {"phone": 1, "bsn": 1}
