"""A learnt view of which entry a message is about, beside the matcher's word overlap.

The matcher (`knowledge.matcher`) weighs the words a message shares with an entry.
People describe a topic in their own words around a story, and a few of the words
they use decide it ("dat ding met die vier basisdingen"). A linear classifier over
character n-grams (TF-IDF, as in `knowledge.legal_model`) learns from every entry's
phrasings and title, and from the labelled example messages in
`entry_examples.jsonl` (long stories, English, chatty one-liners, written from the
entries and the programme texts, never from an eval set), which n-grams tell the
entries apart. Its decision values join the matcher's score.

It is fitted with scikit-learn when a knowledge base is indexed (about three seconds
for the real one; cached per knowledge base in the process), so an entry approved
in the console is known to it at once and nothing stored can go stale. Scoring a
message needs no scikit-learn: the n-grams of each word are cached, and one
sparse product gives every entry's value.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from knowledge.entries import KnowledgeBase
from knowledge.index import phrasings
from knowledge.legal_model import CHAR_NGRAMS, word_char_ngrams
from knowledge.normalize import normalize

HERE = Path(__file__).resolve().parent
DEFAULT_EXAMPLES = HERE / "entry_examples.jsonl"
REGULARISATION = 1.0
"""scikit-learn's C for the linear SVM: how closely it may follow the examples."""
MODEL_CHARS = 600
"""The model reads at most the last this many characters of a question, and of its
context (the end of the story, nearest the question)."""
MAX_ENTRIES = 300
"""Above this many entries no model is learnt and the matcher weighs words alone: its
weights (n-grams x entries) and the time to learn them grow with every entry (a few
seconds and about 10 MB for the real knowledge base's 81)."""


@dataclass(frozen=True)
class Example:
    """A message someone could send, and the entry that answers it."""

    entry: str
    kind: str  # "long" (Dutch, with the asker's story), "english", "short", "medium"
    batch: int  # who wrote it when: the practice benchmark scores each batch unseen
    q: str


KINDS = frozenset({"long", "english", "short", "medium"})


Numbered = list[tuple[int, Example]]
Unreadable = list[tuple[int, str]]


def read_examples(path: Path = DEFAULT_EXAMPLES) -> tuple[Numbered, Unreadable]:
    """The example messages with their line numbers, and for each line that cannot be
    read its number and why (line 0: the file itself cannot be read)."""
    name = path.name
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        return [], [(0, f"{name}: cannot be read ({exc})")]
    examples: Numbered = []
    unreadable: Unreadable = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            examples.append((number, Example(str(row["entry"]), str(row["kind"]),
                                             int(row["batch"]), str(row["q"]))))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            unreadable.append((number, f"{name}:{number}: not an example (JSON with entry, "
                                       f"kind, batch, q): {type(exc).__name__}"))
    return examples, unreadable


def load_examples(path: Path = DEFAULT_EXAMPLES) -> list[Example]:
    """The example messages; ValueError naming the first line that cannot be read
    (`helpdesk kb check` lists them all)."""
    examples, unreadable = read_examples(path)
    if unreadable:
        raise ValueError(unreadable[0][1])
    return [example for _, example in examples]


def checked_examples(kb: KnowledgeBase, examples: Numbered, unreadable: Unreadable,
                     name: str = DEFAULT_EXAMPLES.name) -> list[str]:
    """What is wrong with the example messages, one line each in file order ([] when
    nothing): `read_examples`' unreadable lines, and for the others an entry `kb` lacks,
    an unknown kind, an empty or repeated message."""
    known = {entry.id for entry in kb.entries}
    found = list(unreadable)
    seen: dict[str, int] = {}
    for number, example in examples:
        where = f"{name}:{number}"
        if example.entry not in known:
            found.append((number, f"{where}: no entry {example.entry!r} in the knowledge base"))
        if example.kind not in KINDS:
            found.append((number, f"{where}: kind {example.kind!r} is not one of "
                                  f"{', '.join(sorted(KINDS))}"))
        if not example.q.strip():
            found.append((number, f"{where}: empty message"))
        elif (first := seen.setdefault(example.q, number)) != number:
            found.append((number, f"{where}: the same message as line {first}"))
    return [problem for _, problem in sorted(found, key=lambda item: item[0])]


def training_data(kb: KnowledgeBase, examples: list[Example]) -> tuple[list[str], list[str]]:
    """Every entry's phrasings and title, and the examples for entries this knowledge
    base has (an example for an entry it lacks teaches nothing here)."""
    texts: list[str] = []
    labels: list[str] = []
    for entry in kb.entries:
        for text in phrasings(entry):
            texts.append(text)
            labels.append(entry.id)
    known = {entry.id for entry in kb.entries}
    for example in examples:
        if example.entry in known:
            texts.append(example.q)
            labels.append(example.entry)
    return texts, labels


class EntryModel:
    """Per entry of one knowledge base, a decision value for a message (`scores`):
    above 0 the classifier takes the message to be about that entry."""

    def __init__(self, ids: tuple[str, ...], grams: dict[str, int], idf: np.ndarray,
                 coef: np.ndarray, intercept: np.ndarray):
        self.ids = ids
        self._grams = grams
        self._idf = idf
        self._coef = coef  # (n-grams, entries)
        self._intercept = intercept
        self._word_rows = lru_cache(maxsize=65536)(self._rows_of)
        self._empty = np.zeros(0, dtype=np.intp)

    def _rows_of(self, word: str) -> np.ndarray:
        grams = self._grams
        return np.array([grams[g] for g in word_char_ngrams(word) if g in grams], dtype=np.intp)

    def scores(self, text: str, context: str = "") -> np.ndarray:
        """Decision values in the knowledge base's entry order for `text` read after
        `context` (sublinear tf x idf, L2-normalised, times the coefficients, as
        scikit-learn computes them for the two joined by a space). The context's
        n-grams are counted once for all questions of a message."""
        known, counts = self._counted(context)
        rows = self._text_rows(text)
        if len(rows):
            unique, inverse = np.unique(np.concatenate([known, rows]), return_inverse=True)
            counts = np.bincount(inverse, np.concatenate([counts, np.ones(len(rows))]))
            known = unique
        if not len(known):
            return self._intercept.copy()
        values = self._idf[known] * (1 + np.log(counts))
        values /= math.sqrt(float(values @ values)) or 1.0
        return (values.astype(np.float32) @ self._coef[known]).astype(np.float64) \
            + self._intercept

    def _text_rows(self, text: str) -> np.ndarray:
        parts = [self._word_rows(word) for word in _prepared(text).split()]
        return np.concatenate(parts) if parts else self._empty

    @lru_cache(maxsize=64)  # noqa: B019 (one model per knowledge base, lives as long)
    def _counted(self, context: str) -> tuple[np.ndarray, np.ndarray]:
        """A context's distinct n-gram rows and how often each occurs."""
        unique, counts = np.unique(self._text_rows(context), return_counts=True)
        return unique, counts.astype(np.float64)


def fit(kb: KnowledgeBase, examples: list[Example] | None = None) -> EntryModel | None:
    """The model for `kb`, learnt from its phrasings and the examples (the stored ones
    by default); None for a knowledge base with fewer than two entries or more than
    MAX_ENTRIES."""
    if not 2 <= len(kb.entries) <= MAX_ENTRIES:
        return None
    texts, labels = training_data(kb, load_examples() if examples is None else examples)
    return _fit(tuple(e.id for e in kb.entries), tuple(texts), tuple(labels))


@lru_cache(maxsize=8)
def _fit(ids: tuple[str, ...], texts: tuple[str, ...], labels: tuple[str, ...]) -> EntryModel:
    """Fitted once per distinct training data in a process (tests and the console's
    rebuilds ask for the same knowledge base again)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.svm import LinearSVC

    vectoriser = TfidfVectorizer(analyzer="char_wb", ngram_range=CHAR_NGRAMS,
                                 sublinear_tf=True, preprocessor=_prepared)
    features = vectoriser.fit_transform(texts)
    model = LinearSVC(C=REGULARISATION, random_state=0).fit(features, labels)
    classes = list(model.classes_)
    coef = np.asarray(model.coef_, dtype=np.float64)
    intercept = np.asarray(model.intercept_, dtype=np.float64)
    if len(classes) == 2:  # scikit-learn keeps one row for two classes: the second's
        coef, intercept = np.vstack([-coef, coef]), np.concatenate([-intercept, intercept])
    order = [classes.index(i) for i in ids]
    # float32 weights: half the memory to read per message; the decision values stay
    # within 1e-5 of scikit-learn's (tested).
    return EntryModel(ids, dict(vectoriser.vocabulary_), vectoriser.idf_.astype(np.float64),
                      np.ascontiguousarray(coef[order].T, dtype=np.float32), intercept[order])


def _prepared(text: str) -> str:
    return normalize(text[-MODEL_CHARS:]).lower()

