"""knowledge.word_frequency gives wordfreq's own Zipf values, only faster."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from wordfreq import get_frequency_dict, zipf_frequency

from knowledge.word_frequency import zipf


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_sampled_plain_word_has_wordfreqs_value(lang):
    plain = [w for w in get_frequency_dict(lang) if w.isascii() and w.isalpha() and w.islower()]
    for word in random.Random(5).sample(plain, 5000):
        assert zipf(word, lang) == zipf_frequency(word, lang), word


@pytest.mark.parametrize("word", ["regiobezoeken", "kwartiermaker", "qxzv", "ik", "verslagen"])
def test_known_unknown_and_compound_words(word):
    for lang in ("nl", "en"):
        assert zipf(word, lang) == zipf_frequency(word, lang)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=20))
def test_any_text_agrees_with_wordfreq(text):
    """Words that are not plain lowercase ASCII go through wordfreq itself."""
    assert zipf(text, "nl") == zipf_frequency(text, "nl")
