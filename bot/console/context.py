"""What every console page handler can reach, and the role rules of the pages."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field

from aiohttp import web

from bot.bootstrap import ConsoleParts, Services
from handlers.messages import ROLE_ADMIN, ROLE_CURATOR, ROLE_STAFF

RoleLookup = Callable[[str, str], Awaitable[frozenset[str]]]

COOKIE = "helpdesk_console"
LOGIN_COOKIE = "helpdesk_console_login"
FLASH_COOKIE = "helpdesk_console_flash"
LANG_COOKIE = "helpdesk_console_lang"
PREFIX = "/console"

PAGES = (
    # (path, Dutch name, roles that may open it; admins may open everything)
    ("/console/queue", "Wachtrij", frozenset({ROLE_STAFF})),
    ("/console/insights", "Inzichten", frozenset({ROLE_STAFF, ROLE_CURATOR})),
    ("/console/knowledge", "Kennisbank", frozenset({ROLE_CURATOR})),
    ("/console/announcements", "Aankondigingen", frozenset({ROLE_ADMIN})),
    ("/console/audit", "Logboek", frozenset({ROLE_ADMIN})),
)


def allowed(roles: frozenset[str], need: frozenset[str]) -> bool:
    return ROLE_ADMIN in roles or bool(roles & need)


@dataclass
class ConsoleContext:
    services: Services
    parts: ConsoleParts
    role_lookups: Mapping[str, RoleLookup] = field(default_factory=dict)
    secure_cookies: bool = False

    async def roles(self, platform: str, user: str) -> frozenset[str]:
        """Roles as of now: checked on every request, so a removed id loses access at once
        (staff-channel membership through its one-minute cache)."""
        lookup = self.role_lookups.get(platform)
        if lookup is not None:
            return await lookup(user)
        return await self.services.roles.resolve(platform, user)


CONTEXT = web.AppKey("console_context", ConsoleContext)
LANG = web.RequestKey("console_lang", str)
SESSION = web.RequestKey("console_session", object)  # storage.console_auth.SessionView | None
ROLES = web.RequestKey("console_roles", frozenset)
FLASH = web.RequestKey("console_flash", str)


def requires(*roles: str):
    """Mark a handler with the roles that may use it (admins always may)."""
    need = frozenset(roles)

    def mark(handler):
        handler.console_roles = need
        return handler

    return mark


def public(handler):
    """A page that needs no session (sign-in, the explanation, assets)."""
    handler.console_public = True
    return handler
