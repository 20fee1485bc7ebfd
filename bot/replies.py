"""Send a stored message's replies back where it came from, with the outbox fallback.

Each reply goes out through the platform right away; when that fails (429 beyond
the inline retry, 5xx, a timeout, a channel closed to the bot) the platform says
which outbox row delivers it instead (same place later, or privately to the
asker), and the row is committed before the inbox row is marked done. Keys name
the inbox row and the reply's position, so processing a row twice never queues a
reply twice.
"""

from __future__ import annotations

import asyncio
import logging

from bot.messenger import DeliveryError
from bot.platform import Origin, PlatformRuntime
from handlers.messages import Reply
from storage.outbox import OutboxRepository

log = logging.getLogger(__name__)


def reply_key(key: str, n: int) -> str:
    return f"reply:{key}:{n}"


async def deliver(platform: PlatformRuntime, origin: Origin, replies: list[Reply], key: str,
                  outbox: OutboxRepository) -> int:
    """Send every reply; returns how many went to the outbox instead. Raises when a
    reply could neither be sent nor queued (the caller retries the whole message)."""
    queued = 0
    for n, reply in enumerate(replies):
        try:
            await platform.reply(origin, reply)
            continue
        except DeliveryError as exc:
            error = exc
        except Exception as exc:  # a bug or an unexpected client error: still keep the reply
            log.exception("sending a %s reply raised", platform.name)
            error = DeliveryError(f"{type(exc).__name__}: {exc}")
        item = platform.fallback(origin, reply, reply_key(key, n), error)
        log.warning("%s reply %s not sent (%s); queued in the outbox for %s", platform.name,
                    item.key, error, item.target)
        await asyncio.to_thread(outbox.enqueue, [item])
        queued += 1
    return queued
