"""The Teams app package (`helpdesk teams-package`): a zip with manifest.json,
color.png (192x192) and outline.png (32x32, white on transparent), ready to
upload in Teams ("Upload a custom app") or the Teams Developer Portal.

The manifest template and the icons are package data (bot/teams/app/), so the
command works from any install, not only a checkout; the bot's app id
(MICROSOFT_APP_ID) is filled in for `id` and `bots[0].botId`. The icons are drawn
by the small PNG writer below (zlib + struct, no imaging library), which also
redraws a missing one.
"""

from __future__ import annotations

import json
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.config import Settings

TEAMS_DIR = Path(__file__).resolve().parent / "app"
PLACEHOLDER = "{{MICROSOFT_APP_ID}}"
ACCENT = (0x1F, 0x5C, 0x99, 0xFF)
WHITE = (0xFF, 0xFF, 0xFF, 0xFF)
CLEAR = (0, 0, 0, 0)
_GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")

Pixel = tuple[int, int, int, int]


class PackageError(ValueError):
    """The package cannot be built (no app id, no manifest template)."""


def png(width: int, height: int, pixel: Callable[[int, int], Pixel]) -> bytes:
    """An RGBA PNG from a function of (x, y)."""
    rows = b"".join(b"\x00" + b"".join(bytes(pixel(x, y)) for x in range(width))
                    for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) from a PNG's header."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise PackageError("not a PNG file")
    return struct.unpack(">II", data[16:24])


def _in_bubble(x: float, y: float, size: float) -> bool:
    """A speech bubble: a rounded rectangle with a tail at the bottom left, scaled to size."""
    left, top, right, bottom, radius = 0.16 * size, 0.2 * size, 0.84 * size, 0.66 * size, \
        0.12 * size
    cx, cy = min(max(x, left + radius), right - radius), min(max(y, top + radius),
                                                             bottom - radius)
    if left <= x <= right and top <= y <= bottom and (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2:
        return True
    # the tail: a triangle from the bubble's bottom edge down to the lower left
    tx0, tx1, ty0, ty1 = 0.28 * size, 0.46 * size, bottom, 0.82 * size
    return ty0 <= y <= ty1 and tx0 <= x <= tx1 - (tx1 - tx0) * (y - ty0) / (ty1 - ty0)


def color_icon() -> bytes:
    """192x192: a white speech bubble with three dots on the programme's blue."""
    size = 192

    def pixel(x: int, y: int) -> Pixel:
        px, py = x + 0.5, y + 0.5
        if _in_bubble(px, py, size):
            for dot_x in (0.35, 0.5, 0.65):
                if (px - dot_x * size) ** 2 + (py - 0.43 * size) ** 2 <= (0.045 * size) ** 2:
                    return ACCENT
            return WHITE
        return ACCENT

    return png(size, size, pixel)


def outline_icon() -> bytes:
    """32x32: the bubble's outline, white on transparent (as Teams requires)."""
    size = 32

    def pixel(x: int, y: int) -> Pixel:
        px, py = x + 0.5, y + 0.5
        inside = _in_bubble(px, py, size)
        edge = any(not _in_bubble(px + dx, py + dy, size)
                   for dx, dy in ((-2, 0), (2, 0), (0, -2), (0, 2)))
        return WHITE if inside and edge else CLEAR

    return png(size, size, pixel)


ICONS: dict[str, Callable[[], bytes]] = {"color.png": color_icon, "outline.png": outline_icon}


def write_icons(directory: Path = TEAMS_DIR) -> None:
    """(Re)draw both icons into `directory`."""
    for name, draw in ICONS.items():
        (directory / name).write_bytes(draw())


def render_manifest(settings: Settings, template: Path = TEAMS_DIR / "manifest.json"
                    ) -> dict[str, Any]:
    """The manifest with the bot's app id filled in."""
    app_id = str(getattr(settings.platform("teams"), "app_id", "")).strip()
    if not _GUID.match(app_id):
        raise PackageError("MICROSOFT_APP_ID must be set to the bot's app id (a GUID, from the "
                           "Azure Bot resource or the Teams Developer Portal) to build the "
                           "Teams package")
    if not template.is_file():
        raise PackageError(f"the manifest template {template} is missing")
    return json.loads(template.read_text(encoding="utf-8").replace(PLACEHOLDER, app_id))


def build_package(out: Path, settings: Settings, teams_dir: Path = TEAMS_DIR) -> Path:
    """Write the app package zip to `out`; returns its path."""
    manifest = render_manifest(settings, teams_dir / "manifest.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
        for name, draw in ICONS.items():
            path = teams_dir / name
            package.writestr(name, path.read_bytes() if path.is_file() else draw())
    return out
