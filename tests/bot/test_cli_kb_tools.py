"""The curator commands `helpdesk kb coverage` and the eval check of `helpdesk kb check`."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from bot import cli, cli_kb
from knowledge.entry_model import load_examples
from knowledge.loader import Problem, load_knowledge_base

KB = load_knowledge_base()
A_PHRASING = KB.entries[0].questions[0]
A_SENTENCE = KB.get("halfjaargesprek").answer.split(". ")[0] + "."
UNKNOWN = "De Noordpool heeft zeven pinguïnkolonies met gekleurde sjaals."


def write_eval(folder: Path, name: str, lines: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def case_line(case_id: str, question: str) -> str:
    return json.dumps({"id": case_id, "q": question, "expect": ["answer"]})


# -- kb check: phrasings that copy eval questions -----------------------------------

def test_check_fails_on_a_copied_eval_question(tmp_path):
    evals = tmp_path / "eval"
    write_eval(evals, "dev.jsonl", [case_line("x-1", A_PHRASING.upper() + " ?"),
                                    case_line("x-2", "iets heel anders over pinguins")])
    out = io.StringIO()
    assert cli_kb.run_check(out, eval_dir=evals, heldout=tmp_path / "none.jsonl") == 1
    errors = [line for line in out.getvalue().splitlines() if line.startswith("error: ")]
    assert len(errors) == 1
    assert f"entry {KB.entries[0].id!r}" in errors[0] and repr(A_PHRASING) in errors[0]
    assert "eval case x-1 in dev.jsonl" in errors[0]
    assert out.getvalue().splitlines()[-1] == "1 problem(s) in the knowledge base"


def test_check_reads_the_heldout_file_too(tmp_path):
    heldout = write_eval(tmp_path, "heldout.jsonl", [case_line("h-9", A_PHRASING)])
    out = io.StringIO()
    assert cli_kb.run_check(out, eval_dir=tmp_path / "missing", heldout=heldout) == 1
    assert "eval case h-9 in heldout.jsonl" in out.getvalue()
    assert "missing not found" in out.getvalue()


def test_check_without_eval_files_says_it_skipped_and_passes(tmp_path):
    out = io.StringIO()
    assert cli_kb.run_check(out, eval_dir=tmp_path / "no-eval",
                            heldout=tmp_path / "no-heldout.jsonl") == 0
    text = out.getvalue()
    assert "near-duplicate check was skipped" in text
    phrasings = sum(len(e.questions) for e in KB.entries)
    examples = len(load_examples())
    assert text.splitlines()[-1] == (f"ok: {len(KB)} entries, {phrasings} phrasings, "
                                     f"{examples} example messages")


def test_check_warns_about_bad_eval_lines_without_failing(tmp_path):
    evals = tmp_path / "eval"
    write_eval(evals, "dev.jsonl", ["{not json", case_line("ok-1", "iets over pinguins")])
    out = io.StringIO()
    assert cli_kb.run_check(out, eval_dir=evals, heldout=tmp_path / "none.jsonl") == 0
    assert "warning: dev.jsonl:1: not JSON" in out.getvalue()
    assert out.getvalue().splitlines()[-1].endswith("compared with 1 eval questions")


def test_check_flag_points_at_another_eval_folder(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(cli_kb, "HELDOUT", tmp_path / "none.jsonl")
    evals = tmp_path / "eval"
    write_eval(evals, "set.jsonl", [case_line("f-1", A_PHRASING)])
    assert cli.main(["kb", "check", "--eval", str(evals)]) == 1
    assert "eval case f-1 in set.jsonl" in capsys.readouterr().out


def test_the_real_kb_copies_no_eval_question():
    """The real eval sets (when ../shared is present) and the held-out set."""
    out = io.StringIO()
    assert cli_kb.run_check(out) == 0, out.getvalue()


# -- kb coverage ---------------------------------------------------------------------

def sources_dir(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "extra.txt").write_text(text, encoding="utf-8")
    return folder


def test_coverage_lists_the_uncovered_sentence_only(tmp_path):
    folder = sources_dir(tmp_path, f"Een kop\n\n{A_SENTENCE} {UNKNOWN}\n")
    out, err = io.StringIO(), io.StringIO()
    assert cli_kb.run_coverage(folder, stdout=out, stderr=err) == 0
    lines = out.getvalue().splitlines()
    listed = [line for line in lines if line.startswith("extra.txt:")]
    assert listed == [f"extra.txt:3: {UNKNOWN} [{listed[0].split('[')[1]}"]
    assert lines[-1].startswith("1 of 2 source sentences uncovered (1 files;")
    assert "1 headings skipped" in lines[-1]
    assert "note: extra.txt is not named in knowledge/sources.yaml" in lines
    assert any("is not in" in line for line in lines)  # the named files are elsewhere


def test_coverage_excerpts_long_sentences(tmp_path):
    long = "Pinguïns " + "dragen gekleurde sjaals op de Noordpool " * 10 + "."
    folder = sources_dir(tmp_path, long + "\n")
    out = io.StringIO()
    cli_kb.run_coverage(folder, stdout=out, stderr=io.StringIO())
    line = next(x for x in out.getvalue().splitlines() if x.startswith("extra.txt:1: "))
    assert "…" in line and len(line.split(" [")[0]) < 130


def test_coverage_json(tmp_path):
    folder = sources_dir(tmp_path, f"{A_SENTENCE}\n{UNKNOWN}\n")
    out, err = io.StringIO(), io.StringIO()
    assert cli_kb.run_coverage(folder, as_json=True, stdout=out, stderr=err) == 0
    data = json.loads(out.getvalue())
    assert data["sentences"] == 2 and data["uncovered_count"] == 1 and data["files"] == 1
    assert data["covered_at"] == pytest.approx(0.6)
    [item] = data["uncovered"]
    assert item["file"] == "extra.txt" and item["line"] == 2 and item["text"] == UNKNOWN
    assert 0 <= item["share"] < data["covered_at"] and item["missing"]
    assert "not named in knowledge/sources.yaml" in err.getvalue()


def test_coverage_missing_folder_is_a_clear_error(tmp_path, capsys):
    assert cli.main(["kb", "coverage", "--sources", str(tmp_path / "nope")]) == 2
    err = capsys.readouterr().err
    assert "sources directory" in err and "nope" in err and "--sources" in err


def test_coverage_refuses_a_broken_knowledge_base(tmp_path, monkeypatch):
    folder = sources_dir(tmp_path, f"{UNKNOWN}\n")
    monkeypatch.setattr(cli_kb, "check_knowledge_base",
                        lambda: (KB, [Problem("a.yaml", "kapot")]))
    out, err = io.StringIO(), io.StringIO()
    assert cli_kb.run_coverage(folder, stdout=out, stderr=err) == 2
    assert "1 problem(s)" in err.getvalue() and "helpdesk kb check" in err.getvalue()
    assert out.getvalue() == ""


def test_coverage_folder_without_texts_is_an_error(tmp_path):
    err = io.StringIO()
    assert cli_kb.run_coverage(tmp_path, stdout=io.StringIO(), stderr=err) == 2
    assert "no source texts" in err.getvalue()


def test_coverage_unreadable_text_is_a_warning(tmp_path):
    folder = sources_dir(tmp_path, f"{UNKNOWN}\n")
    (folder / "kapot.txt").write_bytes(b"\xff\xfe\xfa niet utf-8")
    out = io.StringIO()
    assert cli_kb.run_coverage(folder, stdout=out, stderr=io.StringIO()) == 0
    assert "warning: cannot read" in out.getvalue() and "kapot.txt" in out.getvalue()


def test_coverage_of_the_real_sources(capsys):
    if not cli_kb.DEFAULT_SOURCES_DIR.is_dir():
        pytest.skip("../shared/sources is not beside this clone")
    assert cli.main(["kb", "coverage"]) == 0
    last = capsys.readouterr().out.splitlines()[-1]
    assert " source sentences uncovered (5 files;" in last
