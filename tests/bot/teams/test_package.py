"""The Teams app package: manifest with the app id, icons of the right size."""

from __future__ import annotations

import json
import struct
import zipfile
import zlib

import pytest

from bot.teams.package import (
    TEAMS_DIR,
    PackageError,
    build_package,
    color_icon,
    outline_icon,
    png_size,
)
from tests.conftest import make_settings

APP_ID = "7d9c2f1e-1234-4abc-9def-0123456789ab"


def pixels(data: bytes) -> list[tuple[int, int, int, int]]:
    width, height = png_size(data)
    start = data.index(b"IDAT") + 4
    length = struct.unpack(">I", data[start - 8:start - 4])[0]
    raw = zlib.decompress(data[start:start + length])
    stride = 1 + width * 4
    assert all(raw[y * stride] == 0 for y in range(height))  # filter type None
    return [tuple(raw[y * stride + 1 + x * 4: y * stride + 5 + x * 4])
            for y in range(height) for x in range(width)]


def test_package_has_manifest_with_app_id_and_icons(tmp_path):
    out = build_package(tmp_path / "sub" / "app.zip", make_settings(microsoft_app_id=APP_ID))
    with zipfile.ZipFile(out) as package:
        assert sorted(package.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(package.read("manifest.json"))
        color, outline = package.read("color.png"), package.read("outline.png")
    assert "{{" not in json.dumps(manifest)
    assert manifest["id"] == APP_ID and manifest["bots"][0]["botId"] == APP_ID
    assert tuple(int(p) for p in manifest["manifestVersion"].split(".")) >= (1, 16)
    assert manifest["manifestVersion"] in manifest["$schema"]
    assert manifest["bots"][0]["scopes"] == ["personal", "team", "groupChat"]
    titles = [c["title"] for c in manifest["bots"][0]["commandLists"][0]["commands"]]
    assert {"help", "juridisch"} <= set(titles)
    assert manifest["validDomains"] and len(manifest["name"]["short"]) <= 30
    assert len(manifest["description"]["short"]) <= 80
    assert (png_size(color), png_size(outline)) == ((192, 192), (32, 32))


def test_committed_icons_match_the_drawing():
    assert (TEAMS_DIR / "color.png").read_bytes() == color_icon()
    assert (TEAMS_DIR / "outline.png").read_bytes() == outline_icon()


def test_outline_is_white_on_transparent():
    found = set(pixels(outline_icon()))
    assert found == {(255, 255, 255, 255), (0, 0, 0, 0)}
    assert len(set(pixels(color_icon()))) >= 2


@pytest.mark.parametrize("app_id", ["", "not-a-guid"])
def test_without_a_real_app_id_there_is_no_package(tmp_path, app_id):
    with pytest.raises(PackageError, match="MICROSOFT_APP_ID"):
        build_package(tmp_path / "app.zip", make_settings(microsoft_app_id=app_id))
    assert not (tmp_path / "app.zip").exists()


def test_the_package_command_works_from_a_normal_install(tmp_path):
    """Installed as a wheel (not editable, no checkout around it), in an empty directory."""
    import os
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    source = tmp_path / "source"
    for name in ("pyproject.toml", "README.md"):
        source.mkdir(exist_ok=True)
        shutil.copy(root / name, source / name)
    for package in ("bot", "handlers", "knowledge", "storage"):
        shutil.copytree(root / package, source / package,
                        ignore=shutil.ignore_patterns("__pycache__"))
    site = tmp_path / "site"
    build = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                            "--target", str(site), str(source)],
                           capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stderr
    empty = tmp_path / "elsewhere"
    empty.mkdir()
    code = ("import sys, bot; assert bot.__file__.startswith(sys.argv[1]), bot.__file__; "
            "from bot.cli import main; sys.exit(main(['teams-package']))")
    env = {**os.environ, "PYTHONPATH": str(site), "MICROSOFT_APP_ID": APP_ID}
    proc = subprocess.run([sys.executable, "-c", code, str(site)], cwd=empty, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    with zipfile.ZipFile(empty / "helpdesk-teams-app.zip") as package:
        assert sorted(package.namelist()) == ["color.png", "manifest.json", "outline.png"]
        assert json.loads(package.read("manifest.json"))["id"] == APP_ID
