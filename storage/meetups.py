"""Meetups: add, list, cancel (with outbox rows in the same transaction), and
sync from the curated YAML file (upsert by id; a cancellation is never undone).

Reminder rows in the outbox have keys starting with `meetup:<id>:`, so a
cancellation can find which conversations already heard about the meetup and
stop reminders that are still waiting.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from storage.database import Database
from storage.models import utcnow
from storage.outbox import OutboxItem, enqueue
from storage.outbox_models import PENDING, SENDING, SENT, OutboxMessage
from storage.schedule_models import CANCELLED, SCHEDULED, Meetup

OUTBOX_CANCELLED = "cancelled"
"""Outbox status of reminders withdrawn because their meetup was cancelled."""


@dataclass(frozen=True)
class MeetupSpec:
    """A meetup as curated (YAML) or typed in chat; `id` None means: make one up."""

    title: str
    starts_at: datetime
    id: str | None = None
    duration_minutes: int = 90
    building_blocks: tuple[str, ...] = ()
    audience: str = ""
    link: str = ""
    location: str = ""
    cancelled: bool = False


@dataclass(frozen=True)
class MeetupView:
    id: str
    title: str
    starts_at: datetime
    duration_minutes: int
    building_blocks: tuple[str, ...]
    audience: str
    link: str
    location: str
    source: str
    status: str
    sequence: int
    updated_at: datetime

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def cancelled(self) -> bool:
        return self.status == CANCELLED

    @classmethod
    def of(cls, m: Meetup) -> MeetupView:
        return cls(m.id, m.title, m.starts_at, m.duration_minutes, tuple(m.building_blocks or ()),
                   m.audience, m.link, m.location, m.source, m.status, m.sequence, m.updated_at)


@dataclass(frozen=True)
class Cancellation:
    ok: bool
    meetup: MeetupView | None
    reason: str = ""  # not_found | already_cancelled | past
    notified: tuple[tuple[str, str], ...] = ()


@dataclass
class SyncResult:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    to_cancel: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


NoticeHook = Callable[[MeetupView, list[tuple[str, str]]], list[OutboxItem]]
_FIELDS = ("title", "starts_at", "duration_minutes", "building_blocks", "audience", "link",
           "location")


def slug(text: str, limit: int = 40) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:limit].strip("-") or "meetup"


def reminder_prefix(meetup_id: str) -> str:
    return f"meetup:{meetup_id}:"


def _values(spec: MeetupSpec) -> dict[str, object]:
    return {"title": spec.title, "starts_at": spec.starts_at,
            "duration_minutes": spec.duration_minutes,
            "building_blocks": list(spec.building_blocks), "audience": spec.audience,
            "link": spec.link, "location": spec.location}


class MeetupRepository:
    def __init__(self, db: Database):
        self.db = db

    def add(self, spec: MeetupSpec, created_by: str, source: str = "chat",
            local_date: str | None = None) -> MeetupView:
        """Store a new meetup; the id is `<date>-<title slug>` (made unique) unless given."""
        with self.db.session() as session:
            day = local_date or spec.starts_at.date().isoformat()
            base = spec.id or f"{day}-{slug(spec.title)}"
            meetup_id, n = base, 1
            while session.get(Meetup, meetup_id) is not None:
                n += 1
                meetup_id = f"{base}-{n}"
            row = Meetup(id=meetup_id, source=source, status=SCHEDULED, sequence=0,
                         created_by=created_by, created_at=utcnow(), **_values(spec))
            session.add(row)
            session.flush()
            return MeetupView.of(row)

    def get(self, meetup_id: str) -> MeetupView | None:
        """The meetup, or None (also for an id no meetup can have: too long, or with a NUL,
        which PostgreSQL would refuse with an error instead of finding nothing)."""
        if not meetup_id or len(meetup_id) > 80 or "\x00" in meetup_id:
            return None
        with self.db.session() as session:
            row = session.get(Meetup, meetup_id)
            return MeetupView.of(row) if row else None

    def upcoming(self, now: datetime, include_cancelled: bool = False) -> list[MeetupView]:
        """Meetups that have not ended, soonest first."""
        with self.db.session() as session:
            query = select(Meetup).where(Meetup.starts_at > now - timedelta(days=2))
            if not include_cancelled:
                query = query.where(Meetup.status == SCHEDULED)
            rows = session.scalars(query.order_by(Meetup.starts_at, Meetup.id)).all()
            views = [MeetupView.of(r) for r in rows]
        return [v for v in views if v.ends_at > now]

    def cancel(self, meetup_id: str, actor: str, notice: NoticeHook | None = None,
               now: datetime | None = None) -> Cancellation:
        """Cancel once; withdraw waiting reminders; `notice` builds rows for the
        conversations that already got a reminder (same transaction)."""
        now = now or utcnow()
        with self.db.session() as session:
            result = session.execute(update(Meetup).where(
                Meetup.id == meetup_id, Meetup.status == SCHEDULED).values(
                status=CANCELLED, cancelled_by=actor, cancelled_at=now,
                sequence=Meetup.sequence + 1, updated_at=now))
            row = session.get(Meetup, meetup_id)
            if row is None:
                return Cancellation(False, None, "not_found")
            session.refresh(row)
            view = MeetupView.of(row)
            if result.rowcount != 1:
                return Cancellation(False, view, "already_cancelled")
            notified = _withdraw_reminders(session, meetup_id)
            if notice and notified:
                enqueue(session, notice(view, notified))
            return Cancellation(True, view, notified=tuple(notified))

    def enqueue_reminders(self, meetup_id: str, starts_at: datetime,
                          items: list[OutboxItem]) -> int:
        """Enqueue reminder rows only while the meetup is still scheduled at that time;
        the row lock makes a concurrent cancellation wait for (and then withdraw) them."""
        with self.db.session() as session:
            query = select(Meetup.status, Meetup.starts_at).where(Meetup.id == meetup_id)
            if session.get_bind().dialect.name == "postgresql":
                query = query.with_for_update()
            row = session.execute(query).first()
            if row is None or row.status != SCHEDULED or row.starts_at != starts_at:
                return 0
            return enqueue(session, items)

    def sync(self, specs: list[MeetupSpec]) -> SyncResult:
        """Upsert curated meetups by id. Cancelled ones stay cancelled; ones the YAML
        marks cancelled are returned in `to_cancel` (cancel them with a notice)."""
        result = SyncResult()
        with self.db.session() as session:
            for spec in specs:
                assert spec.id, "curated meetups need an id"
                row = session.get(Meetup, spec.id)
                if row is None:
                    session.add(Meetup(id=spec.id, source="yaml", status=SCHEDULED, sequence=0,
                                       created_by="yaml", created_at=utcnow(), **_values(spec)))
                    result.added.append(spec.id)
                elif row.source != "yaml":
                    result.skipped.append(spec.id)
                    continue
                else:
                    values = _values(spec)
                    current = {k: getattr(row, k) for k in _FIELDS}
                    if current == values:
                        result.unchanged.append(spec.id)
                    else:
                        for key, value in values.items():
                            setattr(row, key, value)
                        row.sequence += 1
                        result.updated.append(spec.id)
                if spec.cancelled and (row is None or row.status == SCHEDULED):
                    result.to_cancel.append(spec.id)
        return result


def _withdraw_reminders(session: Session, meetup_id: str) -> list[tuple[str, str]]:
    """Stop waiting reminders; return the conversations that already got (or are
    getting) one."""
    prefix = reminder_prefix(meetup_id)
    mine = OutboxMessage.key.startswith(prefix, autoescape=True)
    session.execute(update(OutboxMessage).where(mine, OutboxMessage.status == PENDING).values(
        status=OUTBOX_CANCELLED, last_error="meetup cancelled"))
    rows = session.execute(select(OutboxMessage.platform, OutboxMessage.target).where(
        mine, OutboxMessage.status.in_((SENT, SENDING))).distinct()).all()
    return sorted((r.platform, r.target) for r in rows)
