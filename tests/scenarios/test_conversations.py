"""Real messages end to end over HTTP, in Slack and in Teams (SQLite and PostgreSQL):
a long message with two questions gets one reply with a section and a source per
question; a follow-up in the same thread is read against the previous answer, in
another thread it is not; a question that asks for a date the sources lack is
answered honestly, with an offer to forward."""

from __future__ import annotations

from tests.bot.slack.harness import CHANNEL
from tests.bot.teams.harness import running_bot

TWO_QUESTIONS = ("Goedemorgen! Ik werk sinds kort als beleidsadviseur jeugd bij een "
                 "gemeente in het oosten. Wat zijn de basisbouwstenen? En wat doet de Raad "
                 "voor de Kinderbescherming eigenlijk?")
CONTACT = "6d415fdd-f97e-4f70-ac45-e69601e4ecb2"


def _context_lines(call) -> list[str]:
    return [e["text"] for b in call.params["blocks"] if b["type"] == "context"
            for e in b["elements"]]


async def test_slack_two_questions_one_reply_with_a_source_each(slack):
    body = slack.mention(TWO_QUESTIONS)
    assert (await slack.send_event(body))[0] == 200
    [call] = await slack.fake.wait_for("chat.postMessage", channel=CHANNEL)
    blocks = call.params["blocks"]
    headings = [b["text"]["text"] for b in blocks if b["type"] == "section"
                and b["text"]["text"].startswith("*")]
    kb = slack.services.triage.kb
    assert headings == [f"*{kb.get('basisbouwstenen').title}*",
                        f"*{kb.get('raad-voor-de-kinderbescherming').title}*"]
    assert len(_context_lines(call)) == 2
    assert all(line.startswith("Bron: ") for line in _context_lines(call))
    assert any(b["type"] == "divider" for b in blocks)
    assert "samenwerkingsconstruct" in call.params["text"]


async def test_slack_follow_up_in_the_thread_only(slack):
    first = slack.mention("Wat zijn de verdiepende bouwstenen?")
    await slack.send_event(first)
    await slack.fake.wait_for("chat.postMessage", channel=CHANNEL)
    follow = slack.mention("vertel eens meer over de zesde", thread_ts=first["event"]["ts"])
    await slack.send_event(follow)
    calls = await slack.fake.wait_for("chat.postMessage", count=2, channel=CHANNEL)
    assert "ervaring" in calls[1].params["text"].lower()
    elsewhere = slack.mention("vertel eens meer over de zesde")
    await slack.send_event(elsewhere)
    calls = await slack.fake.wait_for("chat.postMessage", count=3, channel=CHANNEL)
    assert calls[2].params["text"] != calls[1].params["text"]


async def test_slack_honest_partial_answer_offers_to_forward(slack):
    await slack.send_event(slack.mention("Wanneer is de eerstvolgende Meet Up voor "
                                         "projectleiders?"))
    [call] = await slack.fake.wait_for("chat.postMessage", channel=CHANNEL)
    assert "niet in de informatie die ik heb" in call.params["text"]
    actions = [e["action_id"] for b in call.params["blocks"] if b["type"] == "actions"
               for e in b["elements"]]
    assert any(a.startswith("faq.forward_team") for a in actions)


async def test_teams_two_questions_and_a_follow_up(database_url, triage):
    async with running_bot(database_url, triage) as bot:
        assert (await bot.send(bot.personal(TWO_QUESTIONS, CONTACT))).status == 200
        await bot.drain()
        [reply] = bot.connector.sent("POST", f"a:personal-{CONTACT}")
        body = reply.card["body"]
        bold = [b["text"] for b in body if b.get("weight") == "Bolder"]
        sources = [b["text"] for b in body if b.get("isSubtle")]
        assert len(bold) == 2 and len(sources) == 2
        assert all(text.startswith("Bron: ") for text in sources)

        await bot.send(bot.personal("Wat zijn de basisbouwstenen?", CONTACT))
        await bot.send(bot.personal("vertel meer over de derde", CONTACT))
        await bot.drain()
        replies = bot.connector.sent("POST", f"a:personal-{CONTACT}")
        third = bot.services.triage.kb.get(
            bot.services.triage.kb.get("basisbouwstenen").items[2])
        assert third.answer[:40] in replies[-1].text
