"""Who counts as helpdesk staff on Slack: the configured ids (SLACK_STAFF_IDS,
SLACK_ADMIN_IDS) plus every member of SLACK_STAFF_CHANNEL.

Membership comes from conversations.members and is cached for a minute, so adding
someone to the staff channel is enough to let them claim tickets, and a busy
channel costs one API call a minute, not one per message. Roles are always decided
here, server-side: nothing in a request body can make someone staff.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.roles import RoleResolver
from handlers.messages import ROLE_STAFF

log = logging.getLogger(__name__)

MEMBERS_TTL_SECONDS = 60.0
FAILURE_TTL_SECONDS = 10.0
MAX_PAGES = 50


class StaffDirectory:
    def __init__(self, client: AsyncWebClient, roles: RoleResolver, channel: str,
                 ttl: float = MEMBERS_TTL_SECONDS,
                 clock: Callable[[], float] = time.monotonic):
        self.client = client
        self.resolver = roles
        self.channel = channel
        self.ttl = ttl
        self.clock = clock
        self._members: frozenset[str] = frozenset()
        self._expires = float("-inf")
        self._lock = asyncio.Lock()

    async def members(self) -> frozenset[str]:
        """Members of the staff channel (cached; refreshed by one caller at a time)."""
        if not self.channel:
            return frozenset()
        if self.clock() < self._expires:
            return self._members
        async with self._lock:
            if self.clock() < self._expires:
                return self._members
            try:
                self._members = await self._fetch()
                self._expires = self.clock() + self.ttl
            except Exception as exc:  # keep the last known list, ask again soon
                log.warning("could not list members of the staff channel %s: %s",
                            self.channel, exc if isinstance(exc, SlackApiError) else repr(exc))
                self._expires = self.clock() + FAILURE_TTL_SECONDS
            return self._members

    async def _fetch(self) -> frozenset[str]:
        members: set[str] = set()
        cursor = None
        for _ in range(MAX_PAGES):
            response = await self.client.conversations_members(
                channel=self.channel, limit=1000, cursor=cursor)
            members.update(response.get("members") or [])
            cursor = (response.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                break
        return frozenset(members)

    async def roles(self, user: str) -> frozenset[str]:
        """Configured roles, plus staff for members of the staff channel."""
        roles = self.resolver.roles("slack", user)
        if ROLE_STAFF not in roles and user and user in await self.members():
            roles = roles | {ROLE_STAFF}
        return roles
