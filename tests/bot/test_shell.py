"""`helpdesk shell`: the whole conversation, contact and staff side, in a terminal."""

from __future__ import annotations

import asyncio
import io
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.shell.terminal import INTRO, Shell, render
from handlers.messages import Choice, Reply
from tests.conftest import make_settings

KNOWN_KINDS = {"answer", "clarify", "fallback", "legal", "smalltalk", "ticket", "notice", "error"}
LEGAL_QUESTION = "Mag ik zonder toestemming van de ouders gegevens delen met de school?"


class Session:
    """Drives a Shell line by line and returns what each line printed."""

    def __init__(self, shell: Shell, out: io.StringIO):
        self.shell = shell
        self.out = out

    async def say(self, line: str) -> str:
        start = len(self.out.getvalue())
        assert await self.shell.handle_line(line) is True
        return self.out.getvalue()[start:]


@pytest.fixture
def session(tmp_path) -> Session:
    out = io.StringIO()
    shell = Shell(make_settings(database_url=f"sqlite:///{tmp_path / 'shell.db'}"), out=out)
    yield Session(shell, out)
    shell.services.db.dispose()


def test_render_numbers_choices_and_shows_source():
    reply = Reply(text="Tekst", choices=[Choice("Ja", "a"), Choice("Nee", "b")], source="Bron")
    assert render(reply) == "Tekst\n  [1] Ja\n  [2] Nee\n  (bron: Bron)"


async def test_scripted_session(session):
    """Question, legal ticket, staff claims, answers privately, closes, back to contact."""
    said = await session.say("Wat zijn de basisbouwstenen?")
    assert "samenwerkingsconstruct" in said
    assert "  [1] 👍 Nuttig\n  [2] 👎 Niet nuttig\n" in said and "(bron: " in said

    said = await session.say("1")  # a number presses a button of the last reply
    assert "Dank je voor je feedback!" in said

    said = await session.say(LEGAL_QUESTION)
    assert "als ticket #1" in said
    assert "[staff-kanaal] Ticket #1" in said  # the staff card, through the outbox

    said = await session.say("/tickets")
    assert "Alleen medewerkers van de helpdesk" in said  # a contact is not staff

    said = await session.say("/staff")
    assert said.startswith("Je bent nu helpdeskmedewerker (medewerker).")

    said = await session.say("/tickets")
    assert "Open tickets (1):" in said
    assert f"#1 [Juridische helpdesk, open] {LEGAL_QUESTION}" in said

    said = await session.say("/claim 1")
    assert "Je hebt ticket #1 opgepakt." in said
    assert "[staff-kanaal, bijgewerkt] Ticket #1" in said and "opgepakt door medewerker" in said

    said = await session.say("/answer 1 Nee, niet zonder grondslag.")
    assert "wordt privé naar de vraagsteller gestuurd" in said
    assert "[privé aan shell-user] Antwoord van de juridische helpdesk op je vraag #1" in said
    assert "Nee, niet zonder grondslag." in said

    said = await session.say("/close 1")
    assert "Ticket #1 is gesloten." in said and "gesloten" in said

    said = await session.say("/tickets")
    assert "Er staan geen open tickets." in said

    said = await session.say("/contact")
    assert said == "Je bent weer regiocontact (shell-user).\n"

    said = await session.say("hallo")
    assert said.startswith("Hallo! Ik ben de regionale helpdesk")

    assert await session.shell.handle_line("/quit") is False


async def test_numbers_pick_clarify_buttons(session):
    said = await session.say("partners")
    assert "Welk van deze onderwerpen bedoel je?" in said
    options = session.shell.runtime.last.options
    assert len(options) >= 2
    said = await session.say("2")
    entry = session.shell.services.triage.kb.get(options[1])
    assert said.startswith(entry.answer[:60])
    assert session.shell.runtime.last.entry_id == options[1]


async def test_number_without_matching_button_is_text(session):
    await session.say("hallo")  # a reply without buttons
    said = await session.say("1")
    assert session.shell.runtime.last.kind == "fallback"
    assert "Daar heb ik (nog) geen antwoord op" in said
    said = await session.say("Wat zijn de basisbouwstenen?")
    said = await session.say("3")  # only two buttons: the third building block listed
    basis = session.shell.services.triage.kb.get("basisbouwstenen")
    assert session.shell.runtime.last.entry_id == basis.items[2]
    said = await session.say("Wat vindt de staatssecretaris van de begroting?")
    said = await session.say("3")  # no list to follow up
    assert session.shell.runtime.last.kind == "fallback"


async def test_unknown_command_and_help(session):
    said = await session.say("/bestaatniet")
    assert "Het commando /bestaatniet ken ik niet" in said
    said = await session.say("/help")
    assert "/juridisch" in said and "/claim" not in said
    await session.say("/staff")
    assert "/claim N" in await session.say("/help")


@pytest.mark.parametrize("word", ["/quit", "/exit", "/stop", "  /quit  "])
async def test_quit_words(session, word):
    assert await session.shell.handle_line(word) is False


async def test_run_stops_at_quit(session):
    stdin = io.StringIO("hallo\n/quit\nWat zijn de basisbouwstenen?\n")
    assert await session.shell.run(stdin) == 0
    out = session.out.getvalue()
    assert out.startswith(INTRO)
    assert "Hallo!" in out and "samenwerkingsconstruct" not in out


# -- bad input ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def robust_shell(tmp_path_factory):
    out = io.StringIO()
    db = tmp_path_factory.mktemp("shell") / "robust.db"
    shell = Shell(make_settings(database_url=f"sqlite:///{db}"), out=out)
    loop = asyncio.new_event_loop()
    yield shell, out, loop
    loop.close()
    shell.services.db.dispose()


BAD_LINES = st.one_of(
    st.sampled_from(["", "   ", "x" * 50_000, "😀😀😀", "\x00\x01\x02\x1b[0m", "Привет мир",
                     "مرحبا بالعالم", "你好世界", "/", "//", "/claim abc", "/answer", "99",
                     "0", "/juridisch", "a\u0301\u0301\u0301"]),
    st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=200),
)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(line=BAD_LINES)
def test_handle_line_survives_bad_input(robust_shell, caplog, line):
    """Every line gets a reply of a known kind; nothing is logged as a crash."""
    shell, out, loop = robust_shell
    shell.runtime.last = None
    start = len(out.getvalue())
    with caplog.at_level(logging.ERROR):
        caplog.clear()
        keep_going = loop.run_until_complete(shell.handle_line(line))
    printed = out.getvalue()[start:]
    stripped = line[:50_000].strip()
    if stripped in ("/quit", "/exit", "/stop"):
        assert keep_going is False
        return
    assert keep_going is True
    assert printed.strip(), f"no reply to {line!r}"
    assert "Traceback" not in printed and "er ging bij mij iets mis" not in printed
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
    if stripped not in ("/staff", "/contact"):
        assert shell.runtime.last is not None and shell.runtime.last.kind in KNOWN_KINDS
        if shell.runtime.last.kind == "error":
            assert stripped.startswith("/"), (line, shell.runtime.last.text)


# -- the real command -------------------------------------------------------------------

def test_helpdesk_shell_subprocess(tmp_path):
    """With piped stdin, in an empty cwd: the default SQLite file appears in the data
    directory (not the working directory), and the command says which database it uses."""
    helpdesk = Path(sys.executable).with_name("helpdesk")
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DATABASE_URL", "WALKIN_", "SHELL_USER", "HELPDESK_DATA"))}
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    (tmp_path / "cwd").mkdir()
    script = "\n".join(["Wat is MAO?", LEGAL_QUESTION, "/staff", "/claim 1",
                        "/answer 1 Dat mag alleen met een wettelijke grondslag.", "/close 1",
                        "/contact", "/quit", "hallo"]) + "\n"
    proc = subprocess.run([str(helpdesk), "shell"], cwd=tmp_path / "cwd", env=env,
                          input=script, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    database = tmp_path / "data" / "toekomstscenario-helpdesk" / "helpdesk.sqlite3"
    assert f"helpdesk: using database sqlite:///{database}" in proc.stderr
    out = proc.stdout
    assert out.startswith(INTRO)
    assert "Met Andere Ogen (MAO)" in out
    assert "als ticket #1" in out
    assert "[privé aan shell-user] Antwoord van de juridische helpdesk op je vraag #1" in out
    assert "Ticket #1 is gesloten." in out
    assert "Hallo!" not in out  # after /quit nothing is read
    assert database.is_file() and list((tmp_path / "cwd").iterdir()) == []
    assert "Traceback" not in proc.stderr


def test_render_drops_terminal_escapes_and_invisible_characters():
    text = render(Reply(text="Antwoord \x1b[2J\x1b]0;pwned\x07 met \u202eexe.txt en a\u200bb"))
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert "\u200b" not in text and "met exe.txt en ab" in text
