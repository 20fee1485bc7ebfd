"""Which sentences of the programme texts no knowledge-base answer covers.

A curator uses this to find facts the bot cannot give yet. The texts are split
into sentences (pysbd, Dutch rules, one paragraph at a time; list items count
as sentences, headings and picture captions are skipped), and each sentence is
compared with the Dutch answers by their content words (`content_tokens`: no
stopwords, stemmed, abbreviations expanded). A sentence is covered when one
answer, or at most `MAX_COMBINED` answers together, contain at least
`COVERED_AT` of its content words and every number and month it names (a
date or a count is the fact people ask for). Pure: the caller reads the files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import pysbd

from knowledge.entries import PLACEHOLDER_RE, KnowledgeBase
from knowledge.normalize import content_tokens, normalize, stem

COVERED_AT = 0.6
"""Share of a sentence's content words that the answer(s) must contain: "most"."""

MAX_COMBINED = 2
"""A sentence may be covered by this many answers together (a fact told in two
entries), never by the whole knowledge base at once."""

EXCERPT_CHARS = 100
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")
_BULLET_RE = re.compile(r"^\s*[•·\-*–]\s*")
_SENTENCE_END = (".", "!", "?", ":", ";", "…")


@dataclass(frozen=True)
class SourceSentence:
    """One sentence (or list item) of a programme text, with its content words."""

    file: str
    line: int
    text: str
    words: frozenset[str]

    def excerpt(self, limit: int = EXCERPT_CHARS) -> str:
        return self.text if len(self.text) <= limit else self.text[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class SentenceCoverage:
    """How well the best answer(s) cover one sentence."""

    sentence: SourceSentence
    share: float
    entries: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def covered(self) -> bool:
        return self.share >= COVERED_AT and not any(map(_is_number, self.missing))


@dataclass(frozen=True)
class CoverageReport:
    results: tuple[SentenceCoverage, ...]
    headings_skipped: int

    @property
    def uncovered(self) -> list[SentenceCoverage]:
        return [r for r in self.results if not r.covered]


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="nl", clean=False)


def words_of(text: str) -> frozenset[str]:
    """The content words a comparison sees (the same as the matcher's)."""
    return frozenset(content_tokens(normalize(PLACEHOLDER_RE.sub(" ", text))))


@lru_cache(maxsize=1)
def _month_words() -> frozenset[str]:
    return frozenset(stem(month) for month in MONTHS)


def _is_number(word: str) -> bool:
    """A word of a date or count, which an answer must repeat to cover the sentence."""
    return any(c.isdigit() for c in word) or word in _month_words()


def _is_heading(line: str) -> bool:
    """A title, caption or date line: not a bullet and no sentence punctuation at its end."""
    return not _BULLET_RE.match(line) and not line.rstrip().endswith(_SENTENCE_END)


def split_sentences(file: str, text: str) -> tuple[list[SourceSentence], int]:
    """The sentences of one text (with their line numbers) and the number of headings skipped."""
    sentences: list[SourceSentence] = []
    headings = 0
    for number, raw in enumerate(text.splitlines(), 1):
        line = " ".join(raw.replace("\xa0", " ").split())
        if not line:
            continue
        if _is_heading(line):
            headings += 1
            continue
        line = _BULLET_RE.sub("", line)
        for part in _segmenter().segment(line):
            part = part.strip()
            words = words_of(part)
            if words:
                sentences.append(SourceSentence(file, number, part, words))
    return sentences, headings


def _answer_words(kb: KnowledgeBase) -> list[tuple[str, frozenset[str]]]:
    return [(entry.id, words_of(entry.answer)) for entry in kb.entries]


def cover(sentence: SourceSentence, answers: list[tuple[str, frozenset[str]]]) -> SentenceCoverage:
    """The best one answer, or the best `MAX_COMBINED` answers chosen greedily."""
    chosen: list[str] = []
    found: frozenset[str] = frozenset()
    for _ in range(MAX_COMBINED):
        best_id, best_found = None, found
        for entry_id, words in answers:
            candidate = found | (sentence.words & words)
            if len(candidate) > len(best_found):
                best_id, best_found = entry_id, candidate
        if best_id is None:
            break
        chosen.append(best_id)
        found = best_found
        if _result(sentence, found, chosen).covered:
            break
    return _result(sentence, found, chosen)


def _result(sentence: SourceSentence, found: frozenset[str], chosen: list[str]) -> SentenceCoverage:
    share = len(found) / len(sentence.words)
    return SentenceCoverage(sentence, share, tuple(chosen), tuple(sorted(sentence.words - found)))


def coverage(texts: Iterable[tuple[str, str]], kb: KnowledgeBase) -> CoverageReport:
    """Cover every sentence of every (file name, text) pair by the knowledge base's answers."""
    answers = _answer_words(kb)
    results: list[SentenceCoverage] = []
    headings = 0
    for file, text in texts:
        sentences, skipped = split_sentences(file, text)
        headings += skipped
        results.extend(cover(s, answers) for s in sentences)
    return CoverageReport(tuple(results), headings)
