"""Block Kit rendering: a neutral `Reply` as a Slack message, the modal that asks for
a text before a button's action runs, and the Home tab.

Pure functions on dicts, no I/O, so they are easy to test and to reuse from the
messenger, the listeners and the outbox. Slack's limits are respected here (3000
characters per section, 25 buttons per actions block, 75 per button label, 2000 per
button value, 50 blocks per message), so a long ticket question never makes a send
fail with `invalid_blocks`.
"""

from __future__ import annotations

import json
import re
from typing import Any

from handlers.messages import Choice, Reply, source_label
from handlers.unicode_text import strip_invisible

SECTION_LIMIT = 3000
FALLBACK_TEXT_LIMIT = 3900
LABEL_LIMIT = 75
VALUE_LIMIT = 2000
BUTTONS_PER_BLOCK = 25
MESSAGE_BLOCK_LIMIT = 50
VIEW_BLOCK_LIMIT = 100
PROMPT_CALLBACK = "helpdesk.prompt"
PROMPT_BLOCK = "text"
PROMPT_INPUT = "text"
PROMPT_MAX_CHARS = 3000
ACTION_ID_PATTERN = r"^[a-z_]+\.[a-z_]+:\d+$"
"""Button action ids are "<neutral action>:<n>" (unique per message)."""

Block = dict[str, Any]


_FORMATTING = str.maketrans({"*": "\u2217", "_": "\u02cd", "~": "\u223c", "`": "\u02cb"})
"""Slack has no escape for its formatting marks, so user text shows look-alikes instead:
∗bold∗, ˍitalicsˍ, ∼strike∼, ˋcodeˋ render as typed, not as formatting."""


_URL = re.compile(r"(https?://[^\s<>|]+)")


def escape(text: str) -> str:
    """Escape the three characters Slack's mrkdwn treats as control characters."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def mrkdwn(text: str) -> str:
    """THE helper for any text Slack parses (a `mrkdwn` object or a message's top-level
    `text`): invisible and bidi characters removed, &, < and > escaped (so <!channel>,
    <@U123> and <https://evil.example|klik hier> stay literal), formatting marks shown
    as look-alikes, except inside a bare web address (a sign-in link or a Teams link
    with an underscore must keep working; Slack shows the address as it is). Every
    renderer here sends text through it."""
    text = strip_invisible(text)
    pieces = _URL.split(text)
    return escape("".join(piece if n % 2 else piece.translate(_FORMATTING)
                          for n, piece in enumerate(pieces)))


def plain(text: str) -> str:
    """Text for a `plain_text` object (buttons, headers, labels): invisible characters
    removed; Slack does not parse plain_text for mentions, links or formatting."""
    return strip_invisible(text)


def _escaped_len(text: str) -> int:
    return len(text) + 4 * text.count("&") + 3 * (text.count("<") + text.count(">"))


def _hard_split(line: str, size: int) -> list[str]:
    """A line whose escaped form exceeds `size`, cut between characters (never inside
    an escape such as &amp;)."""
    if _escaped_len(line) <= size:
        return [line]
    parts, start, used = [], 0, 0
    for i, char in enumerate(line):
        cost = _escaped_len(char)
        if used + cost > size:
            parts.append(line[start:i])
            start, used = i, 0
        used += cost
    parts.append(line[start:])
    return parts


def _pieces(text: str, size: int) -> list[str]:
    """Split at line breaks (or inside one huge line) into pieces whose escaped form
    is at most `size` characters."""
    pieces: list[str] = []
    lines: list[str] = []
    used = 0
    for line in text.split("\n"):
        for part in _hard_split(line, size):
            cost = _escaped_len(part) + (1 if lines else 0)
            if lines and used + cost > size:
                pieces.append("\n".join(lines))
                lines, cost = [], _escaped_len(part)
                used = 0
            lines.append(part)
            used += cost
    pieces.append("\n".join(lines))
    return pieces


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text, "verbatim": True}}


def text_sections(text: str) -> list[Block]:
    """The text as escaped mrkdwn sections of at most SECTION_LIMIT characters."""
    return [_section(mrkdwn(piece) or " ")
            for piece in _pieces(strip_invisible(text), SECTION_LIMIT)]


def encode_value(choice: Choice) -> str:
    """The button value: the neutral action name and value (and the prompt, if any)."""
    data = {"a": choice.action, "v": choice.value}
    if choice.prompt:
        data["p"] = choice.prompt[:300]
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))[:VALUE_LIMIT]


def decode_value(raw: str | None) -> tuple[str, str, str] | None:
    """(action, value, prompt) from a button value, or None for anything else."""
    try:
        data = json.loads(raw or "")
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("a"), str):
        return None
    return data["a"], str(data.get("v", "")), str(data.get("p", ""))


def button(choice: Choice, n: int) -> Block:
    element: Block = {
        "type": "button",
        "action_id": f"{choice.action}:{n}",
        "text": {"type": "plain_text", "text": plain(choice.label)[:LABEL_LIMIT] or "?",
                 "emoji": True},
        "value": encode_value(choice),
    }
    if choice.style in ("primary", "danger"):
        element["style"] = choice.style
    return element


def answer_sections(reply: Reply) -> list[Block]:
    """A reply to several questions: per question a bold heading, the text and its
    source as a context line, with a divider between questions."""
    blocks: list[Block] = []
    for n, section in enumerate(reply.sections):
        if n:
            blocks.append({"type": "divider"})
        if section.heading:
            blocks.append(_section(f"*{mrkdwn(section.heading)[:SECTION_LIMIT - 2]}*"))
        blocks += text_sections(section.text)
        if section.source:
            blocks.append({"type": "context", "elements": [
                {"type": "mrkdwn", "verbatim": True,
                 "text": mrkdwn(f"{source_label(reply)}: {section.source}"[:2900])}]})
    return blocks


def reply_blocks(reply: Reply) -> list[Block]:
    """Text sections (one group per question when there are several), the source as a
    context line, the choices as buttons."""
    buttons = [button(choice, n) for n, choice in enumerate(reply.choices)]
    groups = [buttons[i:i + BUTTONS_PER_BLOCK]
              for i in range(0, len(buttons), BUTTONS_PER_BLOCK)][:2]
    reserved = len(groups) + (1 if reply.source else 0)
    body = answer_sections(reply) if reply.sections else text_sections(reply.text)
    blocks = body[:MESSAGE_BLOCK_LIMIT - reserved]
    if reply.source:
        blocks.append({"type": "context", "elements": [
            {"type": "mrkdwn", "text": mrkdwn(f"{source_label(reply)}: {reply.source}"[:2900]),
             "verbatim": True}]})
    for n, group in enumerate(groups):
        block_id = f"{reply.kind}-{reply.fields.get('ticket', '')}-{n}"
        blocks.append({"type": "actions", "block_id": block_id, "elements": group})
    return blocks


def fallback_text(reply: Reply) -> str:
    """The notification / screen-reader text that goes with the blocks (Slack parses it
    as mrkdwn too: <!channel> here would notify the whole channel)."""
    text = strip_invisible(reply.text).strip() or " "
    if _escaped_len(text) > FALLBACK_TEXT_LIMIT:
        text = _hard_split(text, FALLBACK_TEXT_LIMIT - 1)[0] + "…"
    return mrkdwn(text)


def message_kwargs(reply: Reply) -> dict[str, Any]:
    """Arguments for chat.postMessage / chat.update / chat.postEphemeral."""
    return {"text": fallback_text(reply), "blocks": reply_blocks(reply),
            "unfurl_links": False, "unfurl_media": False}


def prompt_modal(action: str, value: str, prompt: str, channel: str | None,
                 thread: str | None) -> Block:
    """A modal with one multiline input; where the button was is kept in metadata."""
    meta = json.dumps({"a": action, "v": value, "c": channel or "", "t": thread or ""},
                      separators=(",", ":"))
    return {
        "type": "modal",
        "callback_id": PROMPT_CALLBACK,
        "private_metadata": meta[:3000],
        "title": {"type": "plain_text", "text": "Helpdesk"},
        "submit": {"type": "plain_text", "text": "Versturen"},
        "close": {"type": "plain_text", "text": "Annuleren"},
        "blocks": [{
            "type": "input",
            "block_id": PROMPT_BLOCK,
            "label": {"type": "plain_text", "text": plain(prompt or "Tekst")[:2000]},
            "element": {"type": "plain_text_input", "action_id": PROMPT_INPUT,
                        "multiline": True, "max_length": PROMPT_MAX_CHARS},
        }],
    }


def read_prompt(view: dict[str, Any]) -> tuple[str, str, str, str, str]:
    """(action, value, text, channel, thread) from a submitted prompt modal."""
    try:
        meta = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        meta = {}
    if not isinstance(meta, dict):
        meta = {}
    state = ((view.get("state") or {}).get("values") or {}).get(PROMPT_BLOCK) or {}
    text = (state.get(PROMPT_INPUT) or {}).get("value") or ""
    return (str(meta.get("a", "")), str(meta.get("v", "")), text,
            str(meta.get("c", "")), str(meta.get("t", "")))


def home_view(capabilities: str, walkin: str, tickets: list[tuple[int, str, str]] | None,
              ) -> Block:
    """The Home tab: what the bot does, the next walk-in hour and, for staff, open tickets
    as (id, state, preview)."""
    blocks: list[Block] = [
        {"type": "header", "text": {"type": "plain_text", "text": "Toekomstscenario helpdesk"}},
        *text_sections(capabilities),
        {"type": "context", "elements": [{"type": "mrkdwn", "text": mrkdwn(
            "Noem @helpdesk in een kanaal, stuur een direct bericht, of gebruik "
            "/helpdesk <vraag> (alleen jij ziet het antwoord) en /juridisch <vraag>.")}]},
        {"type": "divider"},
        _section("*Inloopuur*\n" + mrkdwn(walkin[:2900])),
    ]
    if tickets is not None:
        blocks += [{"type": "divider"}, {"type": "section", "text": {
            "type": "mrkdwn", "text": f"*Open tickets ({len(tickets)})*" if tickets
            else "*Open tickets*\nEr staan geen open tickets."}}]
        room = VIEW_BLOCK_LIMIT - len(blocks) - 1
        for ticket_id, state, preview in tickets[:room]:
            blocks.append(_section(mrkdwn(f"#{ticket_id} [{state}] {preview}"[:2900])))
    return {"type": "home", "blocks": blocks}
