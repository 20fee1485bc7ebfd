"""SQLAlchemy 2 typed models: everything the bot keeps between messages.

Tickets hold only redacted text; the audit trail records who did what when
(never the question itself). Timestamps are timezone-aware UTC on every database.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(UTC)


Now = Callable[[], datetime]
"""A clock: repositories and workers that wait or schedule take one (tests pass a fake)."""


class TicketStatus(StrEnum):
    """open -> claimed -> answered -> closed, plus release and reopen."""

    OPEN = "open"
    CLAIMED = "claimed"
    ANSWERED = "answered"
    CLOSED = "closed"


class UTCDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes as UTC; SQLite gives naive ones back, this fixes that."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; use UTC-aware datetimes")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    pass


class Ticket(Base):
    """A question routed to a human queue (the legal helpdesk or the programme team)."""

    __tablename__ = "tickets"
    __table_args__ = (Index("ix_tickets_status_created", "status", "created_at"),
                      Index("uq_tickets_source", "source", unique=True))

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    queue: Mapped[str] = mapped_column(String(20), default="legal")
    status: Mapped[str] = mapped_column(String(20), default=TicketStatus.OPEN)
    source: Mapped[str | None] = mapped_column(String(300))
    """The inbox row (platform:key) the ticket was made from: a message processed twice
    (after a crash) finds its ticket instead of making a second one."""
    platform: Mapped[str] = mapped_column(String(20))
    conversation: Mapped[str] = mapped_column(String(255))
    thread: Mapped[str | None] = mapped_column(String(255))
    asker: Mapped[str | None] = mapped_column(String(255))
    language: Mapped[str] = mapped_column(String(5), default="nl")
    question: Mapped[str] = mapped_column(Text)
    redactions: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    claimed_by: Mapped[str | None] = mapped_column(String(255))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claimed_by_name: Mapped[str | None] = mapped_column(String(255))
    answer: Mapped[str | None] = mapped_column(Text)
    answered_by: Mapped[str | None] = mapped_column(String(255))
    answered_by_name: Mapped[str | None] = mapped_column(String(255))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    nudged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    events: Mapped[list[TicketEvent]] = relationship(
        back_populates="ticket", order_by="TicketEvent.id", cascade="all, delete-orphan"
    )


class TicketEvent(Base):
    """The audit trail: one row per step, who (platform:user) did what and when."""

    __tablename__ = "ticket_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(255))
    detail: Mapped[str] = mapped_column(String(500), default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    ticket: Mapped[Ticket] = relationship(back_populates="events")


class Feedback(Base):
    """Helpful / not helpful on one answer."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    platform: Mapped[str] = mapped_column(String(20))
    user: Mapped[str] = mapped_column(String(255))
    entry_id: Mapped[str] = mapped_column(String(120), index=True)
    helpful: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class UnansweredQuestion(Base):
    """A question the knowledge base could not answer (redacted), for curators."""

    __tablename__ = "unanswered_questions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    platform: Mapped[str] = mapped_column(String(20))
    conversation: Mapped[str] = mapped_column(String(255))
    thread: Mapped[str | None] = mapped_column(String(255))
    asker: Mapped[str] = mapped_column(String(255))
    question: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(5), default="nl")
    best_entry_id: Mapped[str | None] = mapped_column(String(120))
    score: Mapped[float] = mapped_column(Float, default=0.0)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    redactions: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    """What redaction removed before storing (category -> count), told to the asker again
    and recorded on the ticket when the question is forwarded."""


class ConversationReference(Base):
    """Where the bot can speak proactively (Teams needs a stored reference)."""

    __tablename__ = "conversation_references"
    __table_args__ = (UniqueConstraint("platform", "conversation", name="uq_reference"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    platform: Mapped[str] = mapped_column(String(20))
    conversation: Mapped[str] = mapped_column(String(255))
    user: Mapped[str | None] = mapped_column(String(255), index=True)
    scope: Mapped[str] = mapped_column(String(20), default="personal")
    reference: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
