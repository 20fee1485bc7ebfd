"""Hostile strings for the escaping scenarios, and a check that walks every field of a
recorded message for any of them arriving raw."""

from __future__ import annotations

from typing import Any

from handlers.unicode_text import is_invisible

INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u202e\u2066"
PROBES = ("<!channel>", "<!here>", "<@U123>", "<https://evil.example|klik hier>",
          "[klik hier](https://evil.example/login)", "*bold*", "_italics_", "`code`")
PROBE_TEXT = (" ".join(PROBES) + " zero\u200bwidth\u200c\u200d\u2060\ufeff, "
              "\u202eexe.txt\u202c, \u2066isolate\u2069")
"""Everything at once, as a person could type it."""

SLACK_RAW = ("<!channel>", "<!here>", "<@U123>", "<https://evil.example|klik hier>",
             "*bold*", "_italics_", "`code`")
"""Raw in a Slack text/mrkdwn field these notify, link or format."""
TEAMS_RAW = (*PROBES,)
"""Raw in a Teams card or message any of these could format, link or mislead."""


def strings(value: Any, path: str = "") -> list[tuple[str, str]]:
    """Every string in a JSON-like value, with where it is."""
    if isinstance(value, str):
        return [(path, value)]
    if isinstance(value, dict):
        return [found for key, item in value.items() for found in strings(item, f"{path}.{key}")]
    if isinstance(value, list):
        return [found for i, item in enumerate(value) for found in strings(item, f"{path}[{i}]")]
    return []


def raw_probes(value: Any, forbidden: tuple[str, ...], skip: tuple[str, ...] = ()
               ) -> list[tuple[str, str]]:
    """(field, problem) for every string that carries a probe or an invisible character."""
    problems = []
    for path, text in strings(value):
        if any(s in path for s in skip):
            continue
        problems += [(path, probe) for probe in forbidden if probe in text]
        problems += [(path, f"U+{ord(c):04X}") for c in text if is_invisible(c)]
    return problems
