"""Entry and source models: the source line in Dutch and English; answers open with the fact."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from knowledge.entries import MIN_PHRASINGS, Entry, KnowledgeBase, Source

ARTICLE = Source(title="Samen aan de slag in de regio", title_en="Working together in the region",
                 file="000.txt")
PUBLIC = Source(title="Openbare informatie", title_en="Public information")
UNTRANSLATED = Source(title="Alleen Nederlands", file="001.txt")


def entry(entry_id: str = "e", source: str = "artikel", answer: str = "Het antwoord.",
          **extra) -> Entry:
    return Entry(id=entry_id, title="Titel", answer=answer, source=source, tags=["t"],
                 questions=[f"vraag {n}" for n in range(MIN_PHRASINGS)], **extra)


KB = KnowledgeBase(
    (entry("a"), entry("p", source="publiek", source_url="https://example.org"),
     entry("u", source="kaal")),
    sources={"artikel": ARTICLE, "publiek": PUBLIC, "kaal": UNTRANSLATED},
)


def test_dutch_source_line_is_unchanged():
    assert KB.source_title(KB.get("a")) == "Samen aan de slag in de regio"
    assert KB.source_title(KB.get("p")) == "Openbare informatie (https://example.org)"


def test_english_source_line_translates_and_keeps_the_dutch_article_title():
    assert KB.source_title(KB.get("a"), english=True) == (
        'Working together in the region (Dutch article: "Samen aan de slag in de regio")')
    assert KB.source_title(KB.get("p"), english=True) == "Public information (https://example.org)"


def test_english_source_line_without_translation_falls_back_to_dutch():
    assert KB.source_title(KB.get("u"), english=True) == "Alleen Nederlands"


def test_unknown_source_shows_its_id():
    kb = KnowledgeBase((entry("x", source="weg"),), sources={})
    assert kb.source_title(kb.get("x"), english=True) == "weg"


def test_an_empty_english_title_is_refused():
    with pytest.raises(ValidationError):
        Source(title="Titel", title_en="")


@pytest.mark.parametrize("answer", ["Ja.", "Ja, er is een werkgroep.", "ja er is er een",
                                    "Yes. There is.", "Yes, there is", "Nee.", "No, not yet.",
                                    "JA! Zeker."])
def test_an_answer_may_not_open_with_yes_or_no(answer):
    with pytest.raises(ValidationError, match="open with the fact"):
        entry(answer=answer)


@pytest.mark.parametrize("answer", ["Jaarlijks is er een bijeenkomst.", "Janssen leidt het team.",
                                    "Nederland heeft 11 proeftuinen.", "Nothing is planned yet.",
                                    "Yesterday's meeting was online.", "Er is ja een helpdesk."])
def test_words_that_merely_start_alike_are_fine(answer):
    assert entry(answer=answer).answer == answer


def test_the_english_answer_is_held_to_the_same_rule():
    with pytest.raises(ValidationError, match="answer_en"):
        entry(answer_en="Yes, it exists.")
