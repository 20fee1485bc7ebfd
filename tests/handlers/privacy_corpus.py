"""The privacy corpora (tests/handlers/privacy_corpus/) and how redaction is scored on
them: which marked values survive, per category, and which programme questions change.
Shared by tests/handlers/test_redaction_corpus.py and benchmarks/redaction.py."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from handlers.name_words import PARTICLES
from handlers.unicode_text import normalise

CORPUS = Path(__file__).parent / "privacy_corpus"
STRUCTURED = ("bsn", "phone", "email", "iban", "postcode", "address", "date", "number")
INVISIBLE = {
    "<ZWSP>": "\u200b", "<ZWNJ>": "\u200c", "<ZWJ>": "\u200d", "<WJ>": "\u2060",
    "<BOM>": "\ufeff", "<SHY>": "\u00ad", "<RLO>": "\u202e", "<LRO>": "\u202d",
    "<PDF>": "\u202c", "<RLI>": "\u2067", "<PDI>": "\u2069", "<NBSP>": "\u00a0",
    "<NNBSP>": "\u202f",
}
_MARK = re.compile(r"\{\{(\w+):(.*?)\}\}")


@dataclass(frozen=True)
class Case:
    text: str
    values: tuple[tuple[str, str], ...]


@dataclass
class Score:
    total: dict[str, int] = field(default_factory=dict)
    survived: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def add(self, kind: str, value: str, output: str, alive: bool) -> None:
        self.total[kind] = self.total.get(kind, 0) + 1
        self.survived.setdefault(kind, [])
        if alive:
            self.survived[kind].append((value, output))

    def recall(self, kind: str) -> float:
        total = self.total.get(kind, 0)
        return 1.0 if not total else 1 - len(self.survived.get(kind, [])) / total


def expand(text: str) -> str:
    for token, char in INVISIBLE.items():
        text = text.replace(token, char)
    return text


def _lines(name: str) -> list[str]:
    path = CORPUS / name
    return [line for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def pii_cases(name: str = "pii.txt") -> list[Case]:
    cases = []
    for line in _lines(name):
        values = tuple((m.group(1), expand(m.group(2))) for m in _MARK.finditer(line))
        cases.append(Case(expand(_MARK.sub(lambda m: m.group(2), line)), values))
    return cases


def programme_questions(name: str = "programme.txt") -> list[str]:
    return [expand(line) for line in _lines(name)]


def _squeeze(text: str) -> str:
    return re.sub(r"[\s.\-/()+,]", "", text).upper()


def survived(kind: str, value: str, output: str) -> bool:
    """Whether the identifying part of `value` is still readable in `output`."""
    value = normalise(value)
    flat_value = " ".join(value.split()).lower()
    flat_output = " ".join(normalise(output).split()).lower()
    if kind == "name":
        words = [w for w in re.findall(r"[^\W\d_][\w'’]*", value)
                 if len(w) >= 2 and w.lower() not in PARTICLES]
        return any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", output, re.IGNORECASE)
                   for w in words)
    if flat_value in flat_output:
        return True
    digits = re.sub(r"\D", "", value)
    if kind in ("bsn", "phone", "iban", "date") and len(digits) >= 6:
        return digits in re.sub(r"\D", "", " ".join(
            re.findall(r"[\d\s.\-/()+]+", normalise(output))).replace(" ", ""))
    if kind == "postcode":
        return _squeeze(value)[:6] in _squeeze(output)
    if kind == "email":
        local = re.split(r"\s*(?:@|\[|\(|\{|\sat\s)", value, maxsplit=1)[0]
        return len(local) >= 3 and local.lower() in flat_output
    if kind == "address":
        street = re.match(r"(.*?)[ ,]+(?:nr\. ?)?(\d+)", value)
        return bool(street) and re.search(
            re.escape(street.group(1).split()[-1].lower()) + r"\W+(?:nr\. ?)?" + street.group(2),
            flat_output) is not None
    return False


def score(redact: Callable[[str], str], cases: list[Case]) -> Score:
    result = Score()
    for case in cases:
        output = redact(case.text)
        for kind, value in case.values:
            result.add(kind, value, output, survived(kind, value, output))
    return result


def changed(redact: Callable[[str], str], questions: list[str]) -> list[tuple[str, str]]:
    """Programme questions that redaction changed, with what it made of them."""
    return [(q, out) for q in questions if (out := redact(q)) != q]
