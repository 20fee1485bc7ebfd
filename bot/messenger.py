"""The sending side of a platform, as the outbox worker sees it.

Each adapter provides a `Messenger` that renders a neutral `Reply` and posts it
to a channel, updates an earlier message in place, or messages one user
privately. Failures are reported as `DeliveryError` saying whether to retry
(429 with Retry-After, 5xx, timeouts) or give up (channel gone, bot removed).
"""

from __future__ import annotations

from typing import Protocol

from handlers.messages import Reply


class DeliveryError(Exception):
    """A send failed. `permanent` means retrying will not help."""

    def __init__(self, message: str, *, status: int | None = None, permanent: bool = False,
                 retry_after: float | None = None):
        super().__init__(message)
        self.status = status
        self.permanent = permanent
        self.retry_after = retry_after


class Messenger(Protocol):
    platform: str

    async def post(self, target: str, reply: Reply, thread: str | None = None) -> str | None:
        """Post to a channel/conversation; returns the platform's message id."""

    async def update(self, target: str, message_ref: str, reply: Reply) -> None:
        """Replace an earlier message (a ticket card) in place."""

    async def direct(self, user: str, reply: Reply) -> str | None:
        """Message one user privately (Slack DM, Teams personal chat)."""
