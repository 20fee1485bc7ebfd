"""The knowledge base, indexed for scoring: built once per knowledge base.

Two kinds of evidence per entry:
- its **phrasings** (and title): how people ask about it; each phrasing is
  scored on its own against a question;
- its **fields**: every word of the phrasings, title and tags (full weight)
  and of the answer texts (ANSWER_FIELD_WEIGHT), so a question worded unlike
  any phrasing still meets the entry that answers it.

Word weights are IDF over entries (a word in every entry tells nothing).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np

from knowledge.entries import Entry, KnowledgeBase
from knowledge.normalize import content_tokens, normalize, stem, word_parts
from knowledge.stopwords import STOPWORDS

ANSWER_FIELD_WEIGHT = 0.7
"""How much a word found only in an entry's answer counts, against 1.0 for a
word in its phrasings, title or tags: answers are long and say more than the
question they answer."""


@dataclass(frozen=True)
class Index:
    """Arrays and maps the matcher reads; nothing in here changes after build."""

    ids: tuple[str, ...]
    idf: dict[str, float]
    unknown_idf: float
    postings: dict[str, np.ndarray]  # token -> phrasing ids
    owner: np.ndarray  # phrasing id -> entry index
    phrasing_weight: np.ndarray  # phrasing id -> sum of its tokens' idf
    has_number: np.ndarray
    token_sets: tuple[frozenset[str], ...]
    joined: tuple[str, ...]
    fields: dict[str, tuple[np.ndarray, np.ndarray]]  # token -> (entries, field weights)
    by_length: dict[int, tuple[str, ...]]
    kb_zipf: dict[str, float]  # token -> frequency in the knowledge base's own text (Zipf scale)
    bm25: dict[str, tuple[np.ndarray, np.ndarray]]  # token -> (entries, BM25 term weight)


def phrasings(entry: Entry) -> list[str]:
    """How people ask about an entry: its phrasings and its titles."""
    return [*entry.questions, entry.title, *([entry.title_en] if entry.title_en else [])]


def _with_parts(text: str) -> set[str]:
    """Stemmed content words of `text`, plus the parts of its compounds, so that
    "kanalen" meets an entry that says "informatiekanalen"."""
    tokens = set()
    for word in normalize(text).split():
        if word in STOPWORDS:
            continue
        tokens.add(stem(word))
        tokens.update(stem(part) for part in word_parts(word))
    return tokens


def _answer_tokens(entry: Entry) -> set[str]:
    texts = [entry.answer, entry.answer_en or ""]
    return {t for text in texts for t in _with_parts(text) if not t.isdigit()}


def build_index(kb: KnowledgeBase) -> Index:
    """Index every phrasing and every entry's fields."""
    owners: list[int] = []
    token_sets: list[frozenset[str]] = []
    joined: list[str] = []
    strong: list[set[str]] = []  # per entry: phrasing, title and tag tokens
    weak: list[set[str]] = []  # per entry: answer tokens
    for idx, entry in enumerate(kb.entries):
        seen: set[str] = set()
        for text in phrasings(entry):
            tokens = content_tokens(normalize(text))
            if tokens:
                owners.append(idx)
                token_sets.append(frozenset(tokens))
                joined.append(" ".join(tokens))
                seen.update(tokens)
        for text in [*phrasings(entry), *entry.tags]:
            seen.update(_with_parts(text))
        strong.append(seen)
        weak.append(_answer_tokens(entry) - seen)
    docs = [_entry_terms(entry) for entry in kb.entries]
    counts: Counter[str] = Counter()
    for doc in docs:
        counts.update(doc)
    bm25 = _bm25(docs)
    running = max(1, sum(counts.values()))
    kb_zipf = {t: math.log10(c / running * 1e9) for t, c in counts.items()}
    df: dict[str, int] = defaultdict(int)
    for own, answer in zip(strong, weak, strict=True):
        for token in own | answer:
            df[token] += 1
    n = max(1, len(kb.entries))
    idf = {t: math.log(1 + n / c) for t, c in df.items()}
    rows: dict[str, tuple[list[int], list[float]]] = defaultdict(lambda: ([], []))
    for idx, (own, answer) in enumerate(zip(strong, weak, strict=True)):
        for token in own:
            rows[token][0].append(idx)
            rows[token][1].append(1.0)
        for token in answer:
            rows[token][0].append(idx)
            rows[token][1].append(ANSWER_FIELD_WEIGHT)
    fields = {t: (np.array(ids, dtype=np.int32), np.array(ws)) for t, (ids, ws) in rows.items()}
    postings: dict[str, list[int]] = defaultdict(list)
    for pid, tokens in enumerate(token_sets):
        for token in tokens:
            postings[token].append(pid)
    by_length: dict[int, list[str]] = defaultdict(list)
    for token in idf:
        by_length[len(token)].append(token)
    return Index(
        ids=tuple(e.id for e in kb.entries),
        idf=idf,
        unknown_idf=math.log(1 + n),
        postings={t: np.array(ids, dtype=np.int32) for t, ids in postings.items()},
        owner=np.array(owners, dtype=np.int32),
        phrasing_weight=np.array([sum(idf[t] for t in ts) for ts in token_sets]),
        has_number=np.array([any(t.isdigit() for t in ts) for ts in token_sets], dtype=bool),
        token_sets=tuple(token_sets),
        joined=tuple(joined),
        fields=fields,
        by_length={k: tuple(sorted(v)) for k, v in by_length.items()},  # ties: one order
        kb_zipf=kb_zipf,
        bm25=bm25,
    )


BM25_K1 = 1.2
BM25_B = 0.75


def _entry_terms(entry: Entry) -> Counter[str]:
    """How often each word occurs in an entry's phrasings, title, tags and answers: the
    entry as one document, for BM25 and for the knowledge base's own word frequencies."""
    return Counter(token for text in [*phrasings(entry), *entry.tags, entry.answer,
                                      entry.answer_en or ""]
                   for token in content_tokens(normalize(text)))


def _bm25(docs: list[Counter[str]]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Okapi BM25 weights of every word in every entry document (`_entry_terms`), so a
    query's scores are a sum of precomputed rows."""
    n = max(1, len(docs))
    lengths = np.array([sum(d.values()) for d in docs], dtype=float)
    average = float(lengths.mean()) if len(lengths) else 1.0
    df: dict[str, int] = defaultdict(int)
    for doc in docs:
        for token in doc:
            df[token] += 1
    rows: dict[str, tuple[list[int], list[float]]] = defaultdict(lambda: ([], []))
    for idx, doc in enumerate(docs):
        norm = BM25_K1 * (1 - BM25_B + BM25_B * lengths[idx] / average)
        for token, tf in doc.items():
            idf = math.log((n - df[token] + 0.5) / (df[token] + 0.5) + 1)
            rows[token][0].append(idx)
            rows[token][1].append(idf * tf * (BM25_K1 + 1) / (tf + norm))
    return {t: (np.array(ids, dtype=np.int32), np.array(ws)) for t, (ids, ws) in rows.items()}
