"""Recognise requests outside what the helpdesk does (room bookings, IT trouble,
the weather, recipes, leave), from `offtopic.yaml`, so they get a friendly
"that is not something I do" instead of an offer to forward them, and are not
mistaken for gaps in the knowledge base."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from knowledge.normalize import normalize
from knowledge.regex_gate import compile_phrases
from knowledge.yaml_reading import load_yaml

DEFAULT_OFFTOPIC = Path(__file__).resolve().parent / "offtopic.yaml"


class _Domain(BaseModel):
    model_config = ConfigDict(extra="forbid")
    label: dict[str, str]
    phrases: list[str] = Field(min_length=1)
    in_stories: bool = False


class _Domains(BaseModel):
    model_config = ConfigDict(extra="forbid")
    domains: dict[str, _Domain]


@dataclass(frozen=True)
class OffTopic:
    domain: str
    label: str
    words: str


class OffTopicDomains:
    """Compiled domains; `find` names the first one a question is about."""

    def __init__(self, path: Path = DEFAULT_OFFTOPIC):
        data = _Domains.model_validate(load_yaml(path.read_text(encoding="utf-8")))
        self._domains = [
            (name, domain.label,
             compile_phrases(domain.phrases))
            for name, domain in data.domains.items()]
        self._outside_stories = {name for name, domain in data.domains.items()
                                 if not domain.in_stories}

    def find(self, text: str, language: str = "nl",
             outside_stories_only: bool = False) -> OffTopic | None:
        """The first domain `text` names (of those whose words do not turn up in a story
        about a family, with `outside_stories_only`), or None."""
        normalized = normalize(text)
        for name, label, regex in self._domains:
            if outside_stories_only and name not in self._outside_stories:
                continue
            match = regex.search(normalized)
            if match:
                return OffTopic(name, label.get(language, label["nl"]), match.group(0))
        return None

    def outside_any_story(self, text: str) -> OffTopic | None:
        """The first domain a message names whose words do not turn up in a story about
        a family (IT trouble, the weather, a meeting room), or None."""
        return self.find(text, outside_stories_only=True)
