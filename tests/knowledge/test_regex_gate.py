"""The gate in front of the lexicons never changes what they find: on every eval
question, every knowledge-base answer and random text, a gated pattern matches
exactly when the pattern itself does, and a set of them read in one pass finds
the very same first match (same place, same words) as each pattern's search."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.legal import LegalLexicon
from knowledge.loader import load_knowledge_base
from knowledge.normalize import normalize
from knowledge.offtopic import OffTopicDomains
from knowledge.regex_gate import (
    MAX_STARTS,
    GatedSet,
    alternatives,
    compile_phrases,
    gate,
    literal_prefix,
)

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


def _spans(matches):
    return [m and (m.span(), m.group(0)) for m in matches]


def test_gate_agrees_with_the_pattern_on_real_text(gated):
    texts = _texts()
    assert len(texts) > 1000
    together = GatedSet(gated)
    for text in texts:
        expected = [pattern.regex.search(text) for pattern in gated]
        assert [bool(p.search(text)) for p in gated] == [bool(m) for m in expected], text[:80]
        assert _spans(together.search_all(text)) == _spans(expected), text[:80]
    # Long messages too: several answers run together, as people write them.
    for start in range(0, len(texts) - 6, 7):
        text = " ".join(texts[start:start + 6])
        expected = [pattern.regex.search(text) for pattern in gated]
        assert _spans(together.search_all(text)) == _spans(expected), text[:80]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(
    "mag ik de school vertellen moeder wil niet dat ouders toestemming avg dossier "
    "bewaren verwijderen dwingen aangesproken besluit bezwaar printer weer pasta "
    "gescheiden wie beslist politie agent kind zoon foto opnemen".split()), max_size=25))
def test_gate_agrees_with_the_pattern_on_random_word_salad(gated, words):
    text = " ".join(words)
    for pattern in gated:
        assert bool(pattern.search(text)) == bool(pattern.regex.search(text))
    assert _spans(GatedSet(gated).search_all(text)) == \
        _spans([pattern.regex.search(text) for pattern in gated])


def test_a_set_tries_ungated_patterns_everywhere_and_many_starts_by_search():
    ungated = gate([r"\w+ing"], re.compile(r"\b\w+ing\b"))
    assert ungated.literals is None
    words = compile_phrases(["mag (ik|je)", "ouders?"])
    together = GatedSet([ungated, words])
    found = together.search_all("mijn ouders zeggen: mag je dat, meeting?")
    assert _spans(found) == [((32, 39), "meeting"), ((5, 11), "ouders")]
    crowded = "oud " * (MAX_STARTS + 5) + "ouder"
    assert _spans(together.search_all(crowded)) == [None, ((len(crowded) - 5, len(crowded)),
                                                           "ouder")]
    # Places count in characters, whatever comes before (letters beyond ASCII, emoji).
    assert _spans(together.search_all("ßøж 𝒳 ouders")) == [None, ((6, 12), "ouders")]
    assert GatedSet([ungated]).search_all("niets") == [None]
    assert GatedSet([]).search_all("anything") == []


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


def test_lookbehinds_in_front_are_no_part_of_the_literal():
    """A lookbehind matches no characters: the match starts where the words start, so
    '(?<!ik )wil niet' is gated on 'wil ', not run on every message."""
    from knowledge.regex_gate import prefixes

    assert prefixes("(?<!ik )wil (niet|geen)") == ["wil "]
    assert prefixes("(?<!we )(?<!wij )willen (niet|geen)") == ["willen "]
    assert alternatives(r"\b(?<!geen )(?<!no )(juridische? vraag|jurist)\b") == \
        ["juridische? vraag", "jurist"]
    lookbehind = gate([r"(?<!geen )juridische vraag"],
                      re.compile(r"\b(?<!geen )juridische vraag\b"))
    assert lookbehind.literals == ("juridische vraag",)
    assert lookbehind.search("een juridische vraag") and not lookbehind.search(
        "geen juridische vraag")
    together = GatedSet([lookbehind])
    assert _spans(together.search_all("geen juridische vraag, wel een juridische vraag")) \
        == [((31, 47), "juridische vraag")]
