"""What every chat platform supplies: its settings and, once built, its runtime.

A platform is one package (bot/slack, bot/teams, the terminal in bot/shell.py)
plus one entry in bot/platforms.py. The package provides:

- a `PlatformConfig` subclass: its environment variables (with its own prefix),
  including the settings every platform has (staff and admin ids, the channel of
  each ticket queue) and whether it is switched on;
- a `build(context)` function returning a `PlatformRuntime`: the HTTP routes that
  store incoming events in the inbox (`mount`), the messenger the outbox sends
  through, how a reply reaches the place a message came from (`reply`) and where
  it goes instead when that fails (`fallback`), and who is a member of its staff
  channel.

The shared pipeline (bot/pipeline.py) does the rest: inbox -> roles -> router ->
replies -> outbox fallback, the same for every platform.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, TextIO

from pydantic import AliasChoices, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.messenger import DeliveryError, Messenger
from handlers.messages import Incoming, Reply
from storage.outbox import OutboxItem

if TYPE_CHECKING:
    from aiohttp import web

    from bot.bootstrap import Core
    from bot.intake import Intake

IdList = Annotated[frozenset[str], NoDecode]
Origin = Mapping[str, Any]
"""Where a stored message came from, as the platform wrote it into the inbox row; its
replies go back there."""

MESSAGE = "message"
"""The inbox kind that goes through the router; other kinds are the platform's own."""


class PlatformConfig(BaseSettings):
    """Settings every platform has. Subclasses set `env_prefix` (SLACK_, TEAMS_, ...)."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", frozen=True)

    staff_ids: IdList = frozenset()
    admin_ids: IdList = frozenset()
    curator_ids: IdList = frozenset()
    """Who curates the knowledge base in the console (drafts, four-eyes approval)."""
    staff_channel: str = ""
    """Where legal helpdesk cards go; its members count as staff where the platform can
    list them."""
    team_channel: str = ""
    """Where programme-team cards go (the staff channel when empty)."""

    @field_validator("staff_ids", "admin_ids", "curator_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return frozenset(part.strip() for part in value.split(",") if part.strip())
        return value

    def enabled(self) -> bool:
        """Whether `serve` runs this platform (receives and sends)."""
        return False

    def can_send(self) -> bool:
        """Whether the clock can send through this platform (credentials to send suffice)."""
        return self.enabled()

    def problems(self) -> list[str]:
        """Half-done configuration worth a warning at start-up (not an error)."""
        return []

    def channel(self, setting: str) -> str:
        """The channel named by a queue's channel setting ("" when not set)."""
        return str(getattr(self, setting, "") or "")

    @classmethod
    def accepted_keys(cls) -> dict[str, str]:
        """Keyword names this config accepts in `load_settings(...)` (tests, tools): the
        environment name in lower case (prefix + field, or the field's alias)."""
        prefix = str(cls.model_config.get("env_prefix", "")).lower()
        keys = {}
        for name, info in cls.model_fields.items():
            keys[prefix + name] = name
            alias = info.validation_alias
            choices = alias.choices if isinstance(alias, AliasChoices) else [alias]
            keys.update({str(c).lower(): name for c in choices if isinstance(c, str)})
        return keys


class PlatformRuntime:
    """A built platform. Defaults do nothing, so a platform overrides what it has."""

    name: ClassVar[str] = ""
    messenger: Messenger

    def mount(self, app: web.Application) -> None:
        """Add the routes that receive this platform's events (the web process only)."""

    async def start(self) -> None:
        """Open connections (inside the running event loop)."""

    async def stop(self) -> None:
        """Close them."""

    async def staff_members(self) -> frozenset[str] | None:
        """Members of the staff channel (staff by membership), or None when unknown."""
        return None

    async def prepare(self, kind: str, incoming: Incoming, origin: Origin) -> None:
        """Run before a stored event is handled (Teams remembers the conversation)."""

    async def handle(self, kind: str, incoming: Incoming, origin: Origin) -> None:
        """Handle a stored event of a platform-specific kind (not `MESSAGE`)."""

    async def reply(self, origin: Origin, reply: Reply) -> None:
        """Send one reply back where the message came from; raise DeliveryError."""
        raise NotImplementedError

    def fallback(self, origin: Origin, reply: Reply, key: str,
                 error: DeliveryError) -> OutboxItem:
        """The outbox row that delivers `reply` when `reply()` failed with `error`."""
        raise NotImplementedError


@dataclass(frozen=True)
class BuildContext:
    """What a platform's `build` gets from bootstrap."""

    config: PlatformConfig
    core: Core
    intake: Intake
    out: TextIO | None = None
    """The terminal (the shell platform only)."""
