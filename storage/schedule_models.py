"""Tables for scheduled announcements: channel subscriptions and meetups.

A subscription says which conversation (per platform) receives which kinds of
announcement; a meetup is one curated event (from knowledge/meetups.yaml or
added by an admin in chat). What was sent lives in the outbox, not here.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base, UTCDateTime, utcnow

KIND_WALKIN = "walkin"
KIND_MEETUPS = "meetups"
ALL_KINDS = (KIND_WALKIN, KIND_MEETUPS)

SCHEDULED = "scheduled"
CANCELLED = "cancelled"


class Subscription(Base):
    """A conversation that opted in to announcements (kinds: comma-separated)."""

    __tablename__ = "subscriptions"
    __table_args__ = (UniqueConstraint("platform", "conversation", name="uq_subscription"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    platform: Mapped[str] = mapped_column(String(20))
    conversation: Mapped[str] = mapped_column(String(255))
    kinds: Mapped[str] = mapped_column(String(100), default=",".join(ALL_KINDS))
    created_by: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Meetup(Base):
    """One event; `sequence` goes up on every change (the .ics SEQUENCE)."""

    __tablename__ = "meetups"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    duration_minutes: Mapped[int] = mapped_column(Integer, default=90)
    building_blocks: Mapped[list[str]] = mapped_column(JSON, default=list)
    audience: Mapped[str] = mapped_column(String(255), default="")
    link: Mapped[str] = mapped_column(String(500), default="")
    location: Mapped[str] = mapped_column(String(255), default="")
    source: Mapped[str] = mapped_column(String(10), default="chat")  # yaml | chat
    status: Mapped[str] = mapped_column(String(20), default=SCHEDULED)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    created_by: Mapped[str] = mapped_column(String(255), default="")
    cancelled_by: Mapped[str | None] = mapped_column(String(255))
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
