"""The gate in front of the lexicons never changes what they find: on every eval
question, every knowledge-base answer and random text, a gated pattern matches
exactly when the pattern itself does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.legal import LegalLexicon
from knowledge.loader import load_knowledge_base
from knowledge.normalize import normalize
from knowledge.offtopic import OffTopicDomains
from knowledge.regex_gate import alternatives, literal_prefix

HERE = Path(__file__).parent


@pytest.fixture(scope="module")
def gated():
    lexicon = LegalLexicon()
    patterns = [g for _, g in lexicon._signals]
    patterns += list(lexicon.situations._concepts.values())
    patterns += [g for _, _, g in OffTopicDomains()._domains]
    return patterns


def _texts() -> list[str]:
    texts = []
    for path in sorted(HERE.glob("heldout*.jsonl")):
        texts += [json.loads(line)["q"] for line in path.open() if line.startswith("{")]
    kb = load_knowledge_base()
    texts += [e.answer for e in kb.entries] + [q for e in kb.entries for q in e.questions]
    return [normalize(t) for t in texts]


def test_gate_agrees_with_the_pattern_on_real_text(gated):
    texts = _texts()
    assert len(texts) > 1000
    for pattern in gated:
        for text in texts:
            assert bool(pattern.search(text)) == bool(pattern.regex.search(text)), \
                (pattern.regex.pattern[:60], text[:80])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(
    "mag ik de school vertellen moeder wil niet dat ouders toestemming avg dossier "
    "bewaren verwijderen dwingen aangesproken besluit bezwaar printer weer pasta "
    "gescheiden wie beslist politie agent kind zoon foto opnemen".split()), max_size=25))
def test_gate_agrees_with_the_pattern_on_random_word_salad(gated, words):
    text = " ".join(words)
    for pattern in gated:
        assert bool(pattern.search(text)) == bool(pattern.regex.search(text))


@pytest.mark.parametrize(("alternative", "prefix"), [
    ("toestemming", "toestemming"), ("ouders?", "ouder"), ("moet(en)? ik", "moet"),
    ("mag (ik|je)", "mag "), ("(kan|mag) ik", ""), (r"kleinkind\w*", "kleinkind"),
])
def test_literal_prefix(alternative, prefix):
    assert literal_prefix(alternative) == prefix


def test_alternatives_split_only_at_the_top():
    assert alternatives(r"\b(a (b|c)|d)\b") == ["a (b|c)", "d"]
    assert alternatives("x|y") == ["x", "y"]


def test_a_leading_group_of_words_gives_each_word():
    from knowledge.regex_gate import prefixes

    assert prefixes("(kan|mag) ik") == ["kan", "mag"]
    assert prefixes("(kan|mag)? ik") == [""]
    assert prefixes("(k\\w+|mag) ik") == [""]
