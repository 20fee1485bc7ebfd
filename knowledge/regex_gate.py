"""A cheap gate in front of a big alternation of words.

The lexicons are regular expressions like `\\b(toestemming|beroepsgeheim|mag (ik|je)
...)\\b`; Python tries every alternative at every position of a 1,000-character
message, for every one of some forty patterns. Most messages hold none of the
words. Each alternative starts with a literal ("toestemming", "mag "); when none of
those literals occurs in the text (a substring test, done in C), the pattern cannot
match and is not run. A pattern with an alternative that starts with anything but
a literal of at least MIN_LITERAL characters is always run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MIN_LITERAL = 2
_META = set("\\()[]{}?*+|.^$")


def alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of `pattern`, after unwrapping \\b( ... )\\b or (?: ... )."""
    body = pattern
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
    prefix = literal_prefix(alternative)
    if prefix or not alternative.startswith("("):
        return [prefix]
    depth, end = 0, 0
    for index, char in enumerate(alternative):
        depth += char == "("
        depth -= char == ")"
        if depth == 0:
            end = index
            break
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
