"""Outbox worker: delivery, retries with backoff, permanent failures, card updates."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from bot.messenger import DeliveryError
from bot.outbox_worker import backoff
from storage.outbox import OutboxItem
from storage.outbox_models import FAILED, SENT
from tests.conftest import contact, staff


def card(text="kaart"):
    return {"text": text, "kind": "ticket"}


async def due_now(services):
    """Run the worker when every retry is due: the clock moves past the longest backoff."""
    services.now.advance(hours=1)
    await services.worker.drain()


async def test_429_then_success_delivers_once(services, messenger):
    messenger.fail_next = [DeliveryError("ratelimited", status=429, retry_after=0)]
    services.outbox.enqueue([OutboxItem("a", "shell", "C1", card())])
    await services.worker.drain()
    await due_now(services)
    assert len(messenger.to("C1")) == 1
    assert services.outbox.status_of("a", "shell", "C1") == SENT


async def test_permanent_failure_is_not_retried_and_others_still_go(services, messenger):
    messenger.fail_next = [DeliveryError("channel_not_found", status=404, permanent=True)]
    services.outbox.enqueue([OutboxItem("a", "shell", "gone", card()),
                             OutboxItem("a", "shell", "C2", card())])
    await services.worker.drain()
    await due_now(services)
    assert services.outbox.status_of("a", "shell", "gone") == FAILED
    assert len(messenger.to("C2")) == 1 and messenger.calls == 2


async def test_gives_up_after_max_attempts(services, messenger):
    services.worker.max_attempts = 3
    messenger.fail_next = [DeliveryError("boom", status=500) for _ in range(10)]
    services.outbox.enqueue([OutboxItem("a", "shell", "C1", card())])
    for _ in range(5):
        await due_now(services)
    assert services.outbox.status_of("a", "shell", "C1") == FAILED and messenger.calls == 3


async def test_unexpected_exception_is_retried_not_lost(services, messenger):
    messenger.fail_next = [RuntimeError("bug")]  # type: ignore[list-item]
    services.outbox.enqueue([OutboxItem("a", "shell", "C1", card())])
    await services.worker.drain()
    await due_now(services)
    assert services.outbox.status_of("a", "shell", "C1") == SENT


async def test_update_waits_for_its_card_and_only_newest_update_is_sent(services, messenger):
    services.outbox.enqueue([
        OutboxItem("c:v2", "shell", "S", card("v2"), mode="update", update_of="c"),
    ])
    await services.worker.drain()  # the card itself is not there yet: the update waits
    assert messenger.sent == []
    services.outbox.enqueue([
        OutboxItem("c", "shell", "S", card("v1")),
        OutboxItem("c:v3", "shell", "S", card("v3"), mode="update", update_of="c"),
    ])
    await due_now(services)
    await due_now(services)
    posts, updates = messenger.to("S", "post"), messenger.to("S", "update")
    assert [p.reply.text for p in posts] == ["v1"]
    assert updates and updates[-1].reply.text == "v3" and updates[-1].ref == posts[0].ref
    assert all(u.reply.text != "v2" for u in updates)


async def test_update_of_a_failed_card_fails(services, messenger):
    messenger.fail_next = [DeliveryError("gone", permanent=True)]
    services.outbox.enqueue([OutboxItem("c", "shell", "S", card())])
    await services.worker.drain()
    services.outbox.enqueue([OutboxItem("c:v2", "shell", "S", card(), mode="update",
                                        update_of="c")])
    await services.worker.drain()
    assert services.outbox.status_of("c:v2", "shell", "S") == FAILED


async def test_rows_for_platforms_without_messenger_wait(services, messenger):
    services.outbox.enqueue([OutboxItem("a", "teams", "T", card())])
    await services.worker.drain()
    assert services.outbox.status_of("a", "teams", "T") == "pending"


def test_backoff_honours_retry_after_and_grows():
    rng = random.Random(1)
    assert timedelta(seconds=30) <= backoff(1, 30.0, rng) <= timedelta(seconds=30.5)
    delays = [backoff(n, None, rng).total_seconds() for n in range(1, 12)]
    assert delays[0] <= 2 and delays[5] > delays[1] and max(delays) <= 600


@pytest.mark.parametrize("who", ["staff", "contact"])
async def test_handlers_enqueue_and_worker_delivers_cards(services, messenger, who):
    services.router.handle(contact("Mag ik het dossier delen met de school?"))
    await services.worker.drain()
    assert [s.mode for s in messenger.to("staff")] == ["post"]
    actor = staff("/claim 1") if who == "staff" else contact("/claim 1")
    services.router.handle(actor)
    await services.worker.drain()
    expected = ["post", "update"] if who == "staff" else ["post"]
    assert [s.mode for s in messenger.to("staff")] == expected
