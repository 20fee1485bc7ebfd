"""Time the matcher per question: the real knowledge base, and a synthetic one of
10,000 entries built from the real vocabulary plus random words.

    .venv/bin/python benchmarks/matcher.py [--entries 10000] [--questions 2000]

Prints median and p99 milliseconds per question (Triage.decide: smalltalk,
legal lexicon and matcher together) and the process's peak memory. Run it
pinned to one core for the numbers in the README: `taskset -c 0 ...`.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import string
import time
from pathlib import Path

from bot.bootstrap import build_triage
from bot.config import Settings
from knowledge.entries import Entry, KnowledgeBase
from knowledge.loader import load_knowledge_base

ROOT = Path(__file__).resolve().parents[1]
EVAL_FILES = [ROOT.parent / "shared/eval/dev.jsonl", ROOT / "tests/knowledge/heldout.jsonl"]


def eval_questions() -> list[str]:
    questions = []
    for path in EVAL_FILES:
        if path.exists():
            questions += [json.loads(line)["q"] for line in path.open() if line.strip()]
    return questions


def typo(text: str, rng: random.Random) -> str:
    """Drop, double or swap one letter, as people do."""
    if len(text) < 6:
        return text
    i = rng.randrange(1, len(text) - 2)
    kind = rng.choice(("drop", "double", "swap"))
    if kind == "drop":
        return text[:i] + text[i + 1:]
    if kind == "double":
        return text[:i] + text[i] + text[i:]
    return text[:i] + text[i + 1] + text[i] + text[i + 2:]


def synthetic_kb(real: KnowledgeBase, size: int, rng: random.Random) -> KnowledgeBase:
    vocabulary = sorted({w for e in real.entries for q in e.questions for w in q.split()})
    invented = ["".join(rng.choices(string.ascii_lowercase, k=rng.randint(5, 11)))
                for _ in range(size * 2)]
    entries = list(real.entries)
    for n in range(size - len(entries)):
        topic = rng.sample(invented, 2)
        phrasings = [
            " ".join(rng.sample(vocabulary, rng.randint(2, 5)) + topic[: rng.randint(1, 2)]) + "?"
            for _ in range(8)
        ]
        entries.append(Entry(id=f"syn-{n}", title=f"Synthetisch {n}", answer="Antwoord.",
                             questions=phrasings, tags=["synthetisch"], source="publiek",
                             source_url="https://example.org"))
    return KnowledgeBase(entries=tuple(entries), sources=real.sources)


def measure(kb: KnowledgeBase, questions: list[str]) -> tuple[float, float, float]:
    started = time.perf_counter()
    triage = build_triage(Settings(_env_file=None), kb)
    build_s = time.perf_counter() - started
    for q in questions[:20]:  # warm caches
        triage.decide(q)
    timings = []
    for q in questions:
        t0 = time.perf_counter()
        triage.decide(q)
        timings.append((time.perf_counter() - t0) * 1000)
    timings.sort()
    p99 = timings[min(len(timings) - 1, int(len(timings) * 0.99))]
    return statistics.median(timings), p99, build_s


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entries", type=int, default=10_000)
    ap.add_argument("--questions", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)

    real = load_knowledge_base()
    base = eval_questions() or [q for e in real.entries for q in e.questions]
    questions = [typo(q, rng) if rng.random() < 0.3 else q
                 for q in (rng.choice(base) for _ in range(args.questions))]

    median, p99, build = measure(real, questions)
    print(f"real KB ({len(real)} entries): median {median:.2f} ms, p99 {p99:.2f} ms "
          f"per question; index built in {build * 1000:.0f} ms")
    big = synthetic_kb(real, args.entries, rng)
    phrasings = sum(len(e.questions) for e in big.entries)
    median, p99, build = measure(big, questions)
    print(f"synthetic KB ({len(big)} entries, {phrasings} phrasings): median {median:.2f} ms, "
          f"p99 {p99:.2f} ms per question; index built in {build:.1f} s")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS): {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
