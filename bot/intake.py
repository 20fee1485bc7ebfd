"""Storing incoming events before they are acknowledged, with group commit.

A request handler calls `await intake.accept(item)` and answers the platform only
when it returns: the event is then committed in the inbox (new, or already there
from an earlier delivery). Events arriving while a batch is being written wait for
the next batch, so under load many requests share one transaction and the ack
stays fast even though it waits for the database. Writes run on their own thread,
so acks never queue behind routing work. When the database cannot store the event
(or takes longer than STORE_TIMEOUT), `accept` raises `NotStored` and the handler
answers 503: the platform retries, and nothing is acknowledged that is not stored.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from storage.inbox import InboxItem, InboxRepository

log = logging.getLogger(__name__)

MAX_BATCH = 500
STORE_TIMEOUT = 2.5
"""Seconds; Slack wants an answer within 3 s and retries a 5xx."""


class NotStored(Exception):
    """The event could not be stored; answer 5xx so the platform sends it again."""


class Wakeup:
    """Tells the local pipeline worker that new rows were stored, and whether requests
    are arriving right now (then it leaves the CPU and the database to the acks)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._event: asyncio.Event | None = None
        self.clock = clock
        self.last_arrival = float("-inf")

    @property
    def event(self) -> asyncio.Event:
        if self._event is None:
            self._event = asyncio.Event()
        return self._event

    def set(self) -> None:
        self.event.set()

    def arrived(self) -> None:
        self.last_arrival = self.clock()

    def busy(self, window: float) -> bool:
        """Whether a request arrived within the last `window` seconds."""
        return self.clock() - self.last_arrival < window


def _retrieve(future: asyncio.Future[bool]) -> None:
    if not future.cancelled():
        future.exception()


class Intake:
    def __init__(self, inbox: InboxRepository, wakeup: Wakeup, timeout: float = STORE_TIMEOUT):
        self.inbox = inbox
        self.wakeup = wakeup
        self.timeout = timeout
        self._pending: list[tuple[InboxItem, asyncio.Future[bool]]] = []
        self._writer: asyncio.Task[None] | None = None
        self._executor: ThreadPoolExecutor | None = None

    async def accept(self, item: InboxItem) -> bool:
        """Store `item` (True: new, False: stored before); raises NotStored."""
        future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        future.add_done_callback(_retrieve)  # a caller that timed out no longer looks
        self.wakeup.arrived()
        self._pending.append((item, future))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write(), name="inbox-intake")
        try:
            return await asyncio.wait_for(asyncio.shield(future), self.timeout)
        except TimeoutError as exc:
            raise NotStored(f"the database did not confirm within {self.timeout} s") from exc

    async def _write(self) -> None:
        loop = asyncio.get_running_loop()
        if self._executor is None:
            self._executor = ThreadPoolExecutor(1, thread_name_prefix="inbox-intake")
        while self._pending:
            batch, self._pending = self._pending[:MAX_BATCH], self._pending[MAX_BATCH:]
            try:
                results = await loop.run_in_executor(
                    self._executor, self.inbox.store, [item for item, _ in batch])
            except Exception as exc:
                log.error("could not store %d incoming event(s): %s", len(batch),
                          type(exc).__name__)
                log.debug("inbox store failed", exc_info=exc)
                for _, future in batch:
                    if not future.done():
                        future.set_exception(NotStored(type(exc).__name__))
                continue
            for (_, future), new in zip(batch, results, strict=True):
                if not future.done():
                    future.set_result(new)
            self.wakeup.set()

    async def close(self) -> None:
        """Wait for the batch being written, then release the thread."""
        if self._writer is not None and not self._writer.done():
            await asyncio.wait({self._writer}, timeout=self.timeout * 2)
        if self._executor is not None:
            self._executor.shutdown(wait=False)
            self._executor = None
