"""Slack end to end: replies survive Slack saying no. A 429 is waited out and retried;
a failure that may pass puts the reply in the outbox, which the worker in the web app
delivers; a place closed to the bot sends the reply to the asker's DM instead."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import func, select

from storage.inbox_models import InboxEvent, InboxStatus
from storage.models import utcnow
from storage.outbox_models import OutboxMessage
from tests.bot.slack.harness import ASKER, CHANNEL, STAFF_CHANNEL, eventually


def _rows(slack) -> list[OutboxMessage]:
    with slack.services.db.session() as session:
        return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


async def test_a_429_is_retried_after_retry_after_and_delivered(slack):
    slack.fake.script("chat.postMessage", status=429, retry_after=1)
    body = slack.mention("Wat is het Toekomstscenario?")
    assert (await slack.send_event(body))[0] == 200
    first, second = await slack.fake.wait_for("chat.postMessage", 2, channel=CHANNEL)
    assert second.at - first.at >= 1.0
    assert second.params["thread_ts"] == body["event"]["ts"]
    assert second.response["ok"] is True
    assert _rows(slack) == [], "retried inline, nothing queued"


async def test_a_5xx_puts_the_reply_in_the_outbox_and_the_worker_delivers_it(slack):
    slack.fake.script("chat.postMessage", status=500)
    body = slack.mention("Wat is het Toekomstscenario?")
    await slack.send_event(body)
    first, second = await slack.fake.wait_for("chat.postMessage", 2, channel=CHANNEL, timeout=15)
    assert first.response["ok"] is False and second.response["ok"] is True
    assert second.params["thread_ts"] == body["event"]["ts"]
    assert second.params["text"] == first.params["text"]
    [row] = _rows(slack)
    assert row.key == f"reply:{body['event_id']}:0"
    assert (row.platform, row.target, row.thread) == ("slack", CHANNEL, body["event"]["ts"])
    await eventually(lambda: _rows(slack)[0].status == "sent")


async def test_a_long_retry_after_is_left_to_the_outbox(slack):
    slack.fake.script("chat.postMessage", status=429, retry_after=120)
    body = slack.dm("Wanneer is het inloopuur?")
    await slack.send_event(body)
    await slack.fake.wait_for("chat.postMessage", channel="DASKER")
    [row] = await eventually(lambda: _rows(slack))
    assert row.status == "pending" and row.key == f"reply:{body['event_id']}:0"
    assert row.next_attempt_at > utcnow() + timedelta(seconds=100)
    assert len(slack.fake.calls_to("chat.postMessage")) == 1, "not hammered"


async def test_a_channel_closed_to_the_bot_gets_the_reply_as_a_dm(slack):
    slack.fake.script("chat.postMessage", error="not_in_channel")
    await slack.send_event(slack.mention("Wat is het Toekomstscenario?"))
    [dm] = await slack.fake.wait_for("chat.postMessage", channel=ASKER)
    assert "landelijk programma" in dm.params["text"]
    [row] = _rows(slack)
    assert (row.mode, row.target) == ("direct", ASKER)


async def test_a_failed_ephemeral_reply_still_reaches_the_asker_privately(slack):
    slack.fake.script("chat.postEphemeral", status=503, times=1)
    body = slack.mention("Mag ik zonder toestemming gegevens delen met de Raad voor de "
                         "Kinderbescherming?")
    await slack.send_event(body)
    await slack.fake.wait_for("chat.postMessage", channel=STAFF_CHANNEL)
    [dm] = await slack.fake.wait_for("chat.postMessage", channel=ASKER)
    assert "ticket #1" in dm.params["text"]
    assert not slack.fake.calls_to("chat.postMessage", channel=CHANNEL), "never public"


async def test_a_stop_right_after_the_acks_loses_nothing(slack):
    """Every acknowledged question is answered before the stop or waits in the inbox,
    handed back (not leased) for the next start (test_slack_durability restarts)."""
    bodies = [slack.dm(f"Wanneer is het inloopuur? ({n})", channel=f"D{n:03d}")
              for n in range(25)]
    statuses = await asyncio.gather(*(slack.send_event(b) for b in bodies))
    assert {status for status, _ in statuses} == {200}
    runner, slack._runner = slack._runner, None
    await runner.cleanup()  # graceful shutdown right after the acks
    answered = {c.params["channel"] for c in slack.fake.calls_to("chat.postMessage")}
    with slack.services.db.session() as session:
        waiting = {row.payload["origin"]["channel"] for row in session.scalars(
            select(InboxEvent).where(InboxEvent.status == InboxStatus.PENDING))}
        working = session.scalar(select(func.count()).select_from(InboxEvent).where(
            InboxEvent.status == InboxStatus.WORKING))
    assert answered | waiting == {f"D{n:03d}" for n in range(25)}
    assert not answered & waiting and working == 0
