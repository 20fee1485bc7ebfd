"""The work that follows an ack: route the message (in a thread: the router is
synchronous and touches the database) and send the replies.

Listeners only put small `(Incoming, Origin, key)` jobs on a queue and return, so
bolt's request objects are freed at once; a few worker coroutines take jobs in
order. Two limits keep the event loop, and with it every ack, quick under load:
at most ROUTER_WORKERS router calls run in threads at once (more only adds GIL
contention), and the outbox worker is woken at most once per WAKE_INTERVAL (each
wake costs it a database query). Sending runs as separate tasks, so a reply that
waits out a 429 does not hold up the next question.

Acknowledged work lives in memory until it is done: shutdown drains it, a crash
loses it (Slack does not resend an acknowledged event).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable
from typing import Any

from bot.outbox_worker import OutboxWorker
from bot.slack.delivery import Origin, ReplySender
from handlers.messages import Incoming
from handlers.router import Router

log = logging.getLogger(__name__)

ROUTER_WORKERS = 2
WAKE_INTERVAL = 0.05

Job = tuple[Incoming, Origin, str]


class WorkQueue:
    def __init__(self, router: Router, sender: ReplySender, worker: OutboxWorker,
                 workers: int = ROUTER_WORKERS):
        self.router = router
        self.sender = sender
        self.worker = worker
        self.workers = workers
        self._queue: asyncio.Queue[Job] | None = None
        self._workers: list[asyncio.Task[None]] = []
        self._tasks: set[asyncio.Task[Any]] = set()
        self._last_wake = float("-inf")
        self._pending_wake: asyncio.TimerHandle | None = None

    def start(self) -> None:
        """Start the worker coroutines (needs a running loop; idempotent)."""
        if self._queue is None:
            self._queue = asyncio.Queue()
            self._workers = [asyncio.create_task(self._work(), name=f"slack-router-{n}")
                             for n in range(self.workers)]

    def submit(self, incoming: Incoming, origin: Origin, key: str) -> None:
        """Queue a message for routing and replying; never blocks."""
        self.start()
        self._queue.put_nowait((incoming, origin, key))

    def track(self, work: Awaitable[Any]) -> asyncio.Task[Any]:
        """Run other follow-up work (Home tab, modals) as a task that shutdown waits for."""
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    @property
    def backlog(self) -> int:
        return (self._queue.qsize() if self._queue else 0) + len(self._tasks)

    async def _work(self) -> None:
        while True:
            incoming, origin, key = await self._queue.get()
            try:
                replies = await asyncio.to_thread(self.router.handle, incoming)
                self.track(self._send(origin, replies, key))
            except Exception:  # the router never raises; a thread pool shut down might
                log.exception("routing a Slack message failed")
            finally:
                self._queue.task_done()

    async def _send(self, origin: Origin, replies: list, key: str) -> None:
        await self.sender.send(origin, replies, key)
        self.wake_outbox()

    def wake_outbox(self) -> None:
        """Wake the outbox worker (handlers may have queued a card or a DM), at most
        once per WAKE_INTERVAL, with a trailing wake so the last one is never dropped."""
        now = time.monotonic()
        if now - self._last_wake >= WAKE_INTERVAL:
            self._last_wake = now
            self.worker.wake()
        elif self._pending_wake is None:
            delay = WAKE_INTERVAL - (now - self._last_wake)
            self._pending_wake = asyncio.get_running_loop().call_later(delay, self._late_wake)

    def _late_wake(self) -> None:
        self._pending_wake = None
        self._last_wake = time.monotonic()
        self.worker.wake()

    def hold(self) -> None:
        """Called first thing in every listener: shutdown waits for the listener too."""
        task = asyncio.current_task()
        if task is not None and task not in self._tasks:
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def drain(self, timeout: float) -> None:
        """Finish acknowledged work (graceful shutdown), then stop the workers. Listener
        tasks bolt started just before the shutdown get a moment to begin and register."""
        deadline = time.monotonic() + timeout
        me = asyncio.current_task()
        while time.monotonic() < deadline:
            await asyncio.sleep(0.05)
            pending = {t for t in self._tasks if not t.done() and t is not me}
            if not pending and (self._queue is None or self._queue.empty()):
                break
            if pending:
                await asyncio.wait(pending, timeout=max(0.01, deadline - time.monotonic()))
            if self._queue is not None:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._queue.join(),
                                           max(0.01, deadline - time.monotonic()))
        for task in self._workers:
            task.cancel()
        for task in self._workers:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._queue is not None and not self._queue.empty():
            log.warning("%d acknowledged Slack messages were not handled before shutdown",
                        self._queue.qsize())
        self._queue = None
        self._workers = []
        if self._pending_wake is not None:
            self._pending_wake.cancel()
            self._pending_wake = None
