"""Load the YAML knowledge base and check it the way a reviewer would.

`check_knowledge_base` returns one readable problem per mistake (schema errors,
duplicate ids, a phrasing used twice, the same phrasing in two entries, unknown
sources); `load_knowledge_base` refuses to start the bot on any of them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from knowledge.entries import Entry, KnowledgeBase, Source
from knowledge.normalize import fold, normalize
from knowledge.yaml_reading import load_yaml

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_KB_DIR = PACKAGE_DIR / "kb"
DEFAULT_SOURCES = PACKAGE_DIR / "sources.yaml"
_PUNCT = re.compile(r"[^\w]+")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the knowledge base, located as precisely as we can."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class KnowledgeBaseError(Exception):
    """The knowledge base has problems; the bot will not answer from it."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _read_yaml(path: Path, problems: list[Problem]) -> object:
    try:
        return load_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path.name}:{mark.line + 1}" if mark else path.name
        problems.append(Problem(where, f"invalid YAML: {getattr(exc, 'problem', exc)}"))
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(path.name, f"cannot read: {exc}"))
    return None


def _load_sources(path: Path, problems: list[Problem]) -> dict[str, Source]:
    data = _read_yaml(path, problems)
    if not isinstance(data, dict) or not isinstance(data.get("sources"), dict):
        problems.append(Problem(path.name, "expected a mapping 'sources: {id: {title, file}}'"))
        return {}
    sources = {}
    for key, raw in data["sources"].items():
        try:
            sources[str(key)] = Source.model_validate(raw)
        except ValidationError as exc:
            problems.append(Problem(f"{path.name} source {key!r}", _first_error(exc)))
    return sources


def _first_error(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        loc = ".".join(str(x) for x in err["loc"])
        parts.append(f"{loc}: {err['msg']}" if loc else err["msg"])
    return "; ".join(parts)


def _load_entries(kb_dir: Path, problems: list[Problem]) -> list[tuple[str, Entry]]:
    files = sorted(kb_dir.glob("*.yaml"))
    if not files:
        problems.append(Problem(str(kb_dir), "no *.yaml files"))
    loaded: list[tuple[str, Entry]] = []
    for path in files:
        data = _read_yaml(path, problems)
        if data is None:
            continue
        if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
            problems.append(Problem(path.name, "expected a top-level 'entries:' list"))
            continue
        for n, raw in enumerate(data["entries"], 1):
            label = raw.get("id", f"#{n}") if isinstance(raw, dict) else f"#{n}"
            try:
                loaded.append((path.name, Entry.model_validate(raw)))
            except ValidationError as exc:
                problems.append(Problem(f"{path.name} entry {label!r}", _first_error(exc)))
    return loaded


def _cross_checks(
    loaded: list[tuple[str, Entry]], sources: dict[str, Source], problems: list[Problem]
) -> None:
    first_file: dict[str, str] = {}
    owner: dict[str, str] = {}
    for file, entry in loaded:
        where = f"{file} entry {entry.id!r}"
        if entry.id in first_file:
            problems.append(Problem(where, f"duplicate id (also in {first_file[entry.id]})"))
            continue
        first_file[entry.id] = file
        if entry.source not in sources:
            problems.append(Problem(where, f"unknown source {entry.source!r}"))
        seen: dict[str, str] = {}
        for question in entry.questions:
            # Within an entry a phrasing is a duplicate when only case, accents or
            # punctuation differ (an English twin of a Dutch phrasing is fine); across
            # entries, the full normalisation decides, as that is what the matcher sees.
            literal = " ".join(_PUNCT.sub(" ", fold(question)).split())
            key = normalize(question)
            if not key:
                problems.append(Problem(where, f"phrasing {question!r} has no words"))
            elif literal in seen:
                problems.append(
                    Problem(where, f"duplicate phrasing {question!r} (same as {seen[literal]!r})")
                )
            elif key in owner and owner[key] != entry.id:
                problems.append(
                    Problem(where, f"phrasing {question!r} conflicts with entry {owner[key]!r}")
                )
            seen[literal] = question
            owner.setdefault(key, entry.id)
    for file, entry in loaded:
        for item in entry.items:
            if item not in first_file:
                problems.append(Problem(f"{file} entry {entry.id!r}",
                                        f"items names unknown id {item!r}"))
    titles = defaultdict(list)
    for _, entry in loaded:
        titles[entry.title.lower()].append(entry.id)
    for title, ids in titles.items():
        if len(ids) > 1:
            problems.append(Problem(f"entries {ids}", f"share the title {title!r}"))


def cross_check(loaded: list[tuple[str, Entry]], sources: dict[str, Source]) -> list[Problem]:
    """The checks across entries (ids, sources, phrasings, titles) for entries from
    anywhere, labelled by where they came from (a file name, or e.g. 'console')."""
    problems: list[Problem] = []
    _cross_checks(loaded, sources, problems)
    return problems


def check_knowledge_base(
    kb_dir: Path = DEFAULT_KB_DIR, sources_path: Path = DEFAULT_SOURCES
) -> tuple[KnowledgeBase, list[Problem]]:
    """Load everything that is valid and list every problem found."""
    problems: list[Problem] = []
    sources = _load_sources(sources_path, problems)
    loaded = _load_entries(kb_dir, problems)
    _cross_checks(loaded, sources, problems)
    unique: dict[str, Entry] = {}
    for _, entry in loaded:
        unique.setdefault(entry.id, entry)
    return KnowledgeBase(entries=tuple(unique.values()), sources=sources), problems


def load_knowledge_base(
    kb_dir: Path = DEFAULT_KB_DIR, sources_path: Path = DEFAULT_SOURCES
) -> KnowledgeBase:
    """The validated knowledge base; raises `KnowledgeBaseError` on any problem."""
    kb, problems = check_knowledge_base(kb_dir, sources_path)
    if problems:
        raise KnowledgeBaseError(problems)
    return kb
