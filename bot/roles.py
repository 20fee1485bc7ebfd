"""Who is helpdesk staff or admin: the one place roles are decided, server-side.

A role comes from configured ids per platform (`{PLATFORM}_STAFF_IDS`,
`{PLATFORM}_ADMIN_IDS`; `ROLE_SETTINGS` lists which setting grants which role)
or, for staff, from membership of the platform's staff channel (Slack: the
channel's members; Teams: the members of the staff channel's team), cached for a
minute so a busy channel costs one API call a minute. Nothing in a request body
can make someone staff. The pipeline asks `Roles.resolve` for every stored
message before it reaches the router; handlers only look at `Incoming.roles`.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping

from bot.platform import PlatformConfig
from handlers.messages import ROLE_ADMIN, ROLE_CURATOR, ROLE_STAFF

log = logging.getLogger(__name__)

MEMBERS_TTL_SECONDS = 60.0
FAILURE_TTL_SECONDS = 10.0

ROLE_SETTINGS: Mapping[str, str] = {ROLE_ADMIN: "admin_ids", ROLE_STAFF: "staff_ids",
                                    ROLE_CURATOR: "curator_ids"}
"""Role -> the PlatformConfig field listing who has it."""
IMPLIED: Mapping[str, frozenset[str]] = {ROLE_ADMIN: frozenset({ROLE_STAFF})}
"""Roles that come with a role (an admin is also staff)."""

Fetch = Callable[[], Awaitable[frozenset[str] | None]]


class MemberCache:
    """Members of a staff channel, refreshed at most once per `ttl` by one caller at a time;
    when the platform cannot be asked, the last known list is kept and asked again soon."""

    def __init__(self, fetch: Fetch, ttl: float = MEMBERS_TTL_SECONDS,
                 clock: Callable[[], float] = time.monotonic):
        self.fetch = fetch
        self.ttl = ttl
        self.clock = clock
        self._members: frozenset[str] = frozenset()
        self._expires = float("-inf")
        self._lock: asyncio.Lock | None = None

    async def members(self) -> frozenset[str]:
        if self.clock() < self._expires:
            return self._members
        self._lock = self._lock or asyncio.Lock()
        async with self._lock:
            if self.clock() < self._expires:
                return self._members
            try:
                found = await self.fetch()
                self._members = found if found is not None else self._members
                self._expires = self.clock() + self.ttl
            except Exception as exc:  # keep the last known list, ask again soon
                log.warning("could not list the staff channel's members: %r", exc)
                self._expires = self.clock() + FAILURE_TTL_SECONDS
            return self._members


class Roles:
    def __init__(self, configs: Mapping[str, PlatformConfig],
                 members: Mapping[str, MemberCache] | None = None):
        self._ids = {platform: {role: frozenset(getattr(config, setting, frozenset()))
                                for role, setting in ROLE_SETTINGS.items()}
                     for platform, config in configs.items()}
        self._members = dict(members or {})

    def configured(self, platform: str, user: str) -> frozenset[str]:
        """Roles from configured ids only (no network)."""
        roles: set[str] = set()
        for role, ids in self._ids.get(platform, {}).items():
            if user and user in ids:
                roles.add(role)
                roles.update(IMPLIED.get(role, ()))
        return frozenset(roles)

    async def resolve(self, platform: str, user: str) -> frozenset[str]:
        """Configured roles, plus staff for members of the platform's staff channel."""
        roles = self.configured(platform, user)
        cache = self._members.get(platform)
        if ROLE_STAFF not in roles and user and cache is not None \
                and user in await cache.members():
            roles = roles | {ROLE_STAFF}
        return roles
