"""Slack end to end: a legal question becomes a redacted ticket and a staff card; staff
claim and answer it with the card's buttons and a modal; the asker gets the answer by
DM; non-staff are refused server-side (SQLite and PostgreSQL)."""

from __future__ import annotations

import json

from storage.tickets import ANSWERED, CLAIMED, OPEN
from tests.bot.slack.harness import (
    ASKER,
    CHANNEL,
    LEGAL_QUESTION,
    MEMBER_USER,
    STAFF_CHANNEL,
    STAFF_USER,
    block_text,
    button,
)


async def _legal_ticket(slack) -> tuple[dict, object]:
    """Ask the legal question by mention; returns the event and the posted staff card."""
    body = slack.mention(LEGAL_QUESTION)
    assert (await slack.send_event(body))[0] == 200
    [card] = await slack.fake.wait_for("chat.postMessage", channel=STAFF_CHANNEL)
    return body, card


async def test_legal_mention_stores_a_redacted_ticket_and_posts_the_staff_card(slack):
    body, card = await _legal_ticket(slack)
    [note] = await slack.fake.wait_for("chat.postEphemeral", channel=CHANNEL)
    assert note.params["user"] == ASKER
    assert note.params["thread_ts"] == body["event"]["ts"]
    assert "ticket #1" in note.params["text"] and "BSN" in note.params["text"]
    ticket = slack.services.tickets.get(1)
    assert ticket.status == OPEN and ticket.queue == "legal" and ticket.asker == ASKER
    assert "111222333" not in ticket.question and "Raad voor de Kinderbescherming" in \
        ticket.question
    assert "111222333" not in json.dumps(card.params)
    assert [json.loads(b["value"])["a"] for b in card.params["blocks"][-1]["elements"]] == [
        "ticket.claim", "ticket.answer", "ticket.close"]
    assert not slack.fake.calls_to("chat.postMessage", channel=CHANNEL), "nothing public"


async def test_claim_by_staff_updates_the_card_in_place(slack):
    _, card = await _legal_ticket(slack)
    card_ts = card.response["ts"]
    click = slack.click(button(card, "ticket.claim"), STAFF_USER, STAFF_CHANNEL, card_ts)
    assert (await slack.send_interaction(click))[0] == 200
    [update] = await slack.fake.wait_for("chat.update", channel=STAFF_CHANNEL)
    assert update.params["ts"] == card_ts
    assert "opgepakt door ustaff" in block_text(update)  # the display name
    assert [json.loads(b["value"])["a"] for b in update.params["blocks"][-1]["elements"]] == [
        "ticket.answer", "ticket.release", "ticket.close"]
    [note] = await slack.fake.wait_for("chat.postEphemeral", channel=STAFF_CHANNEL)
    assert note.params["user"] == STAFF_USER and "opgepakt" in note.params["text"]
    assert slack.services.tickets.get(1).status == CLAIMED


async def test_claim_by_non_staff_is_refused_and_changes_nothing(slack):
    _, card = await _legal_ticket(slack)
    click = slack.click(button(card, "ticket.claim"), ASKER, STAFF_CHANNEL, "1.2")
    assert (await slack.send_interaction(click))[0] == 200
    [refusal] = await slack.fake.wait_for("chat.postEphemeral", channel=STAFF_CHANNEL,
                                          user=ASKER)
    assert "Alleen medewerkers" in refusal.params["text"]
    await slack.send_event(slack.dm("Wanneer is het inloopuur?"))  # the barrier
    await slack.fake.wait_for("chat.postMessage", channel="DASKER")
    assert slack.services.tickets.get(1).status == OPEN
    assert not slack.fake.calls_to("chat.update")


async def test_staff_channel_members_count_as_staff_with_one_cached_lookup(slack):
    _, card = await _legal_ticket(slack)
    claim = slack.click(button(card, "ticket.claim"), MEMBER_USER, STAFF_CHANNEL, "1.2")
    await slack.send_interaction(claim)
    await slack.fake.wait_for("chat.update", channel=STAFF_CHANNEL)
    assert slack.services.tickets.get(1).claimed_by == f"slack:{MEMBER_USER}"
    close = slack.click(button(card, "ticket.close"), MEMBER_USER, STAFF_CHANNEL, "1.2")
    await slack.send_interaction(close)
    await slack.fake.wait_for("chat.update", 2, channel=STAFF_CHANNEL)
    assert len(slack.fake.calls_to("conversations.members")) == 1


async def test_answer_button_opens_a_modal_and_the_asker_gets_the_answer_by_dm(slack):
    _, card = await _legal_ticket(slack)
    answer = button(card, "ticket.answer")
    click = slack.click(answer, STAFF_USER, STAFF_CHANNEL, "1.2")
    assert (await slack.send_interaction(click))[0] == 200
    [opened] = await slack.fake.wait_for("views.open")
    assert opened.params["trigger_id"] == click["trigger_id"]
    view = opened.params["view"]
    assert view["type"] == "modal" and view["blocks"][0]["element"]["multiline"] is True
    assert "ticket #1" in view["blocks"][0]["label"]["text"]

    text = "Ja, als dat nodig is voor de veiligheid van het kind (art. 1:240 BW)."
    status, _ = await slack.send_interaction(slack.submission(view, STAFF_USER, text))
    assert status == 200
    [dm] = await slack.fake.wait_for("chat.postMessage", channel=ASKER)
    assert text in dm.params["text"] and "#1" in dm.params["text"]
    [update] = await slack.fake.wait_for("chat.update", channel=STAFF_CHANNEL)
    assert "beantwoord" in block_text(update)
    ticket = slack.services.tickets.get(1)
    assert ticket.status == ANSWERED and ticket.answer == text
    [note] = await slack.fake.wait_for("chat.postEphemeral", channel=STAFF_CHANNEL,
                                       user=STAFF_USER)
    assert "privé" in note.params["text"]


async def test_answer_button_from_non_staff_opens_no_modal(slack):
    _, card = await _legal_ticket(slack)
    click = slack.click(button(card, "ticket.answer"), ASKER, STAFF_CHANNEL, "1.2")
    await slack.send_interaction(click)
    await slack.fake.wait_for("chat.postEphemeral", channel=STAFF_CHANNEL, user=ASKER)
    assert not slack.fake.calls_to("views.open")


async def test_a_forged_submission_from_non_staff_is_refused(slack):
    _, card = await _legal_ticket(slack)
    click = slack.click(button(card, "ticket.answer"), STAFF_USER, STAFF_CHANNEL, "1.2")
    await slack.send_interaction(click)
    [opened] = await slack.fake.wait_for("views.open")
    forged = slack.submission(opened.params["view"], ASKER, "Nee hoor.")
    assert (await slack.send_interaction(forged))[0] == 200
    [refusal] = await slack.fake.wait_for("chat.postEphemeral", channel=STAFF_CHANNEL,
                                          user=ASKER)
    assert "Alleen medewerkers" in refusal.params["text"]
    assert slack.services.tickets.get(1).status == OPEN
    assert not slack.fake.calls_to("chat.postMessage", channel=ASKER)


async def test_an_empty_modal_is_rejected_in_the_modal(slack):
    _, card = await _legal_ticket(slack)
    await slack.send_interaction(
        slack.click(button(card, "ticket.answer"), STAFF_USER, STAFF_CHANNEL, "1.2"))
    [opened] = await slack.fake.wait_for("views.open")
    status, text = await slack.send_interaction(
        slack.submission(opened.params["view"], STAFF_USER, "   "))
    assert status == 200
    assert json.loads(text) == {"response_action": "errors",
                                "errors": {"text": "Vul een tekst in."}}
    assert slack.services.tickets.get(1).status == OPEN
