"""The terminal chat's settings: SHELL_* environment variables (or .env)."""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from bot.platform import IdList, PlatformConfig

STAFF_USER = "medewerker"


class ShellConfig(PlatformConfig):
    """Only `helpdesk shell` runs the terminal; `serve` and `clock` never do."""

    model_config = SettingsConfigDict(env_prefix="SHELL_", env_file=".env", extra="ignore",
                                      frozen=True)

    user: str = "shell-user"
    """Who you are as a regional contact."""
    staff_user: str = STAFF_USER
    """Who you are after /staff: helpdesk staff and admin."""
    staff_ids: IdList = frozenset({STAFF_USER})
    admin_ids: IdList = frozenset({STAFF_USER})
    staff_channel: str = "staff-kanaal"
