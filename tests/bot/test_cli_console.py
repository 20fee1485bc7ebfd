"""`helpdesk console-link`, `helpdesk kb export --yaml`, `helpdesk kb check --drafts` and
`helpdesk ask` answering from entries approved in the console."""

from __future__ import annotations

import io
import json
import shutil

from bot.cli_console import (
    approved_entries,
    run_check_drafts,
    run_console_link,
    run_export_yaml,
    triage_for_ask,
)
from bot.cli_kb import run_ask
from knowledge.loader import DEFAULT_KB_DIR, DEFAULT_SOURCES, check_knowledge_base
from storage.console_auth import ConsoleAuthRepository
from storage.console_drafts import DraftRepository
from storage.database import Database
from tests.conftest import make_settings
from tests.handlers.test_live_knowledge import ENTRY, QUESTION


def _approved(database_url: str, data: dict = ENTRY) -> None:
    db = Database(database_url)
    db.upgrade()
    drafts = DraftRepository(db)
    draft = drafts.create(data, "slack:A")
    assert drafts.approve(draft.id, "slack:B", draft.version).ok
    db.dispose()


def test_console_link_prints_a_working_one_time_link(database_url):
    settings = make_settings(database_url=database_url, slack_admin_ids="UADMIN",
                             public_base_url="https://helpdesk.example.nl/")
    out, err = io.StringIO(), io.StringIO()
    assert run_console_link(settings, "slack", "UADMIN", "Ann", out, err) == 0
    link = out.getvalue().strip()
    assert link.startswith("https://helpdesk.example.nl/console/login?token=") and not \
        err.getvalue()
    db = Database(database_url)
    result = ConsoleAuthRepository(db).redeem(link.split("token=")[1])
    db.dispose()
    assert result.ok and result.identity.user_name == "Ann"


def test_console_link_warns_about_a_user_without_a_role_and_refuses_bad_input(database_url):
    settings = make_settings(database_url=database_url)
    out, err = io.StringIO(), io.StringIO()
    assert run_console_link(settings, "slack", "UNOBODY", stdout=out, stderr=err) == 0
    assert "token=" in out.getvalue() and "no console role" in err.getvalue()
    assert run_console_link(settings, "myspace", "U1", stdout=out, stderr=err) == 2
    assert run_console_link(settings, "slack", "  ", stdout=out, stderr=err) == 2


def test_ask_answers_from_approved_console_entries(database_url):
    settings = make_settings(database_url=database_url)
    _approved(database_url)
    out = io.StringIO()
    run_ask(triage_for_ask(settings), QUESTION, True, stdout=out)
    payload = json.loads(out.getvalue())
    assert payload["kind"] == "answer" and payload["entry_id"] == "kluissleutel-regio"


def test_ask_without_a_database_creates_none(tmp_path):
    missing = tmp_path / "nothing-here.sqlite3"
    settings = make_settings(database_url=f"sqlite:///{missing}")
    assert approved_entries(settings) == [] and not missing.exists()


def test_exported_yaml_passes_kb_check_in_the_repository(database_url, tmp_path):
    settings = make_settings(database_url=database_url)
    _approved(database_url)
    kb_dir = tmp_path / "kb"
    shutil.copytree(DEFAULT_KB_DIR, kb_dir)
    out = io.StringIO()
    assert run_export_yaml(settings, str(kb_dir / "console.yaml"), out) == 0
    assert "wrote 1 entry" in out.getvalue()
    kb, problems = check_knowledge_base(kb_dir, DEFAULT_SOURCES)
    assert problems == [] and kb.get("kluissleutel-regio").questions[0] == QUESTION
    out = io.StringIO()
    run_export_yaml(settings, None, out)
    assert out.getvalue().startswith("# Entries approved in the helpdesk console")


def test_check_drafts_validates_the_approved_entries(database_url):
    settings = make_settings(database_url=database_url)
    out = io.StringIO()
    assert run_check_drafts(settings, out) == 0 and "ok: 0 approved" in out.getvalue()
    _approved(database_url)
    # a second approved entry that steals a phrasing of the first
    _approved(database_url, {**ENTRY, "id": "kluis-twee", "title": "Tweede kluis"})
    out = io.StringIO()
    assert run_check_drafts(settings, out) == 1
    assert "kluis-twee" in out.getvalue() and "conflicts with entry" in out.getvalue()
