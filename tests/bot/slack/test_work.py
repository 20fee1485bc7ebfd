"""The queue between the ack and the work: order, limits, wake-ups and draining."""

from __future__ import annotations

import asyncio
import threading
import time

from bot.slack.delivery import Origin
from bot.slack.work import WAKE_INTERVAL, WorkQueue
from handlers.messages import Incoming, Reply


class Router:
    def __init__(self, delay: float = 0.0):
        self.delay = delay
        self.running = 0
        self.most = 0
        self.seen: list[str] = []
        self._lock = threading.Lock()

    def handle(self, incoming: Incoming) -> list[Reply]:
        with self._lock:
            self.running += 1
            self.most = max(self.most, self.running)
        time.sleep(self.delay)
        with self._lock:
            self.running -= 1
            self.seen.append(incoming.text)
        return [Reply(text=f"re: {incoming.text}")]


class Sender:
    def __init__(self, slow: set[str] | None = None):
        self.slow = slow or set()
        self.sent: list[str] = []

    async def send(self, origin: Origin, replies: list[Reply], key: str) -> int:
        if any(r.text[4:] in self.slow for r in replies):
            await asyncio.sleep(0.5)
        self.sent.extend(r.text for r in replies)
        return 0


class Worker:
    def __init__(self):
        self.wakes: list[float] = []

    def wake(self) -> None:
        self.wakes.append(time.monotonic())


def _job(text: str) -> tuple[Incoming, Origin, str]:
    return Incoming("slack", "C1", "U1", text), Origin("C1", "U1"), text


async def test_jobs_are_routed_with_bounded_concurrency_and_drained_on_shutdown():
    router, sender = Router(delay=0.02), Sender()
    work = WorkQueue(router, sender, Worker(), workers=2)
    for n in range(10):
        work.submit(*_job(f"q{n}"))
    assert work.backlog >= 8
    await work.drain(timeout=5)
    assert sorted(sender.sent) == sorted(f"re: q{n}" for n in range(10))
    assert router.most == 2
    assert work.backlog == 0


async def test_a_slow_send_does_not_hold_up_the_next_question():
    sender = Sender(slow={"first"})
    work = WorkQueue(Router(), sender, Worker(), workers=1)
    work.submit(*_job("first"))
    work.submit(*_job("second"))
    for _ in range(40):
        if sender.sent:
            break
        await asyncio.sleep(0.01)
    assert sender.sent == ["re: second"]
    await work.drain(timeout=5)
    assert sender.sent == ["re: second", "re: first"]


async def test_wakes_are_coalesced_but_the_last_one_is_never_dropped():
    worker = Worker()
    work = WorkQueue(Router(), Sender(), worker)
    started = time.monotonic()
    for _ in range(100):
        work.wake_outbox()
    assert len(worker.wakes) == 1
    await asyncio.sleep(WAKE_INTERVAL * 2)
    assert len(worker.wakes) == 2
    assert worker.wakes[1] - started >= WAKE_INTERVAL * 0.9
    await work.drain(timeout=1)
