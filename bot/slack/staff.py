"""Members of the Slack staff channel: everyone in SLACK_STAFF_CHANNEL counts as
helpdesk staff. Read with conversations.members (paged); bot/roles.py caches the
list for a minute and keeps the last known list when Slack cannot be asked."""

from __future__ import annotations

from slack_sdk.web.async_client import AsyncWebClient

MAX_PAGES = 50


async def channel_members(client: AsyncWebClient, channel: str) -> frozenset[str] | None:
    """Every member of `channel` (None when no staff channel is configured)."""
    if not channel:
        return None
    members: set[str] = set()
    cursor = None
    for _ in range(MAX_PAGES):
        response = await client.conversations_members(channel=channel, limit=1000,
                                                      cursor=cursor)
        members.update(response.get("members") or [])
        cursor = (response.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            break
    return frozenset(members)
