"""A cheap gate in front of a big alternation of words.

The lexicons are regular expressions like `\\b(toestemming|beroepsgeheim|mag (ik|je)
...)\\b`; Python tries every alternative at every position of a 1,000-character
message, for every one of some forty patterns. Most messages hold none of the
words. Each alternative starts with a literal ("toestemming", "mag "); when none of
those literals occurs in the text (a substring test, done in C), the pattern cannot
match and is not run. A pattern with an alternative that starts with anything but
a literal of at least MIN_LITERAL characters is always run.

Every match of a gated pattern starts with one of its literals, so a lexicon of
many patterns (`GatedSet`) finds all their literals, and where they start, in one
pass of an Aho-Corasick automaton (pyahocorasick, in C), and tries each pattern
only at those places: the same first match as `regex.search`, at a fraction of
the cost on a long message.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import ahocorasick

MIN_LITERAL = 2
MAX_STARTS = 64
"""A pattern whose literals start at more places than this is searched from the first
of them instead of being tried at each (same result, bounded work)."""
_META = set("\\()[]{}?*+|.^$")


def _group_end(text: str) -> int | None:
    """Where the group `text` opens with closes (the index of its ")"), or None."""
    depth = 0
    for index, char in enumerate(text):
        depth += char == "("
        depth -= char == ")"
        if depth == 0:
            return index
    return None


def _without_lookbehinds(text: str) -> str:
    """`text` without the lookbehinds it opens with ("(?<!ik )wil niet"): they match no
    characters, so every match still starts where the rest of it starts."""
    while text.startswith(("(?<!", "(?<=")):
        end = _group_end(text)
        if end is None:
            return text  # unbalanced: leave it to the caller, which will not gate it
        text = text[end + 1:]
    return text


def alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of `pattern`, after unwrapping \\b( ... )\\b or (?: ... )
    (and the lookbehinds after the opening \\b: "\\b(?<!geen )(juridische vraag|...)\\b")."""
    body = pattern
    if body.startswith("\\b(?<"):
        body = "\\b" + _without_lookbehinds(body[2:])
    for prefix, suffix in ((r"\b(", r")\b"), (r"\b(?:", r")\b"), ("(?:", ")"), ("(", ")")):
        if body.startswith(prefix) and body.endswith(suffix) and _balanced(
                body[len(prefix):-len(suffix)]):
            body = body[len(prefix):-len(suffix)]
            break
    parts, depth, current, escaped = [], 0, "", False
    for char in body:
        if escaped:
            current += char
            escaped = False
            continue
        if char == "\\":
            escaped = True
            current += char
            continue
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        if char == "|" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return parts


def _balanced(text: str) -> bool:
    depth = 0
    for char in text.replace("\\(", "").replace("\\)", ""):
        depth += char == "("
        depth -= char == ")"
        if depth < 0:
            return False
    return depth == 0


def literal_prefix(alternative: str) -> str:
    """The literal text an alternative starts with ("" when it starts with a group)."""
    out = ""
    for char in alternative:
        if char in _META:
            break
        out += char
    # "moet(en)?": the optional group may be absent, so the prefix stays "moet"; a
    # quantifier right after the literal ("ouders?") makes its last letter optional.
    rest = alternative[len(out):]
    if rest[:1] in ("?", "*", "{"):
        out = out[:-1]
    return out


@dataclass(frozen=True)
class GatedPattern:
    regex: re.Pattern[str]
    literals: tuple[str, ...] | None  # None: always run

    def search(self, text: str) -> re.Match[str] | None:
        if self.literals is not None and not any(lit in text for lit in self.literals):
            return None
        return self.regex.search(text)


def prefixes(alternative: str) -> list[str]:
    """Literals one of which every match of `alternative` contains: its literal prefix,
    or, when it opens with a group of plain words ("(kan|mag) ik"), those words."""
    alternative = _without_lookbehinds(alternative)
    prefix = literal_prefix(alternative)
    if prefix or not alternative.startswith("("):
        return [prefix]
    end = _group_end(alternative)
    if end is None:
        return [""]  # unbalanced: no literal is certain
    group, rest = alternative[1:end], alternative[end + 1:]
    if rest[:1] in ("?", "*", "{") or group.startswith("?"):
        return [""]  # an optional group, or a lookaround: no literal is certain
    words = alternatives(group)
    if any(set(word) & _META for word in words):
        return [""]
    return words


def gate(patterns: list[str], compiled: re.Pattern[str]) -> GatedPattern:
    """`compiled` is the alternation of `patterns`; its gate holds every literal."""
    literals: list[str] = []
    for pattern in patterns:
        for alternative in alternatives(pattern):
            for prefix in prefixes(alternative):
                if len(prefix.strip()) < MIN_LITERAL:
                    return GatedPattern(compiled, None)
                literals.append(prefix)
    return GatedPattern(compiled, tuple(dict.fromkeys(literals)))


def compile_phrases(phrases: list[str]) -> GatedPattern:
    """Phrases (regular expressions) matched as whole words, one gated pattern."""
    return gate(phrases, re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p in phrases) + r")\b"))


class GatedSet:
    """Gated patterns looked for together; `search_all` gives each one's first match
    (exactly what its `regex.search` gives), reading the text once for all literals."""

    def __init__(self, patterns: Sequence[GatedPattern]):
        self.patterns = tuple(patterns)
        owners: dict[str, list[int]] = {}
        for index, pattern in enumerate(self.patterns):
            for literal in pattern.literals or ():
                owners.setdefault(literal, []).append(index)
        self._automaton = ahocorasick.Automaton()
        for literal, indexes in owners.items():
            # iter() reports where a literal ends; it starts len - 1 before.
            self._automaton.add_word(literal, (len(literal) - 1, tuple(indexes)))
        if owners:
            self._automaton.make_automaton()

    def search_all(self, text: str) -> list[re.Match[str] | None]:
        starts: list[list[int]] = [[] for _ in self.patterns]
        if self._automaton.kind == ahocorasick.AHOCORASICK:
            for end, (back, indexes) in self._automaton.iter(text):
                for index in indexes:
                    starts[index].append(end - back)
        return [_first(pattern, text, at) for pattern, at in zip(self.patterns, starts,
                                                                 strict=True)]


def _first(pattern: GatedPattern, text: str, starts: list[int]) -> re.Match[str] | None:
    if pattern.literals is None:
        return pattern.regex.search(text)
    if not starts:
        return None
    if len(starts) > MAX_STARTS:
        return pattern.regex.search(text, min(starts))
    for start in sorted(set(starts)):
        match = pattern.regex.match(text, start)
        if match:
            return match
    return None
