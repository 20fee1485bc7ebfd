"""A small linear model that recognises legal dilemmas in plain words, learnt
from the curated examples in `legal_examples.yaml`.

The hand-written situations (`knowledge.situations`) are precise but only know
the words someone thought of; people write "mag ik de sportcoach bijpraten?"
too. The model generalises from 1,620 curated examples (legal dilemmas, look-alike
programme questions and everyday work matters): a logistic regression over word
and character n-grams (TF-IDF), trained with scikit-learn by
`helpdesk kb train-legal` and stored as plain weights in `legal_model.json`,
so answering needs no scikit-learn and no download, and every decision can be
explained by the n-grams that weighed most. `helpdesk kb check` fails when the
stored weights were not trained on the current examples.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

from knowledge.normalize import normalize
from knowledge.yaml_reading import load_yaml

HERE = Path(__file__).resolve().parent
DEFAULT_EXAMPLES = HERE / "legal_examples.yaml"
DEFAULT_MODEL = HERE / "legal_model.json"
LEGAL_PROBABILITY = 0.55
"""From this probability on the model calls a message a legal dilemma. 0.7, then 0.8,
while the examples had few long messages that were not legal: the model had learnt
"long, chatty, first person" as legal and needed a high bar. With 120 such messages
among the examples (a sick report, a holiday, an expense claim) it became sharper where
it matters, and 0.5 gave the fewest errors. With 600 more examples (dashboards and lists
of families, mandates, liability, look-alike programme questions) 0.55 gives the fewest
errors over all realistic sets (88 at 0.5, 84 at 0.55, 85 at 0.6 and 0.65)."""
MODEL_CHARS = 350
"""The model reads the last this many characters of a message: the question and
the situation told just before it (people put their question at the end), and
the time per message stays flat however long it is."""
REGULARISATION = 10.0
"""scikit-learn's C: how closely the model may follow the examples."""
WORD_NGRAMS = (1, 2)
CHAR_NGRAMS = (3, 5)
_TOKEN = re.compile(r"(?u)\b\w\w+\b")


def examples_digest(path: Path = DEFAULT_EXAMPLES) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_examples(path: Path = DEFAULT_EXAMPLES) -> tuple[list[str], list[int]]:
    data = load_yaml(path.read_text(encoding="utf-8"))
    legal, other = list(data["legal"]), list(data["other"])
    return [normalize(t) for t in legal + other], [1] * len(legal) + [0] * len(other)


def word_ngrams(text: str) -> list[str]:
    """As scikit-learn's word analyzer: tokens of two or more word characters."""
    tokens = _TOKEN.findall(text.lower())
    grams = list(tokens)
    for n in range(max(2, WORD_NGRAMS[0]), WORD_NGRAMS[1] + 1):
        grams += [" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1)]
    return grams


def char_ngrams(text: str) -> list[str]:
    """As scikit-learn's char_wb analyzer: n-grams inside space-padded words (a word
    shorter than n gives itself, padded, once)."""
    grams: list[str] = []
    for word in text.lower().split():
        grams.extend(word_char_ngrams(word))
    return grams


@lru_cache(maxsize=65536)
def word_char_ngrams(word: str) -> tuple[str, ...]:
    low, high = CHAR_NGRAMS
    padded = f" {word} "
    size = len(padded)
    grams: list[str] = []
    for n in range(low, high + 1):
        if size <= n:
            grams.append(padded)
            break
        grams.extend(padded[i:i + n] for i in range(size - n + 1))
    return tuple(grams)


class _Part:
    """One vectoriser's vocabulary as arrays: n-gram -> row, and per row its idf and
    coefficient. A message's score is sublinear tf x idf, L2-normalised, dotted with
    the coefficients, as scikit-learn computes it (numpy, not a loop per n-gram)."""

    def __init__(self, table: list[list]):
        self.grams = tuple(g for g, _, _ in table)
        self.rows = {g: row for row, g in enumerate(self.grams)}
        self.idf = np.array([float(i) for _, i, _ in table])
        self.coef = np.array([float(c) for _, _, c in table])
        self.word_rows = lru_cache(maxsize=65536)(self._word_rows)

    def _word_rows(self, word: str) -> tuple[int, ...]:
        """The rows of a word's known character n-grams (cached: words recur)."""
        rows = self.rows
        return tuple(rows[g] for g in word_char_ngrams(word) if g in rows)

    def known(self, grams: list[str]) -> list[int]:
        rows = self.rows
        return [rows[g] for g in grams if g in rows]

    def _tfidf(self, rows: list[int]) -> tuple[np.ndarray, np.ndarray]:
        """The distinct known rows and their tf x idf, L2-normalised."""
        if not rows:
            return np.zeros(0, dtype=np.intp), np.zeros(0)
        unique, counts = np.unique(np.array(rows, dtype=np.intp), return_counts=True)
        values = self.idf[unique] * (1 + np.log(counts))
        return unique, values / (math.sqrt(float(values @ values)) or 1.0)

    def contributions(self, rows: list[int]) -> dict[str, float]:
        """Per gram, what it adds to the score (for --explain)."""
        unique, values = self._tfidf(rows)
        return {self.grams[r]: float(v * self.coef[r])
                for r, v in zip(unique.tolist(), values.tolist(), strict=True)}

    def score(self, rows: list[int]) -> float:
        """The sum of `contributions`, without building them (the hot path)."""
        unique, values = self._tfidf(rows)
        return float(values @ self.coef[unique])


class LegalModel:
    """The stored weights; `probability` and `evidence` for one message."""

    def __init__(self, data: dict):
        self.intercept = float(data["intercept"])
        self.digest = data["examples_sha256"]
        self._word = _Part(data["word"])
        self._char = _Part(data["char"])

    @classmethod
    def load(cls, path: Path = DEFAULT_MODEL) -> LegalModel:
        return cls(json.loads(path.read_text(encoding="utf-8")))

    def _rows(self, text: str) -> tuple[list[int], list[int]]:
        """The known word and character n-gram rows of a message's end."""
        normalized = normalize(text[-MODEL_CHARS:])
        chars: list[int] = []
        for word in normalized.lower().split():
            chars.extend(self._char.word_rows(word))
        return self._word.known(word_ngrams(normalized)), chars

    def _contributions(self, text: str) -> dict[str, float]:
        words, chars = self._rows(text)
        return {**{f"w:{g}": v for g, v in self._word.contributions(words).items()},
                **{f"c:{g}": v for g, v in self._char.contributions(chars).items()}}

    def probability(self, text: str) -> float:
        words, chars = self._rows(text)
        score = self.intercept + self._word.score(words) + self._char.score(chars)
        return 1 / (1 + math.exp(-max(-50.0, min(50.0, score))))

    def evidence(self, text: str, n: int = 5) -> list[tuple[str, float]]:
        """The word n-grams that pushed most towards "legal" (for --explain)."""
        words = [(g[2:], v) for g, v in self._contributions(text).items() if g.startswith("w:")]
        return sorted(words, key=lambda item: -item[1])[:n]


def train(examples: Path = DEFAULT_EXAMPLES) -> dict:
    """Fit the model with scikit-learn (a dev dependency) and return its weights."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_union

    texts, labels = load_examples(examples)
    word = TfidfVectorizer(ngram_range=WORD_NGRAMS, sublinear_tf=True)
    char = TfidfVectorizer(analyzer="char_wb", ngram_range=CHAR_NGRAMS, sublinear_tf=True)
    features = make_union(word, char)
    model = LogisticRegression(C=REGULARISATION, max_iter=5000, class_weight="balanced")
    model.fit(features.fit_transform(texts), labels)
    coef = model.coef_[0]
    n_word = len(word.vocabulary_)

    def table(vectoriser, offset: int) -> list[list]:
        return [[g, round(float(vectoriser.idf_[i]), 6), round(float(coef[offset + i]), 6)]
                for g, i in sorted(vectoriser.vocabulary_.items())]

    return {"examples_sha256": examples_digest(examples),
            "intercept": round(float(model.intercept_[0]), 6),
            "word": table(word, 0), "char": table(char, n_word)}
