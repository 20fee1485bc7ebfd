"""Block Kit rendering stays inside Slack's limits and round-trips the neutral actions."""

from __future__ import annotations

import json
import re

from bot.slack.blocks import (
    ACTION_ID_PATTERN,
    BUTTONS_PER_BLOCK,
    FALLBACK_TEXT_LIMIT,
    MESSAGE_BLOCK_LIMIT,
    SECTION_LIMIT,
    VALUE_LIMIT,
    decode_value,
    escape,
    home_view,
    message_kwargs,
    mrkdwn,
    prompt_modal,
    read_prompt,
    reply_blocks,
)
from handlers.messages import Choice, Reply
from handlers.ticket_cards import staff_card
from storage.models import utcnow
from storage.tickets import OPEN, TicketView


def _ticket(question: str = "Mag dat?", status: str = OPEN) -> TicketView:
    return TicketView(7, "legal", status, "slack", "C1", None, "U1", "nl", question,
                      {"bsn": 1}, None, None, None, 1, utcnow(), None)


def test_text_is_escaped_and_split_below_the_section_limit():
    text = ("<b> & " * 400 + "\n") * 5
    blocks = reply_blocks(Reply(text=text))
    assert all(b["type"] == "section" for b in blocks)
    assert all(len(b["text"]["text"]) <= SECTION_LIMIT for b in blocks)
    for block in blocks:  # no raw control character, no escape cut in half
        assert not re.search(r"[<>]|&(?!amp;|lt;|gt;)", block["text"]["text"])
    joined = "".join(b["text"]["text"] for b in blocks)
    assert joined.count("&lt;") == joined.count("&gt;") == joined.count("&amp;") == 2000
    assert escape("a<@U1>&") == "a&lt;@U1&gt;&amp;"


def test_one_huge_line_is_cut_hard():
    blocks = reply_blocks(Reply(text="x" * (SECTION_LIMIT * 2 + 5)))
    assert [len(b["text"]["text"]) for b in blocks] == [SECTION_LIMIT, SECTION_LIMIT, 5]


def test_an_enormous_reply_still_fits_in_one_message():
    reply = Reply(text="y" * SECTION_LIMIT * 80, source="Bron",
                  choices=[Choice(f"Optie {n}", "faq.pick", str(n)) for n in range(30)])
    blocks = reply_blocks(reply)
    assert len(blocks) <= MESSAGE_BLOCK_LIMIT
    actions = [b for b in blocks if b["type"] == "actions"]
    assert [len(b["elements"]) for b in actions] == [BUTTONS_PER_BLOCK, 5]
    assert len(message_kwargs(reply)["text"]) <= FALLBACK_TEXT_LIMIT


def test_answer_has_a_source_line_and_feedback_buttons_that_decode():
    reply = Reply(text="Antwoord", kind="answer", source="Nieuwsbrief 2024",
                  choices=[Choice("👍 Nuttig", "faq.feedback", "up:x"),
                           Choice("👎 Niet nuttig", "faq.feedback", "down:x")])
    section, context, actions = reply_blocks(reply)
    assert context["elements"][0]["text"] == "Bron: Nieuwsbrief 2024"
    ids = [e["action_id"] for e in actions["elements"]]
    assert ids == ["faq.feedback:0", "faq.feedback:1"]
    assert all(re.match(ACTION_ID_PATTERN, i) for i in ids)
    assert [decode_value(e["value"]) for e in actions["elements"]] == [
        ("faq.feedback", "up:x", ""), ("faq.feedback", "down:x", "")]


def test_ticket_card_buttons_carry_ticket_id_style_and_prompt():
    card = staff_card(_ticket())
    actions = reply_blocks(card)[-1]
    claim, answer, close = actions["elements"]
    assert decode_value(claim["value"]) == ("ticket.claim", "7", "")
    assert claim["style"] == "primary" and close["style"] == "danger"
    assert decode_value(answer["value"]) == ("ticket.answer", "7", "Antwoord op ticket #7")
    assert actions["block_id"] == "ticket-7-0"


def test_long_labels_and_values_are_cut_to_slacks_limits():
    choice = Choice("L" * 200, "faq.pick", "v" * 5000, prompt="p" * 5000)
    [element] = reply_blocks(Reply(text="t", choices=[choice]))[-1]["elements"]
    assert len(element["text"]["text"]) == 75
    assert len(element["value"]) <= VALUE_LIMIT


def test_bad_button_values_decode_to_none():
    for raw in (None, "", "plain", "[1]", '{"v": "1"}'):
        assert decode_value(raw) is None


def test_prompt_modal_round_trips_through_a_submission():
    view = prompt_modal("ticket.answer", "7", "Antwoord op ticket #7", "CSTAFF", "1.2")
    assert view["callback_id"] == "helpdesk.prompt"
    assert len(view["title"]["text"]) <= 24
    view["state"] = {"values": {"text": {"text": {"type": "plain_text_input",
                                                  "value": "Het antwoord"}}}}
    assert read_prompt(view) == ("ticket.answer", "7", "Het antwoord", "CSTAFF", "1.2")
    assert read_prompt({"private_metadata": "{not json"})[2] == ""


def test_home_view_lists_tickets_for_staff_only_and_stays_under_100_blocks():
    public = home_view("Ik kan <dingen>", "Volgende inloopuur: morgen", None)
    assert "Open tickets" not in json.dumps(public)
    assert "&lt;dingen&gt;" in json.dumps(public)
    many = home_view("x", "y", [(n, "open", f"vraag {n}") for n in range(300)])
    assert len(many["blocks"]) <= 100 and "Open tickets (300)" in json.dumps(many)
    empty = home_view("x", "y", [])
    assert "Er staan geen open tickets." in json.dumps(empty)


def test_user_text_cannot_notify_link_or_format():
    """mrkdwn() is what every Slack text field gets: the top-level text (notifications),
    sections, context, the Home tab."""
    probe = ("<!channel> <!here> <@U123> <https://evil.example|klik hier> *bold* _it_ `code` "
             "~s~ zero\u200bwidth \u202eexe.txt")
    kwargs = message_kwargs(Reply(text=probe, source="Bron <!here>"))
    home = home_view("<!channel>", "*x*", [(1, "open", probe)])
    texts = [kwargs["text"]] + [b["text"]["text"] for b in kwargs["blocks"] if "text" in b] + [
        kwargs["blocks"][-1]["elements"][0]["text"]] + [
        b["text"]["text"] for b in home["blocks"] if b.get("type") == "section"]
    for text in texts:
        assert not re.search(r"<[!@h]|\*bold\*|_it_|`code`|~s~|\u200b|\u202e", text), text
    assert mrkdwn(probe).startswith("&lt;!channel&gt; &lt;!here&gt; &lt;@U123&gt;")
    assert "\u2217bold\u2217" in mrkdwn(probe)
    assert all(b["text"].get("verbatim") for b in kwargs["blocks"] if b["type"] == "section")
    assert mrkdwn("a & b") == "a &amp; b"


def test_the_fallback_text_is_escaped_and_still_bounded():
    text = message_kwargs(Reply(text="<" * 5000))["text"]
    assert "<" not in text and len(text) <= FALLBACK_TEXT_LIMIT + 1
    assert not re.search(r"&(?!amp;|lt;|gt;)", text.rstrip("…"))


def test_web_addresses_keep_their_underscores_and_stars():
    """A sign-in link's token may hold '_' or '-': it must reach Slack unchanged, while
    the same marks elsewhere still show as look-alikes."""
    from bot.slack.blocks import mrkdwn

    link = "https://helpdesk.example.nl/console/login?token=a_b-c*d~e"
    text = mrkdwn(f"Open _dit_: {link} en klaar")
    assert link in text
    assert "_dit_" not in text
