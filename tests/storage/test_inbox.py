"""Inbox repository: deduplicated storage, exclusive leases, recovery after a lease runs
out, payloads erased when done. Time is a fake clock; races use real connections."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from storage.inbox import InboxItem, InboxRepository, body_key, inbox_key
from storage.inbox_models import InboxEvent, InboxStatus
from tests.fakes import FakeClock
from tests.storage.conftest import race

LEASE = timedelta(seconds=30)


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def inbox(db, clock):
    return InboxRepository(db, now=clock)


def item(key: str, platform: str = "slack", text: str = "vraag") -> InboxItem:
    return InboxItem(platform, key, "message", {"text": text})


def test_store_says_which_events_are_new_and_keeps_one_row_per_key(db, inbox):
    assert inbox.store([item("Ev1"), item("Ev2"), item("Ev1")]) == [True, True, False]
    assert inbox.store([item("Ev2"), item("Ev3"), item("Ev1", platform="teams")]) == [
        False, True, True]
    with db.session() as session:
        assert len(session.scalars(select(InboxEvent)).all()) == 4


def test_long_keys_are_hashed_not_cut(inbox):
    long_a, long_b = "x" * 300 + "a", "x" * 300 + "b"
    assert inbox.store([item(long_a), item(long_b)]) == [True, True]
    assert inbox_key(long_a).startswith("sha256:") and len(inbox_key(long_a)) < 255
    assert body_key(b"payload=1") == body_key(b"payload=1") != body_key(b"payload=2")


def test_a_claim_leases_no_more_rows_than_asked_for_oldest_first(inbox):
    inbox.store([item(f"Ev{n}") for n in range(5)])
    assert [j.key for j in inbox.claim(1, LEASE)] == ["Ev0"]
    assert [j.key for j in inbox.claim(2, LEASE)] == ["Ev1", "Ev2"]
    assert [j.key for j in inbox.claim(10, LEASE)] == ["Ev3", "Ev4"]


def test_claimed_rows_are_leased_and_come_back_when_the_lease_runs_out(inbox, clock):
    inbox.store([item("Ev1"), item("Ev2")])
    first = inbox.claim(10, LEASE)
    assert [j.key for j in first] == ["Ev1", "Ev2"] and first[0].attempts == 1
    assert first[0].payload == {"text": "vraag"}
    assert inbox.claim(10, LEASE) == []
    clock.advance(29)
    assert inbox.claim(10, LEASE) == []
    clock.advance(2)  # the worker died: its lease ran out
    again = inbox.claim(10, LEASE)
    assert [j.key for j in again] == ["Ev1", "Ev2"] and again[0].attempts == 2


def test_renewed_leases_are_not_taken(inbox, clock):
    inbox.store([item("Ev1")])
    [job] = inbox.claim(10, LEASE)
    clock.advance(20)
    assert inbox.renew([job.id], LEASE) == 1
    clock.advance(20)
    assert inbox.claim(10, LEASE) == []
    inbox.finish(job.id)
    assert inbox.renew([job.id], LEASE) == 0


def test_finished_rows_forget_the_text_but_still_dedupe(db, inbox, clock):
    inbox.store([item("Ev1", text="BSN 111222333")])
    [job] = inbox.claim(10, LEASE)
    inbox.finish(job.id)
    with db.session() as session:
        row = session.scalar(select(InboxEvent))
        assert row.status == InboxStatus.DONE and row.payload is None
    assert inbox.store([item("Ev1")]) == [False]
    clock.advance(3600)
    assert inbox.claim(10, LEASE) == []
    assert inbox.purge(clock() - timedelta(minutes=1)) == 1
    assert inbox.store([item("Ev1")]) == [True]


def test_retry_waits_and_fail_keeps_the_payload(inbox, clock):
    inbox.store([item("Ev1"), item("Ev2")])
    one, two = inbox.claim(10, LEASE)
    inbox.retry(one.id, timedelta(seconds=5), "database busy")
    inbox.fail(two.id, "gave up")
    assert inbox.claim(10, LEASE) == []
    clock.advance(6)
    [again] = inbox.claim(10, LEASE)
    assert again.id == one.id
    assert inbox.counts() == {InboxStatus.WORKING: 1, InboxStatus.FAILED: 1}


def test_platform_filter(inbox):
    inbox.store([item("Ev1"), item("Ev2", platform="teams")])
    assert [j.platform for j in inbox.claim(10, LEASE, frozenset({"teams"}))] == ["teams"]


def test_concurrent_workers_never_share_a_row(database_url, db):
    InboxRepository(db).store([item(f"Ev{n}") for n in range(60)])

    def work(engine, _n):
        repo, mine = InboxRepository(engine), []
        while jobs := repo.claim(4, LEASE):
            mine += [j.key for j in jobs]
        return mine

    results = race(database_url, 6, work)
    claimed = [key for keys in results for key in keys]
    assert sorted(claimed) == sorted(f"Ev{n}" for n in range(60))


def test_concurrent_stores_of_the_same_event_make_one_new_row(database_url, db):
    results = race(database_url, 8, lambda engine, _n: InboxRepository(engine).store(
        [item("Ev-race")])[0])
    assert results.count(True) == 1
