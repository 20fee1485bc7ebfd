"""Outbox repository: idempotent enqueue, exclusive claiming, outcome records."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from storage.outbox import OutboxItem, OutboxRepository
from storage.outbox_models import FAILED, PENDING, SENT, OutboxAttempt, OutboxMessage
from tests.fakes import FakeClock
from tests.storage.conftest import race


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def outbox(db, clock):
    return OutboxRepository(db, now=clock)


def item(key="k1", target="C1", **kw) -> OutboxItem:
    return OutboxItem(key, "slack", target, {"text": "hallo", "kind": "notice"}, **kw)


def test_same_key_and_target_is_enqueued_once(db, outbox):
    assert outbox.enqueue([item(), item(target="C2")]) == 2
    assert outbox.enqueue([item(), item(target="C2"), item(target="C3")]) == 1
    with db.session() as s:
        assert len(s.scalars(select(OutboxMessage)).all()) == 3


def test_claim_due_respects_not_before_and_platforms(outbox, clock):
    outbox.enqueue([item("now"), item("later", not_before=clock() + timedelta(hours=1)),
                    OutboxItem("teams", "teams", "T1", {"text": "x"})])
    claimed = outbox.claim_due(platforms=frozenset({"slack"}))
    assert [c.key for c in claimed] == ["now"] and claimed[0].attempts == 1
    assert outbox.claim_due(platforms=frozenset({"slack"})) == []


def test_a_claim_takes_no_more_rows_than_asked_for_oldest_first(outbox):
    outbox.enqueue([item(f"k{n}") for n in range(5)])
    assert [c.key for c in outbox.claim_due(limit=1)] == ["k0"]
    assert [c.key for c in outbox.claim_due(limit=2)] == ["k1", "k2"]
    second = outbox.claim_due()
    assert [c.key for c in second] == ["k3", "k4"]
    assert second[0].payload == {"text": "hallo", "kind": "notice"} and second[0].mode == "post"


def test_expired_lease_is_claimed_again(outbox, clock):
    outbox.enqueue([item()])
    first = outbox.claim_due()
    assert first and outbox.claim_due() == []
    clock.advance(minutes=1)
    assert outbox.claim_due() == [], "the lease still runs"
    clock.advance(minutes=4)
    again = outbox.claim_due()
    assert [c.id for c in again] == [first[0].id] and again[0].attempts == 2


def test_outcomes_are_recorded(db, outbox, clock):
    outbox.enqueue([item("a"), item("b"), item("c")])
    a, b, c = outbox.claim_due()
    outbox.mark_sent(a.id, "1.23", 200)
    outbox.mark_retry(b.id, timedelta(seconds=30), "ratelimited", 429)
    outbox.mark_failed(c.id, "channel_not_found", 404)
    assert outbox.sent_ref("a", "slack", "C1") == "1.23"
    assert outbox.status_of("b", "slack", "C1") == PENDING
    assert outbox.counts() == {SENT: 1, PENDING: 1, FAILED: 1}
    assert outbox.claim_due() == []  # b waits 30 s
    clock.advance(31)
    assert [r.id for r in outbox.claim_due()] == [b.id]
    with db.session() as s:
        attempts = s.execute(select(OutboxAttempt.outcome, OutboxAttempt.status_code)
                             .order_by(OutboxAttempt.id)).all()
    assert [tuple(a) for a in attempts] == [("sent", 200), ("retry", 429), ("failed", 404)]


def test_defer_does_not_count_as_attempt(outbox):
    outbox.enqueue([item()])
    (row,) = outbox.claim_due()
    outbox.defer(row.id, timedelta(0), "waiting")
    (again,) = outbox.claim_due()
    assert again.attempts == 1


def test_concurrent_workers_never_claim_the_same_row(database_url, db, outbox):
    outbox.enqueue([item(f"k{n}") for n in range(60)])

    def work(engine, _n):
        repo, ids = OutboxRepository(engine), []
        while rows := repo.claim_due(limit=5):
            ids.extend(r.id for r in rows)
        return ids

    claimed = race(database_url, 6, work)
    all_ids = [i for ids in claimed for i in ids]
    assert len(all_ids) == 60 and len(set(all_ids)) == 60
