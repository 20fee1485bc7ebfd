"""Invisible and bidi characters are removed for display and before redaction;
redaction also reads look-alike digits, dashes and spaces as plain ones."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handlers.unicode_text import is_invisible, normalise, strip_invisible


@pytest.mark.parametrize("char", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad",
                                  "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066",
                                  "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u061c",
                                  "\x00", "\x1b", "\x7f", "\u3164", "\U000e0041"])
def test_invisible_characters_go(char):
    assert is_invisible(char)
    assert strip_invisible(f"a{char}b") == "ab"


def test_text_and_line_breaks_stay():
    assert strip_invisible("Één regel\nTwee\tkolommen 👍") == "Één regel\nTwee\tkolommen 👍"
    assert strip_invisible("a\u2028b\r\nc") == "a\nb\nc"


def test_normalise_reads_look_alikes_as_plain_characters():
    assert normalise("０６\u2011１２３４５６７８") == "06-12345678"
    assert normalise("06\u00a012\u202f34") == "06 12 34"
    assert normalise("\u0661\u0662\u0663") == "123"  # Arabic-Indic digits
    assert normalise("𝟎𝟔 jan\uff20example.nl") == "06 jan@example.nl"
    assert normalise("Ik vroeg me af…") == "Ik vroeg me af…"


@given(st.text())
def test_stripping_is_idempotent_and_leaves_nothing_invisible(text):
    once = strip_invisible(text)
    assert strip_invisible(once) == once
    assert not any(is_invisible(c) for c in once)
    assert normalise(normalise(text)) == normalise(text)
