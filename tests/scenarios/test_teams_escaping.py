"""No user text reaches anyone in Teams unescaped: a legal question, a fallback question,
a staff display name and a staff answer full of probe strings ([klik hier](https://...),
*bold*, _italics_, `code`, <@U123>, zero-width and bidi characters) go through every
message the bot sends (replies, the staff card and its updates, the answer to the asker,
the /tickets listing, the Action.Execute response); every rendered field of every
activity the fake Bot Connector receives is checked. On SQLite and PostgreSQL."""

from __future__ import annotations

from tests.bot.teams.harness import running_bot
from tests.scenarios.probes import PROBE_TEXT, TEAMS_RAW, raw_probes

STAFF_CHANNEL = "19:0b7f32667e064dd9b25d7969801541f4@thread.tacv2"
STAFF = "eddfa9d4-346e-4cce-a18f-fa6261ad776b"
CONTACT = "6d415fdd-f97e-4f70-ac45-e69601e4ecb2"
NOT_RENDERED = (".data", ".verb", ".id", "hd_")


def _rendered(body: dict) -> dict:
    return {"text": body.get("text"), "summary": body.get("summary"),
            "attachments": body.get("attachments")}


async def test_probe_strings_never_reach_teams_raw(database_url, triage):
    async with running_bot(database_url, triage, teams_staff_channel=STAFF_CHANNEL,
                           teams_staff_ids=STAFF) as bot:
        installed = bot.added_to_team()
        await bot.send(installed)

        await bot.send(bot.personal(
            f"Mag ik zonder toestemming gegevens delen met de school? {PROBE_TEXT}", CONTACT))
        await bot.send(bot.personal(f"Iets heel anders over vissen {PROBE_TEXT}", CONTACT))
        await bot.drain()
        [card] = [c for c in bot.connector.sent("POST", STAFF_CHANNEL) if c.card]
        assert "\\[klik hier\\](https://evil.example/login)" in card.text, "the probe was there"
        thread = f"{STAFF_CHANNEL};messageid={card.response_id}"

        claim = bot.submit(card.button("ticket.claim")["data"], STAFF, thread,
                           card.response_id)
        claim["from"]["name"] = PROBE_TEXT
        await bot.send(claim)
        await bot.send(bot.mention("/tickets", STAFF, STAFF_CHANNEL))
        answer = card.button("ticket.answer")["data"]
        pressed = {**answer, answer["hd_input"]: f"Nee. {PROBE_TEXT}"}
        invoke = bot.execute(pressed, "ticket.answer", STAFF, thread)
        invoke["from"]["name"] = PROBE_TEXT
        response = await bot.send(invoke)
        assert response.status == 200
        await bot.drain()

        sent = bot.connector.sent()
        asker = [c for c in sent if c.conversation == f"a:personal-{CONTACT}"]
        assert any("Nee. " in c.text for c in asker), "the answer reached the asker"
        assert any("\\*bold\\*" in c.text for c in sent if c.conversation and
                   c.conversation.startswith(STAFF_CHANNEL) and "#1" in c.text)
        assert len(sent) >= 6
        problems = [(c.method, c.conversation, where, probe) for c in sent
                    for where, probe in raw_probes(_rendered(c.body), TEAMS_RAW, NOT_RENDERED)]
        problems += [("invoke", "", where, probe) for where, probe in
                     raw_probes(response.body, TEAMS_RAW, NOT_RENDERED)]
        assert problems == []
