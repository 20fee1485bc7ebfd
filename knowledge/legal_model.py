"""A small linear model that recognises legal dilemmas in plain words, learnt
from the curated examples in `legal_examples.yaml`.

The hand-written situations (`knowledge.situations`) are precise but only know
the words someone thought of; people write "mag ik de sportcoach bijpraten?"
too. The model generalises from 900 curated examples (legal dilemmas and
look-alike programme questions): a logistic regression over word and
character n-grams (TF-IDF), trained with scikit-learn by
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
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from knowledge.normalize import normalize
from knowledge.yaml_reading import load_yaml

HERE = Path(__file__).resolve().parent
DEFAULT_EXAMPLES = HERE / "legal_examples.yaml"
DEFAULT_MODEL = HERE / "legal_model.json"
LEGAL_PROBABILITY = 0.7
"""From this probability on the model calls a message a legal dilemma. Chosen for
precision: below it, look-alike programme questions start to pass."""
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
    low, high = CHAR_NGRAMS
    grams: list[str] = []
    for word in text.lower().split():
        padded = f" {word} "
        size = len(padded)
        for n in range(low, high + 1):
            if size <= n:
                grams.append(padded)
                break
            grams.extend(padded[i:i + n] for i in range(size - n + 1))
    return grams


@dataclass(frozen=True)
class _Part:
    """One vectoriser's vocabulary: n-gram -> (idf, coefficient)."""

    weights: dict[str, tuple[float, float]]

    def _tfidf(self, grams: list[str]) -> list[tuple[str, float, float]]:
        """(gram, sublinear tf x idf, coefficient) of each distinct known gram."""
        weights = self.weights
        found = []
        for gram, count in Counter(grams).items():  # counted in C; distinct grams looked up
            known = weights.get(gram)
            if known is not None:
                idf, coef = known
                found.append((gram, (1 + math.log(count)) * idf if count > 1 else idf, coef))
        return found

    def contributions(self, grams: list[str]) -> dict[str, float]:
        """Per gram, what it adds to the score (for --explain)."""
        found = self._tfidf(grams)
        norm = math.sqrt(sum(v * v for _, v, _ in found)) or 1.0
        return {g: v / norm * coef for g, v, coef in found}

    def score(self, grams: list[str]) -> float:
        """The sum of `contributions`, without building them (the hot path)."""
        found = self._tfidf(grams)
        norm = math.sqrt(sum(v * v for _, v, _ in found)) or 1.0
        return sum(v * coef for _, v, coef in found) / norm


class LegalModel:
    """The stored weights; `probability` and `evidence` for one message."""

    def __init__(self, data: dict):
        self.intercept = float(data["intercept"])
        self.digest = data["examples_sha256"]
        self._word = _Part({g: (i, c) for g, i, c in data["word"]})
        self._char = _Part({g: (i, c) for g, i, c in data["char"]})

    @classmethod
    def load(cls, path: Path = DEFAULT_MODEL) -> LegalModel:
        return cls(json.loads(path.read_text(encoding="utf-8")))

    def _contributions(self, text: str) -> dict[str, float]:
        normalized = normalize(text[-MODEL_CHARS:])
        return {**{f"w:{g}": v for g, v in
                   self._word.contributions(word_ngrams(normalized)).items()},
                **{f"c:{g}": v for g, v in
                   self._char.contributions(char_ngrams(normalized)).items()}}

    def probability(self, text: str) -> float:
        normalized = normalize(text[-MODEL_CHARS:])
        score = (self.intercept + self._word.score(word_ngrams(normalized))
                 + self._char.score(char_ngrams(normalized)))
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
