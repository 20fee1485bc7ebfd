"""Read the curated YAML files (knowledge base, lexicons, vocabulary) with PyYAML's
C parser (libyaml) when the installed PyYAML has it: the same safe loading as
`yaml.safe_load`, about ten times faster, which is most of the start-up time of
`helpdesk shell` and `serve`. Errors are the same `yaml.YAMLError`, with line marks."""

from __future__ import annotations

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> object:
    """`yaml.safe_load(text)`, on the C parser when there is one."""
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 (a safe loader, C or Python)
