"""A question as the scorer sees it (`Query`), read against one index by
`QueryReader`; the matcher (`knowledge.matcher`) scores what it reads.

A known word weighs by its IDF times its *keyness* (how much more the knowledge
base uses it than everyday Dutch and English do, from wordfreq), so "laatst" or
"gewoon" say little. A misspelt word is read as the known word it is closest to.
A word the knowledge base has never seen counts against every entry, scaled by
how rare it is in everyday language: "pasta" or "VPN" make a question off-topic,
"eigenlijk" does not. Unknown compounds are read as their parts
("regiobezoeken" -> regio, bezoeken)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process

from knowledge.index import Index
from knowledge.normalize import normalize, stem, word_parts
from knowledge.stopwords import STOPWORDS
from knowledge.word_frequency import zipf

CONTEXT_CHARS = 1000
"""The context sentences nearest the questions that are read (the end of a preamble)."""
TYPO_CUTOFF = 82
"""rapidfuzz ratio a misspelt word needs to be read as a known word."""
KEYNESS_FLOOR = 0.1
"""The least a known word weighs, as a share of its IDF (see QueryReader._keyness)."""
UNKNOWN_FACTOR = 0.5
"""A word the knowledge base has never seen counts against a match with this share
of the weight a known word as rare would have: it may be a paraphrase ("kanalen"
for "nieuwsbrief en website") as easily as a sign of another topic."""
COMMON_WORD_ZIPF = 3.5
"""A word at least this frequent in everyday Dutch or English (wordfreq's Zipf
scale: 3 = once per million words) is a real word, not a typo to correct."""


@dataclass
class Query:
    """A question as the scorer sees it."""

    weights: dict[str, float] = field(default_factory=dict)  # known token -> weight
    confidence: dict[str, float] = field(default_factory=dict)  # 1.0, less for a typo
    unknown: dict[str, float] = field(default_factory=dict)  # unknown word -> weight
    numbers: frozenset[str] = frozenset()

    @property
    def total(self) -> float:
        return sum(self.weights.values()) + sum(self.unknown.values())

    @property
    def joined(self) -> str:
        return " ".join(self.weights)


@lru_cache(maxsize=65536)
def everyday(word: str) -> float:
    """How common a word is in everyday Dutch or English (wordfreq, Zipf scale)."""
    return max(zipf(word, "nl"), zipf(word, "en"))


@lru_cache(maxsize=65536)
def rarity(word: str) -> float:
    """1.0 for a rare word (or a typo), down to 0.15 for the commonest words."""
    if word.isdigit():
        return 0.5
    return min(1.0, max(0.15, (7.0 - everyday(word)) / 4.0))



class QueryReader:
    """Reads questions (`read`) and context (`context`) against one index; both cached."""

    def __init__(self, index: Index):
        self.index = index
        everyday("regio")  # wordfreq loads its word lists on first use: now, not mid-question

    @lru_cache(maxsize=8192)  # noqa: B019 (one reader per index, lives as long)
    def _known(self, token: str, word: str) -> tuple[str, float] | None:
        """The token itself if known, else the closest known word (a typo), else None."""
        idf = self.index.idf
        if token in idf:
            return token, 1.0
        if len(token) < 4 or token.isdigit() or rarity(word) < (7.0 - COMMON_WORD_ZIPF) / 4:
            return None
        # ratio >= TYPO_CUTOFF is only possible between lengths within this band.
        low, high = int(len(token) * 0.69), int(len(token) * 1.45) + 1
        pool = [w for n in range(low, high + 1) for w in self.index.by_length.get(n, ())]
        hit = process.extractOne(token, pool, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF)
        return (hit[0], hit[1] / 100) if hit else None

    def _keyness(self, token: str, word: str) -> float:
        """0.1..1: how much more the knowledge base uses a word than everyday language
        does. "proeftuinen" or "politie" are what the knowledge base is about; "laatst"
        or "waarop" occur in it once, by accident, and say nothing about the topic."""
        if word.isdigit():
            return 0.5
        keyness = self.index.kb_zipf.get(token, 0.0) - everyday(word)
        return min(1.0, max(KEYNESS_FLOOR, (keyness + 1.0) / 3.0))

    @lru_cache(maxsize=2048)  # noqa: B019 (one reader per index, lives as long)
    def read(self, text: str) -> Query:
        """Known words with their weights, and the unknown ones that count against."""
        words = [w for w in normalize(text).split() if w not in STOPWORDS]
        idf = self.index.idf
        pairs: list[tuple[str, str]] = []  # (token, surface word)
        i = 0
        while i < len(words):
            joined = stem(words[i] + words[i + 1]) if i + 1 < len(words) else None
            if joined and joined in idf and stem(words[i]) not in idf:
                pairs.append((joined, words[i] + words[i + 1]))
                i += 2
                continue
            pairs.append((stem(words[i]), words[i]))
            i += 1
        query = Query(numbers=frozenset(t for t, _ in pairs if t.isdigit()))
        # An unknown compound is read as its parts ("regiobezoeken" -> regio, bezoeken).
        pairs = [part for token, word in pairs for part in (
            [(stem(p), p) for p in word_parts(word)]
            if token not in idf and word_parts(word) else [(token, word)])]
        for token, word in dict.fromkeys(pairs):
            known = self._known(token, word)
            if known is None:
                query.unknown[word] = UNKNOWN_FACTOR * self.index.unknown_idf * rarity(word)
                continue
            name, confidence = known
            if name not in query.weights:
                query.weights[name] = idf[name] * self._keyness(name, word if confidence == 1.0
                                                                else name)
                query.confidence[name] = confidence
        return query

    @lru_cache(maxsize=256)  # noqa: B019 (one reader per index, lives as long)
    def context(self, context: str) -> Query:
        """The asker's context words the knowledge base knows as written (no typo
        correction: context is long, and only breaks ties)."""
        query = Query()
        idf = self.index.idf
        for word in normalize(context[-CONTEXT_CHARS:]).split():
            if word in STOPWORDS:
                continue
            token = stem(word)
            if token in idf and token not in query.weights:
                query.weights[token] = idf[token] * self._keyness(token, word)
                query.confidence[token] = 1.0
        return query
