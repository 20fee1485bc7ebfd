"""Where a Slack message's replies go, and where they go when that fails.

Public replies go to the channel (in the thread the question was in); private ones
are ephemeral in a channel and plain messages in the bot's DM. A slash command
answers through its response_url first (that works even in channels the bot is not
a member of). When a send fails for a reason that may pass (429 beyond the inline
retry, 5xx, timeout), the pipeline queues the reply as an outbox row for the same
place; when the place itself is gone or closed to the bot, or the reply was
private, the row goes to the asker as a DM instead.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, fields
from datetime import timedelta
from typing import Any

from bot.messenger import DeliveryError
from bot.slack.messenger import SlackMessenger
from handlers.messages import Reply
from storage.models import Now
from storage.outbox import OutboxItem
from storage.outbox_models import OutboxMode

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Origin:
    """Where an incoming message or click came from, i.e. where its replies go."""

    channel: str
    user: str
    thread: str | None = None
    is_direct: bool = False
    private_only: bool = False
    """Every reply is private (slash commands, clicks on ephemeral messages)."""
    response_url: str | None = None
    response_url_first: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: Any) -> Origin:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in dict(data).items() if k in known})


class SlackReplies:
    """Sends one reply to an `Origin`; says which outbox row delivers it instead."""

    def __init__(self, messenger: SlackMessenger, now: Now):
        self.messenger = messenger
        self.now = now

    async def _private(self, origin: Origin, reply: Reply, thread: str | None) -> None:
        if origin.response_url and origin.response_url_first:
            try:
                await self.messenger.respond(origin.response_url, reply)
                return
            except DeliveryError as exc:
                log.info("response_url failed (%s); trying chat.postEphemeral", exc)
        try:
            await self.messenger.ephemeral(origin.channel, origin.user, reply, thread)
        except DeliveryError as exc:
            if not (exc.permanent and origin.response_url and not origin.response_url_first):
                raise
            await self.messenger.respond(origin.response_url, reply)

    async def send(self, origin: Origin, reply: Reply) -> None:
        private = reply.private or origin.private_only
        thread = origin.thread if reply.in_thread else None
        if private and not origin.is_direct:
            await self._private(origin, reply, thread)
        else:
            await self.messenger.post(origin.channel, reply, thread)

    def fallback(self, origin: Origin, reply: Reply, key: str,
                 error: DeliveryError) -> OutboxItem:
        """Same place when the failure may pass, else (or when private) a DM to the asker."""
        not_before = (self.now() + timedelta(seconds=error.retry_after)
                      if error.retry_after else None)
        private = reply.private or origin.private_only
        if private or error.permanent:
            return OutboxItem(key, "slack", origin.user, reply.to_dict(),
                              mode=OutboxMode.DIRECT, not_before=not_before)
        thread = origin.thread if reply.in_thread else None
        return OutboxItem(key, "slack", origin.channel, reply.to_dict(), thread=thread,
                          not_before=not_before)
