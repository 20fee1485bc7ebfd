"""Staff actions on tickets: authorization, refusals, what gets enqueued."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from handlers.messages import Action
from storage.outbox_models import OutboxMessage
from storage.tickets import CLAIMED, OPEN
from tests.conftest import contact, staff

LEGAL_QUESTION = "Mag ik zonder toestemming gegevens delen met de Raad voor de Kinderbescherming?"


def outbox_rows(services):
    with services.db.session() as s:
        return [(r.key, r.mode, r.target) for r in
                s.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()]


def snapshot(services, ticket_id):
    t = services.tickets.get(ticket_id)
    return (t.status, t.claimed_by, t.answer, t.version, len(services.tickets.events(ticket_id)))


@pytest.fixture
def ticket_id(services):
    (reply,) = services.router.handle(contact(LEGAL_QUESTION))
    assert reply.kind == "ticket"
    return int(reply.fields["ticket"])


STAFF_COMMANDS = ["/tickets", "/claim {n}", "/answer {n} Nee.", "/release {n}", "/close {n}",
                  "/reopen {n}"]
STAFF_ACTIONS = ["ticket.claim", "ticket.answer", "ticket.release", "ticket.close",
                 "ticket.reopen"]


@pytest.mark.parametrize("command", STAFF_COMMANDS)
def test_non_staff_commands_are_refused_and_change_nothing(services, ticket_id, command):
    before, rows = snapshot(services, ticket_id), outbox_rows(services)
    (reply,) = services.router.handle(contact(command.format(n=ticket_id)))
    assert reply.private and "Alleen medewerkers" in reply.text
    assert snapshot(services, ticket_id) == before and outbox_rows(services) == rows


@pytest.mark.parametrize("name", STAFF_ACTIONS)
def test_non_staff_buttons_are_refused_and_change_nothing(services, ticket_id, name):
    before, rows = snapshot(services, ticket_id), outbox_rows(services)
    action = Action(name, str(ticket_id), {"text": "Mijn antwoord"})
    (reply,) = services.router.handle(contact(action=action))
    assert "Alleen medewerkers" in reply.text
    assert snapshot(services, ticket_id) == before and outbox_rows(services) == rows


def test_claim_enqueues_card_update_and_second_claim_names_holder(services, ticket_id):
    (reply,) = services.router.handle(staff(f"/claim {ticket_id}", user="anna"))
    assert "opgepakt" in reply.text
    assert services.tickets.get(ticket_id).status == CLAIMED
    assert (f"ticket:{ticket_id}:card:v2", "update", "staff") in outbox_rows(services)
    (other,) = services.router.handle(staff(action=Action("ticket.claim", str(ticket_id)),
                                            user="bram"))
    assert "al opgepakt door anna" in other.text


def test_answer_goes_privately_to_asker(services, ticket_id):
    services.router.handle(staff(f"/answer {ticket_id} Nee, niet zonder grondslag.", user="anna"))
    rows = outbox_rows(services)
    direct = [r for r in rows if r[1] == "direct"]
    assert direct == [(f"ticket:{ticket_id}:answer:v2", "direct", "contact-1")]


@pytest.mark.parametrize("text", ["", "   ", "🙂", "x" * 6001])
def test_bad_answers_are_refused_and_nothing_sent(services, ticket_id, text):
    rows = outbox_rows(services)
    (reply,) = services.router.handle(staff(f"/answer {ticket_id} {text}"))
    assert reply.private and services.tickets.get(ticket_id).status == OPEN
    assert outbox_rows(services) == rows


@pytest.mark.parametrize("command", ["/claim", "/claim abc", "/answer", "/close x"])
def test_usage_errors(services, command):
    (reply,) = services.router.handle(staff(command))
    assert reply.kind == "error" and "Gebruik" in reply.text


def test_list_and_unknown_ticket(services, ticket_id):
    (listing,) = services.router.handle(staff("/tickets"))
    assert f"#{ticket_id}" in listing.text and "[BSN]" not in listing.text
    (missing,) = services.router.handle(staff("/claim 999"))
    assert "bestaat niet" in missing.text


def test_close_without_answer_tells_the_asker(services, ticket_id):
    services.router.handle(staff(f"/close {ticket_id}"))
    assert (f"ticket:{ticket_id}:closed:v2", "direct", "contact-1") in outbox_rows(services)


def test_release_by_other_staff_refused_admin_allowed(services, ticket_id):
    services.router.handle(staff(f"/claim {ticket_id}", user="anna"))
    (refused,) = services.router.handle(staff(f"/release {ticket_id}", user="bram"))
    assert "Alleen wie" in refused.text
    (ok,) = services.router.handle(staff(f"/release {ticket_id}", user="chef", admin=True))
    assert "weer vrij" in ok.text and services.tickets.get(ticket_id).status == OPEN


def test_cards_and_refusals_show_the_staff_members_name(services, ticket_id):
    services.router.handle(staff(f"/claim {ticket_id}", user="aad-123", user_name="Anna Jurist"))
    from handlers.ticket_cards import staff_card
    assert "opgepakt door Anna Jurist" in staff_card(services.tickets.get(ticket_id)).text
    (other,) = services.router.handle(staff(f"/claim {ticket_id}", user="bram"))
    assert "al opgepakt door Anna Jurist" in other.text
    services.router.handle(staff(f"/release {ticket_id}", user="aad-123"))
    assert services.tickets.get(ticket_id).claimed_by_name is None
