"""Settings from the environment: lists, numbers, defaults and rejected values."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.config import Settings, load_settings
from bot.platforms import PLATFORMS
from tests.conftest import make_settings


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    """No deployment variable of the machine running the tests leaks in, and the user's
    data directory is a temporary one."""
    import os
    for name in list(os.environ):
        if name.startswith(("SLACK_", "TEAMS_", "MICROSOFT_", "SHELL_", "HELPDESK_DATA")) \
                or name.lower() in Settings.model_fields:
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


def test_safe_local_defaults(tmp_path):
    s = Settings(_env_file=None)
    expected = tmp_path / "data" / "toekomstscenario-helpdesk" / "helpdesk.sqlite3"
    assert s.database_url == f"sqlite:///{expected}" and s.is_sqlite
    assert not expected.parent.exists(), "reading settings creates nothing"
    assert (s.host, s.port) == ("0.0.0.0", 3978)
    assert s.timezone == "Europe/Amsterdam"
    slack, teams = s.platform("slack"), s.platform("teams")
    assert slack.bot_token == "" and teams.app_password == ""
    assert slack.staff_ids == frozenset() and teams.admin_ids == frozenset()
    assert not slack.enabled() and not teams.enabled() and not teams.allow_unauthenticated
    assert s.walkin_schedule == ""
    assert s.meetup_reminder_days == (7, 1)


def test_the_default_database_does_not_depend_on_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    here = Settings(_env_file=None).database_url
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    assert Settings(_env_file=None).database_url == here
    monkeypatch.setenv("HELPDESK_DATA_DIR", str(tmp_path / "mine"))
    assert Settings(_env_file=None).database_url == f"sqlite:///{tmp_path / 'mine'}/" \
        "helpdesk.sqlite3"


def test_comma_separated_ids(monkeypatch):
    monkeypatch.setenv("SLACK_STAFF_IDS", "U1, U2,,U3 ,")
    monkeypatch.setenv("TEAMS_ADMIN_IDS", "29:abc")
    s = make_settings()
    assert s.platform("slack").staff_ids == frozenset({"U1", "U2", "U3"})
    assert s.platform("teams").admin_ids == frozenset({"29:abc"})
    assert s.platform("slack").admin_ids == frozenset()


def test_ids_given_directly():
    assert make_settings(slack_staff_ids="A,B").platform("slack").staff_ids == {"A", "B"}
    assert make_settings(teams_staff_ids={"X"}).platform("teams").staff_ids == {"X"}


def test_every_platform_has_its_own_settings_and_unknown_ones_are_refused(monkeypatch):
    monkeypatch.setenv("MICROSOFT_APP_ID", "app-from-env")
    s = make_settings(slack_bot_token="xoxb", shell_user="anna")
    assert s.platform("teams").app_id == "app-from-env"
    assert s.platform("slack").bot_token == "xoxb" and s.platform("shell").user == "anna"
    assert set(s.platforms()) == {p.name for p in PLATFORMS}
    with pytest.raises(TypeError, match="slak_bot_token"):
        load_settings(_env_file=None, slak_bot_token="x")


def test_teams_single_tenant_needs_a_tenant(monkeypatch):
    with pytest.raises(ValidationError, match="MICROSOFT_APP_TENANT_ID"):
        make_settings(microsoft_app_id="a", microsoft_app_type="SingleTenant")
    with pytest.raises(ValidationError, match="MultiTenant, SingleTenant"):
        make_settings(microsoft_app_type="Single")
    ok = make_settings(microsoft_app_id="a", microsoft_app_type="SingleTenant",
                       microsoft_app_tenant_id="t")
    assert ok.platform("teams").enabled()


def test_teams_is_on_only_when_registered_or_explicitly_opened(monkeypatch):
    assert not make_settings(teams_staff_channel="19:x").platform("teams").enabled()
    opened = make_settings(teams_allow_unauthenticated=True).platform("teams")
    assert opened.enabled() and not opened.authenticated
    monkeypatch.setenv("TEAMS_ALLOW_UNAUTHENTICATED", "1")
    assert make_settings().platform("teams").enabled()


@pytest.mark.parametrize(
    ("raw", "days"),
    [("7,1", (7, 1)), ("1,7", (7, 1)), ("14, 7 ,1,1", (14, 7, 1)), ("3", (3,)), ("", ())],
)
def test_meetup_reminder_days(monkeypatch, raw, days):
    monkeypatch.setenv("MEETUP_REMINDER_DAYS", raw)
    assert make_settings().meetup_reminder_days == days


def test_meetup_reminder_days_must_be_numbers(monkeypatch):
    monkeypatch.setenv("MEETUP_REMINDER_DAYS", "7,morgen")
    with pytest.raises(ValidationError, match="meetup_reminder_days"):
        make_settings()


@pytest.mark.parametrize("port", ["8080", "1", "65535"])
def test_port(monkeypatch, port):
    monkeypatch.setenv("PORT", port)
    assert make_settings().port == int(port)


@pytest.mark.parametrize("port", ["abc", "0", "65536", "-1", "80.5", ""])
def test_bad_port_rejected(monkeypatch, port):
    monkeypatch.setenv("PORT", port)
    with pytest.raises(ValidationError, match="port"):
        make_settings()


@pytest.mark.parametrize(
    ("name", "value"),
    [("WALKIN_DURATION_MINUTES", "0"), ("MEETUP_DAY_OF_HOUR", "24"), ("RETENTION_DAYS", "0"),
     ("OUTBOX_POLL_SECONDS", "0")],
)
def test_out_of_range_numbers_rejected(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError, match=name.lower()):
        make_settings()


def test_postgres_url_is_not_sqlite(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://u:p@db/helpdesk")
    assert not make_settings().is_sqlite


def test_env_file_is_read_and_environment_wins(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("PORT=4000\nSHELL_USER=anna\nSLACK_STAFF_IDS=U9,U8\n"
                                   "SLACK_BOT_TOKEN=from-file\n", encoding="utf-8")
    monkeypatch.setenv("PORT", "5000")
    monkeypatch.setenv("SLACK_BOT_TOKEN", "from-env")
    s = Settings()
    assert s.port == 5000
    assert s.platform("shell").user == "anna"
    assert s.platform("slack").staff_ids == frozenset({"U9", "U8"})
    assert s.platform("slack").bot_token == "from-env"


def test_settings_are_frozen():
    s = make_settings()
    with pytest.raises(ValidationError):
        s.port = 1
