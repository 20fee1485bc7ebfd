"""`helpdesk ask` and `helpdesk kb ...`: the decision and the content, without
any platform or database (except `kb gaps`, which reads stored questions)."""

from __future__ import annotations

import json
import statistics
import sys
from collections import Counter
from typing import TextIO

from handlers.messages import Reply
from handlers.triage import Triage
from knowledge.loader import check_knowledge_base


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
            stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    """Decide one question, or every line of stdin in order. Creates nothing, sends nothing."""
    # Looked up at call time, not bound at import: redirected streams must be honoured.
    stdin, stdout = stdin or sys.stdin, stdout or sys.stdout
    lines = [question] if question is not None else (line.rstrip("\r\n") for line in stdin)
    for line in lines:
        reply = triage.decide(line)
        if as_json:
            stdout.write(json.dumps(ask_payload(reply), ensure_ascii=False) + "\n")
        else:
            stdout.write(f"[{reply.kind}] {reply.text}\n")
            for choice in reply.choices:
                stdout.write(f"  ({choice.label})\n")
        stdout.flush()
    return 0


def run_check(stdout: TextIO | None = None) -> int:
    stdout = stdout or sys.stdout
    kb, problems = check_knowledge_base()
    for problem in problems:
        stdout.write(f"error: {problem}\n")
    if problems:
        stdout.write(f"{len(problems)} problem(s) in the knowledge base\n")
        return 1
    phrasings = sum(len(e.questions) for e in kb.entries)
    stdout.write(f"ok: {len(kb)} entries, {phrasings} phrasings\n")
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
