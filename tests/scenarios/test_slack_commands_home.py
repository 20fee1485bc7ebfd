"""Slack end to end: slash commands, the Home tab, every subscribed event acked, and
the same listeners over Socket Mode (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from storage.models import Ticket
from tests.bot.slack.fake_slack_api import BOT_USER
from tests.bot.slack.harness import (
    ASKER,
    CHANNEL,
    STAFF_CHANNEL,
    STAFF_USER,
    SlackHarness,
    payload,
)

MANIFEST = Path(__file__).resolve().parents[2] / "slack" / "manifest.yml"


async def test_helpdesk_command_answers_privately_via_response_url(slack):
    fields = slack.command("/helpdesk", "Wat is het Toekomstscenario?")
    status, text = await slack.send_command(fields)
    assert status == 200 and text == ""
    [answer] = await slack.fake.wait_for("response_url")
    assert answer.params["response_type"] == "ephemeral"
    assert answer.params["replace_original"] is False
    assert "landelijk programma" in answer.params["text"]
    assert answer.params["path"] == fields["response_url"].split("/hooks/", 1)[1]
    assert not slack.fake.calls_to("chat.postMessage")


async def test_helpdesk_help_and_staff_shortcuts(slack):
    await slack.send_command(slack.command("/helpdesk", "help"))
    [help_reply] = await slack.fake.wait_for("response_url")
    assert "/juridisch" in help_reply.params["text"]
    assert "Commando's voor helpdeskmedewerkers" not in help_reply.params["text"]
    await slack.send_command(slack.command("/helpdesk", "", user=STAFF_USER))
    staff_help = (await slack.fake.wait_for("response_url", 2))[1]
    assert "Commando's voor helpdeskmedewerkers" in staff_help.params["text"]
    await slack.send_command(slack.command("/helpdesk", "tickets", user=STAFF_USER))
    listing = (await slack.fake.wait_for("response_url", 3))[2]
    assert "geen open tickets" in listing.params["text"]


async def test_juridisch_command_goes_straight_to_the_legal_queue(slack):
    await slack.send_command(slack.command("/juridisch", "Wat is de rol van de GI? "
                                           "mail j.jansen@example.nl"))
    [note] = await slack.fake.wait_for("response_url")
    assert "ticket #1" in note.params["text"]
    [card] = await slack.fake.wait_for("chat.postMessage", channel=STAFF_CHANNEL)
    assert "Juridische helpdesk" in card.params["text"]
    assert "j.jansen@example.nl" not in card.params["text"]
    assert slack.count(Ticket) == 1


async def test_a_failing_response_url_falls_back_to_an_ephemeral_message(slack):
    fields = slack.command("/helpdesk", "Wat is het Toekomstscenario?")
    fields["response_url"] = slack.fake.url.replace("/api/", "/missing/")
    await slack.send_command(fields)
    [note] = await slack.fake.wait_for("chat.postEphemeral", channel=CHANNEL, user=ASKER)
    assert "landelijk programma" in note.params["text"]


async def test_app_home_opened_publishes_the_home_tab(slack):
    assert (await slack.send_event(slack.home_opened(ASKER)))[0] == 200
    [published] = await slack.fake.wait_for("views.publish", user_id=ASKER)
    view = published.params["view"]
    assert view["type"] == "home"
    text = str(view["blocks"])
    assert "inloopuur" in text and "Open tickets" not in text


async def test_the_home_tab_shows_staff_the_open_tickets(slack):
    await slack.send_command(slack.command("/juridisch", "Mogen we het dossier delen?"))
    await slack.fake.wait_for("chat.postMessage", channel=STAFF_CHANNEL)
    await slack.send_event(slack.home_opened(STAFF_USER))
    [published] = await slack.fake.wait_for("views.publish", user_id=STAFF_USER)
    text = str(published.params["view"]["blocks"])
    assert "Open tickets (1)" in text and "#1 [open] Mogen we het dossier delen?" in text


async def test_the_messages_tab_publishes_nothing(slack):
    assert (await slack.send_event(slack.home_opened(ASKER, tab="messages")))[0] == 200
    await slack.send_event(slack.home_opened(STAFF_USER))  # the barrier
    calls = await slack.fake.wait_for("views.publish")
    assert [c.params["user_id"] for c in calls] == [STAFF_USER]


def _event_for(name: str, slack: SlackHarness) -> dict:
    if name == "message.im":
        return slack.dm("hallo")
    body = slack.dm("")
    body["event"] = {"type": name, "user": ASKER, "event_ts": "1.2"}
    if name == "tokens_revoked":
        body["event"] = {"type": name, "tokens": {"bot": [BOT_USER]}}
    return body


async def test_every_event_and_command_in_the_manifest_is_acked(slack):
    manifest = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    events = manifest["settings"]["event_subscriptions"]["bot_events"]
    assert set(events) >= {"app_mention", "message.im", "app_home_opened"}
    for name in events:
        status, _ = await slack.send_event(_event_for(name, slack))
        assert status == 200, f"{name} is subscribed but not handled (Slack would retry)"
    for command in manifest["features"]["slash_commands"]:
        assert command["url"].endswith("/slack/events")
        status, _ = await slack.send_command(slack.command(command["command"], "help"))
        assert status == 200, command["command"]
    assert manifest["settings"]["interactivity"]["request_url"].endswith("/slack/events")
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {"app_mentions:read", "chat:write", "commands", "im:history", "im:write",
            "channels:read", "groups:read"} <= scopes
    status, _ = await slack.send_event(_event_for("reaction_added", slack))
    assert status == 404, "an unsubscribed event is really unhandled (the check can fail)"


@pytest.fixture
async def socket_slack(database_url, triage):
    harness = await SlackHarness(database_url, triage, slack_app_token="xapp-1-test").start()
    yield harness
    await harness.stop()


async def test_socket_mode_runs_the_same_listeners(socket_slack):
    slack = socket_slack
    event = payload("app_mention.socket-mode-payload.python-slack-sdk")
    event["event"].update(text=f"<@{BOT_USER}> Wat is het Toekomstscenario?", user=ASKER,
                          channel=CHANNEL)
    event["event_id"] = "EvSocket1"
    envelope = await slack.fake.push("events_api", event)
    [ack] = await slack.fake.wait_for("socket_ack", envelope_id=envelope)
    [answer] = await slack.fake.wait_for("chat.postMessage", channel=CHANNEL)
    assert answer.params["thread_ts"] == event["event"]["ts"]
    assert "landelijk programma" in answer.params["text"]
    [opened] = slack.fake.calls_to("apps.connections.open")
    assert opened.headers["Authorization"] == "Bearer xapp-1-test"

    command = payload("slash_command.socket-mode-payload.python-slack-sdk")
    command.update(command="/juridisch", text="Mogen we het dossier delen?", user_id=ASKER,
                   response_url=slack.fake.hook_url("commands/T111/2/y"))
    envelope = await slack.fake.push("slash_commands", command)
    await slack.fake.wait_for("socket_ack", envelope_id=envelope)
    await slack.fake.wait_for("chat.postMessage", channel=STAFF_CHANNEL)
    [note] = await slack.fake.wait_for("response_url")
    assert "ticket #1" in note.params["text"]
    assert ack.params.get("payload") is None
