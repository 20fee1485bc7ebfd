"""Built to last: every page labelled and keyboard-reachable, every form that changes
something carries the CSRF token, colours pass WCAG AA, templates always escape."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from bot.console.charts import COLOURS
from tests.bot.console.conftest import ADMIN, failed_delivery
from tests.bot.slack.harness import LEGAL_QUESTION, STAFF_CHANNEL

CONSOLE = Path(__file__).resolve().parents[3] / "bot" / "console"
PAGES = ["/console/welcome", "/console/queue", "/console/queue/1", "/console/insights",
         "/console/knowledge", "/console/knowledge/try?q=wat+is+ring+1",
         "/console/knowledge/drafts/new", "/console/knowledge/drafts/1",
         "/console/announcements", "/console/audit"]


class PageAudit(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.labels: set[str] = set()
        self.controls: list[dict] = []
        self.forms: list[dict] = []
        self.h1 = 0
        self.html_lang = ""
        self.skip_link = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.html_lang = a.get("lang", "")
        elif tag == "h1":
            self.h1 += 1
        elif tag == "a" and a.get("href") == "#main":
            self.skip_link = True
        elif tag == "label" and a.get("for"):
            self.labels.add(a["for"])
        elif tag == "form":
            self.forms.append({"method": a.get("method", "get").lower(), "csrf": False})
        elif tag in ("input", "select", "textarea"):
            if tag == "input" and a.get("type") == "hidden":
                if a.get("name") == "csrf" and self.forms:
                    self.forms[-1]["csrf"] = bool(a.get("value"))
                return
            self.controls.append(a)


def _unlabelled(audit: PageAudit) -> list[dict]:
    return [c for c in audit.controls if c.get("type") != "submit" and not (
        c.get("id") in audit.labels or c.get("aria-label") or c.get("aria-labelledby"))]


async def test_every_page_is_labelled_and_every_post_form_has_the_token(console, client):
    await console.send_event(console.mention(LEGAL_QUESTION))
    await console.fake.wait_for("chat.postMessage", channel=STAFF_CHANNEL)
    console.services.console.drafts.create({"id": "x", "title": "X"}, "slack:UCURA")
    failed_delivery(console.services, "walkin:2026-12-03", "C1", {}, "gone")
    await client.sign_in(console.services, "slack", ADMIN)
    checked_forms = 0
    for path in PAGES:
        status, page, _ = await client.get(path)
        assert status == 200, path
        audit = PageAudit()
        audit.feed(page)
        assert audit.html_lang == "nl" and audit.h1 == 1 and audit.skip_link, path
        assert not _unlabelled(audit), (path, _unlabelled(audit))
        posts = [f for f in audit.forms if f["method"] == "post"]
        assert all(f["csrf"] for f in posts), path
        checked_forms += len(posts)
    assert checked_forms >= 10


def _luminance(hex_colour: str) -> float:
    hex_colour = hex_colour.lstrip("#")
    if len(hex_colour) == 3:
        hex_colour = "".join(c * 2 for c in hex_colour)
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_text_colours_pass_wcag_aa():
    css = (CONSOLE / "static" / "console.css").read_text(encoding="utf-8")
    var = dict(re.findall(r"--([a-z]+):\s*(#[0-9a-fA-F]{3,6})", css))
    assert contrast(var["ink"], var["bg"]) >= 4.5
    assert contrast(var["link"], var["bg"]) >= 4.5
    assert contrast(var["muted"], var["bg"]) >= 4.5
    assert contrast("#ffffff", var["band"]) >= 4.5  # header text, primary buttons
    assert contrast("#a4161a", "#ffffff") >= 4.5  # danger buttons
    pairs = re.findall(r"background:\s*(#[0-9a-fA-F]{6});\s*color:\s*(#[0-9a-fA-F]{6})", css)
    assert len(pairs) >= 3, "the SLA chips"
    for background, colour in pairs:
        assert contrast(colour, background) >= 4.5, (colour, background)
    for outcome, fill in COLOURS.items():  # chart bars: non-text contrast
        assert contrast(fill, "#ffffff") >= 3, outcome


def test_templates_never_switch_escaping_off(console):
    for template in (CONSOLE / "templates").glob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"\|\s*safe\b|autoescape\s+false|Markup\(", text), template.name
    from bot.console.app import build_console_app

    app = build_console_app(console.services)
    import aiohttp_jinja2

    environment = aiohttp_jinja2.get_env(app)
    assert environment.autoescape is True or environment.autoescape("page.html")
