"""How often the whole decision answers the labelled example messages with the entry
they were written for, each batch scored by a bot whose entry model learnt from the
other batches only (so the messages scored were never learnt from).

The 1,944 messages in `knowledge/entry_examples.jsonl` (eight per entry per batch: long
Dutch ones with the asker's story, English, short chatty and medium ones) were written
in four batches by helpers from the entries and the programme texts, without seeing
any eval set. They teach the entry model (`knowledge.entry_model`), and tune the
matcher's weights and vocabulary without tuning on the eval sets.

    .venv/bin/python benchmarks/practice.py [--show 20] [--shipped]

A fifth batch of 648, written the same way (`benchmarks/unseen_examples.jsonl`), is
never learnt from: the shipped bot scores it as a fixed measure of unseen messages. It
was kept out of the examples because learning it did not help the realistic eval sets
(92 errors over dev2, dev and heldout..18 without it, 98 with it).

A reply counts when it answers with the labelled entry (a message with several
questions: when one of its sections does). Some messages could fairly be answered
by a neighbouring entry too, so this is a strict lower bound. Prints the share per
batch, per kind of message and overall, and the kinds of reply. `--shipped` also
scores them with the model as shipped, which learnt from all of them (a training
figure, not a measure of unseen messages).
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from bot.bootstrap import build_triage
from bot.config import Settings
from handlers.triage import Triage
from knowledge.entry_model import Example, load_examples
from knowledge.loader import load_knowledge_base

UNSEEN = Path(__file__).with_name("unseen_examples.jsonl")


def score(triage: Triage, examples: list[Example], right: Counter[str], total: Counter[str],
          replies: Counter[str], misses: list[str]) -> None:
    for example in examples:
        reply = triage.decide(example.q)
        total[example.kind] += 1
        replies[reply.kind] += 1
        answered = {reply.entry_id, *(section.entry_id for section in reply.sections)}
        if reply.kind == "answer" and example.entry in answered:
            right[example.kind] += 1
        else:
            misses.append(f"{example.entry}: {reply.kind} {reply.entry_id} :: "
                          f"{example.q[:120]}")


def report(title: str, right: Counter[str], total: Counter[str],
           replies: Counter[str]) -> None:
    n, ok = sum(total.values()), sum(right.values())
    kinds = "; ".join(f"{kind} {right[kind] / total[kind]:.3f}" for kind in sorted(total))
    print(f"{title}: {ok}/{n} = {ok / n:.3f} ({kinds}); replies {dict(replies)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", type=int, default=0, help="misses to print")
    parser.add_argument("--shipped", action="store_true",
                        help="also score with the model learnt from every batch")
    args = parser.parse_args()
    settings, kb = Settings(_env_file=None), load_knowledge_base()
    examples = load_examples()
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    replies: Counter[str] = Counter()
    misses: list[str] = []
    for batch in sorted({e.batch for e in examples}):
        others = [e for e in examples if e.batch != batch]
        scored = [e for e in examples if e.batch == batch]
        mine: tuple[Counter[str], Counter[str], Counter[str]] = (Counter(), Counter(),
                                                                 Counter())
        score(build_triage(settings, kb, others), scored, *mine, misses)
        report(f"batch {batch} (learnt from the others)", *mine)
        for whole, part in zip((right, total, replies), mine, strict=True):
            whole.update(part)
    report("all batches, each unseen", right, total, replies)
    shipped_triage = build_triage(settings, kb)
    unseen: tuple[Counter[str], Counter[str], Counter[str]] = (Counter(), Counter(), Counter())
    score(shipped_triage, load_examples(UNSEEN), *unseen, misses)
    report("batch 5 (never learnt from), as shipped", *unseen)
    if args.shipped:
        shipped: tuple[Counter[str], Counter[str], Counter[str]] = (Counter(), Counter(),
                                                                    Counter())
        score(shipped_triage, examples, *shipped, [])
        report("as shipped (learnt from all: a training figure)", *shipped)
    for line in misses[:args.show]:
        print("  miss", line)


if __name__ == "__main__":
    main()
