"""Find the knowledge-base entry a question is about, and decide whether to
answer, to offer a choice (clarify) or to fall back.

Every stored phrasing is scored against the question with two signals:
- weighted overlap of meaningful (stemmed, non-stopword) tokens, where rare
  words weigh more (IDF over entries) and a word the knowledge base has never
  seen counts against the match: that is what makes "trein naar Zwolle" fall
  back instead of matching "Hoe laat is het inloopuur";
- rapidfuzz similarity of the token strings, which forgives typos and word order.
Query words that are not in the vocabulary are first corrected to the nearest
known word (rapidfuzz), and split compounds ("ontwikkel groep") are rejoined.
An inverted index keeps the work proportional to the phrasings that share a word.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process

from knowledge.entries import KnowledgeBase
from knowledge.language import detect_language
from knowledge.normalize import content_tokens, normalize, stem
from knowledge.stopwords import STOPWORDS

ANSWER_THRESHOLD = 0.50
"""At or above this score the best entry is answered (if no rival is close)."""
CLARIFY_THRESHOLD = 0.45
"""From here up to the answer threshold the top entries are offered as choices."""
CLARIFY_MARGIN = 0.015
"""A runner-up within this distance of the best makes the answer a choice."""
CONFIDENT = 0.80
"""Above this the best entry is answered even with a close runner-up."""
NUMBER_MISMATCH = 0.8
"""Factor for a phrasing that names a different number than the question
("ring 1" against "ring 2"): the fuzzy signal would otherwise call them alike."""
MAX_OPTIONS = 3
TYPO_CUTOFF = 82
"""rapidfuzz ratio a misspelt word needs to be read as a known word."""
QUERY_COVERAGE_WEIGHT = 0.5
"""Weight of how much of the question (IDF mass) a phrasing covers."""
PHRASING_COVERAGE_WEIGHT = 1 / 6
"""Weight of how much of the phrasing the question covers."""
FUZZY_WEIGHT = 1 / 3
"""Weight of rapidfuzz's token_sort_ratio between the two token strings."""


@dataclass(frozen=True)
class Match:
    entry_id: str
    score: float


@dataclass(frozen=True)
class Outcome:
    """The matcher's decision: kind, ranked matches and the asker's language."""

    kind: str  # "answer" | "clarify" | "fallback"
    matches: tuple[Match, ...] = ()
    language: str = "nl"

    @property
    def best(self) -> Match | None:
        return self.matches[0] if self.matches else None


@dataclass
class _Query:
    tokens: dict[str, float] = field(default_factory=dict)  # known token -> confidence
    total_weight: float = 0.0
    joined: str = ""
    numbers: frozenset[str] = frozenset()  # every number named, known to the KB or not


class Matcher:
    """Scores questions against a knowledge base; build once, call often."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self._ids = [e.id for e in kb.entries]
        owners: list[int] = []
        token_sets: list[frozenset[str]] = []
        self._joined: list[str] = []
        entry_tokens: list[set[str]] = []
        for idx, entry in enumerate(kb.entries):
            texts = [*entry.questions, entry.title, *([entry.title_en] if entry.title_en else [])]
            seen: set[str] = set()
            for text in texts:
                tokens = content_tokens(normalize(text))
                if tokens:
                    owners.append(idx)
                    token_sets.append(frozenset(tokens))
                    self._joined.append(" ".join(tokens))
                    seen.update(tokens)
            entry_tokens.append(seen)
        df: dict[str, int] = defaultdict(int)
        for tokens in entry_tokens:
            for token in tokens:
                df[token] += 1
        n = max(1, len(kb.entries))
        self._idf = {t: math.log(1 + n / c) for t, c in df.items()}
        self._unknown_idf = math.log(1 + n)
        postings: dict[str, list[int]] = defaultdict(list)
        for pid, tokens in enumerate(token_sets):
            for token in tokens:
                postings[token].append(pid)
        self._postings = {t: np.array(ids, dtype=np.int32) for t, ids in postings.items()}
        self._owner = np.array(owners, dtype=np.int32)
        self._weight = np.array([sum(self._idf[t] for t in ts) for ts in token_sets])
        self._has_number = np.array([any(t.isdigit() for t in ts) for ts in token_sets])
        self._token_sets = token_sets
        by_length: dict[int, list[str]] = defaultdict(list)
        for token in self._idf:
            by_length[len(token)].append(token)
        self._by_length = dict(by_length)

    # -- query side -------------------------------------------------------
    @lru_cache(maxsize=4096)  # noqa: B019 (one matcher per process, lives as long)
    def _known(self, token: str) -> tuple[str, float] | None:
        """The token itself if known, else the closest known word (a typo), else None."""
        if token in self._idf:
            return token, 1.0
        if len(token) < 4 or token.isdigit():
            return None
        # ratio >= TYPO_CUTOFF is only possible between lengths within this band.
        low, high = int(len(token) * 0.69), int(len(token) * 1.45) + 1
        pool = [w for length in range(low, high + 1) for w in self._by_length.get(length, ())]
        hit = process.extractOne(token, pool, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF)
        return (hit[0], hit[1] / 100) if hit else None

    def _query(self, text: str) -> _Query:
        words = [w for w in normalize(text).split() if w not in STOPWORDS]
        query = _Query()
        i = 0
        tokens: list[str] = []
        while i < len(words):
            joined = stem(words[i] + words[i + 1]) if i + 1 < len(words) else None
            if joined and joined in self._idf and stem(words[i]) not in self._idf:
                tokens.append(joined)
                i += 2
                continue
            tokens.append(stem(words[i]))
            i += 1
        query.numbers = frozenset(t for t in tokens if t.isdigit())
        for token in dict.fromkeys(tokens):
            known = self._known(token)
            if known is None:
                query.total_weight += self._unknown_idf
                continue
            name, confidence = known
            if name in query.tokens:
                continue
            query.tokens[name] = confidence
            query.total_weight += self._idf[name]
        query.joined = " ".join(query.tokens)
        return query

    # -- scoring ----------------------------------------------------------
    def rank(self, text: str, limit: int = MAX_OPTIONS + 2) -> list[Match]:
        """Entries ordered by score (0..1), best first."""
        query = self._query(text)
        if all(t.isdigit() for t in query.tokens):
            return []  # nothing, or only numbers ("1", "2024"): no topic to match
        # Token overlap for every phrasing at once (numpy over the postings lists)...
        gained = np.zeros(len(self._owner))
        plain = np.zeros(len(self._owner))
        for token, confidence in query.tokens.items():
            ids = self._postings[token]
            gained[ids] += self._idf[token] * confidence
            plain[ids] += self._idf[token]
        candidates = np.flatnonzero(gained)
        lexical = (QUERY_COVERAGE_WEIGHT * gained[candidates] / query.total_weight
                   + PHRASING_COVERAGE_WEIGHT * plain[candidates] / self._weight[candidates])
        order = candidates[np.argsort(-lexical, kind="stable")]
        lexical_of = dict(zip(candidates.tolist(), lexical.tolist(), strict=True))
        numbers = query.numbers
        # ...then rapidfuzz best-first, stopping once even a perfect fuzzy score could
        # not lift a phrasing into the top `limit` entries (exact pruning).
        best: dict[int, float] = {}
        top: dict[int, float] = {}
        floor = 0.0
        for pid in order.tolist():
            part = lexical_of[pid]
            if part + FUZZY_WEIGHT <= floor:
                break
            score = part + FUZZY_WEIGHT * fuzz.token_sort_ratio(
                query.joined, self._joined[pid]) / 100
            if numbers and self._has_number[pid] and numbers.isdisjoint(self._token_sets[pid]):
                score *= NUMBER_MISMATCH
            entry = int(self._owner[pid])
            if score > best.get(entry, 0.0):
                best[entry] = score
                if entry in top or len(top) < limit or score > floor:
                    top[entry] = score
                    if len(top) > limit:
                        del top[min(top, key=top.__getitem__)]
                    if len(top) == limit:
                        floor = min(top.values())
        ranked = sorted(top.items(), key=lambda kv: kv[1], reverse=True)
        return [Match(self._ids[idx], round(score, 4)) for idx, score in ranked]

    def decide(self, text: str) -> Outcome:
        """Answer, clarify or fall back, by the named thresholds."""
        language = detect_language(text)
        matches = self.rank(text)
        return Outcome(decide_kind(matches), tuple(matches), language)


def decide_kind(matches: list[Match]) -> str:
    """The decision rule on a ranked list, separate so its boundaries are testable."""
    if not matches or matches[0].score < CLARIFY_THRESHOLD:
        return "fallback"
    best = matches[0].score
    runner_up = matches[1].score if len(matches) > 1 else 0.0
    if best >= CONFIDENT:
        return "answer"
    # Rounded: scores carry 4 decimals, and 0.4503 - 0.4353 is 0.01499999... in floats.
    if best >= ANSWER_THRESHOLD and round(best - runner_up, 9) >= CLARIFY_MARGIN:
        return "answer"
    return "clarify"
