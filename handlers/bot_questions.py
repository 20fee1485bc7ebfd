"""Messages whose questions are all about the bot itself.

"Ben jij een echt persoon van het landelijk team of een soort automatische
assistent? En wat kan ik je zoal vragen?" asks who and what the bot is; the
knowledge base's entry about the bot (tagged `chatbot`) may match the second
question, but the reply people expect is smalltalk: that it is a bot, and what it
can do. A kind word about it that asks nothing ("fijn dat deze chat er is") is
courtesy. What it can do, asked alone ("welke onderwerpen kent deze bot?"), stays
the entry's answer.
"""

from __future__ import annotations

from handlers.messages import Reply
from handlers.question_reading import Part
from handlers.smalltalk import about_the_bot_reply, courtesy_reply
from knowledge.analysis import Analysis
from knowledge.entries import KnowledgeBase

BOT_TAG = "chatbot"
"""The knowledge-base tag of entries about the bot itself (what it can do)."""


def about_the_bot_only(kb: KnowledgeBase, text: str, analysis: Analysis,
                       parts: tuple[Part, ...]) -> tuple[Reply, str] | None:
    """The smalltalk reply, and why, when every question of the message is about the
    bot (a smalltalk question, or one answered with a `chatbot` entry) and one asks
    who or what it is, or none asks outright and there is courtesy; else None."""

    def about_the_bot(part: Part) -> bool:
        entry = part.best_entry(kb)
        return part.kind == "answer" and entry is not None and BOT_TAG in entry.tags

    if not any(p.kind == "answer" for p in parts) or not all(
            p.kind == "smalltalk" or about_the_bot(p) for p in parts):
        return None
    if any(p.kind == "smalltalk" for p in parts):
        return (about_the_bot_reply(analysis.language == "en"),
                "every question is about the bot itself")
    courtesy = None if analysis.asks else courtesy_reply(text)
    return None if courtesy is None else (courtesy, "courtesy about the bot, nothing asked")
