"""Settings from the environment: lists, numbers, defaults and rejected values."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.config import Settings
from tests.conftest import make_settings


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    """No deployment variable of the machine running the tests leaks in."""
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)


def test_safe_local_defaults():
    s = make_settings()
    assert s.database_url == "sqlite:///helpdesk.sqlite3" and s.is_sqlite
    assert (s.host, s.port) == ("0.0.0.0", 3978)
    assert s.timezone == "Europe/Amsterdam"
    assert s.slack_bot_token == "" and s.microsoft_app_password == ""
    assert s.slack_staff_ids == frozenset() and s.teams_admin_ids == frozenset()
    assert s.walkin_schedule == ""
    assert s.meetup_reminder_days == (7, 1)


def test_comma_separated_ids(monkeypatch):
    monkeypatch.setenv("SLACK_STAFF_IDS", "U1, U2,,U3 ,")
    monkeypatch.setenv("TEAMS_ADMIN_IDS", "29:abc")
    s = make_settings()
    assert s.slack_staff_ids == frozenset({"U1", "U2", "U3"})
    assert s.teams_admin_ids == frozenset({"29:abc"})
    assert s.slack_admin_ids == frozenset()


def test_ids_given_directly():
    assert make_settings(slack_staff_ids="A,B").slack_staff_ids == frozenset({"A", "B"})
    assert make_settings(teams_staff_ids={"X"}).teams_staff_ids == frozenset({"X"})


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
    (tmp_path / ".env").write_text("PORT=4000\nSHELL_USER=anna\nSLACK_STAFF_IDS=U9,U8\n",
                                   encoding="utf-8")
    monkeypatch.setenv("PORT", "5000")
    s = Settings()
    assert s.port == 5000
    assert s.shell_user == "anna"
    assert s.slack_staff_ids == frozenset({"U9", "U8"})


def test_settings_are_frozen():
    s = make_settings()
    with pytest.raises(ValidationError):
        s.port = 1
