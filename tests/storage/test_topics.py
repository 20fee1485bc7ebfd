"""Conversation topics for follow-ups: remembered per conversation and thread, recalled
only within the window, erased by the retention purge (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from storage.tickets import TicketRepository
from storage.topics import MemoryTopics, TopicRepository

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
WINDOW = timedelta(minutes=15)


def test_remember_and_recall_within_the_window(db):
    topics = TopicRepository(db, WINDOW)
    topics.remember("slack", "C1", "t1", ["basisbouwstenen"], at=T0)
    assert topics.recall("slack", "C1", "t1", now=T0 + WINDOW) == ("basisbouwstenen",)
    assert topics.recall("slack", "C1", "t1", now=T0 + WINDOW + timedelta(seconds=1)) == ()
    assert topics.recall("slack", "C1", "t2", now=T0) == ()
    assert topics.recall("teams", "C1", "t1", now=T0) == ()


def test_the_latest_answer_replaces_the_topic(db):
    topics = TopicRepository(db, WINDOW)
    topics.remember("slack", "C1", None, ["a", "b"], at=T0)
    topics.remember("slack", "C1", None, ["c"], at=T0 + timedelta(minutes=1))
    assert topics.recall("slack", "C1", None, now=T0 + timedelta(minutes=2)) == ("c",)


def test_the_purge_erases_old_topics(db):
    topics = TopicRepository(db, WINDOW)
    old = datetime.now(UTC) - timedelta(days=2)
    topics.remember("slack", "C1", None, ["a"], at=old)
    topics.remember("slack", "C2", None, ["b"])
    TicketRepository(db).purge(datetime.now(UTC) - timedelta(days=180))
    assert topics.recall("slack", "C1", None, now=old) == ()
    assert topics.recall("slack", "C2", None) == ("b",)


def test_memory_topics_keep_the_same_promise():
    topics = MemoryTopics(WINDOW)
    topics.remember("shell", "c", None, ["a"], at=T0)
    assert topics.recall("shell", "c", None, now=T0 + WINDOW) == ("a",)
    assert topics.recall("shell", "c", None, now=T0 + WINDOW * 2) == ()
