"""The never-learnt batch that `benchmarks/practice.py` scores is well formed: eight
messages for every entry of the knowledge base, none of them among the examples the
entry model learns from."""

from __future__ import annotations

from collections import Counter

from benchmarks.practice import UNSEEN
from knowledge.entry_model import load_examples
from knowledge.loader import load_knowledge_base


def test_the_unseen_batch_covers_every_entry_and_is_never_learnt():
    unseen = load_examples(UNSEEN)
    ids = {entry.id for entry in load_knowledge_base().entries}
    per_entry = Counter(example.entry for example in unseen)
    # Eight were written per entry; an entry merged from several keeps all of theirs.
    assert set(per_entry) == ids and min(per_entry.values()) == 8
    learnt = {example.q for example in load_examples()}
    assert not learnt & {example.q for example in unseen}
