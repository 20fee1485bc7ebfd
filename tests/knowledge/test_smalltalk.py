"""Smalltalk recognition (`knowledge.smalltalk`): whole messages of greetings,
thanks, compliments, identity questions and wishes, with emoji and typos; and
never a message that holds a word about the programme."""

from __future__ import annotations

import pytest

from knowledge.smalltalk import MAX_SMALLTALK_WORDS, PRECEDENCE, TYPO_MIN_LENGTH, classify, mentions


@pytest.mark.parametrize(("text", "intent"), [
    # greetings
    ("hoi bot!", "greeting"),
    ("Hallo allemaal 😊", "greeting"),
    ("Goedemiddag 👋", "greeting"),
    ("goedemorgn!", "greeting"),  # one letter missing
    ("goedemiddg 🙂", "greeting"),
    ("hallo allemal", "greeting"),
    # thanks
    ("top hoor, dankjewel 👍", "thanks"),
    ("Dankjewel hoor 😊", "thanks"),
    ("bedankr!!", "thanks"),  # one letter wrong
    ("dankjwel", "thanks"),
    ("bedanktt", "thanks"),  # one letter too many
    ("heel hartelijk dank 🙏🙏", "thanks"),
    ("thanks a lot!", "thanks"),
    # compliments
    ("je bent een held 💪", "compliment"),
    ("je bent geweldg", "compliment"),
    ("haha top 👍", "compliment"),
    ("wat een service!", "compliment"),
    ("that was helpful", "compliment"),
    # identity
    ("ben jij een mens?", "identity"),
    ("ben jij een chatbt?", "identity"),
    ("zit er een mens achtr?", "identity"),
    ("Am I talking to a human? 🤔", "identity"),
    ("hoi, ben jij een robot?", "identity"),  # identity outranks the greeting
    ("ben je nou een mens of een computer?", "identity"),
    ("r u a bot??", "identity"),
    ("haha slimme bot 😄", "compliment"),
    ("nice work, love it", "compliment"),
    ("hallootjes 👋", "greeting"),
    ("welterusten!", "bye"),
    ("take care 👋", "bye"),
    # wishes and goodbyes
    ("fijne dag verder!", "wish"),
    ("prettige dag verdr", "wish"),
    ("fijne vakantie ☀️", "wish"),
    ("have a great weekend 🙂", "wish"),
    ("doei!", "bye"),
    # wellbeing and help
    ("hoi hoi, alles goed met je?", "wellbeing"),
    ("wat kun je?", "help"),
])
def test_smalltalk_intent(text, intent):
    found = classify(text)
    assert found is not None, text
    assert found.intent == intent, found


def test_intents_are_ordered_by_precedence():
    found = classify("Goedemorgen! Dank je wel, fijne dag 🙂")
    assert found is not None
    assert found.intents == ("greeting", "thanks", "wish")
    assert list(found.intents) == sorted(found.intents, key=PRECEDENCE.index)


@pytest.mark.parametrize("text", [
    "hoi, wat zijn de bouwstenen?",
    "dank je, en wanneer is het volgende inloopuur?",
    "bedankt voor de info over de proeftuinen",
    "thanks for the update on the roadmap",
    "hoi bot, mag ik gegevens delen met school?",
    "top, dank je! werkgroep",
    "goedemorgen, ik heb een vraag",
    "Hallo, ik werk bij de gemeente Zwolle",
    "ben jij een mens of een ontwikkelgroep?",
])
def test_any_word_beyond_smalltalk_makes_it_no_smalltalk(text):
    assert classify(text) is None


@pytest.mark.parametrize("text", ["", "   ", "👍", "🙏🙏🙏", "?!", "...", None])
def test_no_words_is_no_smalltalk(text):
    assert classify(text) is None
    assert mentions(text) is None


def test_short_words_need_to_be_exact():
    """Typos are only read in words of TYPO_MIN_LENGTH letters or more: 'hoi' and 'hai'
    are two greetings, but 'dak' is not 'dank' and 'ten' is not 'tnx'."""
    assert TYPO_MIN_LENGTH == 5
    assert classify("dak je") is None
    assert classify("goed") is not None and classify("goud") is None
    assert classify("bedankt") is not None and classify("bedankx") is not None
    assert classify("bedaxkx") is None  # two edits


def test_exact_word_wins_over_a_typo_of_another_language():
    """'hello' is one edit from 'hallo': the exact English word decides the language."""
    hello, hallo = classify("hello"), classify("hallo")
    assert hello is not None and hello.english
    assert hallo is not None and not hallo.english
    assert classify("helloo").english  # a typo of the English word


@pytest.mark.parametrize(("text", "english"), [
    ("thanks!", True), ("Thank you very much 🙏", True), ("good morning", True),
    ("are you a bot?", True), ("see you", True),
    ("dank je wel", False), ("goedemorgen", False), ("ben jij een bot?", False),
    ("super bedankt", False), ("tot ziens", False),
])
def test_english_detection(text, english):
    found = classify(text)
    assert found is not None and found.english is english


def test_mixed_language_counts_as_english_when_an_english_phrase_is_used():
    found = classify("hoi, thanks!")
    assert found is not None and found.english


def test_word_limit_boundary():
    at = " ".join(["hoi"] * MAX_SMALLTALK_WORDS)
    over = " ".join(["hoi"] * (MAX_SMALLTALK_WORDS + 1))
    assert classify(at) is not None and mentions(at) is not None
    assert classify(over) is None and mentions(over) is None
    # emoji and punctuation are not words
    assert classify(at + " 🙏 !!") is not None


def test_mentions_finds_phrases_beside_other_words():
    found = mentions("haha top, je bent sneller dan mijn leidinggevende")
    assert found is not None
    assert set(found.intents) == {"compliment"}
    assert mentions("dank je voor het antwoord over de werkgroepen").intents == ("thanks",)
    assert mentions("thanks for the answer about the working groups").english


def test_mentions_needs_exact_words():
    """`mentions` reads phrases beside other words, so it does not guess typos."""
    assert classify("bedankr") is not None
    assert mentions("bedankr voor de uitleg over de proeftuinen") is None
    assert mentions("wat houdt een proeftuin in") is None


def test_courtesies_joined_by_and():
    assert classify("tot ziens en bedankt") is not None


def test_sign_off_is_smalltalk():
    assert classify("met vriendelijke groet") is not None


def test_swapped_letters_are_a_typo():
    """Two neighbours swapped is one edit (optimal string alignment), as a wrong,
    missing or extra letter is."""
    assert classify("thansk!").intent == "thanks"
    assert classify("goedemrogen").intent == "greeting"
    assert classify("dankjewle").intent == "thanks"
    assert classify("tnahks") is None  # two swaps away from anything: not read


@pytest.mark.parametrize(("text", "intent"), [
    ("Ben ik nu met een echt mens aan het chatten of met een bot?", "identity"),
    ("are you a real person or a chatbot?", "identity"),
    ("wie heeft je eigenlijk gemaakt?", "identity"),
    ("who built you?", "identity"),
    ("top, hier heb ik echt wat aan 🙏", "thanks"),
    ("dank je, daar kan ik mee verder", "thanks"),
    ("thanks, that helps!", "thanks"),
    ("oke, ik ga ermee aan de slag. doei!", "ack"),
    # what the bot is for, and checking that it is there
    ("waar kun jij me eigenlijk mee helpen?", "scope"),
    ("welke vragen kan ik stellen?", "scope"),
    ("so what can you help me with", "scope"),
    ("what sort of questions can I ask you?", "scope"),
    ("hey chatbot, ben je wakker?", "greeting"),
    ("even testen of dit werkt 🙂", "greeting"),
    ("just testing", "greeting"),
    ("is dit een soort digitale assistent?", "identity"),
    # "jij", "u", "kunt": the forms of "you" and "can" are one word
    ("wat kunt u allemaal voor mij doen?", "scope"),
    ("waarmee kan jij helpen?", "scope"),
    ("eerste keer hier 👋", "greeting"),
    ("hallo, is daar iemand?", "greeting"),
    ("met wie spreek ik eigenlijk?", "identity"),
    ("succes ermee vandaag!", "wish"),
    ("waarvoor kan ik je zoal inschakelen?", "scope"),
    ("what sort of things can you help with?", "scope"),
    ("ik test even, hallo", "greeting"),
    ("super, precies wat ik nodig had!", "thanks"),
    # speed is a compliment too; "zeg" is an interjection
    ("wow wat ben jij snel zeg", "compliment"),
    ("you're quick!", "compliment"),
    ("how's your day going? 🙂", "wellbeing"),
    ("cheers, just what I needed", "thanks"),
])
def test_everyday_ways_to_ask_who_is_there_to_thank_and_to_close(text, intent):
    found = classify(text)
    assert found is not None and intent in found.intents, text


@pytest.mark.parametrize("text", [
    "ben ik met mijn vraag over de bouwstenen hier goed?",
    "wie heeft de bouwstenen gemaakt?",
    "daar kan ik mee verder, maar wanneer is het inloopuur?",
])
def test_those_phrases_beside_a_real_question_are_no_smalltalk(text):
    assert classify(text) is None


def test_later_alone_is_no_goodbye():
    """Dutch 'later' is 'later', not 'see you': "ik kom iets later" says no goodbye."""
    assert classify("later") is None
    assert classify("tot later!").intent == "bye"


@pytest.mark.parametrize(("text", "intent"), [
    ("heyy", "greeting"),
    ("hallooo 👋", "greeting"),
    ("dankjeeee!", "thanks"),
    ("thxxx", "thanks"),
])
def test_held_down_letters_are_read_as_the_word(text, intent):
    found = classify(text)
    assert found is not None and found.intent == intent, text


def test_held_down_letters_do_not_make_a_topic_word_smalltalk():
    assert classify("heyy proeftuinnn") is None


@pytest.mark.parametrize(("text", "english"), [
    ("praat ik nu met een robot lol 🤖", False),
    ("hallo, is daar iemand?", False),
    ("is dit een chatbot of zit er iemand achter?", False),
    ("are you an AI?", True),
    ("anyone there?", True),
])
def test_asking_whether_anyone_or_anything_is_there(text, english):
    found = classify(text)
    assert found is not None and found.intent in ("identity", "greeting"), text
    assert found.english is english


@pytest.mark.parametrize(("text", "intent"), [
    ("ben je n robot lol", "identity"),  # chat's "n" is "een"
    ("goedemorgen, hoe is t?", "wellbeing"),  # and its "t" is "het"
    ("dank voor t antwoord", "thanks"),
    ("ben jij chatgpt?", "identity"),
    ("are you a real person or some kind of AI?", "identity"),
    ("goeie avond", "greeting"),
    ("goeiemoggen, ben je er?", "greeting"),
    ("cheers, that's all I needed. have a nice weekend", "thanks"),
])
def test_more_everyday_smalltalk(text, intent):
    found = classify(text)
    assert found is not None and intent in found.intents, text


@pytest.mark.parametrize(("text", "intent"), [
    ("ben je een bot of zit hier een echt mens achter?", "identity"),
    ("ben jij nou chatgpt ofzo?", "identity"),
    ("hallo! ik ben nieuw hier", "greeting"),
    ("hoi ik ben nieuw in het team, gewoon even gedag zeggen 👋", "greeting"),
    ("dank je, dat was precies wat ik zocht", "thanks"),
    ("hey bot how r u", "wellbeing"),
])
def test_saying_hello_as_a_newcomer_and_other_everyday_smalltalk(text, intent):
    found = classify(text)
    assert found is not None and intent in found.intents, text
