"""Recognise legal dilemmas told in plain words, from `legal_situations.yaml`.

"Een opa belt elke week over zijn kleinkinderen; de ouders willen geen contact
met hem. Mogen we hem iets vertellen?" holds no legal word, but it is a
question about sharing information about a family against someone's wishes.
Each situation is a combination of concepts (a person of the family, a refusal,
an act of telling, a doubt ...); a message in which all of them occur is that
situation. Every hit says which words made each concept, so the outcome can be
explained (`helpdesk ask --explain`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from knowledge.regex_gate import GatedSet, compile_phrases
from knowledge.yaml_reading import load_yaml

DEFAULT_SITUATIONS = Path(__file__).resolve().parent / "legal_situations.yaml"


class _Situation(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    label: str = Field(min_length=1)
    all: list[str] = Field(min_length=1)
    any: list[str] = Field(default_factory=list)
    none: list[str] = Field(default_factory=list)


def _check_expressions(where: str, phrases: list[str]) -> None:
    for phrase in phrases:
        try:
            re.compile(phrase)
        except re.error as exc:
            raise ValueError(f"{where}: bad expression {phrase!r}: {exc}") from exc


class _Situations(BaseModel):
    model_config = ConfigDict(extra="forbid")
    to_the_bot: list[str] = Field(default_factory=list)
    not_about_a_family: list[str] = Field(default_factory=list)
    concepts: dict[str, list[str]]
    situations: list[_Situation] = Field(min_length=1)

    @field_validator("concepts")
    @classmethod
    def _compiles(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for name, phrases in value.items():
            _check_expressions(f"concept {name}", phrases)
        return value

    @field_validator("to_the_bot", "not_about_a_family")
    @classmethod
    def _set_asides_compile(cls, value: list[str]) -> list[str]:
        _check_expressions("set-aside words", value)
        return value

    @model_validator(mode="after")
    def _known_concepts(self) -> _Situations:
        for situation in self.situations:
            unknown = set(situation.all + situation.any + situation.none) - set(self.concepts)
            if unknown:
                raise ValueError(
                    f"situation {situation.id} uses unknown concept(s) {sorted(unknown)}")
        return self


@dataclass(frozen=True)
class SituationHit:
    """One recognised situation and the words that made each of its concepts."""

    id: str
    label: str
    evidence: tuple[tuple[str, str], ...]  # (concept, matched words)

    def explain(self) -> str:
        words = ", ".join(f"{concept}={text!r}" for concept, text in self.evidence)
        return f"{self.id} ({self.label}): {words}"


class Situations:
    """The compiled situations; `find` lists those a normalised message holds."""

    def __init__(self, path: Path = DEFAULT_SITUATIONS):
        data = _Situations.model_validate(load_yaml(path.read_text(encoding="utf-8")))
        self._concepts = {name: compile_phrases(phrases) for name, phrases in data.concepts.items()}
        self._scan = GatedSet(list(self._concepts.values()))
        set_aside = data.to_the_bot + data.not_about_a_family
        self._set_aside = compile_phrases(set_aside) if set_aside else None
        self._situations = data.situations

    def concepts(self, normalized: str) -> dict[str, str]:
        """Every concept the message holds, with the words that made it; what asks the bot
        itself ("kun je me vertellen ...") and what is no family's matter ("ik heb het
        dossier overgenomen", "mijn collega vertelde") set aside first."""
        if self._set_aside is not None and self._set_aside.search(normalized):
            normalized = self._set_aside.regex.sub(" ", normalized)
        return {name: match.group(0) for name, match in
                zip(self._concepts, self._scan.search_all(normalized), strict=True) if match}

    def find(self, normalized: str, found: dict[str, str] | None = None) -> list[SituationHit]:
        found = self.concepts(normalized) if found is None else found
        hits = []
        for situation in self._situations:
            if not all(c in found for c in situation.all):
                continue
            extra = [c for c in situation.any if c in found]
            if situation.any and not extra:
                continue
            if any(c in found for c in situation.none):
                continue
            evidence = tuple((c, found[c]) for c in [*situation.all, *extra])
            hits.append(SituationHit(situation.id, situation.label, evidence))
        return hits
