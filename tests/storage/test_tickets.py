"""Ticket repository: lifecycle transitions, audit trail, concurrency, retention.
Every test runs on SQLite and (with HELPDESK_TEST_POSTGRES_URL) on PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from storage.models import TicketEvent, UnansweredQuestion, utcnow
from storage.outbox import OutboxItem
from storage.outbox_models import OutboxMessage
from storage.tickets import (
    ANSWERED,
    CLAIMED,
    CLOSED,
    OPEN,
    PURGED_TEXT,
    AlreadyForwarded,
    TicketRepository,
)
from tests.storage.conftest import race


@pytest.fixture
def tickets(db):
    return TicketRepository(db)


def new_ticket(tickets: TicketRepository, **kw):
    fields = dict(queue="legal", platform="slack", conversation="C1", thread="1.2", asker="U1",
                  language="nl", question="Mag dat?", redactions={"bsn": 1})
    fields.update(kw)
    return tickets.create(**fields)


def test_create_stores_ticket_event_and_outbox_rows_together(db, tickets):
    ticket = new_ticket(tickets, after=lambda t: [
        OutboxItem(f"ticket:{t.id}:card", "slack", "CSTAFF", {"text": "card"})])
    assert ticket.status == OPEN and ticket.redactions == {"bsn": 1}
    assert [e[0] for e in tickets.events(ticket.id)] == ["created"]
    with db.session() as s:
        rows = s.scalars(select(OutboxMessage)).all()
    assert [(r.key, r.target) for r in rows] == [(f"ticket:{ticket.id}:card", "CSTAFF")]


def test_failing_after_hook_leaves_nothing_behind(db, tickets):
    def boom(_ticket):
        raise RuntimeError("rendering failed")

    with pytest.raises(RuntimeError):
        new_ticket(tickets, after=boom)
    assert tickets.list() == []
    with db.session() as s:
        assert s.scalars(select(TicketEvent)).all() == []


def test_full_lifecycle_and_audit_trail(tickets):
    t = new_ticket(tickets)
    assert tickets.claim(t.id, "slack:S1").ok
    assert tickets.answer(t.id, "slack:S1", "Ja, onder voorwaarden.").ticket.status == ANSWERED
    assert tickets.close(t.id, "slack:S1").ticket.status == CLOSED
    assert tickets.reopen(t.id, "slack:S2").ticket.status == OPEN
    trail = tickets.events(t.id)
    assert [(a, who) for a, who, _, _ in trail] == [
        ("created", "slack:U1"), ("claimed", "slack:S1"), ("answered", "slack:S1"),
        ("closed", "slack:S1"), ("reopened", "slack:S2")]
    times = [at for *_, at in trail]
    assert times == sorted(times) and all(at.tzinfo is not None for at in times)


def test_claimed_ticket_refuses_other_staff_and_names_holder(tickets):
    t = new_ticket(tickets)
    assert tickets.claim(t.id, "slack:S1").ok
    second = tickets.claim(t.id, "slack:S2")
    assert not second.ok and second.reason == "claimed_by_other"
    assert second.ticket.claimed_by == "slack:S1"
    refused = tickets.answer(t.id, "slack:S2", "mijn antwoord")
    assert not refused.ok and tickets.get(t.id).answer is None


def test_release_only_by_claimer_or_admin(tickets):
    t = new_ticket(tickets)
    tickets.claim(t.id, "slack:S1")
    assert not tickets.release(t.id, "slack:S2").ok
    assert tickets.release(t.id, "slack:S2", is_admin=True).ok
    assert tickets.get(t.id).status == OPEN and tickets.get(t.id).claimed_by is None


def test_answer_on_open_ticket_claims_it(tickets):
    t = new_ticket(tickets)
    result = tickets.answer(t.id, "slack:S1", "Antwoord")
    assert result.ok and result.ticket.claimed_by == "slack:S1"


def test_transitions_on_missing_or_closed_ticket(tickets):
    assert tickets.claim(999, "slack:S1").reason == "not_found"
    t = new_ticket(tickets)
    tickets.close(t.id, "slack:S1")
    assert tickets.claim(t.id, "slack:S1").reason == "wrong_status"
    assert not tickets.close(t.id, "slack:S1").ok


def test_version_increases_with_every_transition(tickets):
    t = new_ticket(tickets)
    v1 = tickets.claim(t.id, "slack:S1").ticket.version
    v2 = tickets.release(t.id, "slack:S1").ticket.version
    assert t.version < v1 < v2


def test_twenty_concurrent_claims_exactly_one_wins(database_url, db):
    """20 threads, each with its own engine (own connections), claim at once."""
    ticket = new_ticket(TicketRepository(db))
    results = race(database_url, 20,
                   lambda engine, n: TicketRepository(engine).claim(ticket.id, f"slack:S{n}"))
    winners = [r for r in results if r.ok]
    assert len(winners) == 1
    holder = winners[0].ticket.claimed_by
    assert all(r.reason == "claimed_by_other" and r.ticket.claimed_by == holder
               for r in results if not r.ok)
    final = TicketRepository(db).get(ticket.id)
    assert final.status == CLAIMED and final.claimed_by == holder
    assert [a for a, *_ in TicketRepository(db).events(ticket.id)].count("claimed") == 1


def test_purge_anonymises_old_closed_tickets_only(db, tickets):
    old = new_ticket(tickets, question="Oud geheim")
    tickets.close(old.id, "slack:S1")
    recent = new_ticket(tickets, question="Recent")
    tickets.close(recent.id, "slack:S1")
    still_open = new_ticket(tickets, question="Open")
    # Age the first one beyond the retention period.
    from storage.models import Ticket
    with db.session() as s:
        s.get(Ticket, old.id).closed_at = utcnow() - timedelta(days=200)
        s.add(UnansweredQuestion(platform="slack", conversation="C", asker="U", question="x",
                                 created_at=utcnow() - timedelta(days=200)))
    assert tickets.purge(utcnow() - timedelta(days=180)) == 1
    purged = tickets.get(old.id)
    assert purged.question == PURGED_TEXT and purged.asker is None and purged.answer is None
    assert tickets.get(recent.id).question == "Recent"
    assert tickets.get(still_open.id).question == "Open"
    assert [a for a, *_ in tickets.events(old.id)][-1] == "anonymised"
    assert tickets.reopen(old.id, "slack:S1").reason == "wrong_status"
    with db.session() as s:
        assert s.scalars(select(UnansweredQuestion)).all() == []
    assert tickets.purge(utcnow() - timedelta(days=180)) == 0


def test_create_from_unanswered_links_once(db, tickets):
    with db.session() as s:
        q = UnansweredQuestion(platform="slack", conversation="C", asker="U", question="vraag")
        s.add(q)
        s.flush()
        qid = q.id
    first = new_ticket(tickets, from_unanswered=qid)
    with pytest.raises(AlreadyForwarded):
        new_ticket(tickets, from_unanswered=qid)
    assert [t.id for t in tickets.list()] == [first.id]


def test_unclaimed_before_for_sla_nudges(tickets):
    t = new_ticket(tickets)
    later = utcnow() + timedelta(hours=1)
    assert [x.id for x in tickets.unclaimed_before(later, later)] == [t.id]
    tickets.mark_nudged(t.id, later)
    assert tickets.unclaimed_before(later, later) == []
    tickets.claim(t.id, "slack:S1")
    far = later + timedelta(days=1)
    assert tickets.unclaimed_before(far, far) == []
