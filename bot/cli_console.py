"""Console-related sub-commands: `helpdesk console-link`, `helpdesk kb export --yaml`,
`helpdesk kb check --drafts`, and the knowledge base `helpdesk ask` answers from
(the YAML entries plus those approved in the console, when a database exists)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

import yaml
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from bot.bootstrap import build_triage, public_base_url
from bot.config import Settings
from bot.roles import Roles
from handlers.console_link import CONSOLE_ROLES, login_url
from handlers.drafts import CONSOLE_FILE, check_draft, entries_from, merged, to_yaml_data
from handlers.triage import Triage
from knowledge.entries import Entry, KnowledgeBase
from knowledge.loader import load_knowledge_base
from storage.console_auth import ConsoleAuthRepository, Identity
from storage.console_drafts import DraftRepository
from storage.database import Database, normalize_url

PLATFORMS = ("slack", "teams", "shell")


def _existing_database(settings: Settings) -> Database | None:
    """The configured database, unless it is a SQLite file that does not exist
    (reading must not create one)."""
    url = normalize_url(settings.database_url)
    if url.startswith("sqlite"):
        path = make_url(url).database
        if not path or path == ":memory:" or not Path(path).exists():
            return None
    return Database(url)


def approved_entries(settings: Settings, stderr: TextIO | None = None) -> list[Entry]:
    """Entries approved in the console; [] without a database (or an old one)."""
    stderr = stderr or sys.stderr
    db = _existing_database(settings)
    if db is None:
        return []
    try:
        return entries_from(d.data for d in DraftRepository(db).approved())
    except SQLAlchemyError as exc:
        stderr.write(f"helpdesk: console entries not read ({type(exc).__name__}); "
                     "answering from the YAML knowledge base only\n")
        return []
    finally:
        db.dispose()


def triage_for_ask(settings: Settings) -> Triage:
    """What `helpdesk ask` decides with: YAML plus approved console entries."""
    base = load_knowledge_base()
    extra = approved_entries(settings)
    return build_triage(settings, merged(base, extra) if extra else base)


def run_console_link(settings: Settings, platform: str, user: str, name: str = "",
                     stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Print a one-time sign-in link for platform:user (for an operator at the terminal)."""
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    user = user.strip()
    if platform not in PLATFORMS or not user:
        stderr.write(f"helpdesk console-link: --platform must be one of {', '.join(PLATFORMS)}"
                     " and --user must not be empty\n")
        return 2
    db = Database(settings.database_url)
    db.upgrade()
    token = ConsoleAuthRepository(db).issue_link(Identity(platform, user, name))
    db.dispose()
    if not Roles(settings.platforms()).configured(platform, user) & CONSOLE_ROLES:
        stderr.write(f"note: {platform}:{user} has no console role in the configuration "
                     "(staff, curator or admin ids); the console will refuse its pages "
                     "(Slack staff-channel members are checked when the link is used)\n")
    stdout.write(login_url(public_base_url(settings), token) + "\n")
    return 0


def _approved_kb(settings: Settings) -> tuple[KnowledgeBase, list[Entry]]:
    base = load_knowledge_base()
    return base, [e for e in approved_entries(settings) if base.get(e.id) is None]


def run_export_yaml(settings: Settings, out: str | None, stdout: TextIO | None = None) -> int:
    """The approved console entries not yet in the YAML files, as a knowledge/kb file."""
    stdout = stdout or sys.stdout
    _, entries = _approved_kb(settings)
    text = ("# Entries approved in the helpdesk console (helpdesk kb export --yaml).\n"
            "# Review, commit under knowledge/kb/ and run `helpdesk kb check`.\n")
    text += yaml.safe_dump({"entries": [to_yaml_data(e) for e in entries]}, allow_unicode=True,
                           sort_keys=False, width=100)
    if out:
        Path(out).write_text(text, encoding="utf-8")
        stdout.write(f"wrote {len(entries)} entr{'y' if len(entries) == 1 else 'ies'} "
                     f"to {out}\n")
    else:
        stdout.write(text)
    return 0


def run_check_drafts(settings: Settings, stdout: TextIO | None = None) -> int:
    """Check the approved console entries against the YAML knowledge base."""
    stdout = stdout or sys.stdout
    base, entries = _approved_kb(settings)
    problems = 0
    live = base
    for entry in entries:
        result = check_draft(entry.model_dump(), live)
        for message in result.messages():
            stdout.write(f"error: {CONSOLE_FILE} entry {entry.id!r}: {message}\n")
            problems += 1
        live = merged(live, [entry])
    if problems:
        stdout.write(f"{problems} problem(s) in the console entries\n")
        return 1
    stdout.write(f"ok: {len(entries)} approved console entr"
                 f"{'y' if len(entries) == 1 else 'ies'}\n")
    return 0
