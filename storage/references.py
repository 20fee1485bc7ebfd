"""Conversation references: where the bot may speak without being spoken to.

Teams needs a stored `ConversationReference` for every proactive message (an
announcement, the answer to a ticket); it is saved on install and on every turn.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from storage.database import Database
from storage.models import ConversationReference, utcnow


class ReferenceRepository:
    def __init__(self, db: Database):
        self.db = db

    def save(self, platform: str, conversation: str, reference: dict[str, Any],
             user: str | None = None, scope: str = "personal") -> None:
        """Insert or refresh the reference for (platform, conversation)."""
        with self.db.session() as session:
            dialect = session.get_bind().dialect.name
            insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
            stmt = insert(ConversationReference).values(
                platform=platform, conversation=conversation, reference=reference, user=user,
                scope=scope, updated_at=utcnow())
            changes = {"reference": stmt.excluded.reference, "scope": stmt.excluded.scope,
                       "updated_at": stmt.excluded.updated_at}
            if user:
                changes["user"] = stmt.excluded.user
            session.execute(stmt.on_conflict_do_update(
                index_elements=["platform", "conversation"], set_=changes))

    def get(self, platform: str, conversation: str) -> dict[str, Any] | None:
        with self.db.session() as session:
            return session.scalar(select(ConversationReference.reference).where(
                ConversationReference.platform == platform,
                ConversationReference.conversation == conversation))

    def personal_for(self, platform: str, user: str) -> dict[str, Any] | None:
        """The personal (1:1) chat reference for a user, newest first."""
        with self.db.session() as session:
            return session.scalar(select(ConversationReference.reference).where(
                ConversationReference.platform == platform,
                ConversationReference.user == user,
                ConversationReference.scope == "personal",
            ).order_by(ConversationReference.updated_at.desc()).limit(1))

    def latest(self, platform: str) -> dict[str, Any] | None:
        """The most recently refreshed reference of any scope: Teams borrows its tenant,
        bot account and serviceUrl to reach a conversation it has no reference for."""
        with self.db.session() as session:
            return session.scalar(select(ConversationReference.reference).where(
                ConversationReference.platform == platform,
            ).order_by(ConversationReference.updated_at.desc()).limit(1))
