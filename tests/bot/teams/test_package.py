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
