"""Adaptive Card rendering of neutral replies, and reading card buttons back."""

from __future__ import annotations

from bot.teams.cards import (
    card_text,
    parse_action,
    render_card,
    wants_card,
    xml_text,
)
from handlers.messages import Action, Choice, Reply
from handlers.ticket_cards import staff_card
from storage.tickets import TicketView
from tests.bot.teams.harness import fixture

ANSWER = Reply(text="Eerste regel.\nTweede regel.\n\nNieuwe alinea.", kind="answer",
               source="Nieuwsbrief", choices=[
                   Choice("👍 Nuttig", "faq.feedback", "up:x"),
                   Choice("👎 Niet nuttig", "faq.feedback", "down:x", "danger")])


def ticket(status: str = "open") -> TicketView:
    from datetime import UTC, datetime
    return TicketView(7, "legal", status, "teams", "a:1", None, "u", "nl", "Vraag [BSN]?",
                      {"bsn": 1}, None, None, None, 1, datetime.now(UTC), None)


def press(button: dict, **inputs: str) -> dict:
    """What Teams sends for an Action.Submit: the data merged with the inputs."""
    return {**button["data"], **inputs}


def test_answer_card_keeps_lines_source_and_buttons():
    card = render_card(ANSWER)
    texts = [(b["text"], b.get("spacing")) for b in card["body"]]
    assert texts[:3] == [("Eerste regel.", None), ("Tweede regel.", "None"),
                         ("Nieuwe alinea.", "Medium")]
    assert texts[3][0] == "Bron: Nieuwsbrief"
    assert card["version"] == "1.4" and card["type"] == "AdaptiveCard"
    up, down = card["actions"]
    assert up == {"type": "Action.Submit", "title": "👍 Nuttig",
                  "data": {"hd_action": "faq.feedback", "hd_value": "up:x"}}
    assert down["style"] == "destructive"
    assert parse_action(press(down)) == Action("faq.feedback", "down:x")


def test_prompt_choice_asks_for_text_first():
    card = render_card(staff_card(ticket()))
    assert card["body"][0]["weight"] == "Bolder"  # the ticket header
    answer = next(a for a in card["actions"] if a["title"] == "Beantwoorden")
    assert answer["type"] == "Action.ShowCard"
    [field] = answer["card"]["body"]
    assert field["type"] == "Input.Text" and field["isMultiline"] and field["isRequired"]
    [submit] = answer["card"]["actions"]
    assert submit["data"]["hd_input"] == field["id"]
    action = parse_action(press(submit, **{field["id"]: "Ja, dat mag.", "other": "x"}))
    assert action == Action("ticket.answer", "7", {"text": "Ja, dat mag."})


def test_execute_buttons_carry_the_same_data():
    card = render_card(ANSWER, execute=True)
    up = card["actions"][0]
    assert up["type"] == "Action.Execute" and up["verb"] == "faq.feedback"
    invoke = fixture("invoke_adaptive_card_action_execute.teams-net.json")["value"]
    invoke["action"]["data"] = up["data"]
    assert parse_action(invoke) == Action("faq.feedback", "up:x")
    # a verb alone is enough
    invoke["action"]["data"] = {"hd_value": "3"}
    invoke["action"]["verb"] = "ticket.claim"
    assert parse_action(invoke) == Action("ticket.claim", "3")


def test_foreign_card_data_is_not_an_action():
    submit = fixture("message_adaptive_card_action_submit.botbuilder-js-recording.json")
    execute = fixture("invoke_adaptive_card_action_execute.teams-net.json")
    for value in (submit["value"], execute["value"], None, "text", [], {"hd_action": " "}):
        assert parse_action(value) is None


def test_values_are_bounded_and_stringified():
    action = parse_action({"hd_action": "a" * 500, "hd_value": 12, "hd_input": "t",
                           "t": "x" * 50_000})
    assert len(action.name) == 100 and action.value == "12"
    assert len(action.inputs["text"]) == 20_000


def test_plain_notices_are_escaped_text():
    assert not wants_card(Reply(text="Dank je!"))
    assert wants_card(Reply(text="x", kind="ticket"))
    assert xml_text("a < b & <at>c</at>\nnext") == "a &lt; b &amp; &lt;at&gt;c&lt;/at&gt;<br>next"


def test_card_text_shows_markdown_as_typed():
    probe = "[klik hier](https://evil.example/login) **vet** _schuin_ `code` <@U1> zero\u200bwidth"
    card = render_card(Reply(text=f"Vraag:\n{probe}\n- lijstje\n1. punt", kind="ticket",
                             source="Bron [x](y)"))
    texts = [b["text"] for b in card["body"]]
    assert texts[1] == ("\\[klik hier\\](https://evil.example/login) \\*\\*vet\\*\\* "
                        "\\_schuin\\_ \\`code\\` \\<@U1\\> zerowidth")
    assert texts[2:4] == ["\\- lijstje", "1\\. punt"]
    assert texts[4] == "Bron: Bron \\[x\\](y)"
    assert card_text("Ticket #1 · open (2024)") == "Ticket #1 · open (2024)"


def test_plain_messages_carry_markdown_as_character_references():
    assert xml_text("[a](b) *c* \u202ed") == "&#91;a&#93;(b) &#42;c&#42; d"
