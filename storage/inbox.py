"""Inbox repository: store incoming events (deduplicated) and lease them to workers.

`store` writes a batch of events in one transaction and says which were new; the
web app answers the platform only after it returned, so nothing is acknowledged
that is not stored. `claim` leases due rows to one worker (a conditional update,
plus SKIP LOCKED on PostgreSQL), so workers in several processes never work on
the same row at once; a worker that dies leaves a lease that expires, and the row
is claimed again. Time comes from an injected clock.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from storage.database import Database
from storage.inbox_models import InboxEvent, InboxStatus
from storage.leases import lease_due
from storage.models import Now, utcnow

MAX_KEY = 255


def inbox_key(key: str) -> str:
    """The key as stored: long keys become a hash of themselves (never cut, never clash)."""
    if len(key) <= MAX_KEY:
        return key
    return "sha256:" + hashlib.sha256(key.encode("utf-8")).hexdigest()


def body_key(raw: bytes) -> str:
    """The dedupe key of a request without an id of its own: a hash of the signed body."""
    return "body:" + hashlib.sha256(raw).hexdigest()


@dataclass(frozen=True)
class InboxItem:
    """An incoming event to store: whose, its dedupe key, what kind, what it says."""

    platform: str
    key: str
    kind: str
    payload: dict[str, Any]


@dataclass(frozen=True)
class InboxJob:
    """A stored event leased to this worker until it is finished or the lease runs out."""

    id: int
    platform: str
    key: str
    kind: str
    payload: dict[str, Any]
    attempts: int


class InboxRepository:
    def __init__(self, db: Database, now: Now = utcnow):
        self.db = db
        self.now = now

    def store(self, items: Iterable[InboxItem]) -> list[bool]:
        """Insert events in one transaction; per item True when new, False when that
        (platform, key) was stored before (or earlier in the same batch)."""
        items = list(items)
        if not items:
            return []
        now = self.now()
        rows: dict[tuple[str, str], dict[str, Any]] = {}
        for item in items:
            rows.setdefault((item.platform, inbox_key(item.key)), {
                "platform": item.platform, "key": inbox_key(item.key), "kind": item.kind,
                "payload": item.payload, "status": InboxStatus.PENDING, "attempts": 0,
                "available_at": now, "received_at": now})
        with self.db.session() as session:
            dialect = session.get_bind().dialect.name
            insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
            stmt = insert(InboxEvent).on_conflict_do_nothing(
                index_elements=["platform", "key"]
            ).returning(InboxEvent.platform, InboxEvent.key)
            # One cached statement for any batch size (executemany with RETURNING), and
            # RETURNING, not rowcount: psycopg reports -1 for INSERT ... ON CONFLICT.
            new = {(platform, key) for platform, key in session.execute(stmt, list(rows.values()))}
        answer = []
        for item in items:
            ident = (item.platform, inbox_key(item.key))
            answer.append(ident in new)
            new.discard(ident)
        return answer

    def _due(self, now: datetime):
        return or_(
            and_(InboxEvent.status == InboxStatus.PENDING, InboxEvent.available_at <= now),
            and_(InboxEvent.status == InboxStatus.WORKING, InboxEvent.lease_until < now),
        )

    def claim(self, limit: int, lease: timedelta,
              platforms: frozenset[str] | None = None) -> list[InboxJob]:
        """Lease up to `limit` due rows (pending, or working with an expired lease), oldest
        first, in one statement."""
        now = self.now()
        with self.db.session() as session:
            rows = lease_due(session, InboxEvent, self._due(now), limit, platforms,
                             {"status": InboxStatus.WORKING, "lease_until": now + lease},
                             (InboxEvent.platform, InboxEvent.key, InboxEvent.kind,
                              InboxEvent.payload, InboxEvent.attempts))
        return [InboxJob(r.id, r.platform, r.key, r.kind, r.payload or {}, r.attempts)
                for r in rows]

    def renew(self, ids: Iterable[int], lease: timedelta) -> int:
        """Extend the leases of rows still being worked on; returns how many were ours."""
        ids = list(ids)
        if not ids:
            return 0
        with self.db.session() as session:
            result = session.execute(
                update(InboxEvent)
                .where(InboxEvent.id.in_(ids), InboxEvent.status == InboxStatus.WORKING)
                .values(lease_until=self.now() + lease)
                .execution_options(synchronize_session=False))
            return result.rowcount

    def _close(self, row_id: int, **values: Any) -> None:
        with self.db.session() as session:
            session.execute(update(InboxEvent).where(InboxEvent.id == row_id)
                            .values(lease_until=None, **values)
                            .execution_options(synchronize_session=False))

    def finish(self, *row_ids: int) -> None:
        """Done: the payload (what the person wrote) is erased; the key stays for dedupe."""
        with self.db.session() as session:
            session.execute(update(InboxEvent).where(InboxEvent.id.in_(row_ids))
                            .values(status=InboxStatus.DONE, payload=None, lease_until=None,
                                    finished_at=self.now(), error=None)
                            .execution_options(synchronize_session=False))

    def retry(self, row_id: int, delay: timedelta, error: str) -> None:
        self._close(row_id, status=InboxStatus.PENDING, available_at=self.now() + delay,
                    error=error[:1000])

    def fail(self, row_id: int, error: str) -> None:
        """Given up: kept (with its payload) for an operator until the retention purge."""
        self._close(row_id, status=InboxStatus.FAILED, finished_at=self.now(),
                    error=error[:1000])

    def status_of(self, platform: str, key: str) -> str | None:
        with self.db.session() as session:
            return session.scalar(select(InboxEvent.status).where(
                InboxEvent.platform == platform, InboxEvent.key == inbox_key(key)))

    def counts(self) -> dict[str, int]:
        with self.db.session() as session:
            rows = session.execute(select(InboxEvent.status, func.count())
                                   .group_by(InboxEvent.status)).all()
        return {status: count for status, count in rows}

    def purge(self, cutoff: datetime) -> int:
        """Forget rows finished before `cutoff` (their keys no longer dedupe)."""
        with self.db.session() as session:
            return session.execute(delete(InboxEvent).where(
                InboxEvent.status.in_((InboxStatus.DONE, InboxStatus.FAILED)),
                InboxEvent.finished_at < cutoff)).rowcount
