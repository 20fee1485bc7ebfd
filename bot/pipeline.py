"""One pipeline for every platform: inbox -> roles -> router -> replies (outbox fallback).

Web processes store what arrives (bot/intake.py) and acknowledge it; this worker,
in every web process, leases stored rows (any process's), works out the sender's
roles, asks the router (in threads: it is synchronous and touches the database),
sends the replies through the platform and marks the row done. A row is done only
after its replies were sent or queued in the outbox, so a crash anywhere leaves
the row leased; when the lease runs out any process takes it over. Tickets made
from a row remember it, so handling a row twice never makes a second ticket; a
reply sent just before a crash may be sent again (at least once).

Leases of rows being worked on are renewed while the work lasts. Time (leases,
retry delays) comes from the inbox repository's injected clock.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import timedelta

from bot.intake import Wakeup
from bot.platform import MESSAGE, PlatformRuntime
from bot.replies import deliver
from bot.roles import Roles
from handlers.messages import Incoming
from handlers.router import Router
from storage.inbox import InboxJob, InboxRepository
from storage.outbox import OutboxRepository

log = logging.getLogger(__name__)

WAKE_INTERVAL = 0.05
"""The outbox worker is woken at most this often (each wake costs it a query)."""
RETRY_BASE = timedelta(seconds=5)
FINISH_DELAY = 0.02
"""Seconds a finished row waits for others to be marked done with it."""


@dataclass(frozen=True)
class PipelineLimits:
    lease: timedelta = timedelta(seconds=60)
    poll_seconds: float = 1.0
    max_attempts: int = 5
    router_threads: int = 2
    in_flight: int = 64
    """Rows worked on at once (most of them wait on the network)."""
    in_flight_while_acking: int = 1
    """... while requests keep arriving: acks come first, the work is safe in the inbox."""
    acking_window: float = 0.2
    """Seconds after the last arrival that count as "requests keep arriving"."""
    finish_seconds: float = 10.0
    """On shutdown, how long rows in progress get; the rest keep their lease."""


class BadRow(Exception):
    """A stored row that cannot be handled at all (not retried)."""


class Pipeline:
    def __init__(self, inbox: InboxRepository, router: Router,
                 platforms: Mapping[str, PlatformRuntime], roles: Roles,
                 outbox: OutboxRepository, wake_outbox: Callable[[], None], wakeup: Wakeup,
                 limits: PipelineLimits | None = None):
        self.inbox = inbox
        self.router = router
        self.platforms = dict(platforms)
        self.roles = roles
        self.outbox = outbox
        self.wake_outbox_now = wake_outbox
        self.wakeup = wakeup
        self.limits = limits or PipelineLimits()
        self._executor: ThreadPoolExecutor | None = None
        self._in_flight: dict[int, asyncio.Task[None]] = {}
        self._last_wake = float("-inf")
        self._pending_wake: asyncio.TimerHandle | None = None
        self._done: list[int] = []
        self._flush_timer: asyncio.TimerHandle | None = None
        self._background: set[asyncio.Future] = set()

    # -- one row --------------------------------------------------------------------------

    async def _route(self, incoming: Incoming) -> list:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(self.limits.router_threads,
                                                thread_name_prefix="router")
        return await asyncio.get_running_loop().run_in_executor(
            self._executor, self.router.handle, incoming)

    async def handle(self, job: InboxJob) -> None:
        """Route one stored row and send its replies (raises when that failed)."""
        platform = self.platforms.get(job.platform)
        try:
            incoming = Incoming.from_dict(job.payload["incoming"])
            origin = job.payload.get("origin") or {}
        except (KeyError, TypeError, ValueError) as exc:
            raise BadRow(f"unreadable inbox row: {type(exc).__name__}: {exc}") from exc
        if platform is None:
            raise BadRow(f"no platform {job.platform!r} in this process")
        incoming = replace(incoming, event_id=job.key)
        await platform.prepare(job.kind, incoming, origin)
        incoming = replace(incoming, roles=await self.roles.resolve(job.platform, incoming.user))
        if job.kind != MESSAGE:
            await platform.handle(job.kind, incoming, origin)
            return
        replies = await self._route(incoming)
        await deliver(platform, origin, replies, job.key, self.outbox)
        self.wake_outbox()

    async def process(self, job: InboxJob) -> bool:
        """Handle a row and record the outcome; True when it is done."""
        try:
            await self.handle(job)
        except BadRow as exc:
            log.error("inbox row %s (%s) cannot be handled: %s", job.id, job.key, exc)
            await asyncio.to_thread(self.inbox.fail, job.id, str(exc))
            return False
        except Exception as exc:
            log.exception("inbox row %s (%s %s) failed (attempt %d)", job.id, job.platform,
                          job.kind, job.attempts)
            error = f"{type(exc).__name__}: {exc}"
            with contextlib.suppress(Exception):  # the lease runs out if this fails too
                if job.attempts >= self.limits.max_attempts:
                    await asyncio.to_thread(self.inbox.fail, job.id, error)
                else:
                    await asyncio.to_thread(self.inbox.retry, job.id,
                                            RETRY_BASE * 2 ** (job.attempts - 1), error)
            return False
        await self._finished(job.id)
        return True

    async def _finished(self, row_id: int) -> None:
        """Mark rows done in batches: rows finishing within FINISH_DELAY share one update.
        (A crash inside that window means those rows are handled again: tickets are not
        made twice, a reply may be.)"""
        self._done.append(row_id)
        if self._flush_timer is None:
            self._flush_timer = asyncio.get_running_loop().call_later(
                FINISH_DELAY, lambda: self._track(self.flush()))

    async def flush(self) -> None:
        """Mark the rows finished so far done (now)."""
        if self._flush_timer is not None:
            self._flush_timer.cancel()
            self._flush_timer = None
        ids, self._done = self._done, []
        if not ids:
            return
        try:
            await asyncio.to_thread(self.inbox.finish, *ids)
        except Exception as exc:  # their leases run out and they are handled again
            log.error("could not mark %d inbox row(s) done: %s", len(ids), type(exc).__name__)

    def _track(self, work) -> None:
        task = asyncio.ensure_future(work)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    # -- many rows ------------------------------------------------------------------------

    async def _claim(self, limit: int) -> list[InboxJob]:
        return await asyncio.to_thread(self.inbox.claim, limit, self.limits.lease,
                                       frozenset(self.platforms))

    async def drain(self, rounds: int = 100) -> int:
        """Handle due rows one by one, in order, until none is left (the terminal, tests);
        returns how many were handled."""
        handled = 0
        for _ in range(rounds):
            jobs = await self._claim(self.limits.in_flight)
            if not jobs:
                break
            for job in jobs:
                await self.process(job)
                handled += 1
        await self.flush()
        return handled

    async def run(self, stop: asyncio.Event) -> None:
        """Lease and handle rows until `stop`; rows stored here wake it at once, rows
        stored by other processes are found within `poll_seconds`."""
        renewer = asyncio.create_task(self._renew_leases(stop), name="inbox-lease-renewal")
        try:
            while not stop.is_set():
                self.wakeup.event.clear()  # before claiming: a wake during the query is kept
                limit = (self.limits.in_flight_while_acking
                         if self.wakeup.busy(self.limits.acking_window) else self.limits.in_flight)
                room = limit - len(self._in_flight)
                jobs: list[InboxJob] = []
                if room > 0:
                    try:
                        jobs = await self._claim(room)
                    except Exception as exc:
                        log.error("could not claim inbox rows: %s", type(exc).__name__)
                for job in jobs:
                    task = asyncio.create_task(self.process(job), name=f"inbox-{job.id}")
                    self._in_flight[job.id] = task
                    task.add_done_callback(lambda _t, i=job.id: self._in_flight.pop(i, None))
                if jobs and len(self._in_flight) < limit:
                    continue
                waiters = [asyncio.ensure_future(self.wakeup.event.wait()),
                           asyncio.ensure_future(stop.wait())]
                timeout = self.limits.poll_seconds
                if self._in_flight and len(self._in_flight) >= limit:
                    waiters.pop(0).cancel()  # at the limit: only a finished row makes room
                elif limit < self.limits.in_flight:
                    timeout = min(timeout, self.limits.acking_window)  # look again when quiet
                await asyncio.wait([*waiters, *self._in_flight.values()], timeout=timeout,
                                   return_when=asyncio.FIRST_COMPLETED)
                for waiter in waiters:
                    waiter.cancel()
        finally:
            await self._finish_in_flight()
            await self.flush()
            if self._background:
                await asyncio.wait(set(self._background), timeout=5)
            renewer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await renewer
            if self._pending_wake is not None:
                self._pending_wake.cancel()
                self._pending_wake = None

    async def _finish_in_flight(self) -> None:
        tasks = set(self._in_flight.values())
        if not tasks:
            return
        ids = {task: row_id for row_id, task in self._in_flight.items()}
        _, pending = await asyncio.wait(tasks, timeout=self.limits.finish_seconds)
        for task in pending:
            task.cancel()
        if pending:
            log.warning("%d stored message(s) still in progress at shutdown; they are handed "
                        "back to the inbox", len(pending))
            with contextlib.suppress(Exception):  # else their leases run out
                for task in pending:
                    await asyncio.to_thread(self.inbox.retry, ids[task], timedelta(0),
                                            "interrupted by shutdown")

    async def _renew_leases(self, stop: asyncio.Event) -> None:
        interval = self.limits.lease.total_seconds() / 3
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), interval)
            if self._in_flight:
                try:
                    await asyncio.to_thread(self.inbox.renew, list(self._in_flight),
                                            self.limits.lease)
                except Exception as exc:
                    log.warning("could not renew inbox leases: %s", type(exc).__name__)

    def wake_outbox(self) -> None:
        """Wake the outbox worker (a handler may have queued a card or a DM), at most once
        per WAKE_INTERVAL, with a trailing wake so the last one is never dropped."""
        now = time.monotonic()
        if now - self._last_wake >= WAKE_INTERVAL:
            self._last_wake = now
            self.wake_outbox_now()
        elif self._pending_wake is None:
            delay = WAKE_INTERVAL - (now - self._last_wake)
            self._pending_wake = asyncio.get_running_loop().call_later(delay, self._late_wake)

    def _late_wake(self) -> None:
        self._pending_wake = None
        self._last_wake = time.monotonic()
        self.wake_outbox_now()

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False)
            self._executor = None
