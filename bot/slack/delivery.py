"""Send the router's replies back to where a Slack message or click came from, right
away, and fall back to the outbox when that fails, so no reply is ever lost.

Public replies go to the channel (in the thread the question was in); private ones
are ephemeral in a channel and plain messages in the bot's DM. A slash command
answers through its response_url first (that works even in channels the bot is not
a member of). When a send fails for a reason that may pass (429 beyond the inline
retry, 5xx, timeout), the reply becomes an outbox row with a key unique to the
event, and the worker retries it; when the place itself is gone or closed to the
bot, the reply goes to the asker as a DM through the outbox instead.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import timedelta

from bot.messenger import DeliveryError
from bot.slack.messenger import SlackMessenger
from handlers.messages import Reply
from storage.models import utcnow
from storage.outbox import OutboxItem, OutboxRepository

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


class ReplySender:
    def __init__(self, messenger: SlackMessenger, outbox: OutboxRepository):
        self.messenger = messenger
        self.outbox = outbox

    async def send(self, origin: Origin, replies: list[Reply], key: str) -> int:
        """Deliver every reply; returns how many went to the outbox instead."""
        queued = 0
        for n, reply in enumerate(replies):
            if not await self._send_one(origin, reply, f"reply:{key}:{n}"):
                queued += 1
        return queued

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

    async def _send_one(self, origin: Origin, reply: Reply, key: str) -> bool:
        private = reply.private or origin.private_only
        thread = origin.thread if reply.in_thread else None
        try:
            if private and not origin.is_direct:
                await self._private(origin, reply, thread)
            else:
                await self.messenger.post(origin.channel, reply, thread)
            return True
        except DeliveryError as exc:
            error = exc
        except Exception as exc:  # a bug or an unexpected client error: still keep the reply
            log.exception("sending a Slack reply raised")
            error = DeliveryError(f"{type(exc).__name__}: {exc}")
        await self._to_outbox(origin, reply, key, private, thread, error)
        return False

    async def _to_outbox(self, origin: Origin, reply: Reply, key: str, private: bool,
                         thread: str | None, error: DeliveryError) -> None:
        """Queue the reply: same place when the failure may pass, else a DM to the asker."""
        not_before = (utcnow() + timedelta(seconds=error.retry_after)
                      if error.retry_after else None)
        if private or error.permanent:
            item = OutboxItem(key, "slack", origin.user, reply.to_dict(), mode="direct",
                              not_before=not_before)
        else:
            item = OutboxItem(key, "slack", origin.channel, reply.to_dict(), thread=thread,
                              not_before=not_before)
        log.warning("Slack reply %s not sent (%s); queued in the outbox for %s", key, error,
                    item.target)
        try:
            await asyncio.to_thread(self.outbox.enqueue, [item])
        except Exception:
            log.exception("could not queue Slack reply %s; it is lost: %r", key, reply.text[:200])
