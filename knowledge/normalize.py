"""Dutch-aware text normalisation shared by the matcher, the legal lexicon and
the knowledge-base checks.

People type "RvdK", "raad vd kinderbescherming", "regio’s", "meet-up" and
"ontwikkel groep"; the knowledge base says "Raad voor de Kinderbescherming",
"regio's", "Meet Up" and "ontwikkelgroep". Normalising both sides the same way
(case, accents, punctuation, spelling variants, abbreviations, light stemming)
lets the scorer compare like with like.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import snowballstemmer
import yaml

from knowledge.stopwords import STOPWORDS

MAX_INPUT_CHARS = 2000
"""Questions longer than this are cut before matching: nobody asks a helpdesk
question in more words, and the scorer's time grows with length."""

VOCABULARY = Path(__file__).resolve().parent / "vocabulary.yaml"


@dataclass(frozen=True)
class _Vocabulary:
    cased: dict[str, str]
    cased_re: re.Pattern[str]
    phrases: dict[str, str]
    phrases_re: re.Pattern[str]


@lru_cache(maxsize=1)
def _vocabulary() -> _Vocabulary:
    """The spelling/abbreviation/translation table, read on first use."""
    data = yaml.safe_load(VOCABULARY.read_text(encoding="utf-8"))
    cased = {str(k): str(v) for k, v in data["cased"].items()}
    # Keys are matched against text whose digits and letters are already split
    # ("2e ring" -> "2 e ring"), so split the keys the same way or they never match.
    phrases = {" ".join(_DIGIT_WORD_RE.sub(" ", str(k)).split()): str(v)
               for k, v in data["phrases"].items()}

    def alternation(keys: list[str]) -> str:
        return "|".join(sorted(map(re.escape, keys), key=len, reverse=True))

    return _Vocabulary(cased, re.compile(rf"\b({alternation(list(cased))})\b"),
                       phrases, re.compile(rf"\b({alternation(list(phrases))})\b"))


_WIJK_RE = re.compile(r"\(\s*wijk\s*\)\s*")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
_NON_WORD_RE = re.compile(r"[^\w]+", re.UNICODE)
_POSSESSIVE_RE = re.compile(r"(\w)'s\b")
_DIGIT_WORD_RE = re.compile(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])")

_STEMMER = snowballstemmer.stemmer("dutch")


def fold(text: str) -> str:
    """Lowercase, strip accents and control characters, unify apostrophes."""
    # Apostrophes first: NFKD would turn "´" into a space plus a combining accent.
    text = unicodedata.normalize("NFKD", text[:MAX_INPUT_CHARS].translate(_APOSTROPHES))
    text = "".join(
        c for c in text if not unicodedata.combining(c) and unicodedata.category(c)[0] != "C"
        or c in " \n\t"
    )
    return text.lower()


def normalize(text: str) -> str:
    """The canonical form of a question: folded, abbreviations expanded,
    punctuation removed, spelling variants unified, single spaces."""
    vocab = _vocabulary()
    text = vocab.cased_re.sub(lambda m: " " + vocab.cased[m.group(1)] + " ", text or "")
    text = fold(text)
    text = _WIJK_RE.sub("wijk", text)  # "lokale (wijk)teams" -> "lokale wijkteams"
    text = _POSSESSIVE_RE.sub(r"\1s", text)  # "regio's" -> "regios", "GI's" -> "gis"
    text = _NON_WORD_RE.sub(" ", text).replace("_", " ")
    text = _DIGIT_WORD_RE.sub(" ", text)  # "ring1" -> "ring 1"
    text = " ".join(text.split())
    return vocab.phrases_re.sub(lambda m: vocab.phrases[m.group(1)], text)


@lru_cache(maxsize=65536)
def stem(token: str) -> str:
    """Light Dutch stemming so that plural and singular forms meet."""
    if token.isdigit() or len(token) <= 3:
        return token
    return _STEMMER.stemWord(token)


def content_tokens(normalized: str) -> list[str]:
    """Stemmed tokens that carry meaning (no stopwords), in order."""
    return [stem(t) for t in normalized.split() if t not in STOPWORDS]
