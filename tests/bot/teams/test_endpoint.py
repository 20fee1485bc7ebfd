"""POST /api/messages end to end: real HTTP into the web app on 127.0.0.1, the
bot's replies recorded by a fake Bot Connector. Runs on SQLite and, when
configured, PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from handlers.messages import Reply
from storage.models import ConversationReference, Feedback
from storage.outbox import OutboxItem
from storage.outbox_models import OutboxAttempt, OutboxMessage
from tests.bot.teams.harness import BOT_NAME, running_bot

CONTACT = "6d415fdd-f97e-4f70-ac45-e69601e4ecb2"
CHANNEL = "19:097e6717fd7245bdbeba6baa13840db8@thread.skype"
QUESTION = "Wat zijn de basisbouwstenen?"


def reference_count(services) -> int:
    with services.db.session() as session:
        return session.scalar(select(func.count()).select_from(ConversationReference))


async def test_personal_question_is_answered_with_a_card(database_url, triage):
    async with running_bot(database_url, triage) as bot:
        activity = bot.personal(QUESTION, CONTACT)
        answer = await bot.send(activity)

        assert answer.status == 200
        [call] = bot.connector.sent("POST")
        assert call.conversation == f"a:personal-{CONTACT}"
        assert call.activity_id == activity["id"]  # a reply to the question
        assert "Authorization" not in call.headers  # no credentials configured
        card = call.card
        assert card is not None and card["type"] == "AdaptiveCard"
        assert "Bron: " in call.text
        data = [b["data"] for b in call.buttons()]
        assert {"hd_action": "faq.feedback", "hd_value": "up:basisbouwstenen"} in data
        reference = bot.services.references.personal_for("teams", CONTACT)
        assert reference["conversation"]["id"] == f"a:personal-{CONTACT}"
        assert reference["serviceUrl"] == bot.connector.service_url


async def test_channel_mention_is_answered_in_its_thread(database_url, triage):
    async with running_bot(database_url, triage) as bot:
        activity = bot.mention(QUESTION, CONTACT, CHANNEL)
        assert (await bot.send(activity)).status == 200

        [call] = bot.connector.sent("POST")
        assert call.conversation == f"{CHANNEL};messageid={activity['id']}"
        assert call.activity_id == activity["id"]
        assert "basisbouwstenen" in call.text.lower()
        # the thread and the channel itself are both reachable later
        assert bot.services.references.get("teams", call.conversation) is not None
        channel = bot.services.references.get("teams", CHANNEL)
        assert channel["conversation"]["id"] == CHANNEL and "activityId" not in channel


async def test_bot_name_inside_the_question_survives_the_mention(database_url, triage):
    async with running_bot(database_url, triage) as bot:
        await bot.send(bot.mention(f"juridisch Mag de {BOT_NAME} het dossier delen met school?",
                                   CONTACT, CHANNEL))
        [ticket] = bot.services.tickets.list()
        assert ticket.question == f"Mag de {BOT_NAME} het dossier delen met school?"
        assert ticket.conversation == CHANNEL and ticket.asker == CONTACT


async def test_feedback_submit_is_recorded_and_answered_privately(database_url, triage):
    async with running_bot(database_url, triage) as bot:
        thread = f"{CHANNEL};messageid=1571539235218"
        press = {"hd_action": "faq.feedback", "hd_value": "up:basisbouwstenen"}
        assert (await bot.send(bot.submit(press, CONTACT, thread))).status == 200
        # no personal chat known yet: the thanks goes into the thread
        [call] = bot.connector.sent("POST")
        assert call.conversation == thread and "Dank je" in call.text

        await bot.send(bot.personal("hallo", CONTACT))  # now a personal chat is known
        before = len(bot.connector.sent("POST"))
        await bot.send(bot.submit(press, CONTACT, thread))
        private = bot.connector.sent("POST")[before:]
        assert [c.conversation for c in private] == [f"a:personal-{CONTACT}"]
        assert "Dank je" in private[0].text
        with bot.services.db.session() as session:
            assert session.scalar(select(func.count()).select_from(Feedback)) == 2


async def test_action_execute_is_acknowledged_at_once_and_answered_proactively(database_url,
                                                                               triage):
    async with running_bot(database_url, triage) as bot:
        invoke = bot.execute({"hd_action": "faq.feedback", "hd_value": "down:basisbouwstenen"},
                             "faq.feedback", CONTACT, f"a:personal-{CONTACT}")
        answer = await bot.send(invoke, handle=False)

        assert answer.status == 200
        assert answer.body["statusCode"] == 200
        assert answer.body["type"] == "application/vnd.microsoft.activity.message"
        assert answer.body["value"].startswith("Ontvangen")
        assert bot.connector.sent() == [], "nothing happens inside the request"
        await bot.drain()
        [thanks] = bot.connector.sent("POST")
        assert thanks.conversation == f"a:personal-{CONTACT}" and "Dank je" in thanks.text
        assert bot.services.feedback.feedback_counts()["basisbouwstenen"] == (0, 1)


async def test_unknown_card_data_is_refused_politely(database_url, triage):
    async with running_bot(database_url, triage) as bot:
        recorded = bot.activity("message_adaptive_card_action_submit.botbuilder-js-recording.json")
        assert (await bot.send(recorded)).status == 200
        [call] = bot.connector.sent("POST")
        assert "knop ken ik niet" in call.text

        invoke = bot.execute({"feedback": "test invokes"}, "", CONTACT, f"a:personal-{CONTACT}")
        answer = await bot.send(invoke)
        assert answer.status == 200 and answer.body["statusCode"] == 400


async def test_other_invokes_are_not_implemented(database_url, triage):
    async with running_bot(database_url, triage) as bot:
        answer = await bot.send(bot.activity("invoke_task_fetch.botbuilder-js-recording.json"))
        assert answer.status == 501 and bot.connector.calls == []


async def test_bot_added_to_team_stores_reference_and_welcomes(database_url, triage):
    async with running_bot(database_url, triage) as bot:
        added = bot.added_to_team()
        channel = added["conversation"]["id"]
        assert (await bot.send(added)).status == 200

        reference = bot.services.references.get("teams", channel)
        assert reference["conversation"]["conversationType"] == "channel"
        assert reference["conversation"]["tenantID"] == added["channelData"]["tenant"]["id"]
        [welcome] = bot.connector.sent("POST")
        assert welcome.conversation == channel and welcome.activity_id is None
        assert "Toekomstscenario" in welcome.body["text"]

        assert (await bot.send(added)).status == 200  # a redelivery: no second welcome
        assert len(bot.connector.sent("POST")) == 1


async def test_someone_else_joining_gets_no_welcome(database_url, triage):
    async with running_bot(database_url, triage) as bot:
        joined = bot.activity("conversation_update_team_member_added.botbuilder-js-recording"
                              ".json")
        assert (await bot.send(joined)).status == 200
        assert bot.connector.calls == []
        assert bot.services.references.get("teams", joined["conversation"]["id"]) is not None


@pytest.mark.parametrize("raw", [
    b"{not json", b"\xff\xfe", b"[1, 2]", b'{"type": "message"}',
    b'{"type": "message", "conversation": {"id": "a:1"}, "from": {"id": "29:x"}}',
    b'{"type": "message", "serviceUrl": "http://127.0.0.1:1/", "conversation": "a:1", '
    b'"from": {"id": "29:x"}}',
    b'{"type": "message", "serviceUrl": "http://127.0.0.1:1/", "conversation": {"id": "a:1"},'
    b' "from": {"id": "29:x"}, "entities": "nope"}',
])
async def test_malformed_activity_is_400_and_stores_nothing(database_url, triage, raw):
    async with running_bot(database_url, triage) as bot:
        answer = await bot.send(None, raw=raw)
        assert answer.status == 400 and "error" in answer.body
        assert reference_count(bot.services) == 0
        assert bot.connector.calls == []


async def test_with_credentials_an_unsigned_request_is_401(database_url, triage):
    async with running_bot(database_url, triage, microsoft_app_id="00000000-0000-0000-0000-"
                           "000000000001", microsoft_app_password="secret") as bot:
        for headers in ({}, {"Authorization": "Bearer not-a-jwt"}):
            answer = await bot.send(bot.personal(QUESTION, CONTACT), headers=headers)
            assert answer.status == 401
        assert reference_count(bot.services) == 0
        assert bot.connector.calls == []


async def install(bot) -> str:
    """Add the bot to a team; returns the channel's conversation id."""
    added = bot.added_to_team()
    assert (await bot.send(added)).status == 200
    return added["conversation"]["id"]


def outbox_row(services, key: str) -> OutboxMessage:
    with services.db.session() as session:
        return session.scalar(select(OutboxMessage).where(OutboxMessage.key == key))


def attempts(services, row_id: int) -> list[tuple[str, int | None]]:
    with services.db.session() as session:
        return [(a.outcome, a.status_code) for a in session.scalars(
            select(OutboxAttempt).where(OutboxAttempt.message_id == row_id)
            .order_by(OutboxAttempt.id))]


async def test_outbox_post_reaches_a_stored_channel(database_url, triage):
    async with running_bot(database_url, triage) as bot:
        channel = await install(bot)
        bot.services.outbox.enqueue([OutboxItem(
            "walkin:2025-01", "teams", channel, Reply(text="Inloopuur morgen").to_dict())])
        await bot.drain()
        [_, post] = bot.connector.sent("POST", channel)
        assert post.body["text"] == "Inloopuur morgen" and post.activity_id is None
        assert outbox_row(bot.services, "walkin:2025-01").sent_ref == post.response_id


async def test_429_is_retried_after_retry_after_and_delivered(database_url, triage):
    async with running_bot(database_url, triage) as bot:
        channel = await install(bot)
        bot.connector.fail_next("POST", 429, {"Retry-After": "1"})
        bot.services.outbox.enqueue([OutboxItem(
            "notice:1", "teams", channel, Reply(text="Meet Up volgende week").to_dict())])

        await bot.drain()
        row = outbox_row(bot.services, "notice:1")
        assert row.status == "pending"
        assert attempts(bot.services, row.id) == [("retry", 429)]
        wait = (row.next_attempt_at - bot.clock()).total_seconds()
        assert 1.0 <= wait <= 1.5  # Retry-After (1 s) plus jitter
        bot.clock.advance(0.9)
        await bot.drain()
        assert outbox_row(bot.services, "notice:1").status == "pending"  # not due yet

        bot.clock.advance(wait)
        await bot.drain()
        assert outbox_row(bot.services, "notice:1").status == "sent"
        assert attempts(bot.services, row.id) == [("retry", 429), ("sent", None)]
        posts = [c for c in bot.connector.calls if c.body.get("text") == "Meet Up volgende week"]
        assert [c.status for c in posts] == [429, 201]


async def test_a_removed_bot_fails_the_row_at_once(database_url, triage):
    async with running_bot(database_url, triage) as bot:
        channel = await install(bot)
        bot.connector.fail_next("POST", 403)
        bot.services.outbox.enqueue([OutboxItem(
            "notice:2", "teams", channel, Reply(text="x").to_dict())])
        await bot.drain()
        row = outbox_row(bot.services, "notice:2")
        assert row.status == "failed" and attempts(bot.services, row.id) == [("failed", 403)]


async def test_nameless_card_invoke_is_handled(database_url, triage):
    async with running_bot(database_url, triage) as bot:
        invoke = bot.activity("invoke_card_action_msteams_invoke.botbuilder-js-recording.json",
                              value={"hd_action": "faq.feedback", "hd_value": "up:basisbouwstenen"})
        answer = await bot.send(invoke)
        assert answer.status == 200 and answer.body is None
        assert bot.services.feedback.feedback_counts()["basisbouwstenen"] == (1, 0)
        [thanks] = bot.connector.sent("POST")  # no personal chat known: in the thread
        assert thanks.conversation == invoke["conversation"]["id"] and "Dank je" in thanks.text


async def test_bot_added_to_a_group_chat_is_welcomed_there(database_url, triage):
    async with running_bot(database_url, triage) as bot:
        added = bot.activity("conversation_update_group_chat_members_added.botbuilder-js-"
                             "recording.json")
        added["membersAdded"].append({"id": added["recipient"]["id"]})
        assert (await bot.send(added)).status == 200
        [welcome] = bot.connector.sent("POST", added["conversation"]["id"])
        assert "help" in welcome.body["text"]
        with bot.services.db.session() as session:
            scope = session.scalar(select(ConversationReference.scope))
        assert scope == "groupChat"


async def test_a_welcome_that_fails_for_now_is_sent_by_the_outbox(database_url, triage):
    async with running_bot(database_url, triage) as bot:
        bot.connector.fail_next("POST", 503)
        added = bot.added_to_team()
        assert (await bot.send(added)).status == 200
        assert bot.connector.sent("POST") == []
        bot.clock.advance(5)
        await bot.drain()
        [welcome] = bot.connector.sent("POST", added["conversation"]["id"])
        assert "Toekomstscenario" in welcome.body["text"]
