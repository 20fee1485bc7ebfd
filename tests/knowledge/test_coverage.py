"""Source coverage (`helpdesk kb coverage`): sentence splitting and the covered rule."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.coverage import (
    COVERED_AT,
    MAX_COMBINED,
    coverage,
    split_sentences,
    words_of,
)
from knowledge.entries import MIN_PHRASINGS, Entry, KnowledgeBase

# Ten content words that survive normalisation as ten distinct stems.
WORDS = ["appel", "banaan", "citroen", "dadel", "framboos", "granaatappel", "kiwi",
         "limoen", "mango", "nectarine"]


def entry(entry_id: str, answer: str) -> Entry:
    return Entry(id=entry_id, title=f"Titel {entry_id}", answer=answer,
                 questions=[f"vraag {n} over {entry_id}" for n in range(MIN_PHRASINGS)],
                 tags=["test"], source="bron")


def kb(*answers: str) -> KnowledgeBase:
    return KnowledgeBase(tuple(entry(f"e{n}", a) for n, a in enumerate(answers)))


def report_for(text: str, *answers: str):
    return coverage([("bron.txt", text)], kb(*answers))


def test_the_ten_words_are_ten_content_words():
    assert len(words_of(" ".join(WORDS))) == len(WORDS)


# -- splitting ---------------------------------------------------------------------

def test_split_keeps_sentences_and_list_items_and_skips_headings():
    text = ("Een kop zonder punt\n\n"
            "Beeld: ©Ministerie van JenV\n"
            "De eerste zin staat hier. De tweede zin t.o.v. de eerste staat er ook.\n"
            "  • Een opsommingsteken zonder punt\n"
            "  • Nog een punt;\xa0\n"
            "29 september 2021\n")
    sentences, headings = split_sentences("bron.txt", text)
    assert [(s.line, s.text) for s in sentences] == [
        (4, "De eerste zin staat hier."),
        (4, "De tweede zin t.o.v. de eerste staat er ook."),
        (5, "Een opsommingsteken zonder punt"),
        (6, "Nog een punt;"),
    ]
    assert headings == 3


def test_a_line_ending_in_a_colon_is_a_sentence():
    sentences, headings = split_sentences("f", "De bouwstenen zijn:\n")
    assert [s.text for s in sentences] == ["De bouwstenen zijn:"] and headings == 0


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_splitting_any_text_never_fails(text):
    sentences, headings = split_sentences("f", text)
    assert headings >= 0
    for sentence in sentences:
        assert sentence.words and sentence.text


# -- the covered rule ----------------------------------------------------------------

def test_covered_exactly_at_the_threshold_and_not_one_word_below():
    sentence = " ".join(WORDS) + "."
    needed = math.ceil(COVERED_AT * len(WORDS))
    at = report_for(sentence, " ".join(WORDS[:needed]))
    below = report_for(sentence, " ".join(WORDS[:needed - 1]))
    assert at.results[0].share == pytest.approx(needed / len(WORDS))
    assert at.results[0].covered and not at.uncovered
    assert not below.results[0].covered
    assert below.uncovered[0].missing == tuple(sorted(words_of(" ".join(WORDS[needed - 1:]))))


def test_two_answers_together_may_cover_a_sentence_but_not_more():
    sentence = " ".join(WORDS) + "."
    halves = [" ".join(WORDS[:5]), " ".join(WORDS[5:])]
    together = report_for(sentence, *halves)
    assert together.results[0].covered
    assert set(together.results[0].entries) == {"e0", "e1"}
    fifths = [" ".join(WORDS[n:n + 2]) for n in range(0, len(WORDS), 2)]
    assert MAX_COMBINED == 2
    assert not report_for(sentence, *fifths).results[0].covered


def test_a_number_or_month_the_answers_lack_leaves_the_sentence_uncovered():
    sentence = "Sinds april 2021 " + " ".join(WORDS) + "."
    without_date = report_for(sentence, " ".join(WORDS))
    assert without_date.results[0].share >= COVERED_AT
    assert not without_date.results[0].covered
    assert {"april", "2021"} <= set(without_date.results[0].missing)
    assert not report_for(sentence, "2021 " + " ".join(WORDS)).results[0].covered
    assert report_for(sentence, "april 2021 " + " ".join(WORDS)).results[0].covered


def test_stopwords_and_spelling_do_not_count():
    """Compared the way the matcher compares: no stopwords, case, accents or plural -en."""
    report = report_for("De Proeftuinen en de bouwstenen créëren.",
                        "Een proeftuin en een bouwsteen creeren")
    assert report.results[0].covered


def test_placeholders_are_not_words():
    assert words_of("Het inloopuur. {inloopuur}") == words_of("Het inloopuur.")


def test_only_the_dutch_answer_counts():
    english = Entry(id="en", title="t", answer="iets anders", answer_en=" ".join(WORDS),
                    questions=[f"vraag {n}" for n in range(MIN_PHRASINGS)], tags=["t"],
                    source="bron")
    report = coverage([("f", " ".join(WORDS) + ".")], KnowledgeBase((english,)))
    assert report.uncovered


def test_an_empty_knowledge_base_covers_nothing():
    report = coverage([("f", "Een zin over proeftuinen.")], KnowledgeBase(()))
    assert len(report.uncovered) == 1 and report.uncovered[0].entries == ()
