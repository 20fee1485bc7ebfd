"""The `helpdesk` command's contracts: `ask --json`, `kb export --json`, `kb stats`, `kb check`."""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import cli, cli_kb
from knowledge.loader import load_knowledge_base

HELPDESK = Path(sys.executable).with_name("helpdesk")
KINDS = {"answer", "clarify", "fallback", "legal", "smalltalk"}
FIELDS = {"kind", "text", "entry_id", "score", "options"}


def run_helpdesk(cwd: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DATABASE_URL", "WALKIN_", "SLACK_", "MICROSOFT_", "TEAMS_"))}
    return subprocess.run([str(HELPDESK), *args], cwd=cwd, env=env, input=stdin,
                          capture_output=True, text=True, timeout=120)


def check_payload(obj: object) -> dict:
    assert isinstance(obj, dict)
    assert set(obj) >= FIELDS
    assert obj["kind"] in KINDS
    assert isinstance(obj["text"], str) and obj["text"].strip()
    assert obj["entry_id"] is None or isinstance(obj["entry_id"], str)
    assert isinstance(obj["score"], int | float)
    assert isinstance(obj["options"], list)
    return obj


# -- ask ------------------------------------------------------------------------------

def test_ask_json_one_question(tmp_path):
    """One JSON object for one question; no database file, nothing else in the cwd."""
    proc = run_helpdesk(tmp_path, "ask", "--json", "Wat is MAO?")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == 1
    reply = check_payload(json.loads(lines[0]))
    assert (reply["kind"], reply["entry_id"], reply["options"]) == ("answer", "met-andere-ogen", [])
    assert "Met Andere Ogen" in reply["text"]
    assert list(tmp_path.iterdir()) == []


def test_ask_json_reads_stdin_lines_in_order(tmp_path):
    questions = ["Wat zijn de basisbouwstenen?", "", "partners",
                 "Mag ik zonder toestemming van de ouders gegevens delen?", "hallo",
                 "Wat vindt de staatssecretaris van de nieuwe begroting?", "😀", "x" * 50_000,
                 "Which basic building blocks are there?"]
    proc = run_helpdesk(tmp_path, "ask", "--json", stdin="\n".join(questions) + "\n")
    assert proc.returncode == 0, proc.stderr
    replies = [check_payload(json.loads(line)) for line in proc.stdout.splitlines()]
    assert [r["kind"] for r in replies] == ["answer", "smalltalk", "clarify", "legal",
                                            "smalltalk", "fallback", "smalltalk", "fallback",
                                            "answer"]
    assert replies[0]["entry_id"] == replies[-1]["entry_id"] == "basisbouwstenen"
    assert len(replies[2]["options"]) >= 2 and replies[2]["entry_id"] is None
    assert list(tmp_path.iterdir()) == []


def test_ask_plain_text(tmp_path):
    proc = run_helpdesk(tmp_path, "ask", "Wat vindt de staatssecretaris van de nieuwe begroting?")
    assert proc.returncode == 0
    assert proc.stdout.startswith("[fallback] ")
    assert "  (Doorsturen naar het programmateam)" in proc.stdout.splitlines()


def test_ask_into_a_reader_that_stops_early_ends_quietly(tmp_path):
    """`helpdesk ask < questions | head -1`: the reader leaves after one line; the
    command ends without a BrokenPipeError traceback on stderr."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DATABASE_URL")}
    ask = subprocess.Popen([str(HELPDESK), "ask", "--json"], cwd=tmp_path, env=env,
                           stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE)
    ask.stdin.write(("Wat is MAO?\n" * 2000).encode())
    ask.stdin.close()
    first = ask.stdout.readline()
    ask.stdout.close()  # the reader goes away with most of the output unread
    stderr = ask.stderr.read().decode()
    ask.wait(timeout=120)
    assert json.loads(first)["entry_id"] == "met-andere-ogen"
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr, stderr


def test_ask_decides_only(monkeypatch, capsys):
    """A legal question through `ask` opens no database and no connection."""
    def refuse(*args, **kwargs):
        raise AssertionError("ask must not open a database or a connection")

    monkeypatch.setattr("storage.database.Database.__init__", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    code = cli.main(["ask", "--json", "Mag ik zonder toestemming van de ouders gegevens delen?"])
    assert code == 0
    reply = json.loads(capsys.readouterr().out)
    assert reply["kind"] == "legal" and "ticket" not in reply["text"].lower()


def test_ask_payload_matches_the_contract(triage):
    payload = cli_kb.ask_payload(triage.decide("partners"))
    assert payload["kind"] == "clarify"
    assert payload["options"] == [o for o in payload["options"] if triage.kb.get(o)]
    assert json.loads(json.dumps(payload)) == payload


# -- bad input --------------------------------------------------------------------------

NASTY = st.one_of(
    st.sampled_from(["", " ", "\t", "x" * 50_000, "😀" * 20, "👍🏽", "\x00\x01\x1b[31m",
                     "Привет, что такое ring 1?", "ما هي الحجارة الأساسية؟", "什么是基础构件？",
                     "wat is MAO" + "\u202e" + "reversed", "\ufeffhallo", "a\u0301" * 100,
                     "/quit", "/claim", "1", "{inloopuur}", "%s %d {0}"]),
    st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=300),
    st.text(alphabet=st.characters(codec="utf-8", min_codepoint=0x400, max_codepoint=0x9FFF),
            max_size=100),
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(NASTY)
def test_run_ask_survives_bad_input(triage, text):
    out = io.StringIO()
    assert cli_kb.run_ask(triage, text, as_json=True, stdout=out) == 0
    lines = out.getvalue().splitlines()
    assert len(lines) == 1
    check_payload(json.loads(lines[0]))


@settings(max_examples=30, deadline=None)
@given(st.lists(NASTY.map(lambda s: s.replace("\n", " ").replace("\r", " ")), max_size=8))
def test_run_ask_stdin_one_object_per_line(triage, lines):
    out = io.StringIO()
    stdin = io.StringIO("".join(line + "\n" for line in lines))
    assert cli_kb.run_ask(triage, None, as_json=True, stdin=stdin, stdout=out) == 0
    replies = [check_payload(json.loads(x)) for x in out.getvalue().split("\n") if x]
    assert len(replies) == len(lines)
    for line, reply in zip(lines, replies, strict=True):
        assert reply == cli_kb.ask_payload(triage.decide(line))


# -- kb ---------------------------------------------------------------------------------

def test_kb_export_json_covers_every_entry(capsys):
    assert cli.main(["kb", "export", "--json"]) == 0
    exported = json.loads(capsys.readouterr().out)
    kb = load_knowledge_base()
    assert set(exported) == {"entries"}
    assert [e["id"] for e in exported["entries"]] == [e.id for e in kb.entries]
    for item, entry in zip(exported["entries"], kb.entries, strict=True):
        assert {"id", "questions", "answer"} <= set(item)
        assert item["questions"] == entry.questions
        assert item["answer"] == entry.answer  # Dutch
        assert item.get("answer_en") == entry.answer_en


def test_kb_export_requires_json():
    with pytest.raises(SystemExit) as info:
        cli.main(["kb", "export"])
    assert info.value.code == 2


def test_kb_stats_counts(capsys):
    assert cli.main(["kb", "stats"]) == 0
    out = capsys.readouterr().out
    kb = load_knowledge_base()
    phrasings = sum(len(e.questions) for e in kb.entries)
    lines = out.splitlines()
    assert lines[0] == f"entries: {len(kb)}"
    assert lines[1].startswith(f"phrasings: {phrasings} (per entry min ")
    assert f"with English answer: {sum(1 for e in kb.entries if e.answer_en)}" in lines
    assert f"about legal topics: {sum(1 for e in kb.entries if e.about_legal)}" in lines
    assert any(line.startswith("sources: co-creatie-2024 ") for line in lines)
    assert "problems:" not in out


def test_kb_check_in_process(capsys):
    assert cli.main(["kb", "check"]) == 0
    # (a note comes first when ../shared/eval is not beside this clone)
    assert capsys.readouterr().out.splitlines()[-1].startswith("ok: ")


def test_bad_walkin_schedule_is_a_clean_error(monkeypatch, capsys):
    monkeypatch.setenv("WALKIN_SCHEDULE", "fifth funday")
    assert cli.main(["ask", "--json", "hallo"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("helpdesk: WALKIN_SCHEDULE: cannot read 'fifth funday'")
