"""The legal-ticket story played in Microsoft Teams, over real HTTP: a regional
contact asks a legal question with personal data in a personal chat, the ticket
is stored redacted, the staff card lands in the staff channel, an outsider's
claim is refused, staff claim it (the card is updated in place), answer it in
the card (the asker gets the answer proactively in their personal chat) and
close it; the audit trail has every step. On SQLite and PostgreSQL."""

from __future__ import annotations

from tests.bot.teams.harness import TeamsHarness, running_bot

STAFF_CHANNEL = "19:0b7f32667e064dd9b25d7969801541f4@thread.tacv2"
STAFF = "eddfa9d4-346e-4cce-a18f-fa6261ad776b"
CONTACT = "6d415fdd-f97e-4f70-ac45-e69601e4ecb2"
OUTSIDER = "c87bdf38-be54-466a-bd67-4029da348cc4"
QUESTION = ("Mag ik het dossier van een kind met BSN 111222333 delen met de school? "
            "Mail me op jan.jansen@example.nl")
ANSWER = "Alleen met toestemming van de ouders, of als er een wettelijke grondslag is."


def cards(bot: TeamsHarness, method: str = "POST"):
    return [c for c in bot.connector.sent(method, STAFF_CHANNEL) if c.card is not None]


async def test_legal_ticket_in_teams(database_url, triage):
    async with running_bot(database_url, triage, teams_staff_channel=STAFF_CHANNEL,
                           teams_staff_ids=STAFF) as bot:
        # The app is installed in the helpdesk team: the staff channel becomes reachable.
        installed = bot.added_to_team()
        assert (await bot.send(installed)).status == 200

        # The contact asks in their personal chat.
        asked = bot.personal(QUESTION, CONTACT)
        assert (await bot.send(asked)).status == 200
        [ticket] = bot.services.tickets.list()
        assert ticket.platform == "teams" and ticket.asker == CONTACT
        assert "111222333" not in ticket.question and "jan.jansen" not in ticket.question
        assert "[BSN]" in ticket.question and "[e-mail]" in ticket.question
        [confirmation] = bot.connector.sent("POST", f"a:personal-{CONTACT}")
        assert f"#{ticket.id}" in confirmation.text and "BSN" in confirmation.text
        assert confirmation.activity_id == asked["id"]

        # The outbox posts the staff card to the staff channel.
        await bot.drain()
        [card] = cards(bot)
        assert card.activity_id is None  # a new post, not a reply
        assert f"Ticket #{ticket.id}" in card.text and "111222333" not in card.text
        assert [b["title"] for b in card.card["actions"]] == ["Oppakken", "Beantwoorden",
                                                              "Sluiten"]
        card_id = card.response_id
        thread = f"{STAFF_CHANNEL};messageid={card_id}"

        # Someone who is not staff presses "Oppakken": refused, nothing changes.
        claim = card.button("ticket.claim")["data"]
        assert (await bot.send(bot.submit(claim, OUTSIDER, thread, card_id))).status == 200
        assert bot.services.tickets.get(ticket.id).status == "open"
        assert bot.services.tickets.get(ticket.id).version == ticket.version
        assert "Alleen medewerkers" in bot.connector.sent("POST", thread)[-1].text
        await bot.drain()
        assert cards(bot, "PUT") == []

        # Staff claim it with the card button; the card is updated in place.
        assert (await bot.send(bot.submit(claim, STAFF, thread, card_id))).status == 200
        assert bot.services.tickets.get(ticket.id).claimed_by == f"teams:{STAFF}"
        await bot.drain()
        [claimed] = cards(bot, "PUT")
        assert claimed.activity_id == card_id and "opgepakt" in claimed.text

        # Staff answer in the card's text input (an Action.Execute this time).
        answer = claimed.button("ticket.answer")["data"]
        pressed = {**answer, answer["hd_input"]: ANSWER}
        response = await bot.send(bot.execute(pressed, "ticket.answer", STAFF, thread))
        assert response.status == 200 and response.body["statusCode"] == 200
        assert bot.services.tickets.get(ticket.id).status == "answered"

        # The asker gets the answer proactively in their personal chat.
        before = len(bot.connector.sent("POST", f"a:personal-{CONTACT}"))
        await bot.drain()
        [delivered] = bot.connector.sent("POST", f"a:personal-{CONTACT}")[before:]
        assert ANSWER in delivered.text and f"#{ticket.id}" in delivered.text
        assert delivered.activity_id is None
        assert "beantwoord" in cards(bot, "PUT")[-1].text

        # Close; the card shows it and offers only "Heropenen".
        close = cards(bot, "PUT")[-1].button("ticket.close")["data"]
        assert (await bot.send(bot.submit(close, STAFF, thread, card_id))).status == 200
        await bot.drain()
        final = cards(bot, "PUT")[-1]
        assert "gesloten" in final.text
        assert [b["title"] for b in final.card["actions"]] == ["Heropenen"]
        assert {c.activity_id for c in cards(bot, "PUT")} == {card_id}
        assert len(cards(bot)) == 1  # never a second card

        events = bot.services.tickets.events(ticket.id)
        assert [(action, actor) for action, actor, _, _ in events] == [
            ("created", f"teams:{CONTACT}"), ("claimed", f"teams:{STAFF}"),
            ("answered", f"teams:{STAFF}"), ("closed", f"teams:{STAFF}")]
        assert bot.services.outbox.counts() == {"sent": sum(bot.services.outbox.counts()
                                                            .values())}


async def test_answer_reaches_an_asker_without_a_stored_personal_chat(database_url, triage):
    """A contact who asked in a channel: the bot opens the personal chat to answer."""
    async with running_bot(database_url, triage, teams_staff_channel=STAFF_CHANNEL,
                           teams_staff_ids=STAFF) as bot:
        asked = bot.mention("juridisch Mogen we het dossier delen met de school?",
                            CONTACT, "19:regio@thread.tacv2")
        await bot.send(asked)
        [ticket] = bot.services.tickets.list()
        await bot.drain()  # the card borrows the channel reference's serviceUrl and tenant
        [card] = cards(bot)

        thread = f"{STAFF_CHANNEL};messageid={card.response_id}"
        pressed = {**card.button("ticket.answer")["data"]}
        pressed[pressed["hd_input"]] = ANSWER
        await bot.send(bot.submit(pressed, STAFF, thread, card.response_id))
        await bot.drain()

        [created] = bot.connector.created()
        assert created.body["members"] == [{"id": CONTACT}]
        [delivered] = bot.connector.sent("POST", created.response_id)
        assert ANSWER in delivered.text and f"#{ticket.id}" in delivered.text
        stored = bot.services.references.personal_for("teams", CONTACT)
        assert stored["conversation"]["id"] == created.response_id


async def test_members_of_the_staff_channels_team_are_staff(database_url, triage):
    """No TEAMS_STAFF_IDS: whoever is in the staff channel's team may claim; the roster is
    read through the Bot Connector (paged) and cached."""
    member = "3e1b7c0d-5b3a-4f2e-9a57-1c2d3e4f5a6b"
    async with running_bot(database_url, triage, teams_staff_channel=STAFF_CHANNEL) as bot:
        bot.connector.members[STAFF_CHANNEL] = [
            {"id": f"29:{n}", "aadObjectId": f"someone-{n}", "name": f"N{n}"} for n in range(3)
        ] + [{"id": "29:member", "aadObjectId": member, "name": "Member"}]
        installed = bot.added_to_team()
        installed["conversation"]["id"] = STAFF_CHANNEL
        await bot.send(installed)
        await bot.send(bot.personal(QUESTION, CONTACT))
        await bot.drain()
        [card] = cards(bot)
        thread = f"{STAFF_CHANNEL};messageid={card.response_id}"
        claim = card.button("ticket.claim")["data"]
        [ticket] = bot.services.tickets.list()

        await bot.send(bot.submit(claim, OUTSIDER, thread, card.response_id))
        assert bot.services.tickets.get(ticket.id).status == "open"
        await bot.send(bot.submit(claim, member, thread, card.response_id))
        assert bot.services.tickets.get(ticket.id).claimed_by == f"teams:{member}"
        assert bot.connector.member_requests == [STAFF_CHANNEL] * 2, "two pages, then cached"
