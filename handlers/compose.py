"""Turn an assessment (handlers.triage) into the reply the asker reads.

One question, one answer: the entry's answer, its source and feedback
buttons, as always. Several questions: one section per question, each with
its own source; a question without an answer says so and offers to forward it.
An answer that lacks a specific the asker wanted (a date, a name) says plainly
that it is not in the bot's information and offers to forward.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from handlers.messages import Choice, Reply, Section
from handlers.smalltalk import help_reply
from knowledge.entries import Entry, KnowledgeBase
from knowledge.matcher import MAX_OPTIONS
from knowledge.specifics import Specific

if TYPE_CHECKING:
    from handlers.question_reading import Part
    from handlers.triage import Assessment

WalkinText = Callable[[datetime, bool], str]

ACTION_PICK = "faq.pick"
ACTION_FEEDBACK = "faq.feedback"
ACTION_FORWARD_TEAM = "faq.forward_team"
ACTION_FORWARD_LEGAL = "legal.forward"

_SPECIFIC_LABELS: dict[Specific, tuple[str, str]] = {
    Specific.DATE: ("de datum", "the date"),
    Specific.WHEN: ("wanneer dat is", "when that is"),
    Specific.TIME: ("het tijdstip", "the time"),
    Specific.PLACE: ("de locatie", "the location"),
    Specific.LINK: ("de link", "the link"),
    Specific.PERSON: ("de naam van de persoon", "the person's name"),
    Specific.CONTACT: ("het e-mailadres of telefoonnummer", "the e-mail address or phone number"),
    Specific.COST: ("de kosten", "the costs"),
    Specific.EFFORT: ("hoeveel tijd het kost", "how much time it takes"),
    Specific.COUNT: ("het aantal", "the number"),
    Specific.CURRENT: ("hoeveel het er nu zijn", "how many there are now"),
    Specific.NAMES: ("welke het precies zijn (de namen)", "which ones exactly (the names)"),
    Specific.RESULTS: ("resultaten of cijfers", "results or figures"),
    Specific.DECISION: ("een besluit hierover", "a decision on this"),
    Specific.CONTENTS: ("de precieze inhoud", "the exact contents"),
    Specific.DURATION: ("hoe lang het duurt", "how long it takes"),
    Specific.LIMIT: ("het maximum", "the maximum"),
    Specific.SIGNUP: ("hoe je je aanmeldt", "how to sign up"),
}

TEXTS = {
    "nl": {
        "legal": "Dit klinkt als een juridische vraag. Die beantwoordt de juridische helpdesk: "
                 "ik kan je vraag doorsturen (zonder persoonsgegevens) en het antwoord komt "
                 "privé bij je terug.",
        "forward_legal": "Doorsturen naar de juridische helpdesk",
        "clarify": "Welk van deze onderwerpen bedoel je?",
        "clarify_part": "Bij je vraag “{q}” twijfel ik tussen een paar onderwerpen: {options}. "
                        "Kies hieronder wat je bedoelt.",
        "fallback": "Daar heb ik (nog) geen antwoord op. Zal ik je vraag doorsturen naar het "
                    "landelijk programmateam? Is het een juridische vraag, dan kan de "
                    "juridische helpdesk hem beantwoorden.",
        "fallback_part": "Op je vraag “{q}” heb ik (nog) geen antwoord.",
        "forward_team": "Doorsturen naar het programmateam",
        "forward_offer": "Zal ik je vraag doorsturen naar het programmateam?",
        "missing": "Wat je precies vraagt, {what}, staat niet in de informatie die ik heb.",
        "offtopic": "Daarmee kan ik je helaas niet helpen: over {label} weet ik niets. Ik ben "
                    "de helpdesk van het Toekomstscenario; vraag me gerust iets over de "
                    "bouwstenen, de proeftuinen, de werkgroepen of de ondersteuning van regio's.",
        "offtopic_part": "“{q}”: daarmee kan ik je niet helpen (over {label} weet ik niets).",
        "source": "Bron",
        "empty": "Ik zag geen vraag in je bericht.",
        "and": "en",
    },
    "en": {
        "legal": "This sounds like a legal question. The legal helpdesk answers those; "
                 "I can forward your question to them (personal data removed) and the "
                 "answer will come back to you privately.",
        "forward_legal": "Forward to the legal helpdesk",
        "clarify": "Which of these topics do you mean?",
        "clarify_part": "For your question “{q}” I am not sure which topic you mean: {options}. "
                        "Pick one below.",
        "fallback": "I don't have an answer to that (yet). Shall I forward your question "
                    "to the programme team? If it is a legal question, the legal helpdesk "
                    "can answer it.",
        "fallback_part": "I don't have an answer (yet) to your question “{q}”.",
        "forward_team": "Forward to the programme team",
        "forward_offer": "Shall I forward your question to the programme team?",
        "missing": "What you asked for exactly, {what}, is not in the information I have.",
        "offtopic": "I'm afraid I can't help with that: I know nothing about {label}. I am the "
                    "helpdesk of the Toekomstscenario programme; ask me about the building "
                    "blocks, the pilot sites, the working groups or the support for regions.",
        "offtopic_part": "“{q}”: I can't help with that (I know nothing about {label}).",
        "source": "Source",
        "empty": "I didn't see a question there.",
        "and": "and",
    },
}


def feedback_choices(entry_id: str, english: bool = False) -> list[Choice]:
    """Helpful / not helpful buttons under an answer."""
    if english:
        return [Choice("👍 Helpful", ACTION_FEEDBACK, f"up:{entry_id}"),
                Choice("👎 Not helpful", ACTION_FEEDBACK, f"down:{entry_id}")]
    return [Choice("👍 Nuttig", ACTION_FEEDBACK, f"up:{entry_id}"),
            Choice("👎 Niet nuttig", ACTION_FEEDBACK, f"down:{entry_id}")]


def _pick_choices(entries: list[Entry], lang: str) -> list[Choice]:
    """A button per candidate; its value carries the asker's language ("en:ring-1")."""
    return [Choice(e.title_in(lang), ACTION_PICK, f"{lang}:{e.id}") for e in entries]


def _listing(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {TEXTS[lang]['and']} " + items[-1]


_UNKNOWN_SAID = ("niet in de informatie die ik heb", "not in the information i have")


def _says_unknown(answer: str) -> bool:
    """The answer itself already says a specific is not in the bot's information."""
    folded = answer.lower()
    return any(phrase in folded for phrase in _UNKNOWN_SAID)


def _quote(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


class Composer:
    """Builds replies: entries rendered in the asker's language, parts put together."""

    def __init__(self, kb: KnowledgeBase, walkin_text: WalkinText,
                 clock: Callable[[], datetime]):
        self.kb = kb
        self.walkin_text = walkin_text
        self.clock = clock

    def render(self, entry: Entry, english: bool) -> str:
        text = entry.answer_in("en" if english else "nl")
        if "{inloopuur}" in text:
            text = text.replace("{inloopuur}", self.walkin_text(self.clock(), english)).strip()
        return text

    def entry_reply(self, entry_id: str, english: bool = False, score: float = 1.0) -> Reply:
        entry = self.kb.get(entry_id)
        lang = "en" if english else "nl"
        if entry is None:
            return Reply(text=TEXTS[lang]["fallback"], kind="fallback", language=lang)
        return Reply(text=self.render(entry, english), kind="answer", entry_id=entry.id,
                     score=score, source=self.kb.source_title(entry, english),
                     choices=feedback_choices(entry.id, english), language=lang)

    # -- whole replies -------------------------------------------------------
    def reply(self, a: Assessment) -> Reply:
        lang = "en" if a.language == "en" else "nl"
        t = TEXTS[lang]
        if a.kind == "empty":
            reply = help_reply(lang == "en")
            reply.text = t["empty"] + " " + reply.text
            return reply
        if a.kind == "smalltalk" and a.smalltalk is not None:
            return a.smalltalk
        if a.kind == "legal":
            score = a.legal.score if a.legal else 0.0
            return Reply(text=t["legal"], kind="legal", score=score, language=lang,
                         reason=a.reason, choices=[Choice(t["forward_legal"],
                                                          ACTION_FORWARD_LEGAL, style="primary")])
        parts = self._distinct(a.parts)
        if a.kind == "offtopic":
            label = _listing(list(dict.fromkeys(p.offtopic.label for p in parts if p.offtopic)),
                             lang)
            return Reply(text=t["offtopic"].format(label=label), kind="fallback",
                         reason="offtopic", language=lang)
        if len(parts) == 1:
            return self._single(parts[0], a, lang)
        return self._several(parts, a, lang)

    @staticmethod
    def _distinct(parts: tuple[Part, ...]) -> list[Part]:
        """One part per answered entry: two questions about one topic get one answer,
        which still reports every specific either question asked for and lacks."""
        first: dict[str, int] = {}
        out: list[Part] = []
        for part in parts:
            best = part.outcome.best
            if part.kind == "answer" and best is not None:
                if best.entry_id in first:
                    kept = out[first[best.entry_id]]
                    extra = tuple(s for s in part.missing if s not in kept.missing)
                    out[first[best.entry_id]] = replace(kept, missing=kept.missing + extra)
                    continue
                first[best.entry_id] = len(out)
            out.append(part)
        return out

    def _single(self, part: Part, a: Assessment, lang: str) -> Reply:
        t = TEXTS[lang]
        best = part.outcome.best
        score = best.score if best else 0.0
        if part.kind == "answer" and best is not None:
            reply = self.entry_reply(best.entry_id, lang == "en", score)
            if part.missing:
                if not _says_unknown(reply.text):
                    reply.text += "\n\n" + self._missing_note(part, lang)
                reply.choices.append(Choice(t["forward_team"], ACTION_FORWARD_TEAM))
                reply.gaps = [part.asked]
            reply.reason = a.reason
            return reply
        if part.kind == "clarify":
            entries = self._candidates(part)
            return Reply(text=t["clarify"], kind="clarify", score=score, language=lang,
                         options=[e.id for e in entries], reason=a.reason,
                         choices=_pick_choices(entries, lang))
        return Reply(text=t["fallback"], kind="fallback", score=score, language=lang,
                     reason=a.reason, gaps=[a.text],
                     choices=[Choice(t["forward_team"], ACTION_FORWARD_TEAM),
                              Choice(t["forward_legal"], ACTION_FORWARD_LEGAL)])

    def _candidates(self, part: Part) -> list[Entry]:
        """The entries a clarify offers: the top MAX_OPTIONS that still exist."""
        return [e for m in part.outcome.matches[:MAX_OPTIONS] if (e := self.kb.get(m.entry_id))]

    def _missing_note(self, part: Part, lang: str) -> str:
        t = TEXTS[lang]
        what = _listing([_SPECIFIC_LABELS[s][lang == "en"] for s in part.missing], lang)
        return t["missing"].format(what=what) + " " + t["forward_offer"]

    def _several(self, parts: list[Part], a: Assessment, lang: str) -> Reply:
        t = TEXTS[lang]
        sections: list[Section] = []
        choices: list[Choice] = []
        gaps: list[str] = []
        first_answer = None
        for part in parts:
            best = part.outcome.best
            if part.kind == "answer" and best is not None and (e := self.kb.get(best.entry_id)):
                body = self.render(e, lang == "en")
                if part.missing:
                    if not _says_unknown(body):
                        body += "\n" + self._missing_note(part, lang)
                    gaps.append(part.asked)
                source = self.kb.source_title(e, lang == "en")
                sections.append(Section(e.title_in(lang), body, source, e.id))
                first_answer = first_answer or (e.id, best.score)
            elif part.kind == "clarify":
                entries = self._candidates(part)
                options = _listing([f"“{e.title_in(lang)}”" for e in entries], lang)
                sections.append(Section(_quote(part.asked), t["clarify_part"].format(
                    q=_quote(part.asked), options=options)))
                choices += _pick_choices(entries, lang)
            elif part.kind == "smalltalk":
                sections.append(Section(_quote(part.asked), part.chat))
            elif part.kind == "offtopic" and part.offtopic is not None:
                sections.append(Section(_quote(part.asked), t["offtopic_part"].format(
                    q=_quote(part.asked), label=part.offtopic.label)))
            else:
                sections.append(Section(_quote(part.asked), t["fallback_part"].format(
                    q=_quote(part.asked)) + " " + t["forward_offer"]))
                gaps.append(part.asked)
        if gaps:
            choices.append(Choice(t["forward_team"], ACTION_FORWARD_TEAM))
        kind = a.kind if a.kind in ("answer", "clarify", "fallback") else "answer"
        entry_id, score = first_answer or (None, max(
            (p.outcome.best.score for p in parts if p.outcome.best), default=0.0))
        text = "\n\n".join(s.plain(t["source"]) for s in sections)
        options = [c.value.partition(":")[2] for c in choices if c.action == ACTION_PICK]
        return Reply(text=text, kind=kind, entry_id=entry_id, score=score, choices=choices,
                     sections=sections, gaps=gaps, options=options, reason=a.reason,
                     language=lang, source=None)
