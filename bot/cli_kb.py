"""`helpdesk ask` and `helpdesk kb ...`: the decision and the content, without
any platform or database (except `kb gaps`, which reads stored questions)."""

from __future__ import annotations

import io
import json
import statistics
import sys
from collections import Counter
from pathlib import Path
from typing import TextIO

from handlers.messages import Reply
from handlers.triage import Triage
from knowledge.entry_model import checked_examples, read_examples
from knowledge.eval_overlap import EvalCase, near_duplicate_texts, near_duplicates, parse_cases
from knowledge.loader import check_knowledge_base

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_EVAL_DIR = REPO_ROOT.parent / "shared" / "eval"
DEFAULT_SOURCES_DIR = REPO_ROOT.parent / "shared" / "sources"
HELDOUT = REPO_ROOT / "tests" / "knowledge" / "heldout.jsonl"
"""The first held-out set; every tests/knowledge/heldout*.jsonl beside it is read too."""


def ask_payload(reply: Reply) -> dict:
    """The `ask --json` contract: kind, text, entry_id, score, options (+ source)."""
    return {
        "kind": reply.kind,
        "text": reply.text,
        "entry_id": reply.entry_id,
        "score": round(reply.score, 4),
        "options": list(reply.options),
        "source": reply.source,
    }


def run_ask(triage: Triage, question: str | None, as_json: bool,
            stdin: TextIO | None = None, stdout: TextIO | None = None,
            explain: bool = False) -> int:
    """Decide one question, or every line of stdin in order. Creates nothing, sends nothing."""
    # Looked up at call time, not bound at import: redirected streams must be honoured.
    stdin, stdout = stdin or sys.stdin, stdout or sys.stdout
    lines = [question] if question is not None else (line.rstrip("\r\n") for line in stdin)
    for line in lines:
        if explain:
            from handlers.explain import explain as explain_text

            stdout.write(explain_text(triage, line) + "\n\n")
            stdout.flush()
            continue
        reply = triage.decide(line)
        if as_json:
            stdout.write(json.dumps(ask_payload(reply), ensure_ascii=False) + "\n")
        else:
            stdout.write(f"[{reply.kind}] {reply.text}\n")
            for choice in reply.choices:
                stdout.write(f"  ({choice.label})\n")
        stdout.flush()
    return 0


def _eval_cases(eval_dir: Path, heldout: Path, stdout: TextIO) -> list[EvalCase] | None:
    """The eval questions to keep phrasings away from; None when there are none to read."""
    files = sorted(eval_dir.glob("*.jsonl")) if eval_dir.is_dir() else []
    if not eval_dir.is_dir():
        stdout.write(f"note: {eval_dir} not found; phrasings not compared with its eval sets\n")
    if heldout.is_file():
        files.append(heldout)
    if heldout == HELDOUT:
        files += sorted(p for p in HELDOUT.parent.glob("heldout*.jsonl") if p != HELDOUT)
    cases: list[EvalCase] = []
    for path in files:
        try:
            found, warnings = parse_cases(path.name, path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            stdout.write(f"warning: cannot read {path}: {exc}\n")
            continue
        cases.extend(found)
        for warning in warnings:
            stdout.write(f"warning: {warning}\n")
    if not cases:
        stdout.write("note: no eval questions found; the near-duplicate check was skipped\n")
        return None
    return cases


def run_check(stdout: TextIO | None = None, eval_dir: Path | None = None,
              heldout: Path | None = None) -> int:
    """Validate the knowledge base and its example messages, and refuse phrasings and
    examples that copy an eval question."""
    stdout = stdout or sys.stdout
    kb, problems = check_knowledge_base()
    messages = [str(problem) for problem in problems]
    examples, unreadable = read_examples()
    # The examples name entries: only a whole knowledge base can say which are unknown.
    messages.extend([line for _, line in unreadable] if problems
                    else checked_examples(kb, examples, unreadable))
    cases = _eval_cases(eval_dir or DEFAULT_EVAL_DIR, heldout or HELDOUT, stdout)
    if cases is not None:
        messages.extend(str(dup) for dup in near_duplicates(kb, cases))
        messages.extend(str(dup) for dup in near_duplicate_texts(
            [(e.entry, e.q) for _, e in examples], cases, "example message"))
    messages.extend(_legal_model_problems())
    for message in messages:
        stdout.write(f"error: {message}\n")
    if messages:
        stdout.write(f"{len(messages)} problem(s) in the knowledge base\n")
        return 1
    phrasings = sum(len(e.questions) for e in kb.entries)
    compared = f", compared with {len(cases)} eval questions" if cases else ""
    stdout.write(f"ok: {len(kb)} entries, {phrasings} phrasings, {len(examples)} "
                 f"example messages{compared}\n")
    return 0


def _legal_model_problems() -> list[str]:
    """The learnt legal model must be trained on the current curated examples."""
    from knowledge.legal_model import DEFAULT_MODEL, LegalModel, examples_digest

    try:
        model = LegalModel.load()
    except (OSError, ValueError, KeyError) as exc:
        return [f"{DEFAULT_MODEL.name}: cannot be read ({exc}); run `helpdesk kb train-legal`"]
    if model.digest != examples_digest():
        return [f"{DEFAULT_MODEL.name} was trained on other examples than "
                "legal_examples.yaml; run `helpdesk kb train-legal`"]
    return []


def run_train_legal(stdout: TextIO | None = None) -> int:
    """Train the legal model on legal_examples.yaml and store its weights."""
    import json

    from knowledge.legal_model import DEFAULT_MODEL, load_examples, train

    stdout = stdout or sys.stdout
    try:
        weights = train()
    except ImportError:
        sys.stderr.write("helpdesk kb train-legal: needs scikit-learn (pip install -e '.[dev]')\n")
        return 2
    DEFAULT_MODEL.write_text(json.dumps(weights, ensure_ascii=False, separators=(",", ":")),
                             encoding="utf-8")
    texts, labels = load_examples()
    stdout.write(f"wrote {DEFAULT_MODEL}: {len(weights['word'])} word and "
                 f"{len(weights['char'])} character n-grams from {len(texts)} examples "
                 f"({sum(labels)} legal)\n")
    return 0


def run_export(stdout: TextIO | None = None) -> int:
    stdout = stdout or sys.stdout
    kb, problems = check_knowledge_base()
    if problems:
        for problem in problems:
            sys.stderr.write(f"error: {problem}\n")
        return 1
    entries = [e.model_dump() for e in kb.entries]
    stdout.write(json.dumps({"entries": entries}, ensure_ascii=False, indent=1) + "\n")
    return 0


def run_stats(stdout: TextIO | None = None) -> int:
    stdout = stdout or sys.stdout
    kb, problems = check_knowledge_base()
    counts = [len(e.questions) for e in kb.entries]
    tags = Counter(t for e in kb.entries for t in e.tags)
    sources = Counter(e.source for e in kb.entries)
    stdout.write(f"entries: {len(kb)}\n")
    if counts:
        stdout.write(
            f"phrasings: {sum(counts)} (per entry min {min(counts)}, "
            f"median {statistics.median(counts):g}, max {max(counts)})\n"
        )
    stdout.write(f"with English answer: {sum(1 for e in kb.entries if e.answer_en)}\n")
    stdout.write(f"about legal topics: {sum(1 for e in kb.entries if e.about_legal)}\n")
    stdout.write("sources: " + ", ".join(f"{k} {v}" for k, v in sources.most_common()) + "\n")
    stdout.write("tags: " + ", ".join(f"{k} {v}" for k, v in tags.most_common()) + "\n")
    if problems:
        stdout.write(f"problems: {len(problems)} (run `helpdesk kb check`)\n")
    return 0


def _source_texts(sources_dir: Path, kb_sources: dict, stdout: TextIO) -> list[tuple[str, str]]:
    """(name, text) of every programme text: the `file`s of sources.yaml and any other
    *.txt in the directory (a text no source names is still a text to cover)."""
    named = [Path(s.file) for s in kb_sources.values() if s.file]
    paths = [p if p.is_absolute() else sources_dir / p for p in named]
    listed = {p.resolve() for p in paths}
    for path in sorted(sources_dir.glob("*.txt")):
        if path.resolve() not in listed:
            stdout.write(f"note: {path.name} is not named in knowledge/sources.yaml\n")
            paths.append(path)
    texts = []
    for path in paths:
        if not path.is_file():
            stdout.write(f"note: {path.name} (named in knowledge/sources.yaml) is not in "
                         f"{sources_dir}\n")
            continue
        try:
            texts.append((path.name, path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as exc:
            stdout.write(f"warning: cannot read {path}: {exc}\n")
    return texts


def run_coverage(sources_dir: Path | None = None, as_json: bool = False,
                 stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """List the source sentences that no answer covers (see knowledge/coverage.py)."""
    from knowledge.coverage import COVERED_AT, coverage

    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    sources_dir = sources_dir or DEFAULT_SOURCES_DIR
    if not sources_dir.is_dir():
        stderr.write(f"helpdesk kb coverage: sources directory {sources_dir} not found; "
                     "point --sources at the folder with the programme texts\n")
        return 2
    kb, problems = check_knowledge_base()
    if problems:
        stderr.write(f"helpdesk kb coverage: the knowledge base has {len(problems)} problem(s); "
                     "run `helpdesk kb check`\n")
        return 2
    notes = io.StringIO()
    texts = _source_texts(sources_dir, kb.sources, notes)
    if not texts:
        stderr.write(notes.getvalue())
        stderr.write(f"helpdesk kb coverage: no source texts in {sources_dir}\n")
        return 2
    report = coverage(texts, kb)
    uncovered = report.uncovered
    if as_json:
        stderr.write(notes.getvalue())
        stdout.write(json.dumps({
            "covered_at": COVERED_AT,
            "files": len(texts),
            "sentences": len(report.results),
            "headings_skipped": report.headings_skipped,
            "uncovered_count": len(uncovered),
            "uncovered": [{
                "file": r.sentence.file, "line": r.sentence.line, "text": r.sentence.text,
                "share": round(r.share, 3), "closest": list(r.entries),
                "missing": list(r.missing),
            } for r in uncovered],
        }, ensure_ascii=False, indent=1) + "\n")
        return 0
    stdout.write(notes.getvalue())
    for r in uncovered:
        closest = ", ".join(r.entries) or "-"
        stdout.write(f"{r.sentence.file}:{r.sentence.line}: {r.sentence.excerpt()} "
                     f"[{r.share:.0%} in {closest}]\n")
    stdout.write(
        f"{len(uncovered)} of {len(report.results)} source sentences uncovered "
        f"({len(texts)} files; covered = at least {COVERED_AT:.0%} of the content words and "
        f"every number or month in one or two answers; "
        f"{report.headings_skipped} headings skipped)\n")
    return 0
