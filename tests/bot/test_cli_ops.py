"""`helpdesk db upgrade`, `helpdesk tickets purge`, `helpdesk kb gaps`."""

from __future__ import annotations

import io
from datetime import timedelta

from bot import cli_ops
from storage.database import Database
from storage.feedback import FeedbackRepository
from storage.models import Ticket, utcnow
from storage.tickets import PURGED_TEXT, TicketRepository
from tests.conftest import make_settings


def test_purge_command_anonymises_after_retention(database_url):
    settings = make_settings(database_url=database_url, retention_days=30)
    out = io.StringIO()
    assert cli_ops.run_db_upgrade(settings, out) == 0
    db = Database(database_url)
    repo = TicketRepository(db)
    ticket = repo.create(queue="legal", platform="slack", conversation="C", thread=None,
                         asker="U", language="nl", question="geheim", redactions={})
    repo.close(ticket.id, "slack:S")
    with db.session() as s:
        s.get(Ticket, ticket.id).closed_at = utcnow() - timedelta(days=31)
    assert cli_ops.run_purge(settings, stdout=out) == 0
    assert "anonymised 1 ticket(s)" in out.getvalue() and "30 days" in out.getvalue()
    assert repo.get(ticket.id).question == PURGED_TEXT
    db.dispose()


def test_gaps_command_groups_questions(database_url):
    settings = make_settings(database_url=database_url)
    db = Database(database_url)
    db.upgrade()
    repo = FeedbackRepository(db)
    for q in ["Waar kan ik parkeren?", "waar kan ik parkeren", "Is er koffie?"]:
        repo.record_unanswered(platform="shell", conversation="c", thread=None, asker="u",
                               question=q, language="nl", best_entry_id=None, score=0.0)
    out = io.StringIO()
    assert cli_ops.run_gaps(settings, out) == 0
    lines = out.getvalue().splitlines()
    assert lines[0].split()[0] == "2" and "parkeren" in lines[0]
    db.dispose()
