"""Intake: an event is acknowledged only once it is committed. Concurrent requests share
transactions (group commit); a database that fails or hangs means NotStored (503)."""

from __future__ import annotations

import asyncio
import threading

import pytest

from bot.intake import Intake, NotStored, Wakeup
from storage.inbox import InboxItem, InboxRepository


def item(n: int) -> InboxItem:
    return InboxItem("slack", f"Ev{n}", "message", {"n": n})


class CountingInbox(InboxRepository):
    def __init__(self, db):
        super().__init__(db)
        self.batches: list[int] = []

    def store(self, items):
        items = list(items)
        self.batches.append(len(items))
        return super().store(items)


async def test_concurrent_events_share_transactions_and_each_gets_its_answer(db):
    inbox = CountingInbox(db)
    intake = Intake(inbox, Wakeup())
    results = await asyncio.gather(*(intake.accept(item(n % 150)) for n in range(200)))
    assert results.count(True) == 150 and results.count(False) == 50
    assert sum(inbox.batches) == 200 and len(inbox.batches) < 50, inbox.batches
    assert inbox.counts() == {"pending": 150}
    await intake.close()


async def test_a_failing_database_means_not_stored(db):
    class Broken(InboxRepository):
        def store(self, items):
            raise RuntimeError("connection refused")

    intake = Intake(Broken(db), Wakeup())
    with pytest.raises(NotStored):
        await intake.accept(item(1))
    assert InboxRepository(db).counts() == {}
    await intake.close()


async def test_a_hanging_database_means_not_stored_in_time(db):
    release = threading.Event()

    class Hanging(InboxRepository):
        def store(self, items):
            release.wait(5)
            return super().store(items)

    intake = Intake(Hanging(db), Wakeup(), timeout=0.3)
    with pytest.raises(NotStored, match="0.3"):
        await intake.accept(item(1))
    release.set()
    await intake.close()
