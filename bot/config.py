"""Settings from the environment (and an optional `.env` file).

`Settings` holds what the whole service shares; each platform's own settings
(SLACK_*, MICROSOFT_APP_* / TEAMS_*, SHELL_*) live in its package and are read
through `settings.platform(name)`. Every knob has a safe local default: SQLite in
the user's data directory (not the working directory), no platform credentials
(the terminal chat needs none), no walk-in date (the sources give none).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, PrivateAttr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.platform import PlatformConfig
from bot.platforms import PLATFORMS, entry

DayList = Annotated[tuple[int, ...], NoDecode]
APP_DIR = "toekomstscenario-helpdesk"
DEFAULT_ENV_FILE = ".env"


def data_dir() -> Path:
    """Where the default SQLite file lives: $HELPDESK_DATA_DIR, else the XDG data
    directory (~/.local/share/toekomstscenario-helpdesk). Not created here."""
    if os.environ.get("HELPDESK_DATA_DIR"):
        return Path(os.environ["HELPDESK_DATA_DIR"]).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base).expanduser() / APP_DIR


def default_database_url() -> str:
    return f"sqlite:///{data_dir() / 'helpdesk.sqlite3'}"


class Settings(BaseSettings):
    """Shared configuration; read once by the CLI, passed to bootstrap."""

    model_config = SettingsConfigDict(env_file=DEFAULT_ENV_FILE, extra="ignore", frozen=True)

    database_url: str = Field(default_factory=default_database_url)
    host: str = "0.0.0.0"
    port: int = Field(default=3978, ge=1, le=65535)
    timezone: str = "Europe/Amsterdam"
    log_level: str = "INFO"

    # Walk-in hour and meetups
    walkin_schedule: str = ""
    walkin_link: str = ""
    walkin_duration_minutes: int = Field(default=60, ge=1, le=24 * 60)
    walkin_announce_hours_before: int = Field(default=24, ge=0, le=24 * 14)
    meetup_reminder_days: DayList = (7, 1)
    meetup_day_of_hour: int = Field(default=9, ge=0, le=23)
    meetups_file: str = ""  # default: knowledge/meetups.yaml
    public_base_url: str = ""  # e.g. https://helpdesk.example.nl (links to /meetups/<id>.ics)

    # Conversation
    followup_window_minutes: int = Field(default=15, ge=0, le=24 * 60)
    """A message within this many minutes of an answer in the same conversation or
    thread may be a follow-up to it ("en hoeveel zijn er van elk?")."""

    # Helpdesk console
    console_cache_seconds: float = Field(default=30.0, ge=0)
    """How long a web process reuses the Insights figures of one period (0: never)."""

    # Tickets, inbox, outbox, retention
    ticket_sla_hours: int = Field(default=24, ge=1)
    retention_days: int = Field(default=180, ge=1)
    outbox_max_attempts: int = Field(default=8, ge=1)
    outbox_poll_seconds: float = Field(default=2.0, gt=0)
    inbox_lease_seconds: float = Field(default=60.0, ge=1)
    """How long a worker owns an inbox row without renewing; a crashed process's rows
    are taken over after this."""
    inbox_poll_seconds: float = Field(default=1.0, gt=0)
    """How often idle workers look for rows stored by other processes."""
    inbox_max_attempts: int = Field(default=5, ge=1)
    router_threads: int = Field(default=2, ge=1, le=32)
    misfire_grace_hours: int = Field(default=6, ge=0)

    _platforms: dict[str, PlatformConfig] = PrivateAttr(default_factory=dict)
    _env_file: Any = PrivateAttr(default=DEFAULT_ENV_FILE)

    def __init__(self, **values: Any):
        env_file = values.get("_env_file", DEFAULT_ENV_FILE)
        super().__init__(**values)
        self._env_file = env_file

    @field_validator("meetup_reminder_days", mode="before")
    @classmethod
    def _split_days(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(sorted({int(p) for p in value.split(",") if p.strip()}, reverse=True))
        return value

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def platform(self, name: str) -> PlatformConfig:
        """One platform's settings (read from the environment on first use)."""
        if name not in self._platforms:
            self._platforms[name] = entry(name).config(_env_file=self._env_file)
        return self._platforms[name]

    def platforms(self) -> dict[str, PlatformConfig]:
        return {p.name: self.platform(p.name) for p in PLATFORMS}


def load_settings(_env_file: Any = DEFAULT_ENV_FILE, **values: Any) -> Settings:
    """All settings, read now (so a mistake is reported at start-up). Keyword values
    override the environment: shared ones by field name, a platform's by its variable
    name in lower case (`slack_bot_token=...`, `microsoft_app_id=...`)."""
    shared = {k: v for k, v in values.items() if k in Settings.model_fields}
    settings = Settings(_env_file=_env_file, **shared)
    rest = {k: v for k, v in values.items() if k not in shared}
    for platform in PLATFORMS:
        keys = platform.config.accepted_keys()
        mine = {keys[k]: rest.pop(k) for k in list(rest) if k in keys}
        settings._platforms[platform.name] = platform.config(_env_file=_env_file, **mine)
    if rest:
        raise TypeError(f"unknown settings: {', '.join(sorted(rest))}")
    return settings
