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
class _Phrasing:
    entry: int
    tokens: frozenset[str]
    joined: str
    weight: float


@dataclass
class _Query:
    tokens: dict[str, float] = field(default_factory=dict)  # known token -> confidence
    total_weight: float = 0.0
    joined: str = ""


class Matcher:
    """Scores questions against a knowledge base; build once, call often."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self._ids = [e.id for e in kb.entries]
        self._phrasings: list[_Phrasing] = []
        entry_tokens: list[set[str]] = []
        for idx, entry in enumerate(kb.entries):
            texts = [*entry.questions, entry.title, *([entry.title_en] if entry.title_en else [])]
            seen: set[str] = set()
            for text in texts:
                tokens = content_tokens(normalize(text))
                if tokens:
                    self._phrasings.append(_Phrasing(idx, frozenset(tokens), " ".join(tokens), 0))
                    seen.update(tokens)
            entry_tokens.append(seen)
        df: dict[str, int] = defaultdict(int)
        for tokens in entry_tokens:
            for token in tokens:
                df[token] += 1
        n = max(1, len(kb.entries))
        self._idf = {t: math.log(1 + n / c) for t, c in df.items()}
        self._unknown_idf = math.log(1 + n)
        self._index: dict[str, list[int]] = defaultdict(list)
        for pid, phr in enumerate(self._phrasings):
            phr.weight = sum(self._idf[t] for t in phr.tokens)
            for token in phr.tokens:
                self._index[token].append(pid)
        self._vocab = list(self._idf)

    # -- query side -------------------------------------------------------
    def _known(self, token: str) -> tuple[str, float] | None:
        if token in self._idf:
            return token, 1.0
        if len(token) < 4 or token.isdigit():
            return None
        hit = process.extractOne(token, self._vocab, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF)
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
        if not query.tokens:
            return []
        candidates: set[int] = set()
        for token in query.tokens:
            candidates.update(self._index.get(token, ()))
        numbers = {t for t in query.tokens if t.isdigit()}
        best: dict[int, float] = {}
        for pid in candidates:
            phr = self._phrasings[pid]
            matched = [t for t in query.tokens if t in phr.tokens]
            gained = sum(self._idf[t] * query.tokens[t] for t in matched)
            q_cov = gained / query.total_weight
            p_cov = sum(self._idf[t] for t in matched) / phr.weight
            fuzzy = fuzz.token_sort_ratio(query.joined, phr.joined) / 100
            score = (QUERY_COVERAGE_WEIGHT * q_cov + PHRASING_COVERAGE_WEIGHT * p_cov
                     + FUZZY_WEIGHT * fuzzy)
            if numbers and numbers.isdisjoint(phr.tokens) and any(t.isdigit() for t in phr.tokens):
                score *= NUMBER_MISMATCH
            if score > best.get(phr.entry, 0.0):
                best[phr.entry] = score
        ranked = sorted(best.items(), key=lambda kv: kv[1], reverse=True)[:limit]
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
    if best >= ANSWER_THRESHOLD and best - runner_up >= CLARIFY_MARGIN:
        return "answer"
    return "clarify"
