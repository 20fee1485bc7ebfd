"""Slack end to end, as an attacker and an operator would try it: replayed slash commands
and button presses change nothing twice; a database that cannot store an event gets a
503 (Slack retries) and nothing is acknowledged that is not stored; what was stored but
not yet handled when the app stopped is answered after the restart."""

from __future__ import annotations

import asyncio
import json
import urllib.parse

from storage.inbox_models import InboxEvent
from storage.models import Ticket, TicketEvent
from tests.bot.slack.harness import (
    ASKER,
    STAFF_CHANNEL,
    STAFF_USER,
    SlackHarness,
    button,
)


async def test_a_slash_command_replayed_five_times_makes_one_ticket(slack):
    raw = urllib.parse.urlencode(slack.command(
        "/juridisch", "Mogen we zonder toestemming het dossier delen met de school?"))
    headers = slack.signed_headers(raw)  # identical bytes and headers, five times
    statuses = [(await slack.post(raw, "application/x-www-form-urlencoded", headers,
                                  sign=False))[0] for _ in range(5)]
    assert statuses == [200] * 5
    await slack.fake.wait_for("chat.postMessage", channel=STAFF_CHANNEL)
    await slack.fake.wait_for("response_url")
    await asyncio.sleep(0.5)  # anything wrongly handled twice would show by now
    assert slack.count(Ticket) == 1 and slack.count(InboxEvent) == 1
    assert len(slack.fake.calls_to("response_url")) == 1
    assert len(slack.fake.calls_to("chat.postMessage", channel=STAFF_CHANNEL)) == 1


async def test_a_replayed_button_press_is_handled_once(slack):
    await slack.send_command(slack.command("/juridisch", "Mag de GI dit delen?"))
    [card] = await slack.fake.wait_for("chat.postMessage", channel=STAFF_CHANNEL)
    click = slack.click(button(card, "ticket.claim"), STAFF_USER, STAFF_CHANNEL,
                        card.response["ts"])
    raw = "payload=" + urllib.parse.quote(json.dumps(click))
    headers = slack.signed_headers(raw)
    for _ in range(3):
        status, _, _ = await slack.post(raw, "application/x-www-form-urlencoded", headers,
                                        sign=False)
        assert status == 200
    await slack.fake.wait_for("chat.update", channel=STAFF_CHANNEL)
    await asyncio.sleep(0.5)
    assert slack.count(TicketEvent, TicketEvent.action == "claimed") == 1
    notes = slack.fake.calls_to("chat.postEphemeral", channel=STAFF_CHANNEL)
    assert len(notes) == 1 and "opgepakt" in notes[0].params["text"]


async def test_when_the_database_cannot_store_the_event_slack_gets_503(slack, monkeypatch):
    def unavailable(items):
        raise ConnectionError("the database is down")

    monkeypatch.setattr(slack.services.intake.inbox, "store", unavailable)
    body = slack.dm("Wanneer is het inloopuur?")
    command = slack.command("/juridisch", "Mag ik dit delen?")
    assert (await slack.send_event(body))[0] == 503
    assert (await slack.send_command(command))[0] == 503
    monkeypatch.undo()
    assert slack.stored() == {"events": 0, "tickets": 0, "outbox": 0}
    assert not slack.fake.calls_to("chat.postMessage")
    # Slack retries; now it is stored, acknowledged and answered once.
    assert (await slack.send_event(body, **{"X-Slack-Retry-Num": "1",
                                            "X-Slack-Retry-Reason": "http_error"}))[0] == 200
    [answer] = await slack.fake.wait_for("chat.postMessage", channel="DASKER")
    assert "inloopuur" in answer.params["text"].lower()


async def test_what_was_stored_before_a_stop_is_answered_after_the_restart(database_url,
                                                                          triage):
    first = await SlackHarness(database_url, triage, run_worker=False).start()
    bodies = [first.dm(f"Wanneer is het inloopuur? ({n})", channel=f"D{n:03d}")
              for n in range(10)]
    assert {(await first.send_event(body))[0] for body in bodies} == {200}
    await first.send_command(first.command("/juridisch", "Mag ik dit delen met de school?"))
    await first.stop()
    assert not first.fake.calls_to("chat.postMessage"), "acknowledged, not yet handled"

    second = await SlackHarness(database_url, triage).start()
    try:
        answered = await second.fake.wait_for("chat.postMessage", 11)
        assert {c.params["channel"] for c in answered} >= {f"D{n:03d}" for n in range(10)}
        assert second.count(Ticket) == 1
        assert {c.params["channel"] for c in answered} - {f"D{n:03d}" for n in range(10)} == {
            STAFF_CHANNEL}
        # The command's response_url pointed at the first run's fake (gone): the asker
        # gets the confirmation as an ephemeral message instead.
        [note] = await second.fake.wait_for("chat.postEphemeral", user=ASKER)
        assert "ticket #1" in note.params["text"]
    finally:
        await second.stop()
