"""Reading a Teams activity: the text without the bot's @mention, commands from the
app's command list, who sent it, what kind of conversation it is, its tenant, and a
dedupe key. Pure functions of botbuilder's `Activity`; no I/O."""

from __future__ import annotations

import hashlib
import html
import re

from botbuilder.schema import Activity

COMMAND_WORDS = {"help": "/help", "hulp": "/hulp", "juridisch": "/juridisch",
                 "legal": "/legal", "programmateam": "/programmateam", "console": "/console"}
"""Commands from the app manifest's command list arrive without a slash."""
_AT_SPAN = re.compile(r"<at>(.*?)</at>", re.IGNORECASE | re.DOTALL)


def clean_text(activity: Activity) -> str:
    """The message text without the bot's @mention (other mentions keep their name) and
    without HTML entities. Not `remove_recipient_mention`, which also deletes the bot's
    name wherever else it occurs in the text."""
    text = activity.text or ""
    bot = activity.recipient
    spans = {f"<at>{bot.name}</at>"} if bot and bot.name else set()
    for entity in activity.entities or []:
        extra = getattr(entity, "additional_properties", None) or {}
        mentioned = extra.get("mentioned") or {}
        if entity.type == "mention" and bot and mentioned.get("id") == bot.id and extra.get("text"):
            spans.add(extra["text"])
    for span in spans:
        text = text.replace(span, " ")
    text = html.unescape(_AT_SPAN.sub(lambda m: m.group(1), text))
    return "\n".join(" ".join(line.split()) for line in text.splitlines()).strip()


def as_command(text: str) -> str:
    """'juridisch <vraag>' (picked from the command list) becomes '/juridisch <vraag>'."""
    parts = text.split(maxsplit=1)
    if parts and parts[0].lower() in COMMAND_WORDS:
        return " ".join([COMMAND_WORDS[parts[0].lower()], *parts[1:]])
    return text


def user_id(activity: Activity) -> str:
    """The AAD object id (what TEAMS_STAFF_IDS lists), else the Teams user id."""
    sender = activity.from_property
    return (sender.aad_object_id or sender.id or "") if sender else ""


def scope_of(activity: Activity) -> str:
    """personal, channel or groupChat, as ReferenceRepository stores it."""
    conversation = activity.conversation
    kind = conversation.conversation_type if conversation else None
    if kind in ("personal", "channel", "groupChat"):
        return kind
    return "groupChat" if conversation and conversation.is_group else "personal"


def event_id(activity: Activity) -> str | None:
    """Activity id plus conversation: Teams message ids are only unique per conversation."""
    if not activity.id:
        return None
    conversation = activity.conversation.id if activity.conversation else ""
    return f"{activity.id}|{hashlib.sha256(conversation.encode()).hexdigest()[:16]}"


def tenant_of(activity: Activity) -> str | None:
    """The AAD tenant: botbuilder's schema expects conversation "tenantID" and so drops the
    "tenantId" Teams sends; channelData.tenant.id is always there."""
    data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    conversation = activity.conversation
    extra = getattr(conversation, "additional_properties", None) or {}
    return ((data.get("tenant") or {}).get("id")
            or (conversation.tenant_id if conversation else None) or extra.get("tenantId"))
