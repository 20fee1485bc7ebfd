"""Loading and checking the YAML knowledge base (`helpdesk kb check`)."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from functools import partial
from pathlib import Path

import pytest
import yaml

from bot import cli_kb
from knowledge.entries import MIN_PHRASINGS
from knowledge.language import detect_language
from knowledge.loader import (
    DEFAULT_KB_DIR,
    KnowledgeBaseError,
    check_knowledge_base,
    load_knowledge_base,
)

SOURCES = {"sources": {"bron": {"title": "Een bron", "file": "bron.txt"},
                       "publiek": {"title": "Openbare informatie"}}}


def entry(entry_id: str, **overrides) -> dict:
    """A valid entry whose phrasings are unique to its id."""
    data = {
        "id": entry_id,
        "title": f"Titel {entry_id}",
        "answer": f"Het antwoord over {entry_id}.",
        "questions": [f"vraag {n} over {entry_id}" for n in range(1, MIN_PHRASINGS + 1)],
        "tags": ["test"],
        "source": "bron",
    }
    data.update(overrides)
    return data


def write_kb(root: Path, files: dict[str, list[dict] | str]) -> tuple[Path, Path]:
    """A knowledge-base directory with the given files (entry lists or raw text)."""
    kb_dir = root / "kb"
    kb_dir.mkdir()
    for name, content in files.items():
        text = content if isinstance(content, str) else yaml.safe_dump(
            {"entries": content}, allow_unicode=True, sort_keys=False)
        (kb_dir / name).write_text(text, encoding="utf-8")
    sources = root / "sources.yaml"
    sources.write_text(yaml.safe_dump(SOURCES), encoding="utf-8")
    return kb_dir, sources


def problems_for(tmp_path: Path, files: dict[str, list[dict] | str]) -> list[str]:
    _, problems = check_knowledge_base(*write_kb(tmp_path, files))
    return [str(p) for p in problems]


def test_valid_small_kb_has_no_problems(tmp_path):
    kb_dir, sources = write_kb(tmp_path, {"a.yaml": [entry("een"), entry("twee")],
                                          "b.yaml": [entry("drie", source="publiek",
                                                           source_url="https://example.org")]})
    kb = load_knowledge_base(kb_dir, sources)
    assert [e.id for e in kb.entries] == ["een", "twee", "drie"]
    assert kb.get("drie").source_url == "https://example.org"


def test_invalid_yaml_names_file_and_line(tmp_path):
    broken = "entries:\n  - id: een\n    title: [niet gesloten\n    answer: x\n"
    problems = problems_for(tmp_path, {"a.yaml": [entry("goed")], "kapot.yaml": broken})
    assert len(problems) == 1
    where, message = problems[0].split(": ", 1)
    assert where.startswith("kapot.yaml:") and where.split(":")[1].isdigit()
    assert 3 <= int(where.split(":")[1]) <= 5
    assert message.startswith("invalid YAML")


@pytest.mark.parametrize(
    ("bad", "expected"),
    [
        ({"title": None}, ["entry 'x'", "title"]),
        ({"source": None}, ["entry 'x'", "source"]),
        ({"answer": "   "}, ["entry 'x'", "answer is empty"]),
        ({"answer": "Zie {datum} en {inloopuur}."}, ["unknown placeholder", "datum"]),
        ({"questions": ["een", "twee", "drie"]}, ["entry 'x'", "questions", "at least 6"]),
        ({"questions": ["vraag a", "vraag b", "vraag c", "vraag d", "vraag e", "  "]},
         ["phrasing is empty"]),
        ({"source": "publiek"}, ["publiek", "source_url"]),
        ({"source": "publiek", "source_url": "http://example.org"}, ["source_url", "https://"]),
        ({"tags": ["Hoofdletter"]}, ["tags must be lowercase"]),
        ({"colour": "red"}, ["colour", "Extra inputs are not permitted"]),
        ({"title": "x" * 61}, ["title", "60"]),
    ],
)
def test_entry_schema_problems(tmp_path, bad, expected):
    """Each broken field gives exactly one problem naming the entry and the field."""
    data = entry("x", **bad)
    data = {k: v for k, v in data.items() if v is not None}
    problems = problems_for(tmp_path, {"a.yaml": [entry("goed"), data]})
    assert len(problems) == 1, problems
    assert problems[0].startswith("a.yaml entry 'x'")
    for part in expected:
        assert part in problems[0]


@pytest.mark.parametrize("bad_id", ["Bad_Id", "met spatie", "-voor", "na-", "dubbel--streep", ""])
def test_bad_id(tmp_path, bad_id):
    problems = problems_for(tmp_path, {"a.yaml": [entry(bad_id)]})
    assert len(problems) == 1
    assert "lowercase slug" in problems[0]


def test_duplicate_id_across_files(tmp_path):
    second = entry("zelfde", questions=[f"andere vraag {n}" for n in range(6)], title="Anders")
    problems = problems_for(tmp_path, {"a.yaml": [entry("zelfde")], "b.yaml": [second]})
    assert problems == ["b.yaml entry 'zelfde': duplicate id (also in a.yaml)"]


def test_duplicate_phrasing_in_one_entry(tmp_path):
    """Case, accents and punctuation do not make a phrasing different."""
    questions = [f"vraag {n}" for n in range(1, 6)] + ["Vraag 3?"]
    problems = problems_for(tmp_path, {"a.yaml": [entry("x", questions=questions)]})
    assert len(problems) == 1
    assert "duplicate phrasing 'Vraag 3?'" in problems[0] and "'vraag 3'" in problems[0]


def test_english_twin_in_one_entry_is_not_a_duplicate(tmp_path):
    """'walk-in hour' normalises to 'inloopuur', but a literal twin is allowed."""
    questions = [f"vraag {n}" for n in range(1, 5)] + ["wanneer is het inloopuur",
                                                       "wanneer is het walk-in hour"]
    assert problems_for(tmp_path, {"a.yaml": [entry("x", questions=questions)]}) == []


def test_same_phrasing_in_two_entries_is_a_conflict(tmp_path):
    shared = "Wat is de RvdK?"
    first = entry("een", questions=[*entry("een")["questions"][:5], shared])
    second = entry("twee", questions=[*entry("twee")["questions"][:5],
                                      "wat is de raad voor de kinderbescherming"])
    problems = problems_for(tmp_path, {"a.yaml": [first], "b.yaml": [second]})
    assert len(problems) == 1
    assert problems[0].startswith("b.yaml entry 'twee'")
    assert "conflicts with entry 'een'" in problems[0]


def test_unknown_source(tmp_path):
    problems = problems_for(tmp_path, {"a.yaml": [entry("x", source="verzonnen")]})
    assert problems == ["a.yaml entry 'x': unknown source 'verzonnen'"]


def test_shared_title(tmp_path):
    problems = problems_for(tmp_path, {"a.yaml": [entry("een", title="Zelfde"),
                                                  entry("twee", title="zelfde")]})
    assert len(problems) == 1 and "share the title" in problems[0]


def test_wrong_top_level_shape(tmp_path):
    problems = problems_for(tmp_path, {"a.yaml": "- id: x\n"})
    assert problems == ["a.yaml: expected a top-level 'entries:' list"]


def test_empty_directory(tmp_path):
    kb_dir, sources = write_kb(tmp_path, {})
    _, problems = check_knowledge_base(kb_dir, sources)
    assert len(problems) == 1 and "no *.yaml files" in str(problems[0])


def test_every_problem_is_reported_not_just_the_first(tmp_path):
    problems = problems_for(tmp_path, {
        "a.yaml": [entry("een", answer=""), entry("twee", source="weg")],
        "b.yaml": "entries: [\n",
    })
    assert len(problems) == 3


def test_load_refuses_a_broken_kb(tmp_path):
    kb_dir, sources = write_kb(tmp_path, {"a.yaml": [entry("x", source="verzonnen")]})
    with pytest.raises(KnowledgeBaseError) as info:
        load_knowledge_base(kb_dir, sources)
    assert "unknown source 'verzonnen'" in str(info.value)
    assert len(info.value.problems) == 1


def test_run_check_exits_non_zero_with_one_line_per_problem(tmp_path, monkeypatch):
    kb_dir, sources = write_kb(tmp_path, {"a.yaml": [entry("x", answer=" "),
                                                     entry("y", source="weg")]})
    monkeypatch.setattr(cli_kb, "check_knowledge_base",
                        partial(check_knowledge_base, kb_dir, sources))
    out = io.StringIO()
    assert cli_kb.run_check(out) == 1
    lines = out.getvalue().splitlines()
    assert [line for line in lines if line.startswith("error: ")] == [
        "error: a.yaml entry 'x': answer: Value error, answer is empty",
        "error: a.yaml entry 'y': unknown source 'weg'",
    ]
    assert lines[-1] == "2 problem(s) in the knowledge base"


def test_real_kb_has_no_problems():
    _, problems = check_knowledge_base()
    assert [str(p) for p in problems] == []


def test_kb_check_cli_on_the_real_kb(tmp_path):
    """`helpdesk kb check` exits 0 and says how much it checked."""
    helpdesk = Path(sys.executable).with_name("helpdesk")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    proc = subprocess.run([str(helpdesk), "kb", "check"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    last = proc.stdout.splitlines()[-1]  # a note comes first without ../shared/eval
    assert last.startswith("ok: ") and "entries" in last


# -- the real knowledge base's content ---------------------------------------

REAL_KB = load_knowledge_base()
_DATE_OR_TIME = re.compile(
    r"\b(\d{1,2}[:.]\d{2}|\d{1,2}[-/]\d{1,2}([-/]\d{2,4})?|"
    r"(maan|dins|woens|donder|vrij|zater|zon)dag(en)?|(mon|tues|wednes|thurs|fri|satur|sun)days?|"
    r"\d{1,2}(e|ste|de|st|nd|rd|th)? (januari|februari|maart|april|mei|juni|juli|augustus|"
    r"september|oktober|november|december|january|february|march|may|june|july|august|"
    r"october)|(januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|"
    r"november|december|january|february|march|april|may|june|july|august|october) \d{1,2}\b|"
    r"\d{1,2} uur|\d{1,2} ?(am|pm))\b",
    re.IGNORECASE,
)


def test_date_pattern_catches_what_it_must():
    """The check below would see a date or time if an answer named one."""
    for text in ("op donderdag van 15:00 tot 16:00", "every first Thursday", "op 3 maart",
                 "om 15 uur", "on March 3", "op 5-3-2026", "at 3 pm"):
        assert _DATE_OR_TIME.search(text), text
    assert not _DATE_OR_TIME.search("elke maand een inloopuur; {inloopuur}")


def test_real_kb_size():
    assert len(REAL_KB) >= 60


def test_real_kb_ids_unique_across_files():
    ids = []
    for path in sorted(DEFAULT_KB_DIR.glob("*.yaml")):
        ids += [e["id"] for e in yaml.safe_load(path.read_text(encoding="utf-8"))["entries"]]
    assert len(ids) == len(set(ids)) == len(REAL_KB)


def test_real_kb_phrasings_and_english():
    """>= 6 phrasings each; an entry with an English answer has an English phrasing."""
    thin = [e.id for e in REAL_KB.entries if len(e.questions) < MIN_PHRASINGS]
    assert thin == []
    no_english = [e.id for e in REAL_KB.entries if e.answer_en
                  and not any(detect_language(q) == "en" for q in e.questions)]
    assert no_english == []


def test_real_kb_sources_exist():
    assert {e.source for e in REAL_KB.entries} <= set(REAL_KB.sources)
    for entry_ in REAL_KB.entries:
        if entry_.source == "publiek":
            assert (entry_.source_url or "").startswith("https://"), entry_.id
    shared = Path(__file__).resolve().parents[3] / "shared" / "sources"
    if shared.is_dir():
        missing = [s.file for s in REAL_KB.sources.values()
                   if s.file and not (shared / s.file).is_file()]
        assert missing == []


def test_no_answer_names_a_walkin_date():
    """The sources give no date for the inloopuur: answers use {inloopuur} instead."""
    walkin = re.compile(r"inloopuur|inloop-uur|walk-in|spreekuur", re.IGNORECASE)
    offending = []
    for e in REAL_KB.entries:
        for text in (e.answer, e.answer_en or ""):
            if walkin.search(text) and (m := _DATE_OR_TIME.search(text)):
                offending.append((e.id, m.group(0)))
    assert offending == []
    entry_ = REAL_KB.get("inloopuur")
    assert entry_ is not None
    assert "{inloopuur}" in entry_.answer and "{inloopuur}" in (entry_.answer_en or "")

