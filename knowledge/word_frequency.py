"""How common a word is in everyday Dutch or English: wordfreq's Zipf scale, read
straight from its frequency table for plain words.

`wordfreq.zipf_frequency` tokenises and normalises every word it is given
(about 10 microseconds for a word it has not seen). Splitting one unseen compound
asks for some fifty halves, so a long message full of new words spent
milliseconds there. The words the matcher asks about are already folded, single
lowercase ASCII words; for those `zipf` looks the word up in the table wordfreq
has loaded and does the same arithmetic wordfreq does, so the value is the same
(a test compares them). Anything else goes through `zipf_frequency` itself.
"""

from __future__ import annotations

import math

from wordfreq import freq_to_zipf, get_frequency_dict, zipf_frequency


def zipf(word: str, lang: str) -> float:
    """`zipf_frequency(word, lang)`, without its tokeniser for plain lowercase words."""
    if not (word.isascii() and word.isalpha() and word.islower()):
        return zipf_frequency(word, lang)
    freq = get_frequency_dict(lang).get(word)  # wordfreq keeps the table it built
    if freq is None:
        return 0.0
    # As wordfreq.word_frequency for a single token: 1/f summed over one token,
    # rounded to three significant digits, then to centibels on the Zipf scale.
    freq = 1.0 / (1.0 / freq)
    freq = round(freq, math.floor(-math.log(freq, 10)) + 3)
    return round(freq_to_zipf(freq), 2)
