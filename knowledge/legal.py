"""Recognise questions that need a lawyer, from the curated legal lexicon.

The lexicon (`legal_lexicon.yaml`) is content: weighted patterns, each
`hard` (the question is about a legal norm: consent, AVG, liability, OTS ...),
`normative` ("mag ik", "is het verplicht") or `meta` (it only mentions legal
matters: "juridische vraag"); and dilemmas told without legal words
(`knowledge.situations`) and the learnt model's verdict (`knowledge.legal_model`)
count as hard signals. The decision
that combines this with the knowledge-base match lives in handlers.triage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from knowledge.legal_model import LEGAL_PROBABILITY, LegalModel
from knowledge.normalize import normalize
from knowledge.offtopic import OffTopicDomains
from knowledge.regex_gate import GatedSet, gate
from knowledge.situations import SituationHit, Situations
from knowledge.yaml_reading import load_yaml

DEFAULT_LEXICON = Path(__file__).resolve().parent / "legal_lexicon.yaml"
LEGAL_CHARS = 1000
"""Legal signals and situations are looked for in the first and the last this many
characters of a message."""
CASE_CONCEPTS = frozenset({"person", "outsider", "records"})
"""Concepts (legal_situations.yaml) of which a message needs one for the learnt
model's verdict to count."""


class _Signal(BaseModel):
    model_config = ConfigDict(extra="forbid")
    label: str
    kind: str = Field(pattern="^(hard|meta|normative)$")
    weight: float = Field(gt=0)
    pattern: str

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"bad regular expression: {exc}") from exc
        return value


class _Lexicon(BaseModel):
    model_config = ConfigDict(extra="forbid")
    threshold: float = Field(gt=0)
    signals: list[_Signal] = Field(min_length=1)


@dataclass(frozen=True)
class LegalAssessment:
    """How strongly a question asks for legal advice, and which signals said so."""

    score: float
    threshold: float
    labels: tuple[str, ...]
    kinds: frozenset[str] = frozenset()
    situations: tuple[SituationHit, ...] = ()
    probability: float = 0.0  # the learnt model's (knowledge.legal_model)

    @property
    def only_meta(self) -> bool:
        """Every signal only mentions legal matters."""
        return self.kinds == {"meta"}

    @property
    def only_normative(self) -> bool:
        """Every signal is a "may I / must we" form without a legal topic."""
        return self.kinds == {"normative"}

    @property
    def only_soft(self) -> bool:
        """Only plain-word evidence (the learnt model, recognised situations): no word
        of the lexicon."""
        return bool(self.labels) and all(label.startswith(("model:", "situatie:"))
                                         for label in self.labels)

    @property
    def is_legal(self) -> bool:
        return self.score >= self.threshold


class LegalLexicon:
    """Compiled legal signals; `assess` scores one question."""

    def __init__(self, path: Path = DEFAULT_LEXICON, situations: Situations | None = None,
                 model: LegalModel | None = None, offtopic: OffTopicDomains | None = None):
        data = _Lexicon.model_validate(load_yaml(path.read_text(encoding="utf-8")))
        self.threshold = data.threshold
        self._signals = [(s, gate([s.pattern], re.compile(s.pattern))) for s in data.signals]
        self._scan = GatedSet([regex for _, regex in self._signals])
        self.situations = situations or Situations()
        self.model = model or LegalModel.load()
        self.offtopic = offtopic or OffTopicDomains()

    def names_a_family(self, text: str) -> bool:
        """Whether `text` names a person of a family (a mother, a child, a client) or a
        record kept about one (a file, notes, a report)."""
        return bool({"person", "records"} & set(self.situations.concepts(normalize(text))))

    def assess(self, text: str) -> LegalAssessment:
        # A question is asked at the start or at the end of a message: reading both ends
        # keeps the time per message flat however long the middle is.
        if len(text) > 2 * LEGAL_CHARS:
            text = text[:LEGAL_CHARS] + "\n" + text[-LEGAL_CHARS:]
        normalized = normalize(text)
        score = 0.0
        labels: list[str] = []
        kinds: set[str] = set()
        for (signal, _), match in zip(self._signals, self._scan.search_all(normalized),
                                      strict=True):
            if match:
                score += signal.weight
                labels.append(signal.label)
                kinds.add(signal.kind)
        # A recognised dilemma is a question about a legal norm, however plainly put.
        concepts = self.situations.concepts(normalized)
        hits = tuple(self.situations.find(normalized, concepts))
        if hits:
            score += self.threshold
            labels.extend(f"situatie:{hit.id}" for hit in hits)
            kinds.add("hard")
        # The model decides only about a message that concerns someone (a person of a
        # family, an outsider, their records): "vertel eens meer over de derde" does not;
        # nor about one that names something outside the helpdesk's work that no story
        # about a family holds (a VPN that will not connect: knowledge/offtopic.yaml),
        # unless it names a person of a family too (a laptop with a family's reports on
        # it, a recording of a talk with a mother); and it is not asked when the lexicon
        # and the situations have decided already.
        probability = 0.0
        if score < self.threshold and CASE_CONCEPTS & set(concepts) \
                and ("person" in concepts or self.offtopic.outside_any_story(text) is None):
            probability = self.model.probability(text)
        if probability >= LEGAL_PROBABILITY:
            score += self.threshold
            labels.append(f"model:{probability:.2f}")
            kinds.add("hard")
        return LegalAssessment(round(score, 3), self.threshold, tuple(labels), frozenset(kinds),
                               hits, round(probability, 3))
