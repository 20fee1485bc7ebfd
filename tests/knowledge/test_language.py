"""Language guess: English askers get English answers; Dutch is the default."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.language import detect_language


@pytest.mark.parametrize(
    "question",
    [
        "What are the building blocks?",
        "Is there a working group about local teams?",
        "Who is Marion Jorissen?",
        "Can you tell me about the proeftuinen?",
        "WHAT IS THE INLOOPUUR",
        "hello",
        "thanks",
    ],
)
def test_english(question):
    assert detect_language(question) == "en"


@pytest.mark.parametrize(
    "question",
    [
        "Wat zijn de bouwstenen?",
        "Is er een werkgroep over lokale teams?",  # 'is' is shared, 'er een' is Dutch
        "Wie is Marion Jorissen?",
        "Kun je iets vertellen over de proeftuinen?",
        "What is de rol van de gemeente?",  # mixed, Dutch wins the tie-break
        "bedankt",
    ],
)
def test_dutch(question):
    assert detect_language(question) == "nl"


@pytest.mark.parametrize("question", ["", "MAO", "ring 1", "is", "?!", "👍", "Привет"])
def test_too_little_to_tell_is_dutch(question):
    assert detect_language(question) == "nl"


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=300))
def test_always_a_known_language(text):
    assert detect_language(text) in ("nl", "en")
