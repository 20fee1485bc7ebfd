"""botbuilder stays inside bot/teams (and tests): handlers, storage, knowledge and the
rest of bot/ never import it, and importing bot.teams modules has no side effects."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PLATFORM_SDKS = ("botbuilder", "botframework", "msrest")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
    return found


def test_botbuilder_is_only_imported_in_bot_teams():
    offenders = []
    for package in ("bot", "handlers", "knowledge", "storage"):
        for path in (ROOT / package).rglob("*.py"):
            if path.is_relative_to(ROOT / "bot" / "teams"):
                continue
            bad = [m for m in imported_modules(path) if m.split(".")[0] in PLATFORM_SDKS]
            if bad:
                offenders.append(f"{path.relative_to(ROOT)}: {bad}")
    assert offenders == []


def test_teams_modules_build_nothing_at_import():
    for path in (ROOT / "bot" / "teams").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
                raise AssertionError(f"{path.name}: a call at import time (line {node.lineno})")
