"""`helpdesk kb check` refuses a legal model trained on other examples;
`helpdesk kb train-legal` writes weights that reproduce the stored ones."""

from __future__ import annotations

import io
import json

import knowledge.legal_model as legal_model
from bot import cli_kb


def test_check_fails_when_the_examples_changed_after_training(monkeypatch):
    monkeypatch.setattr(legal_model, "examples_digest", lambda path=None: "0" * 64)
    out = io.StringIO()
    assert cli_kb.run_check(out) == 1
    assert "trained on other examples" in out.getvalue()
    assert "helpdesk kb train-legal" in out.getvalue()


def test_train_legal_is_deterministic(tmp_path, monkeypatch):
    target = tmp_path / "legal_model.json"
    monkeypatch.setattr(legal_model, "DEFAULT_MODEL", target)
    out = io.StringIO()
    assert cli_kb.run_train_legal(out) == 0
    texts, labels = legal_model.load_examples()
    assert f"{len(texts)} examples ({sum(labels)} legal)" in out.getvalue()
    stored = json.loads((legal_model.HERE / "legal_model.json").read_text(encoding="utf-8"))
    assert json.loads(target.read_text(encoding="utf-8")) == stored
