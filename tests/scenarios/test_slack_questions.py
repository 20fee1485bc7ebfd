"""Slack end to end: questions by mention and DM, answered through the fake Web API,
with retries and the bot's own messages not answered twice (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import time

from storage.inbox_models import InboxEvent
from storage.models import Ticket, UnansweredQuestion
from tests.bot.slack.fake_slack_api import BOT_ID, BOT_USER
from tests.bot.slack.harness import (
    ASKER,
    CHANNEL,
    LEGAL_QUESTION,
    STAFF_CHANNEL,
    block_text,
    button,
    buttons,
)


async def test_mention_is_answered_in_its_thread_with_source_and_feedback(slack):
    body = slack.mention("Wat is het Toekomstscenario?")
    started = time.perf_counter()
    status, _ = await slack.send_event(body)
    assert status == 200
    assert time.perf_counter() - started < 3.0
    [call] = await slack.fake.wait_for("chat.postMessage", channel=CHANNEL)
    assert call.params["thread_ts"] == body["event"]["ts"]
    assert "landelijk programma" in call.params["text"]
    assert call.headers["Authorization"] == "Bearer xoxb-test-token"
    assert any(b["type"] == "context" and "Bron:" in b["elements"][0]["text"]
               for b in call.params["blocks"])
    ids = [b["action_id"] for b in buttons(call)]
    assert ids == ["faq.feedback:0", "faq.feedback:1"]
    assert json.loads(button(call, "faq.feedback")["value"]) == {
        "a": "faq.feedback", "v": "up:toekomstscenario"}
    assert slack.fake.calls_to("auth.test"), "bolt authorises with auth.test"


async def test_mention_inside_a_thread_is_answered_in_that_thread(slack):
    body = slack.mention("Wat is het Toekomstscenario?", thread_ts="1700000000.000001")
    await slack.send_event(body)
    [call] = await slack.fake.wait_for("chat.postMessage", channel=CHANNEL)
    assert call.params["thread_ts"] == "1700000000.000001"


async def test_direct_message_is_answered_in_the_dm(slack):
    status, _ = await slack.send_event(slack.dm("Wanneer is het inloopuur?"))
    assert status == 200
    [call] = await slack.fake.wait_for("chat.postMessage", channel="DASKER")
    assert "thread_ts" not in call.params
    assert "inloopuur" in call.params["text"].lower()


async def test_bot_messages_edits_and_other_subtypes_are_not_answered(slack):
    ignored = [
        slack.dm("Wat is het Toekomstscenario?", user=BOT_USER),
        slack.dm("Wat is het Toekomstscenario?", bot_id=BOT_ID, subtype="bot_message"),
        slack.dm("Wat is het Toekomstscenario?", bot_id="BOTHER"),
        slack.dm("Wat is het Toekomstscenario?", subtype="message_changed"),
        slack.dm("Wat is het Toekomstscenario?", subtype="message_deleted"),
    ]
    for body in ignored:
        status, _ = await slack.send_event(body)
        assert status == 200, body["event"]
    channel_message = slack.dm("Wat is het Toekomstscenario?", channel=CHANNEL,
                               channel_type="channel")
    assert (await slack.send_event(channel_message))[0] == 200
    await slack.send_event(slack.dm("Wanneer is het inloopuur?"))  # the barrier
    calls = await slack.fake.wait_for("chat.postMessage")
    assert len(calls) == 1 and "inloopuur" in calls[0].params["text"].lower()
    assert slack.count(InboxEvent) == 1, "nothing to do: not stored"


async def test_retries_meet_the_stored_event(slack):
    body = slack.mention(LEGAL_QUESTION)
    assert (await slack.send_event(body))[0] == 200
    await slack.fake.wait_for("chat.postMessage", channel=STAFF_CHANNEL)
    # Every retry (whatever its reason) and a replay without the header find the stored row.
    for num, reason in (("1", "http_timeout"), ("2", "http_error")):
        status, _ = await slack.send_event(body, **{"X-Slack-Retry-Num": num,
                                                     "X-Slack-Retry-Reason": reason})
        assert status == 200
    assert (await slack.send_event(body))[0] == 200
    await slack.send_event(slack.dm("Wanneer is het inloopuur?"))  # the barrier
    await slack.fake.wait_for("chat.postMessage", channel="DASKER")
    assert slack.count(Ticket) == 1
    assert len(slack.fake.calls_to("chat.postEphemeral", channel=CHANNEL)) == 1
    assert len(slack.fake.calls_to("chat.postMessage", channel=STAFF_CHANNEL)) == 1
    assert slack.count(InboxEvent) == 2


async def test_a_retry_of_an_event_never_processed_is_still_answered(slack):
    """A retry whose first delivery never reached us (connection failed) is not dropped."""
    body = slack.mention("Wat is het Toekomstscenario?")
    status, _ = await slack.send_event(body, **{"X-Slack-Retry-Num": "1",
                                                 "X-Slack-Retry-Reason": "connection_failed"})
    assert status == 200
    await slack.fake.wait_for("chat.postMessage", channel=CHANNEL)


async def test_clarify_choices_are_buttons_and_a_pick_answers_in_the_thread(slack, triage):
    question = next(q for q in ("proeftuin", "bouwstenen", "werkgroep", "partners", "regio")
                    if triage.decide(q).kind == "clarify")
    body = slack.mention(question)
    await slack.send_event(body)
    [call] = await slack.fake.wait_for("chat.postMessage", channel=CHANNEL)
    picks = [b for b in buttons(call) if json.loads(b["value"])["a"] == "faq.pick"]
    assert len(picks) >= 2
    assert len({b["action_id"] for b in buttons(call)}) == len(buttons(call))
    click = slack.click(picks[0], ASKER, CHANNEL, "1700000001.000100",
                        thread_ts=body["event"]["ts"])
    assert (await slack.send_interaction(click))[0] == 200
    calls = await slack.fake.wait_for("chat.postMessage", 2, channel=CHANNEL)
    answer = calls[1]
    assert answer.params["thread_ts"] == body["event"]["ts"]
    entry_id = json.loads(picks[0]["value"])["v"].rsplit(":", 1)[-1]
    assert f"up:{entry_id}" in json.dumps(answer.params["blocks"])


async def test_fallback_offers_forward_buttons_and_forwarding_makes_a_ticket(slack):
    body = slack.mention("Wat vindt de staatssecretaris van de nieuwe begroting?")
    await slack.send_event(body)
    [call] = await slack.fake.wait_for("chat.postMessage", channel=CHANNEL)
    forward = button(call, "faq.forward_team")
    button(call, "legal.forward")
    assert slack.count(UnansweredQuestion) == 1
    click = slack.click(forward, ASKER, CHANNEL, "1700000001.000200",
                        thread_ts=body["event"]["ts"])
    await slack.send_interaction(click)
    [note] = await slack.fake.wait_for("chat.postEphemeral", channel=CHANNEL, user=ASKER)
    assert "ticket #1" in note.params["text"]
    [card] = await slack.fake.wait_for("chat.postMessage", channel=STAFF_CHANNEL)
    assert "Programmateam" in block_text(card)
    assert slack.count(Ticket) == 1
