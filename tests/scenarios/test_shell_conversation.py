"""A whole conversation in the terminal chat: a long message with two questions,
a follow-up by number and by fragment, an honest partial answer forwarded, an
off-topic request and smalltalk — what a person at the terminal reads."""

from __future__ import annotations

import io

import pytest

from bot.shell.terminal import Shell
from tests.conftest import make_settings


@pytest.fixture
def shell(tmp_path):
    out = io.StringIO()
    shell = Shell(make_settings(database_url=f"sqlite:///{tmp_path / 'shell.db'}",
                                walkin_schedule=""), out=out)

    async def say(line: str) -> str:
        start = len(out.getvalue())
        assert await shell.handle_line(line) is True
        return out.getvalue()[start:]

    shell.say = say
    yield shell
    shell.services.db.dispose()


async def test_a_conversation_in_the_terminal(shell):
    said = await shell.say(
        "Hoi! Ik ben sinds kort beleidsmedewerker bij een gemeente in het noorden. Wat zijn "
        "de basisbouwstenen? En wat doet de Raad voor de Kinderbescherming eigenlijk?")
    assert "De vier basisbouwstenen" in said and "Raad voor de Kinderbescherming" in said
    assert said.count("(Bron: ") == 2  # each part with its own source

    said = await shell.say("Wat zijn de verdiepende bouwstenen?")
    assert "Integrale sturing en monitoring" in said
    said = await shell.say("vertel eens meer over de zesde")
    ervaring = shell.services.triage.kb.get("bouwsteen-ervaringsdeskundigheid")
    assert ervaring.answer[:50] in said

    said = await shell.say("Wanneer is de eerstvolgende Meet Up voor projectleiders?")
    assert "niet in de informatie die ik heb" in said
    assert "Doorsturen naar het programmateam" in said
    number = next(line.split("]")[0].strip(" [") for line in said.splitlines()
                  if "Doorsturen naar het programmateam" in line)
    said = await shell.say(number)
    assert "ticket #1" in said and "programmateam" in said
    [ticket] = shell.services.tickets.list()
    assert ticket.queue == "team"

    said = await shell.say("Kun je voor morgen een vergaderruimte voor acht man boeken?")
    assert "daarmee kan ik je" in said.lower() and "Doorsturen" not in said

    said = await shell.say("top, dank je wel 🙏")
    assert "Graag gedaan" in said
