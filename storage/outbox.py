"""Outbox repository: enqueue (idempotently), claim due rows, record outcomes.

Enqueueing happens inside the caller's transaction, so a ticket and its staff
card are committed together or not at all. Claiming is a conditional update
(plus SKIP LOCKED on PostgreSQL): several workers, even in several processes,
never send the same row at the same time. A worker that dies mid-send leaves a
lease that expires, after which the row is tried again. Time comes from an
injected clock, so tests move it instead of sleeping.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storage.database import Database
from storage.leases import lease_due
from storage.models import Now, utcnow
from storage.outbox_models import (
    AttemptOutcome,
    OutboxAttempt,
    OutboxMessage,
    OutboxMode,
    OutboxStatus,
)

LEASE = timedelta(minutes=2)


@dataclass(frozen=True)
class OutboxItem:
    """A message to send: idempotency key, where, what (a serialised Reply)."""

    key: str
    platform: str
    target: str
    payload: dict[str, Any]
    mode: OutboxMode = OutboxMode.POST
    thread: str | None = None
    update_of: str | None = None
    not_before: datetime | None = None


@dataclass(frozen=True)
class Claimed:
    """A row this worker now owns until it reports the outcome."""

    id: int
    key: str
    platform: str
    target: str
    mode: str
    thread: str | None
    update_of: str | None
    payload: dict[str, Any]
    attempts: int


def enqueue(session: Session, items: list[OutboxItem], now: datetime | None = None) -> int:
    """Insert rows, ignoring ones whose (key, platform, target) already exists.
    Returns how many were new."""
    if not items:
        return 0
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    now = now or utcnow()
    rows = [
        {
            "key": i.key, "platform": i.platform, "target": i.target, "payload": i.payload,
            "mode": i.mode, "thread": i.thread, "update_of": i.update_of,
            "status": OutboxStatus.PENDING,
            "attempts": 0, "next_attempt_at": i.not_before or now, "created_at": now,
        }
        for i in items
    ]
    stmt = insert(OutboxMessage).values(rows).on_conflict_do_nothing(
        index_elements=["key", "platform", "target"]
    ).returning(OutboxMessage.id)
    # RETURNING, not rowcount: psycopg reports -1 for INSERT ... ON CONFLICT.
    return len(session.execute(stmt).all())


class OutboxRepository:
    """Everything the delivery worker and the reports need from the outbox table."""

    def __init__(self, db: Database, now: Now = utcnow):
        self.db = db
        self.now = now

    def enqueue(self, items: list[OutboxItem]) -> int:
        with self.db.session() as session:
            return enqueue(session, items, self.now())

    def claim_due(self, limit: int = 50,
                  platforms: frozenset[str] | None = None) -> list[Claimed]:
        """Take up to `limit` due rows for sending (pending, or sending with an expired lease)."""
        now = self.now()
        due = or_(
            and_(OutboxMessage.status == OutboxStatus.PENDING,
                 OutboxMessage.next_attempt_at <= now),
            and_(OutboxMessage.status == OutboxStatus.SENDING, OutboxMessage.lease_until < now),
        )
        with self.db.session() as session:
            rows = lease_due(session, OutboxMessage, due, limit, platforms,
                             {"status": OutboxStatus.SENDING, "lease_until": now + LEASE},
                             (OutboxMessage.key, OutboxMessage.platform, OutboxMessage.target,
                              OutboxMessage.mode, OutboxMessage.thread, OutboxMessage.update_of,
                              OutboxMessage.payload, OutboxMessage.attempts))
        return [Claimed(*row) for row in rows]

    def sent_ref(self, key: str, platform: str, target: str) -> str | None:
        """The platform's id of a sent message (to update it in place), if sent."""
        with self.db.session() as session:
            return session.scalar(
                select(OutboxMessage.sent_ref).where(
                    OutboxMessage.key == key, OutboxMessage.platform == platform,
                    OutboxMessage.target == target, OutboxMessage.status == OutboxStatus.SENT)
            )

    def status_of(self, key: str, platform: str, target: str) -> str | None:
        with self.db.session() as session:
            return session.scalar(
                select(OutboxMessage.status).where(
                    OutboxMessage.key == key, OutboxMessage.platform == platform,
                    OutboxMessage.target == target)
            )

    def _finish(self, row_id: int, outcome: AttemptOutcome, values: dict[str, Any],
                status_code: int | None = None, error: str | None = None) -> None:
        with self.db.session() as session:
            session.execute(update(OutboxMessage).where(OutboxMessage.id == row_id)
                            .values(lease_until=None, **values))
            session.add(OutboxAttempt(message_id=row_id, outcome=outcome, at=self.now(),
                                      status_code=status_code, error=error))

    def mark_sent(self, row_id: int, ref: str | None, status_code: int | None = None) -> None:
        self._finish(row_id, AttemptOutcome.SENT, {
            "status": OutboxStatus.SENT, "sent_ref": ref, "sent_at": self.now(),
            "last_error": None}, status_code)

    def mark_retry(self, row_id: int, delay: timedelta, error: str,
                   status_code: int | None = None) -> None:
        self._finish(row_id, AttemptOutcome.RETRY, {
            "status": OutboxStatus.PENDING, "last_error": error,
            "next_attempt_at": self.now() + delay}, status_code, error)

    def mark_failed(self, row_id: int, error: str, status_code: int | None = None) -> None:
        self._finish(row_id, AttemptOutcome.FAILED,
                     {"status": OutboxStatus.FAILED, "last_error": error}, status_code, error)

    def defer(self, row_id: int, delay: timedelta, reason: str) -> None:
        """Not an attempt: the row waits for something else (the card it updates)."""
        self._finish(row_id, AttemptOutcome.DEFERRED, {
            "status": OutboxStatus.PENDING, "attempts": OutboxMessage.attempts - 1,
            "next_attempt_at": self.now() + delay}, None, reason)

    def counts(self) -> dict[str, int]:
        with self.db.session() as session:
            rows = session.execute(
                select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
            ).all()
        return {status: count for status, count in rows}
