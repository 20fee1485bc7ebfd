"""Phrasings (and example messages) that nearly duplicate a question of an evaluation set.

The evaluation sets (`../shared/eval/*.jsonl`, `tests/knowledge/heldout.jsonl`)
measure how the bot copes with questions it has not seen. A phrasing that is
(almost) one of those questions turns the measurement into a memory test, so
`helpdesk kb check` refuses it. Both sides are compared after the matcher's
own normalisation, so case, accents, punctuation and abbreviations do not hide
a copy; a reordering does not either. Pure: the caller reads the files.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from knowledge.entries import KnowledgeBase
from knowledge.normalize import normalize

NEAR_DUPLICATE_AT = 90.0
"""rapidfuzz score (0-100) from which a phrasing counts as a copy of an eval question:
the higher of `ratio` (same text up to a few characters) and `token_sort_ratio`
(same words in another order). Not `token_set_ratio`: a short keyword phrasing such
as "ring 1" is contained in many questions without copying any of them."""


@dataclass(frozen=True)
class EvalCase:
    case_id: str
    question: str
    file: str


@dataclass(frozen=True)
class NearDuplicate:
    entry_id: str
    phrasing: str
    case: EvalCase
    score: float
    what: str = "phrasing"  # or "example message" (knowledge/entry_examples.jsonl)

    def __str__(self) -> str:
        return (f"entry {self.entry_id!r}: {self.what} {self.phrasing!r} nearly duplicates "
                f"eval case {self.case.case_id} in {self.case.file} "
                f"(similarity {self.score:.0f} >= {NEAR_DUPLICATE_AT:.0f})")


def parse_cases(file: str, text: str) -> tuple[list[EvalCase], list[str]]:
    """The cases of one JSON-lines file and a warning per line that is not a case."""
    cases, warnings = [], []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            warnings.append(f"{file}:{number}: not JSON ({exc.msg})")
            continue
        if not isinstance(data, dict) or not isinstance(data.get("q"), str):
            warnings.append(f"{file}:{number}: no question field 'q'")
            continue
        cases.append(EvalCase(str(data.get("id", f"line {number}")), data["q"], file))
    return cases, warnings


def similarity(a: str, b: str) -> float:
    """How alike two already normalised texts are, 0-100 (see `NEAR_DUPLICATE_AT`)."""
    return max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b))


def near_duplicates(kb: KnowledgeBase, cases: Iterable[EvalCase]) -> list[NearDuplicate]:
    """Every (phrasing, eval case) pair at or above `NEAR_DUPLICATE_AT`, in KB order."""
    pairs = [(entry.id, phrasing) for entry in kb.entries for phrasing in entry.questions]
    return near_duplicate_texts(pairs, cases)


def near_duplicate_texts(pairs: list[tuple[str, str]], cases: Iterable[EvalCase],
                         what: str = "phrasing") -> list[NearDuplicate]:
    """Every ((entry id, text), eval case) pair at or above `NEAR_DUPLICATE_AT`."""
    cases = list(cases)
    if not cases or not pairs:
        return []
    phrasings = [normalize(phrasing) for _, phrasing in pairs]
    questions = [normalize(case.question) for case in cases]
    # One matrix per scorer (rapidfuzz's C loop), then the element-wise maximum.
    scores = np.maximum(process.cdist(phrasings, questions, scorer=fuzz.ratio),
                        process.cdist(phrasings, questions, scorer=fuzz.token_sort_ratio))
    rows, cols = np.nonzero(scores >= NEAR_DUPLICATE_AT)
    return [NearDuplicate(pairs[r][0], pairs[r][1], cases[c], float(scores[r, c]), what)
            for r, c in zip(rows.tolist(), cols.tolist(), strict=True)]
