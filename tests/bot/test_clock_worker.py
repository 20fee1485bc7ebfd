"""The outbox worker as the clock runs it (`run_forever`): a slow send does not
hold up the others, and stopping lets sends in flight finish and be recorded."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from bot.bootstrap import build_services
from storage.outbox import OutboxItem
from storage.outbox_models import OutboxMessage
from tests.conftest import make_settings
from tests.fakes import RecordingMessenger


class SlowChannel(RecordingMessenger):
    def __init__(self, platform):
        super().__init__(platform)
        self.release = asyncio.Event()

    async def post(self, target, reply, thread=None):
        if target == "C-slow":
            await self.release.wait()
        return await super().post(target, reply, thread)


async def wait_for(condition, seconds=10.0):
    for _ in range(int(seconds / 0.02)):
        if condition():
            return True
        await asyncio.sleep(0.02)
    return False


async def test_a_slow_send_does_not_hold_up_rows_enqueued_later(database_url, triage):
    messenger = SlowChannel("shell")
    services = build_services(make_settings(database_url=database_url), triage=triage,
                              messengers={"shell": messenger})
    services.worker.batch = 5
    await asyncio.to_thread(services.outbox.enqueue, [
        OutboxItem("walkin:x", "shell", "C-slow", {"text": "a"})])
    stop = asyncio.Event()
    task = asyncio.create_task(services.worker.run_forever(0.05, stop))
    await asyncio.sleep(0.2)  # C-slow is now in flight
    await asyncio.to_thread(services.outbox.enqueue, [
        OutboxItem("walkin:x", "shell", f"C{n}", {"text": "a"}) for n in range(12)])
    services.worker.wake()
    assert await wait_for(lambda: len(messenger.sent) == 12)
    assert not messenger.to("C-slow")
    stop.set()
    await asyncio.sleep(0.1)
    messenger.release.set()  # stopping waited for the send in flight
    await asyncio.wait_for(task, 10)
    assert len(messenger.to("C-slow")) == 1
    with services.db.session() as s:
        statuses = set(s.scalars(select(OutboxMessage.status)))
    assert statuses == {"sent"}
    services.db.dispose()
