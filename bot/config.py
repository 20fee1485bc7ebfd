"""Settings from the environment (and an optional `.env` file).

Every knob a deployment needs is here with a safe local default: SQLite in the
working directory, no platform credentials (the terminal chat needs none), no
walk-in date (the sources give none, so it is configuration).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

IdList = Annotated[frozenset[str], NoDecode]
DayList = Annotated[tuple[int, ...], NoDecode]


class Settings(BaseSettings):
    """All configuration; read once by bootstrap, passed to what needs it."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", frozen=True)

    database_url: str = "sqlite:///helpdesk.sqlite3"
    host: str = "0.0.0.0"
    port: int = Field(default=3978, ge=1, le=65535)
    timezone: str = "Europe/Amsterdam"
    log_level: str = "INFO"

    # Slack
    slack_bot_token: str = ""
    slack_signing_secret: str = ""
    slack_app_token: str = ""
    slack_api_url: str = "https://slack.com/api/"
    slack_staff_channel: str = ""
    slack_team_channel: str = ""
    slack_staff_ids: IdList = frozenset()
    slack_admin_ids: IdList = frozenset()
    slack_curator_ids: IdList = frozenset()

    # Microsoft Teams (Bot Framework)
    microsoft_app_id: str = ""
    microsoft_app_password: str = ""
    microsoft_app_tenant_id: str = ""
    microsoft_app_type: str = "MultiTenant"
    teams_staff_channel: str = ""
    teams_team_channel: str = ""
    teams_staff_ids: IdList = frozenset()
    teams_admin_ids: IdList = frozenset()
    teams_curator_ids: IdList = frozenset()

    # Terminal chat
    shell_user: str = "shell-user"
    # Console roles of terminal users (the shell's /staff persona is "medewerker")
    shell_staff_ids: IdList = frozenset()
    shell_curator_ids: IdList = frozenset()
    shell_admin_ids: IdList = frozenset({"medewerker"})

    # Walk-in hour and meetups
    walkin_schedule: str = ""
    walkin_link: str = ""
    walkin_duration_minutes: int = Field(default=60, ge=1, le=24 * 60)
    walkin_announce_hours_before: int = Field(default=24, ge=0, le=24 * 14)
    meetup_reminder_days: DayList = (7, 1)
    meetup_day_of_hour: int = Field(default=9, ge=0, le=23)
    meetups_file: str = ""  # default: knowledge/meetups.yaml
    public_base_url: str = ""  # e.g. https://helpdesk.example.nl (links to /meetups/<id>.ics)

    # Tickets, outbox, retention
    followup_window_minutes: int = Field(default=15, ge=0, le=24 * 60)
    """A message within this many minutes of an answer in the same conversation or
    thread may be a follow-up to it ("en hoeveel zijn er van elk?")."""
    ticket_sla_hours: int = Field(default=24, ge=1)
    retention_days: int = Field(default=180, ge=1)
    outbox_max_attempts: int = Field(default=8, ge=1)
    outbox_poll_seconds: float = Field(default=2.0, gt=0)
    misfire_grace_hours: int = Field(default=6, ge=0)

    # Helpdesk console
    console_cache_seconds: float = Field(default=30.0, ge=0)
    """How long a web process reuses the Insights figures of one period (0: never)."""

    @field_validator(
        "slack_staff_ids", "slack_admin_ids", "teams_staff_ids", "teams_admin_ids",
        "slack_curator_ids", "teams_curator_ids", "shell_staff_ids", "shell_curator_ids",
        "shell_admin_ids", mode="before"
    )
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return frozenset(part.strip() for part in value.split(",") if part.strip())
        return value

    @field_validator("meetup_reminder_days", mode="before")
    @classmethod
    def _split_days(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(sorted({int(p) for p in value.split(",") if p.strip()}, reverse=True))
        return value

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")
