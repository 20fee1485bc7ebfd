"""The architecture's one-way dependencies and side-effect-free imports.

Handlers, knowledge and storage never touch a platform SDK or the `bot`
package (bot wires them, not the other way round), and importing any module
builds nothing: no database file, no output, no threads, no logging set-up.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORE_PACKAGES = ("handlers", "knowledge", "storage")
ALL_PACKAGES = ("bot", *CORE_PACKAGES)
PLATFORM_SDKS = ("slack_bolt", "slack_sdk", "botbuilder")
NOT_MODULES = {"storage/migrations/env.py"}  # an Alembic script, run only by Alembic


def _python_files(packages: tuple[str, ...]) -> list[Path]:
    return sorted(p for pkg in packages for p in (ROOT / pkg).rglob("*.py"))


def _module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path, root: Path = ROOT) -> list[tuple[int, str]]:
    """Every module `path` imports (absolute names, relative imports resolved),
    including importlib.import_module("...") / __import__("...") with a literal."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = _module_name(path, root).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                name = ".".join([*base, *([node.module] if node.module else [])])
                found.append((node.lineno, name))
                if not node.module:
                    found.extend((node.lineno, f"{name}.{a.name}".lstrip(".")) for a in node.names)
            else:
                found.append((node.lineno, node.module or ""))
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            callee = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            first = node.args[0]
            if callee in ("import_module", "__import__") and isinstance(first, ast.Constant) \
                    and isinstance(first.value, str):
                found.append((node.lineno, first.value))
    return found


def _violations(packages: tuple[str, ...], forbidden: tuple[str, ...]) -> list[str]:
    bad = []
    for path in _python_files(packages):
        for line, name in imported_modules(path):
            if any(name == f or name.startswith(f + ".") for f in forbidden):
                bad.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
    return bad


def test_the_scanner_sees_every_import_form(tmp_path):
    """The checker itself catches plain, dotted, from-, relative and dynamic imports."""
    pkg = tmp_path / "handlers"
    pkg.mkdir()
    sample = pkg / "sample.py"
    sample.write_text(
        "import slack_sdk.web\nfrom botbuilder.core import TurnContext\n"
        "from . import sibling\nfrom ..bot import config\n"
        "import importlib\nimportlib.import_module('slack_bolt.app')\n",
        encoding="utf-8",
    )
    names = [name for _, name in imported_modules(sample, root=tmp_path)]
    assert {"slack_sdk.web", "botbuilder.core", "handlers.sibling", "bot",
            "slack_bolt.app"} <= set(names)


def test_core_packages_have_python_files():
    """The scan below is not vacuous."""
    for pkg in CORE_PACKAGES:
        assert _python_files((pkg,)), f"no .py files under {pkg}/"


def test_no_platform_sdk_outside_bot():
    """handlers/, knowledge/ and storage/ never import slack_bolt, slack_sdk or botbuilder."""
    assert _violations(CORE_PACKAGES, PLATFORM_SDKS) == []


def test_core_packages_do_not_import_bot():
    """The dependency points one way: bot imports the core, never the reverse."""
    assert _violations(CORE_PACKAGES, ("bot",)) == []


_IMPORT_ALL = """
import contextlib, importlib, io, json, logging, os, sys, threading
failures = {}
out = io.StringIO()
with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
    for name in json.loads(sys.argv[1]):
        try:
            importlib.import_module(name)
        except Exception as exc:  # reported, not hidden
            failures[name] = f"{type(exc).__name__}: {exc}"
print(json.dumps({
    "failures": failures,
    "printed": out.getvalue(),
    "files": sorted(os.listdir(".")),
    "threads": threading.active_count(),
    "root_handlers": len(logging.getLogger().handlers),
}))
"""


def test_importing_every_module_has_no_side_effects(tmp_path):
    """Import every module of bot/, handlers/, knowledge/, storage/ in an empty cwd:
    nothing fails, nothing is printed, no file (helpdesk.sqlite3) appears, no
    thread starts and logging is left unconfigured."""
    modules = [_module_name(p) for p in _python_files(ALL_PACKAGES)
               if p.relative_to(ROOT).as_posix() not in NOT_MODULES]
    assert "bot.shell" in modules and "storage.database" in modules
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "PYTHON"))}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    proc = subprocess.run([sys.executable, "-c", _IMPORT_ALL, json.dumps(modules)],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["failures"] == {}
    assert report["printed"] == ""
    assert report["files"] == [], "importing created files in the working directory"
    assert report["threads"] == 1
    assert report["root_handlers"] == 0
    assert list(tmp_path.iterdir()) == []

