"""Announcement deliveries for the console: the recent outbox rows of walk-in and
meetup announcements, and a retry of a failed one (back to pending, attempts from
zero, due now; the outbox worker does the rest)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select, update

from storage.database import Database
from storage.models import utcnow
from storage.outbox_models import FAILED, PENDING, OutboxMessage

ANNOUNCEMENT_PREFIXES = ("walkin:", "meetup:")


def _prefix(column, prefix: str):
    """`column LIKE 'prefix%'` as a range, so the (key, ...) index serves it everywhere."""
    return (column >= prefix) & (column < prefix[:-1] + chr(ord(prefix[-1]) + 1))


@dataclass(frozen=True)
class Delivery:
    id: int
    key: str
    platform: str
    target: str
    status: str
    attempts: int
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None
    next_attempt_at: datetime


class DeliveryReader:
    def __init__(self, db: Database):
        self.db = db

    def recent(self, limit: int = 200) -> list[Delivery]:
        condition = or_(*(_prefix(OutboxMessage.key, p) for p in ANNOUNCEMENT_PREFIXES))
        with self.db.session() as session:
            rows = session.execute(
                select(OutboxMessage.id, OutboxMessage.key, OutboxMessage.platform,
                       OutboxMessage.target, OutboxMessage.status, OutboxMessage.attempts,
                       OutboxMessage.last_error, OutboxMessage.created_at,
                       OutboxMessage.sent_at, OutboxMessage.next_attempt_at)
                .where(condition).order_by(OutboxMessage.id.desc()).limit(limit)).all()
        return [Delivery(*r) for r in rows]

    def retry(self, row_id: int) -> bool:
        """A failed announcement row goes back to the worker; False if it was not failed."""
        condition = or_(*(_prefix(OutboxMessage.key, p) for p in ANNOUNCEMENT_PREFIXES))
        with self.db.session() as session:
            result = session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == row_id, OutboxMessage.status == FAILED, condition)
                .values(status=PENDING, attempts=0, next_attempt_at=utcnow(), lease_until=None)
                .execution_options(synchronize_session=False))
            return result.rowcount == 1
