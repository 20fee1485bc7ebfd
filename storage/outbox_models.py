"""The outbox: every outbound message is a row before it is a network call.

A row is unique per (idempotency key, platform, target), so enqueueing the same
announcement occurrence or the same ticket card twice is a no-op, whichever
process tries. Each delivery attempt is recorded.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models import Base, UTCDateTime, utcnow


class OutboxStatus(StrEnum):
    """Where a row is in its life: waiting, leased by a worker, delivered, given up."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class OutboxMode(StrEnum):
    """How a row is delivered: a new message, an in-place update, a private message."""

    POST = "post"
    UPDATE = "update"
    DIRECT = "direct"


class AttemptOutcome(StrEnum):
    SENT = "sent"
    RETRY = "retry"
    FAILED = "failed"
    DEFERRED = "deferred"


PENDING, SENDING, SENT, FAILED = (OutboxStatus.PENDING, OutboxStatus.SENDING, OutboxStatus.SENT,
                                  OutboxStatus.FAILED)


class OutboxMessage(Base):
    __tablename__ = "outbox"
    __table_args__ = (
        UniqueConstraint("key", "platform", "target", name="uq_outbox_key_target"),
        Index("ix_outbox_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(255))
    platform: Mapped[str] = mapped_column(String(20))
    target: Mapped[str] = mapped_column(String(255))
    mode: Mapped[str] = mapped_column(String(20), default=OutboxMode.POST)
    thread: Mapped[str | None] = mapped_column(String(255))
    update_of: Mapped[str | None] = mapped_column(String(255))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), default=PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_ref: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    attempt_log: Mapped[list[OutboxAttempt]] = relationship(
        order_by="OutboxAttempt.id", cascade="all, delete-orphan"
    )


class OutboxAttempt(Base):
    """One try to deliver an outbox row: when, how it went, what the platform said."""

    __tablename__ = "outbox_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("outbox.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    outcome: Mapped[str] = mapped_column(String(20))  # an AttemptOutcome
    status_code: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
