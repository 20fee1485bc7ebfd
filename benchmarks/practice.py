"""How often the whole decision answers labelled practice messages with the entry
they were written for: 648 messages, eight per knowledge-base entry (long Dutch
ones with the asker's story, English ones, short chatty ones, medium ones),
written in two batches by helpers from the entries and the programme texts,
without seeing any eval set (`benchmarks/data/practice_messages.jsonl`). A reply
to a message with several questions counts when one of its sections answers with
the entry.

    .venv/bin/python benchmarks/practice.py [--show 20]

They are for tuning the matcher's weights and vocabulary without tuning on the
eval sets; a reply counts when it answers with the labelled entry (some messages
could fairly be answered by a neighbouring entry too, so this is a strict lower
bound). Prints the share per kind of message and overall, and the kinds of reply.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from bot.bootstrap import build_triage
from bot.config import Settings
from knowledge.loader import load_knowledge_base

DATA = Path(__file__).resolve().parent / "data" / "practice_messages.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", type=int, default=0, help="misses to print")
    args = parser.parse_args()
    triage = build_triage(Settings(_env_file=None), load_knowledge_base())
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line]
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    replies: Counter[str] = Counter()
    misses = []
    for row in rows:
        reply = triage.decide(row["q"])
        total[row["kind"]] += 1
        replies[reply.kind] += 1
        answered = {reply.entry_id, *(section.entry_id for section in reply.sections)}
        if reply.kind == "answer" and row["entry"] in answered:
            right[row["kind"]] += 1
        else:
            misses.append(f"{row['entry']}: {reply.kind} {reply.entry_id} :: {row['q'][:120]}")
    for kind in total:
        print(f"{kind:8} {right[kind]}/{total[kind]} = {right[kind] / total[kind]:.3f}")
    n, ok = sum(total.values()), sum(right.values())
    print(f"overall  {ok}/{n} = {ok / n:.3f}; replies {dict(replies)}")
    for line in misses[:args.show]:
        print("  miss", line)


if __name__ == "__main__":
    main()
