"""Test doubles that stand in for a platform's sending side."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bot.messenger import DeliveryError
from handlers.messages import Reply


@dataclass
class Sent:
    mode: str
    target: str
    reply: Reply
    ref: str | None = None
    thread: str | None = None


@dataclass
class RecordingMessenger:
    """Records every send; `fail_next` scripts DeliveryErrors for the next calls."""

    platform: str
    sent: list[Sent] = field(default_factory=list)
    fail_next: list[DeliveryError] = field(default_factory=list)
    calls: int = 0

    def _maybe_fail(self) -> None:
        self.calls += 1
        if self.fail_next:
            raise self.fail_next.pop(0)

    async def post(self, target: str, reply: Reply, thread: str | None = None) -> str:
        self._maybe_fail()
        ref = f"m{len(self.sent) + 1}"
        self.sent.append(Sent("post", target, reply, ref, thread))
        return ref

    async def update(self, target: str, message_ref: str, reply: Reply) -> None:
        self._maybe_fail()
        self.sent.append(Sent("update", target, reply, message_ref))

    async def direct(self, user: str, reply: Reply) -> str:
        self._maybe_fail()
        ref = f"d{len(self.sent) + 1}"
        self.sent.append(Sent("direct", user, reply, ref))
        return ref

    def to(self, target: str, mode: str | None = None) -> list[Sent]:
        return [s for s in self.sent if s.target == target and (mode is None or s.mode == mode)]


class FakeClock:
    """A clock that only moves when told: `clock()` is now, `advance(seconds)` moves it."""

    def __init__(self, start: datetime | None = None):
        self.current = start or datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.current

    def advance(self, seconds: float = 0.0, **delta: float) -> datetime:
        self.current += timedelta(seconds=seconds, **delta)
        return self.current


class FakePlatform:
    """A platform runtime that records replies; `fail` scripts DeliveryErrors per call."""

    name = "fake"

    def __init__(self, messenger: RecordingMessenger | None = None):
        self.messenger = messenger or RecordingMessenger("fake")
        self.replies: list[tuple[dict, Reply]] = []
        self.fail: list[Exception] = []
        self.handled: list[tuple[str, object]] = []
        self.hold: asyncio.Event | None = None

    async def staff_members(self) -> frozenset[str] | None:
        return None

    async def prepare(self, kind, incoming, origin) -> None:
        pass

    async def handle(self, kind, incoming, origin) -> None:
        self.handled.append((kind, incoming))

    async def reply(self, origin, reply: Reply) -> None:
        if self.hold is not None:
            await self.hold.wait()
        if self.fail:
            raise self.fail.pop(0)
        self.replies.append((dict(origin), reply))

    def fallback(self, origin, reply: Reply, key: str, error: DeliveryError):
        from storage.outbox import OutboxItem
        from storage.outbox_models import OutboxMode

        return OutboxItem(key, "fake", str(origin.get("user")), reply.to_dict(),
                          mode=OutboxMode.DIRECT)
