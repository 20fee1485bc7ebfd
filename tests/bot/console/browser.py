"""A real headless Chromium for the console tests: Debian's `chromium` package driven
by Playwright for Python (its own browser download cannot be fetched here, so the
executable is given). Screenshots go to tests/artifacts/console/ (gitignored)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from playwright.async_api import Browser, Page, async_playwright

CHROMIUM = os.environ.get("HELPDESK_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "console"


def chromium_path() -> str:
    path = CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")
    if not path:
        raise AssertionError(
            f"Chromium not found at {CHROMIUM}: install Debian's `chromium` package "
            "(./scripts/test does so when it runs as root), or set HELPDESK_CHROMIUM")
    return path


class Chromium:
    """One browser; `page()` opens a fresh context (own cookies) per person."""

    def __init__(self) -> None:
        self._playwright = None
        self.browser: Browser | None = None

    async def start(self) -> Chromium:
        self._playwright = await async_playwright().start()
        self.browser = await self._playwright.chromium.launch(
            executable_path=chromium_path(), args=FLAGS, headless=True)
        return self

    async def page(self) -> Page:
        context = await self.browser.new_context(viewport={"width": 1280, "height": 900},
                                                 locale="nl-NL")
        return await context.new_page()

    async def stop(self) -> None:
        if self.browser is not None:
            await self.browser.close()
        if self._playwright is not None:
            await self._playwright.stop()


async def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    await page.screenshot(path=str(path), full_page=True)
    return path


async def sign_in_with_keyboard(page: Page, url: str) -> None:
    """Open the link and press the sign-in button with Tab and Enter only."""
    await page.goto(url)
    for _ in range(10):
        await page.keyboard.press("Tab")
        if await page.evaluate("document.activeElement.type === 'submit'"):
            break
    else:
        raise AssertionError("the sign-in button cannot be reached with Tab")
    async with page.expect_navigation():
        await page.keyboard.press("Enter")
