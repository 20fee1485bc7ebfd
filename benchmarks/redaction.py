"""Redaction recall on the privacy corpora (tests/handlers/privacy_corpus/), per category,
and how many programme questions it changes; with --eval also on the question sets in
../shared/eval and tests/knowledge (programme questions written from the sources).

    .venv/bin/python -m benchmarks.redaction [--eval] [--show]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from handlers.redaction import redact
from tests.handlers.privacy_corpus import (
    STRUCTURED,
    changed,
    pii_cases,
    programme_questions,
    score,
)

ROOT = Path(__file__).resolve().parent.parent
EVAL_SETS = [ROOT.parent / "shared" / "eval" / "dev.jsonl",
             ROOT.parent / "shared" / "eval" / "dev2.jsonl",
             ROOT / "tests" / "knowledge" / "heldout.jsonl"]


def _redact(text: str) -> str:
    return redact(text).text


def _eval_questions() -> list[str]:
    questions = []
    for path in EVAL_SETS:
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                questions.append(json.loads(line)["q"])
    return questions


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--eval", action="store_true", help="also the eval question sets")
    parser.add_argument("--show", action="store_true", help="print survivors and changes")
    args = parser.parse_args()
    cases = pii_cases()
    started = time.perf_counter()
    result = score(_redact, cases)
    elapsed = time.perf_counter() - started
    print(f"PII corpus: {len(cases)} questions, {sum(result.total.values())} marked values "
          f"({elapsed * 1000 / len(cases):.2f} ms per question)")
    print(f"{'category':10} {'values':>6} {'removed':>7} {'recall':>7}")
    for kind in (*STRUCTURED, "name"):
        total = result.total.get(kind, 0)
        kept = len(result.survived.get(kind, []))
        print(f"{kind:10} {total:6d} {total - kept:7d} {result.recall(kind):7.3f}")
        if args.show:
            for value, output in result.survived.get(kind, []):
                print(f"    survived {value!r}: {output}")
    structured = sum(len(result.survived.get(k, [])) for k in STRUCTURED)
    print(f"structured identifiers surviving: {structured}")
    sets = [("programme corpus", programme_questions())]
    if args.eval:
        sets.append(("eval questions", _eval_questions()))
    for name, questions in sets:
        diffs = changed(_redact, questions)
        rate = len(diffs) / len(questions) if questions else 0.0
        print(f"{name}: {len(diffs)} of {len(questions)} changed ({rate:.1%})")
        if args.show:
            for question, output in diffs:
                print(f"    {question}\n      -> {output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
