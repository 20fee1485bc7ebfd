"""Ticket repository: the lifecycle as atomic conditional updates.

open -> claimed -> answered -> closed, plus release (claimed -> open) and
reopen (answered/closed -> open). Each transition is one UPDATE ... WHERE
<expected state>; if no row matched, somebody else got there first and the
caller learns why. The audit event and any outbox rows (card update, answer to
the asker) are written in the same transaction as the transition.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.database import Database
from storage.inbox_models import InboxEvent, InboxStatus
from storage.models import (
    Now,
    Ticket,
    TicketEvent,
    TicketStatus,
    UnansweredQuestion,
    utcnow,
)
from storage.outbox import OutboxItem, enqueue
from storage.outbox_models import OutboxMessage, OutboxStatus
from storage.topics import ConversationTopic

OPEN, CLAIMED, ANSWERED, CLOSED = (TicketStatus.OPEN, TicketStatus.CLAIMED,
                                   TicketStatus.ANSWERED, TicketStatus.CLOSED)
PURGED_TEXT = "[verwijderd na de bewaartermijn]"


@dataclass(frozen=True)
class TicketView:
    """A detached snapshot of a ticket, safe to pass around after the session."""

    id: int
    queue: str
    status: TicketStatus
    platform: str
    conversation: str
    thread: str | None
    asker: str | None
    language: str
    question: str
    redactions: dict[str, int]
    claimed_by: str | None
    answer: str | None
    answered_by: str | None
    version: int
    created_at: datetime
    closed_at: datetime | None
    claimed_by_name: str | None = None
    answered_by_name: str | None = None

    @classmethod
    def of(cls, t: Ticket) -> TicketView:
        return cls(t.id, t.queue, TicketStatus(t.status), t.platform, t.conversation,
                   t.thread, t.asker, t.language, t.question, dict(t.redactions or {}),
                   t.claimed_by, t.answer, t.answered_by, t.version, t.created_at, t.closed_at,
                   t.claimed_by_name, t.answered_by_name)

    def claimer(self) -> str:
        """Display name of who holds the ticket (the id when no name is known)."""
        return self.claimed_by_name or _bare(self.claimed_by)

    def answerer(self) -> str:
        return self.answered_by_name or _bare(self.answered_by)


def _bare(actor: str | None) -> str:
    return actor.split(":", 1)[-1] if actor else "?"


@dataclass(frozen=True)
class Transition:
    """Outcome of a lifecycle step: ok, or why not (with the ticket as it is now)."""

    ok: bool
    ticket: TicketView | None
    reason: str = ""  # not_found | claimed_by_other | wrong_status | not_claimer


AfterHook = Callable[[TicketView], list[OutboxItem]]


class AlreadyForwarded(Exception):
    """The unanswered question was forwarded before; no second ticket was made."""


class TicketRepository:
    def __init__(self, db: Database, now: Now = utcnow):
        self.db = db
        self.now = now

    def create(self, *, queue: str, platform: str, conversation: str, thread: str | None,
               asker: str, language: str, question: str, redactions: dict[str, int],
               after: AfterHook | None = None, from_unanswered: int | None = None,
               source: str | None = None) -> TicketView:
        """Store a ticket, its 'created' event and the outbox rows `after` returns, atomically.
        With `from_unanswered`, that stored question is linked in the same transaction, and
        `AlreadyForwarded` is raised (nothing stored) if it was linked before. With `source`
        (the inbox row it comes from), a second call returns the first call's ticket."""
        if source:
            existing = self.by_source(source)
            if existing is not None:
                return existing
        try:
            return self._create(queue, platform, conversation, thread, asker, language,
                                question, redactions, after, from_unanswered, source)
        except IntegrityError:
            existing = self.by_source(source) if source else None
            if existing is None:
                raise
            return existing  # the same row, processed at the same moment elsewhere

    def by_source(self, source: str) -> TicketView | None:
        with self.db.session() as session:
            ticket = session.scalar(select(Ticket).where(Ticket.source == source))
            return TicketView.of(ticket) if ticket else None

    def _create(self, queue: str, platform: str, conversation: str, thread: str | None,
                asker: str, language: str, question: str, redactions: dict[str, int],
                after: AfterHook | None, from_unanswered: int | None,
                source: str | None) -> TicketView:
        now = self.now()
        with self.db.session() as session:
            ticket = Ticket(queue=queue, status=OPEN, platform=platform, conversation=conversation,
                            thread=thread, asker=asker, language=language, question=question,
                            redactions=redactions, source=source, created_at=now,
                            updated_at=now)
            session.add(ticket)
            session.flush()
            session.add(TicketEvent(ticket_id=ticket.id, action="created", at=now,
                                    actor=f"{platform}:{asker}", detail=f"queue={queue}"))
            if from_unanswered is not None:
                linked = session.execute(
                    update(UnansweredQuestion)
                    .where(UnansweredQuestion.id == from_unanswered,
                           UnansweredQuestion.ticket_id.is_(None))
                    .values(ticket_id=ticket.id)
                )
                if linked.rowcount != 1:
                    raise AlreadyForwarded(from_unanswered)
            view = TicketView.of(ticket)
            if after:
                enqueue(session, after(view), now)
            return view

    def get(self, ticket_id: int) -> TicketView | None:
        with self.db.session() as session:
            ticket = session.get(Ticket, ticket_id)
            return TicketView.of(ticket) if ticket else None

    def events(self, ticket_id: int) -> list[tuple[str, str, str, datetime]]:
        """The audit trail: (action, actor, detail, at), oldest first."""
        with self.db.session() as session:
            rows = session.execute(
                select(TicketEvent.action, TicketEvent.actor, TicketEvent.detail, TicketEvent.at)
                .where(TicketEvent.ticket_id == ticket_id).order_by(TicketEvent.id)
            ).all()
        return [tuple(r) for r in rows]

    def add_event(self, ticket_id: int, action: str, actor: str, detail: str = "") -> None:
        with self.db.session() as session:
            session.add(TicketEvent(ticket_id=ticket_id, action=action, actor=actor,
                                    detail=detail[:500]))

    def list(self, statuses: tuple[str, ...] = (OPEN, CLAIMED),
             limit: int = 50) -> list[TicketView]:
        with self.db.session() as session:
            rows = session.scalars(select(Ticket).where(Ticket.status.in_(statuses))
                                   .order_by(Ticket.id).limit(limit)).all()
            return [TicketView.of(t) for t in rows]

    def _transition(self, ticket_id: int, actor: str, action: str, condition: ColumnElement,
                    values: dict[str, Any], detail: str = "",
                    after: AfterHook | None = None) -> Transition:
        now = self.now()
        with self.db.session() as session:
            result = session.execute(
                update(Ticket).where(Ticket.id == ticket_id, condition)
                .values(version=Ticket.version + 1, updated_at=now, **values)
                .execution_options(synchronize_session=False)
            )
            ticket = session.get(Ticket, ticket_id, populate_existing=True)
            if ticket is None:
                return Transition(False, None, "not_found")
            view = TicketView.of(ticket)
            if result.rowcount != 1:
                return Transition(False, view, _why_not(view, actor))
            session.add(TicketEvent(ticket_id=ticket_id, action=action, actor=actor,
                                    detail=detail[:500], at=now))
            if after:
                enqueue(session, after(view), now)
            return Transition(True, view)

    def claim(self, ticket_id: int, actor: str, after: AfterHook | None = None,
              name: str = "") -> Transition:
        return self._transition(ticket_id, actor, "claimed", Ticket.status == OPEN,
                                {"status": CLAIMED, "claimed_by": actor, "claimed_at": self.now(),
                                 "claimed_by_name": name or None},
                                after=after)

    def release(self, ticket_id: int, actor: str, is_admin: bool = False,
                after: AfterHook | None = None) -> Transition:
        mine = Ticket.claimed_by == actor if not is_admin else Ticket.claimed_by.is_not(None)
        return self._transition(ticket_id, actor, "released", and_(Ticket.status == CLAIMED, mine),
                                {"status": OPEN, "claimed_by": None, "claimed_at": None,
                                 "claimed_by_name": None},
                                after=after)

    def answer(self, ticket_id: int, actor: str, text: str,
               after: AfterHook | None = None, name: str = "") -> Transition:
        """Open tickets are claimed and answered in one step; claimed ones only by the claimer."""
        condition = or_(Ticket.status == OPEN,
                        and_(Ticket.status == CLAIMED, Ticket.claimed_by == actor))
        now = self.now()
        return self._transition(
            ticket_id, actor, "answered", condition,
            {"status": ANSWERED, "answer": text, "answered_by": actor, "answered_at": now,
             "claimed_by": actor, "claimed_by_name": name or None,
             "answered_by_name": name or None},
            detail=f"{len(text)} characters", after=after)

    def close(self, ticket_id: int, actor: str, after: AfterHook | None = None) -> Transition:
        return self._transition(ticket_id, actor, "closed", Ticket.status != CLOSED,
                                {"status": CLOSED, "closed_at": self.now()}, after=after)

    def reopen(self, ticket_id: int, actor: str, after: AfterHook | None = None) -> Transition:
        condition = and_(Ticket.status.in_((ANSWERED, CLOSED)), Ticket.anonymised_at.is_(None))
        return self._transition(ticket_id, actor, "reopened", condition,
                                {"status": OPEN, "claimed_by": None, "claimed_at": None,
                                 "claimed_by_name": None, "closed_at": None}, after=after)

    def unclaimed_before(self, cutoff: datetime, nudged_before: datetime) -> list[TicketView]:
        """Open tickets older than `cutoff` not nudged since `nudged_before` (SLA nudges)."""
        with self.db.session() as session:
            rows = session.scalars(select(Ticket).where(
                Ticket.status == OPEN, Ticket.created_at < cutoff,
                or_(Ticket.nudged_at.is_(None), Ticket.nudged_at < nudged_before),
            ).order_by(Ticket.id)).all()
            return [TicketView.of(t) for t in rows]

    def mark_nudged(self, ticket_id: int, at: datetime) -> None:
        with self.db.session() as session:
            session.execute(update(Ticket).where(Ticket.id == ticket_id).values(nudged_at=at))

    def purge(self, cutoff: datetime, actor: str = "system:retention") -> int:
        """Anonymise tickets closed before `cutoff`: question, answer and asker are erased,
        the audit trail stays. Also drops old unanswered questions, delivered outbox rows
        (they carry answers), finished inbox rows and conversation topics older than a
        day. Returns the tickets anonymised."""
        with self.db.session() as session:
            return _purge(session, cutoff, actor, self.now())


TOPIC_RETENTION = timedelta(days=1)


def _purge(session: Session, cutoff: datetime, actor: str, now: datetime) -> int:
    ids = session.scalars(select(Ticket.id).where(
        Ticket.status == CLOSED, Ticket.closed_at < cutoff, Ticket.anonymised_at.is_(None)
    )).all()
    if ids:
        session.execute(update(Ticket).where(Ticket.id.in_(ids)).values(
            question=PURGED_TEXT, answer=None, asker=None, conversation="", thread=None,
            claimed_by_name=None, answered_by_name=None,
            redactions={}, anonymised_at=now).execution_options(synchronize_session=False))
        session.add_all(TicketEvent(ticket_id=i, action="anonymised", actor=actor,
                                    detail="retention period passed") for i in ids)
    session.execute(delete(UnansweredQuestion).where(UnansweredQuestion.created_at < cutoff))
    session.execute(delete(OutboxMessage).where(OutboxMessage.status == OutboxStatus.SENT,
                                                OutboxMessage.created_at < cutoff))
    session.execute(delete(InboxEvent).where(
        InboxEvent.status.in_((InboxStatus.DONE, InboxStatus.FAILED)),
        InboxEvent.finished_at < cutoff))
    # A conversation's topic only serves follow-ups within minutes; a day is plenty.
    session.execute(delete(ConversationTopic).where(
        ConversationTopic.updated_at < now - TOPIC_RETENTION))
    return len(ids)


def _why_not(ticket: TicketView, actor: str) -> str:
    if ticket.status == CLAIMED and ticket.claimed_by != actor:
        return "claimed_by_other"
    if ticket.status == OPEN:
        return "not_claimed"
    return "wrong_status"
