"""What each conversation (or thread) was last about, so a follow-up ("en hoeveel
zijn er van elk?", "vertel meer over de derde") can be read against it.

Only knowledge-base entry ids and a time are stored, never the question; rows
older than a day are useless and the retention purge removes them
(storage.tickets). Kept in the database so every web process sees the same conversation.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import String, UniqueConstraint, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, mapped_column

from storage.database import Database
from storage.models import Base, UTCDateTime, utcnow

MAX_IDS = 3


class ConversationTopic(Base):
    """The entries the bot last answered in one conversation thread."""

    __tablename__ = "conversation_topics"
    __table_args__ = (UniqueConstraint("platform", "conversation", "thread",
                                       name="uq_conversation_topic"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    conversation: Mapped[str] = mapped_column(String(255))
    thread: Mapped[str] = mapped_column(String(255), default="")
    entry_ids: Mapped[str] = mapped_column(String(400))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class TopicRepository:
    """Remember and recall a conversation's topic, within a window."""

    def __init__(self, db: Database, window: timedelta):
        self.db = db
        self.window = window

    def remember(self, platform: str, conversation: str, thread: str | None,
                 entry_ids: list[str], at: datetime | None = None) -> None:
        values = {"platform": platform, "conversation": conversation[:255],
                  "thread": (thread or "")[:255],
                  "entry_ids": ",".join(entry_ids[:MAX_IDS])[:400], "updated_at": at or utcnow()}
        with self.db.session() as session:
            dialect = session.get_bind().dialect.name
            insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
            stmt = insert(ConversationTopic).values(**values)
            session.execute(stmt.on_conflict_do_update(
                index_elements=["platform", "conversation", "thread"],
                set_={"entry_ids": values["entry_ids"], "updated_at": values["updated_at"]}))

    def recall(self, platform: str, conversation: str, thread: str | None,
               now: datetime | None = None) -> tuple[str, ...]:
        """The entry ids of the last answer here, if it was within the window."""
        since = (now or utcnow()) - self.window
        with self.db.session() as session:
            row = session.scalars(select(ConversationTopic).where(
                ConversationTopic.platform == platform,
                ConversationTopic.conversation == conversation[:255],
                ConversationTopic.thread == (thread or "")[:255],
                ConversationTopic.updated_at >= since)).first()
            return tuple(i for i in row.entry_ids.split(",") if i) if row else ()


class MemoryTopics:
    """The same, in memory: for the terminal chat, one person, one process."""

    def __init__(self, window: timedelta):
        self.window = window
        self._topics: dict[tuple[str, str, str], tuple[tuple[str, ...], datetime]] = {}

    def remember(self, platform: str, conversation: str, thread: str | None,
                 entry_ids: list[str], at: datetime | None = None) -> None:
        key = (platform, conversation, thread or "")
        self._topics[key] = (tuple(entry_ids[:MAX_IDS]), at or utcnow())

    def recall(self, platform: str, conversation: str, thread: str | None,
               now: datetime | None = None) -> tuple[str, ...]:
        ids, at = self._topics.get((platform, conversation, thread or ""), ((), None))
        if at is None or at < (now or utcnow()) - self.window:
            return ()
        return ids
