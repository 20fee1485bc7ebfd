"""Conversation references, feedback and knowledge gaps, migrations."""

from __future__ import annotations

from sqlalchemy import inspect

from storage.feedback import FeedbackRepository
from storage.references import ReferenceRepository
from tests.storage.conftest import race


def test_upgrade_is_idempotent_and_creates_the_tables(db):
    db.upgrade()
    tables = set(inspect(db.engine).get_table_names())
    assert {"tickets", "ticket_events", "feedback", "unanswered_questions", "outbox",
            "outbox_attempts", "inbox", "conversation_references",
            "alembic_version"} <= tables
    assert "processed_events" not in tables, "replaced by the inbox"


def test_processes_starting_together_upgrade_one_at_a_time(database_url):
    def upgrade(engine, _n):
        engine.upgrade()
        return set(inspect(engine.engine).get_table_names())

    tables = race(database_url, 4, upgrade)
    assert all("inbox" in found for found in tables)


def test_references_upsert_and_personal_lookup(db):
    refs = ReferenceRepository(db)
    refs.save("teams", "a:1", {"v": 1}, user="aad-1", scope="personal")
    refs.save("teams", "a:1", {"v": 2}, scope="personal")
    refs.save("teams", "19:chan", {"v": 3}, scope="channel")
    assert refs.get("teams", "a:1") == {"v": 2}
    assert refs.personal_for("teams", "aad-1") == {"v": 2}
    assert refs.personal_for("teams", "nobody") is None


def test_feedback_counts_and_gaps_grouped(db):
    repo = FeedbackRepository(db)
    repo.record_feedback("slack", "U1", "ring-1", True)
    repo.record_feedback("slack", "U2", "ring-1", False)
    repo.record_feedback("slack", "U3", "ring-1", True)
    assert repo.feedback_counts() == {"ring-1": (2, 1)}
    for q in ["Wat vindt de staatssecretaris?", "wat vindt de staatssecretaris ervan",
              "Wat vindt de minister?", "Wat kost parkeren bij het ministerie?"]:
        repo.record_unanswered(platform="slack", conversation="C", thread=None, asker="U",
                               question=q, language="nl", best_entry_id=None, score=0.1)
    gaps = repo.gaps()
    assert gaps[0].count >= 2 and "vindt de" in gaps[0].example.lower()
    assert sum(g.count for g in gaps) == 4
