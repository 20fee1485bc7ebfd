"""Tables of the helpdesk console (the web page for staff, curators and admins).

- `console_login_links`: one-time sign-in links (only a hash of the token is kept);
- `console_sessions`: signed-in browsers (hash of the cookie value), shared by every
  web process through the database;
- `console_audit`: who did what in the console, and when;
- `interaction_counts`: how questions were handled, as counts per (day, platform,
  outcome, entry, language) — never the question, never the asker; `interaction_days`
  holds the same counts without the entry, for the daily chart;
- `knowledge_drafts`: knowledge-base entries written in the console, approved by a
  second curator before they are served; `knowledge_revision` goes up whenever the
  set of served entries changes, so every process knows to rebuild its matcher.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base, UTCDateTime, utcnow

DRAFT, APPROVED, REJECTED, WITHDRAWN = "draft", "approved", "rejected", "withdrawn"


class ConsoleLoginLink(Base):
    __tablename__ = "console_login_links"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    user: Mapped[str] = mapped_column(String(255))
    user_name: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ConsoleSession(Base):
    __tablename__ = "console_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    user: Mapped[str] = mapped_column(String(255))
    user_name: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class ConsoleAudit(Base):
    __tablename__ = "console_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(255))  # platform:user
    action: Mapped[str] = mapped_column(String(60))
    target: Mapped[str] = mapped_column(String(255), default="")
    outcome: Mapped[str] = mapped_column(String(20), default="ok")
    detail: Mapped[str] = mapped_column(String(500), default="")


class InteractionCount(Base):
    __tablename__ = "interaction_counts"
    __table_args__ = (
        UniqueConstraint("day", "platform", "outcome", "entry_id", "language",
                         name="uq_interaction_counts"),
        Index("ix_interaction_counts_entry", "outcome", "entry_id"),
        # Covering index: the top entries are summed from the index alone.
        Index("ix_interaction_counts_answer_entries", "outcome", "day", "entry_id", "count"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    day: Mapped[str] = mapped_column(String(10))  # local date, YYYY-MM-DD
    platform: Mapped[str] = mapped_column(String(20))
    outcome: Mapped[str] = mapped_column(String(20))
    entry_id: Mapped[str] = mapped_column(String(120), default="")
    language: Mapped[str] = mapped_column(String(5), default="nl")
    count: Mapped[int] = mapped_column(Integer, default=0)


class InteractionDay(Base):
    """The same counts without the entry: at most a few dozen rows a day, so the daily
    chart and the platform/language split read little (kept in the same transaction)."""

    __tablename__ = "interaction_days"
    __table_args__ = (
        UniqueConstraint("day", "outcome", "platform", "language", name="uq_interaction_days"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    day: Mapped[str] = mapped_column(String(10))
    outcome: Mapped[str] = mapped_column(String(20))
    platform: Mapped[str] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(5), default="nl")
    count: Mapped[int] = mapped_column(Integer, default=0)


class KnowledgeDraft(Base):
    __tablename__ = "knowledge_drafts"
    __table_args__ = (Index("ix_knowledge_drafts_status", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entry_id: Mapped[str] = mapped_column(String(120))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), default=DRAFT)
    live_entry_id: Mapped[str | None] = mapped_column(String(120), unique=True)
    """Set only while approved: two served entries can never share an id."""
    origin: Mapped[str] = mapped_column(String(60), default="")  # gap:<id> | ticket:<id>
    created_by: Mapped[str] = mapped_column(String(255))
    updated_by: Mapped[str] = mapped_column(String(255))
    approved_by: Mapped[str | None] = mapped_column(String(255))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    note: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class KnowledgeRevision(Base):
    """One row (id 1): bumped in the transaction that changes the served entries."""

    __tablename__ = "knowledge_revision"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    revision: Mapped[int] = mapped_column(Integer, default=0)
