"""Render a neutral `Reply` for Teams, and read a card button back as an `Action`.

A reply with buttons, a source or a ticket becomes an Adaptive Card: one
TextBlock per line (so line breaks survive on every Teams client without
relying on Markdown), the source in small print, and one button per `Choice`.
Every piece of text goes through `card_text` (TextBlocks, which Teams reads as
Markdown: a typed [klik hier](https://evil.example) must not become a disguised
link) or `xml_text` (plain messages); both drop invisible and bidi characters.
A choice with a `prompt` ("ask for a text first") becomes an Action.ShowCard
holding a multi-line Input.Text and its own submit button. Anything else is a
plain message, HTML-escaped (textFormat "xml") so user text is never read as
markup.

Buttons are Action.Submit by default (they arrive as a message whose `value`
is the button's data merged with the inputs); `execute=True` renders
Action.Execute instead (an `adaptiveCard/action` invoke). Both carry the same
data, so `parse_action` reads either. Pure functions: no botbuilder, no I/O.
"""

from __future__ import annotations

import html
import re
from typing import Any

from handlers.messages import Action, Choice, Reply, source_label
from handlers.unicode_text import strip_invisible

CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
CARD_VERSION = "1.4"
ACTION_KEY = "hd_action"
VALUE_KEY = "hd_value"
INPUT_KEY = "hd_input"
"""Card data keys; prefixed so they never collide with an input's id, which
Action.Submit merges into the same object."""

MAX_ACTION_CHARS = 100
MAX_VALUE_CHARS = 200
MAX_INPUT_CHARS = 20_000
CARD_KINDS = ("ticket", "answer", "clarify", "fallback", "legal")

_STYLES = {"primary": "positive", "danger": "destructive"}


def wants_card(reply: Reply) -> bool:
    """Whether the reply needs a card (buttons, a source, or a ticket layout)."""
    return bool(reply.choices or reply.source or reply.sections or reply.kind in CARD_KINDS)


_MARKDOWN = re.compile(r"([\\`*_\[\]~<>])")
_LINE_MARKER = re.compile(r"^(\s*)([-+>]|\d+(?=[.)]))", re.MULTILINE)
_MARKDOWN_ENTITIES = {c: f"&#{ord(c)};" for c in "\\`*_[]~"}


def card_text(text: str) -> str:
    """THE helper for text in an Adaptive Card TextBlock (Markdown): invisible characters
    removed, Markdown punctuation backslash-escaped, list and quote markers at the start
    of a line escaped, so **bold**, _italics_, `code` and [label](url) show as typed."""
    text = _MARKDOWN.sub(r"\\\1", strip_invisible(text))
    return _LINE_MARKER.sub(lambda m: m.group(1) + m.group(2) + "\\"
                            if m.group(2).isdigit() else m.group(1) + "\\" + m.group(2), text)


def xml_text(text: str) -> str:
    """Text for a plain message with textFormat "xml": invisible characters removed,
    HTML-escaped, Markdown punctuation as character references (never read as
    formatting, shown as typed), line breaks kept."""
    escaped = html.escape(strip_invisible(text), quote=False)
    escaped = "".join(_MARKDOWN_ENTITIES.get(c, c) for c in escaped)
    return escaped.replace("\r\n", "\n").replace("\n", "<br>")


def label_text(text: str) -> str:
    """Button titles, input labels and summaries are plain: invisible characters go."""
    return strip_invisible(text)


def _text_blocks(text: str, bold_first: bool) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = []
    gap = False
    for line in text.replace("\r\n", "\n").split("\n"):
        if not line.strip():
            gap = bool(blocks)
            continue
        block: dict[str, Any] = {"type": "TextBlock", "text": card_text(line), "wrap": True}
        if blocks:
            block["spacing"] = "Medium" if gap else "None"
        elif bold_first:
            block.update(weight="Bolder", size="Medium")
        blocks.append(block)
        gap = False
    return blocks or [{"type": "TextBlock", "text": " ", "wrap": True}]


def _button(choice: Choice, data: dict[str, str], execute: bool, title: str) -> dict[str, Any]:
    button: dict[str, Any] = {"type": "Action.Execute" if execute else "Action.Submit",
                              "title": label_text(title), "data": data}
    if execute:
        button["verb"] = choice.action
    if choice.style in _STYLES:
        button["style"] = _STYLES[choice.style]
    return button


def _action(choice: Choice, index: int, execute: bool, submit_label: str) -> dict[str, Any]:
    data = {ACTION_KEY: choice.action, VALUE_KEY: choice.value}
    if not choice.prompt:
        return _button(choice, data, execute, choice.label)
    input_id = f"hd_text_{index}"
    return {
        "type": "Action.ShowCard",
        "title": label_text(choice.label),
        "card": {
            "type": "AdaptiveCard",
            "body": [{"type": "Input.Text", "id": input_id, "label": label_text(choice.prompt),
                      "isMultiline": True, "isRequired": True, "maxLength": MAX_INPUT_CHARS,
                      "errorMessage": "Vul eerst een tekst in."}],
            "actions": [_button(choice, {**data, INPUT_KEY: input_id}, execute, submit_label)],
        },
    }


def _section_blocks(reply: Reply) -> list[dict[str, Any]]:
    """A reply to several questions: per question a bold heading, its text, its source."""
    body: list[dict[str, Any]] = []
    for n, section in enumerate(reply.sections):
        first: list[dict[str, Any]] = []
        if section.heading:
            first = [{"type": "TextBlock", "text": card_text(section.heading), "wrap": True,
                      "weight": "Bolder"}]
        blocks = first + _text_blocks(section.text, bold_first=False)
        if n:
            blocks[0].update(separator=True, spacing="Large")
        body += blocks
        if section.source:
            body.append({"type": "TextBlock",
                         "text": card_text(f"{source_label(reply)}: {section.source}"),
                         "wrap": True, "isSubtle": True, "size": "Small"})
    return body


def render_card(reply: Reply, execute: bool = False) -> dict[str, Any]:
    """The Adaptive Card (attachment content) for a reply."""
    body = (_section_blocks(reply) if reply.sections
            else _text_blocks(reply.text, bold_first=reply.kind == "ticket"))
    if reply.source:
        body.append({"type": "TextBlock",
                     "text": card_text(f"{source_label(reply)}: {reply.source}"),
                     "wrap": True, "isSubtle": True, "size": "Small", "spacing": "Medium"})
    submit_label = "Versturen"
    card: dict[str, Any] = {
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": CARD_VERSION,
        "msteams": {"width": "Full"},
        "body": body,
    }
    actions = [_action(c, i, execute, submit_label) for i, c in enumerate(reply.choices, 1)]
    if actions:
        card["actions"] = actions
    return card


def attachment(reply: Reply, execute: bool = False) -> dict[str, Any]:
    """The card as an activity attachment."""
    return {"contentType": CARD_CONTENT_TYPE, "content": render_card(reply, execute)}


def card_data(value: Any) -> dict[str, Any] | None:
    """The button data of an Action.Submit `value` or an Action.Execute invoke value."""
    if not isinstance(value, dict):
        return None
    action = value.get("action")
    if isinstance(action, dict) and action.get("type") == "Action.Execute":
        data = action.get("data")
        data = dict(data) if isinstance(data, dict) else {}
        if action.get("verb") and ACTION_KEY not in data:
            data[ACTION_KEY] = action["verb"]
        return data
    return value


def parse_action(value: Any) -> Action | None:
    """The neutral `Action` behind a card button, or None when it is not one of ours."""
    data = card_data(value)
    if not data:
        return None
    name = data.get(ACTION_KEY)
    if not isinstance(name, str) or not name.strip():
        return None
    inputs: dict[str, str] = {}
    input_id = data.get(INPUT_KEY)
    if isinstance(input_id, str) and input_id:
        text = data.get(input_id)
        inputs["text"] = text[:MAX_INPUT_CHARS] if isinstance(text, str) else ""
    raw_value = data.get(VALUE_KEY, "")
    value_text = raw_value if isinstance(raw_value, str) else str(raw_value)
    return Action(name.strip()[:MAX_ACTION_CHARS], value_text[:MAX_VALUE_CHARS], inputs)
