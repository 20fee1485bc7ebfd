"""No user text reaches anyone in Slack unescaped: a legal question, a fallback question,
a staff display name and a staff answer full of probe strings (<!channel>, <@U123>,
<https://evil.example|klik hier>, *bold*, zero-width and bidi characters) go through
every message the bot sends (confirmations, the staff card and its updates, the answer
DM, the /tickets listing, the Home tab); every field of every call to the fake Slack
Web API is checked. On SQLite and PostgreSQL."""

from __future__ import annotations

import html

from tests.bot.slack.harness import ASKER, CHANNEL, STAFF_CHANNEL, STAFF_USER, button
from tests.scenarios.probes import PROBE_TEXT, SLACK_RAW, raw_probes

MESSAGE_METHODS = ("chat.postMessage", "chat.update", "chat.postEphemeral", "views.publish",
                   "views.open", "response_url")
NOT_RENDERED = (".value", ".private_metadata", ".action_id", ".block_id", ".trigger_id")


def _typed(text: str) -> str:
    """What Slack puts in an event for text a person typed: &, < and > as entities."""
    return html.escape(text, quote=False)


async def test_probe_strings_never_reach_slack_raw(slack):
    question = f"Mag ik zonder toestemming gegevens delen met de school? {PROBE_TEXT}"
    await slack.send_event(slack.mention(_typed(question)))
    [card] = await slack.fake.wait_for("chat.postMessage", channel=STAFF_CHANNEL)
    await slack.fake.wait_for("chat.postEphemeral", channel=CHANNEL)
    flat = str(card.params)
    assert "&lt;!channel&gt;" in flat and "\u2217bold\u2217" in flat, "the probes were there"

    # A real @here mention from Slack (not typed) arrives as <!here>: never sent back raw.
    await slack.send_event(slack.dm(f"Iets heel anders <!here> {_typed(PROBE_TEXT)}"))
    await slack.fake.wait_for("chat.postMessage", channel="DASKER")

    # Staff with a hostile display name claim, then answer with probes in the modal.
    claim = slack.click(button(card, "ticket.claim"), STAFF_USER, STAFF_CHANNEL,
                        card.response["ts"])
    claim["user"].update(name=PROBE_TEXT, username=PROBE_TEXT)
    await slack.send_interaction(claim)
    await slack.fake.wait_for("chat.update", channel=STAFF_CHANNEL)

    # The /tickets listing and the Home tab show the claimed ticket's question.
    await slack.send_command(slack.command("/helpdesk", "tickets", user=STAFF_USER,
                                           channel=STAFF_CHANNEL))
    [listing] = await slack.fake.wait_for("response_url")
    assert "&lt;https://evil.example|klik hier&gt;" in str(listing.params)
    await slack.send_event(slack.home_opened(STAFF_USER))
    [home] = await slack.fake.wait_for("views.publish")
    assert "Open tickets" in str(home.params)


    await slack.send_interaction(slack.click(button(card, "ticket.answer"), STAFF_USER,
                                             STAFF_CHANNEL, card.response["ts"]))
    [opened] = await slack.fake.wait_for("views.open")
    await slack.send_interaction(slack.submission(opened.params["view"], STAFF_USER,
                                                  f"Nee. {PROBE_TEXT}"))
    [dm] = await slack.fake.wait_for("chat.postMessage", channel=ASKER)
    assert "&lt;@U123&gt;" in dm.params["text"]
    await slack.fake.wait_for("chat.update", 2, channel=STAFF_CHANNEL)

    sent = [c for c in slack.fake.calls if c.method in MESSAGE_METHODS]
    assert len(sent) >= 8
    problems = [(c.method, where, probe) for c in sent
                for where, probe in raw_probes(c.params, SLACK_RAW, NOT_RENDERED)]
    assert problems == []
