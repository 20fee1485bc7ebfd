"""Deliver outbox rows through the platform messengers, with retries.

The worker claims due rows (atomically, so several workers never send one row
twice at the same time), sends them concurrently, and records every attempt:
429 and 5xx are retried with exponential backoff and jitter, honouring
Retry-After; 403/404-like failures (channel gone, bot removed) are marked
failed at once; after `max_attempts` a row is failed for good. Card updates
wait for the card they update and only the newest update of a card is sent.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Mapping
from datetime import timedelta

from bot.messenger import DeliveryError, Messenger
from handlers.messages import Reply
from storage.outbox import Claimed, OutboxRepository
from storage.outbox_models import OutboxMode, OutboxStatus

log = logging.getLogger(__name__)

BACKOFF_BASE_SECONDS = 2.0
BACKOFF_CAP_SECONDS = 600.0
UPDATE_WAIT = timedelta(seconds=3)


def backoff(attempt: int, retry_after: float | None, rng: random.Random) -> timedelta:
    """Retry-After when the platform gave one, else 2s, 4s, 8s ... capped, with jitter."""
    if retry_after is not None:
        return timedelta(seconds=max(0.0, retry_after) + rng.uniform(0, 0.5))
    base = min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2 ** max(0, attempt - 1))
    return timedelta(seconds=base * rng.uniform(0.5, 1.0))


class OutboxWorker:
    def __init__(self, outbox: OutboxRepository, messengers: Mapping[str, Messenger],
                 max_attempts: int = 8, concurrency: int = 32, batch: int = 200,
                 rng: random.Random | None = None):
        self.outbox = outbox
        self.messengers = dict(messengers)
        self.max_attempts = max_attempts
        self.batch = batch
        self._limit = asyncio.Semaphore(concurrency)
        self._wake = asyncio.Event()
        self._rng = rng or random.Random()

    def wake(self) -> None:
        """Deliver soon: called after a handler enqueued something."""
        self._wake.set()

    async def _claim(self, limit: int) -> list[tuple[Claimed, dict[tuple[str, str, str], int]]]:
        """Claim up to `limit` due rows; each comes with its batch's newest card updates."""
        claimed = await asyncio.to_thread(
            self.outbox.claim_due, limit, frozenset(self.messengers))
        latest: dict[tuple[str, str, str], int] = {}
        for row in claimed:
            if row.mode == OutboxMode.UPDATE:
                latest[(row.platform, row.target, row.update_of or "")] = row.id
        return [(row, latest) for row in claimed]

    async def run_once(self) -> int:
        """Claim and deliver one batch of due rows; returns how many were claimed."""
        if not self.messengers:
            return 0
        claimed = await self._claim(self.batch)
        await asyncio.gather(*(self._deliver(row, latest) for row, latest in claimed))
        return len(claimed)

    async def drain(self, rounds: int = 50) -> int:
        """Deliver until nothing is due (tests, the shell, `clock --once`); returns how many
        rows were claimed."""
        total = 0
        for _ in range(rounds):
            claimed = await self.run_once()
            if not claimed:
                break
            total += claimed
        return total

    async def run_forever(self, poll_seconds: float, stop: asyncio.Event,
                          finish_seconds: float = 30.0) -> None:
        """Deliver until `stop`. New rows are claimed as soon as earlier ones finish, so
        one slow row (a rate-limited channel waiting out Retry-After) never holds up
        the rest; on stop, sends in flight get `finish_seconds` to complete."""
        inflight: set[asyncio.Task] = set()
        try:
            while not stop.is_set():
                # Clear before claiming: a wake() that arrives while we query is kept.
                self._wake.clear()
                claimed = []
                if self.messengers and len(inflight) < self.batch:
                    try:
                        claimed = await self._claim(self.batch - len(inflight))
                    except Exception:
                        log.exception("outbox delivery round failed")
                for row, latest in claimed:
                    task = asyncio.create_task(self._deliver(row, latest))
                    inflight.add(task)
                    task.add_done_callback(inflight.discard)
                if claimed and len(inflight) < self.batch:
                    continue
                waiters = [asyncio.ensure_future(self._wake.wait()),
                           asyncio.ensure_future(stop.wait())]
                await asyncio.wait([*waiters, *inflight], timeout=poll_seconds,
                                   return_when=asyncio.FIRST_COMPLETED)
                for waiter in waiters:
                    waiter.cancel()
        finally:
            if inflight:
                await asyncio.wait(set(inflight), timeout=finish_seconds)

    async def _deliver(self, row: Claimed, latest: dict[tuple[str, str, str], int]) -> None:
        async with self._limit:
            try:
                await self._send(row, latest)
            except DeliveryError as exc:
                await self._failed(row, exc)
            except Exception as exc:  # a bug or an unexpected client error: retry, log
                log.exception("outbox row %s (%s) raised", row.id, row.key)
                await self._failed(row, DeliveryError(f"{type(exc).__name__}: {exc}"))

    async def _send(self, row: Claimed, latest: dict[tuple[str, str, str], int]) -> None:
        messenger = self.messengers[row.platform]
        reply = Reply.from_dict(row.payload)
        if row.mode == OutboxMode.UPDATE:
            if latest.get((row.platform, row.target, row.update_of or "")) != row.id:
                await asyncio.to_thread(self.outbox.mark_sent, row.id, None)  # superseded
                return
            ref = await asyncio.to_thread(
                self.outbox.sent_ref, row.update_of, row.platform, row.target)
            if ref is None:
                status = await asyncio.to_thread(
                    self.outbox.status_of, row.update_of, row.platform, row.target)
                if status in (None, OutboxStatus.FAILED):
                    raise DeliveryError(f"the message to update ({row.update_of}) was never "
                                        "delivered", permanent=True)
                await asyncio.to_thread(self.outbox.defer, row.id, UPDATE_WAIT,
                                        f"waiting for {row.update_of}")
                return
            await messenger.update(row.target, ref, reply)
            sent_ref = ref
        elif row.mode == OutboxMode.DIRECT:
            sent_ref = await messenger.direct(row.target, reply)
        else:
            sent_ref = await messenger.post(row.target, reply, row.thread)
        await asyncio.to_thread(self.outbox.mark_sent, row.id, sent_ref)

    async def _failed(self, row: Claimed, exc: DeliveryError) -> None:
        error = str(exc)[:1000]
        if exc.permanent or row.attempts >= self.max_attempts:
            log.warning("outbox row %s (%s -> %s:%s) failed: %s", row.id, row.key,
                        row.platform, row.target, error)
            await asyncio.to_thread(self.outbox.mark_failed, row.id, error, exc.status)
            return
        delay = backoff(row.attempts, exc.retry_after, self._rng)
        log.info("outbox row %s retry in %.1fs: %s", row.id, delay.total_seconds(), error)
        await asyncio.to_thread(self.outbox.mark_retry, row.id, delay, error, exc.status)
