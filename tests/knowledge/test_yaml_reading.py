"""The C-parser reading of the curated YAML files gives what yaml.safe_load gives, and
the same errors with line marks."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from knowledge.yaml_reading import load_yaml

KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"
FILES = sorted(KNOWLEDGE.glob("*.yaml")) + sorted((KNOWLEDGE / "kb").glob("*.yaml"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_same_data_as_safe_load(path):
    text = path.read_text(encoding="utf-8")
    assert load_yaml(text) == yaml.safe_load(text)


def test_no_python_objects():
    with pytest.raises(yaml.YAMLError):
        load_yaml("!!python/object/apply:os.system ['true']")


def test_errors_carry_the_line():
    with pytest.raises(yaml.YAMLError) as caught:
        load_yaml("a: 1\nb: [unclosed\n")
    assert caught.value.problem_mark.line >= 1
