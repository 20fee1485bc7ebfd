"""Time the whole decision per message: the real knowledge base, and a synthetic
one of 10,000 entries built from the real vocabulary plus random words.

    .venv/bin/python benchmarks/matcher.py [--entries 10000] [--questions 2000]

The messages are the eval questions (30 % with a typo) and, for a third, long
messages of 300-1,500 characters made the way people write them: a greeting,
who they are, context sentences (taken from the knowledge base's answers) and
one to three questions. Prints median and p99 milliseconds per message
(Triage.decide: smalltalk, message analysis, legal lexicon, situations and
model, matcher per question, specifics) for all and for the long ones, and the
process's peak memory. Run it pinned to one core for the numbers in the README:
`taskset -c 0 ...`.
"""

from __future__ import annotations

import argparse
import gc
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
EVAL_FILES = [ROOT.parent / "shared/eval/dev.jsonl", ROOT.parent / "shared/eval/dev2.jsonl",
              ROOT / "tests/knowledge/heldout.jsonl"]
INTROS = ["Hoi! Ik ben net begonnen als projectleider in onze regio.",
          "Goedemorgen, ik werk als beleidsmedewerker jeugd bij een middelgrote gemeente.",
          "Hallo, ik ben teamleider van een wijkteam en we zijn zoekende.",
          "Hi, I'm a policy officer in a municipality that has no pilot site."]


def eval_questions() -> list[str]:
    questions = []
    for path in EVAL_FILES:
        if path.exists():
            questions += [json.loads(line)["q"] for line in path.open() if line.startswith("{")]
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


def long_message(real: KnowledgeBase, questions: list[str], rng: random.Random) -> str:
    """A greeting, an introduction, context sentences and one to three questions."""
    answers = [s.strip() for e in real.entries for s in e.answer.split(". ") if len(s) > 40]
    parts = [rng.choice(INTROS)]
    while len(" ".join(parts)) < rng.randint(250, 1300):
        parts.append(rng.choice(answers).rstrip(".") + ".")
    parts += rng.sample(questions, rng.randint(1, 3))
    return " ".join(parts)[:1500]


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


def _stats(timings: list[float]) -> tuple[float, float]:
    timings = sorted(timings)
    return statistics.median(timings), timings[min(len(timings) - 1, int(len(timings) * 0.99))]


def measure(kb: KnowledgeBase, questions: list[str]) -> tuple[tuple, tuple, float]:
    """(median, p99) over all messages, (median, p99) over the long ones, build seconds."""
    started = time.perf_counter()
    triage = build_triage(Settings(_env_file=None), kb)
    build_s = time.perf_counter() - started
    gc.collect()
    gc.freeze()  # as `helpdesk serve` does: the index lives as long as the process
    for q in questions[:20]:  # warm caches
        triage.decide(q)
    timings, long = [], []
    for q in questions:
        t0 = time.perf_counter()
        triage.decide(q)
        elapsed = (time.perf_counter() - t0) * 1000
        timings.append(elapsed)
        if len(q) >= 300:
            long.append(elapsed)
    return _stats(timings), _stats(long or [0.0]), build_s


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entries", type=int, default=10_000)
    ap.add_argument("--questions", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)

    real = load_knowledge_base()
    base = eval_questions() or [q for e in real.entries for q in e.questions]
    short = [q for q in base if len(q) < 300]
    questions = []
    for _ in range(args.questions):
        if rng.random() < 1 / 3:
            questions.append(long_message(real, short, rng))
        else:
            q = rng.choice(base)
            questions.append(typo(q, rng) if rng.random() < 0.3 else q)
    n_long = sum(len(q) >= 300 for q in questions)

    (median, p99), (lmed, lp99), build = measure(real, questions)
    print(f"real KB ({len(real)} entries): median {median:.2f} ms, p99 {p99:.2f} ms per message; "
          f"long messages ({n_long}): median {lmed:.2f} ms, p99 {lp99:.2f} ms; "
          f"index built in {build * 1000:.0f} ms")
    big = synthetic_kb(real, args.entries, rng)
    phrasings = sum(len(e.questions) for e in big.entries)
    (median, p99), (lmed, lp99), build = measure(big, questions)
    print(f"synthetic KB ({len(big)} entries, {phrasings} phrasings): median {median:.2f} ms, "
          f"p99 {p99:.2f} ms; long messages: median {lmed:.2f} ms, p99 {lp99:.2f} ms; "
          f"index built in {build:.1f} s")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS): {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
