"""Operational sub-commands: database upgrade, ticket retention, knowledge gaps."""

from __future__ import annotations

import sys
from datetime import timedelta
from typing import TextIO

from bot.config import Settings
from storage.database import Database, describe_url
from storage.feedback import FeedbackRepository
from storage.models import utcnow
from storage.tickets import TicketRepository


def run_db_upgrade(settings: Settings, stdout: TextIO | None = None) -> int:
    stdout = stdout or sys.stdout
    db = Database(settings.database_url)
    db.upgrade()
    stdout.write(f"database at the latest schema ({describe_url(settings.database_url)})\n")
    db.dispose()
    return 0


def run_purge(settings: Settings, days: int | None = None, stdout: TextIO | None = None) -> int:
    """Anonymise tickets closed more than `days` (default RETENTION_DAYS) ago."""
    stdout = stdout or sys.stdout
    days = settings.retention_days if days is None else days
    db = Database(settings.database_url)
    db.upgrade()
    count = TicketRepository(db).purge(utcnow() - timedelta(days=days))
    stdout.write(f"anonymised {count} ticket(s) closed more than {days} days ago\n")
    db.dispose()
    return 0


def run_gaps(settings: Settings, stdout: TextIO | None = None) -> int:
    """Unanswered questions grouped by similarity, with counts."""
    stdout = stdout or sys.stdout
    db = Database(settings.database_url)
    db.upgrade()
    gaps = FeedbackRepository(db).gaps()
    if not gaps:
        stdout.write("no unanswered questions stored\n")
    for gap in gaps:
        stdout.write(f"{gap.count:4d}  {gap.example}\n")
        for other in gap.questions[1:4]:
            stdout.write(f"        ~ {other}\n")
    db.dispose()
    return 0
