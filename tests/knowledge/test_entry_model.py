"""The learnt entry model (knowledge.entry_model): what it learns from, that its fast
scoring is scikit-learn's, how its examples are checked, and how the matcher uses it."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handlers.question_reading import own_score
from knowledge import entry_model
from knowledge.entries import Entry, KnowledgeBase
from knowledge.entry_model import Example, checked_examples, fit, read_examples, training_data
from knowledge.loader import load_knowledge_base
from knowledge.matcher import LEARNT_MIN_WEIGHT, LEARNT_WEIGHT, Matcher
from knowledge.normalize import normalize


def _entry(entry_id: str, questions: list[str]) -> Entry:
    return Entry(id=entry_id, title=entry_id.replace("-", " "), answer=f"over {entry_id}",
                 questions=questions, tags=["t"], source="bron")


SMALL = KnowledgeBase((
    _entry("meet-ups", ["wat zijn de meet ups", "meet up voor projectleiders",
                        "bijeenkomsten voor regio's", "hoe vaak is er een meet up",
                        "meetups 2024", "wanneer is de volgende meet up"]),
    _entry("inloopuur", ["wanneer is het inloopuur", "online vragenuur", "inloop uur",
                         "kan ik binnenlopen met vragen", "spreekuur van het programma",
                         "walk-in hour"]),
    _entry("werkgroepen", ["welke werkgroepen zijn er", "werkgroepen met partners",
                           "wie zit in een werkgroep", "werkgroep wetgeving",
                           "beleidswerkgroepen", "working groups"]),
))
EXAMPLES = [
    Example("inloopuur", "short", 1, "is er ergens een uurtje waar je zomaar kan aanschuiven"),
    Example("meet-ups", "medium", 1, "die bijeenkomsten voor kwartiermakers, hoe zit dat"),
    Example("verdwenen", "short", 1, "een voorbeeld voor een entry die er niet meer is"),
]


def test_training_data_is_phrasings_titles_and_the_examples_of_known_entries():
    texts, labels = training_data(SMALL, EXAMPLES)
    assert "wat zijn de meet ups" in texts and "meet ups" in texts  # a phrasing, a title
    assert "is er ergens een uurtje waar je zomaar kan aanschuiven" in texts
    assert "een voorbeeld voor een entry die er niet meer is" not in texts
    assert set(labels) == {"meet-ups", "inloopuur", "werkgroepen"}
    assert len(texts) == len(labels) == 3 * 7 + 2


def _sklearn_decisions(kb: KnowledgeBase, examples: list[Example], texts: list[str]):
    """The same model fitted and applied by scikit-learn itself."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.svm import LinearSVC

    train, labels = training_data(kb, examples)
    vectoriser = TfidfVectorizer(analyzer="char_wb", ngram_range=entry_model.CHAR_NGRAMS,
                                 sublinear_tf=True,
                                 preprocessor=lambda t: normalize(t).lower())
    model = LinearSVC(C=entry_model.REGULARISATION, random_state=0)
    model.fit(vectoriser.fit_transform(train), labels)
    order = [list(model.classes_).index(e.id) for e in kb.entries]
    return model.decision_function(vectoriser.transform(texts))[:, order]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(min_size=0, max_size=300), min_size=1, max_size=5))
def test_scores_are_scikit_learns_decision_values(texts):
    model = fit(SMALL, EXAMPLES)
    ours = np.array([model.scores(t) for t in texts])
    assert ours == pytest.approx(_sklearn_decisions(SMALL, EXAMPLES, texts), abs=1e-5)


def test_scores_read_everyday_messages_as_scikit_learn_does():
    texts = ["Hoi! Wanneer is dat online uurtje waar ik met vragen kan binnenlopen? 🙏",
             "Ik ben kwartiermaker in een kleine regio en zoek andere projectleiders. " * 8,
             "WERKGROEP wetgeving??", ""]
    model = fit(SMALL, EXAMPLES)
    ours = np.array([model.scores(t) for t in texts])
    assert ours == pytest.approx(_sklearn_decisions(SMALL, EXAMPLES, texts), abs=1e-5)
    assert model.ids[int(np.argmax(ours[0]))] == "inloopuur"


def test_a_question_read_after_its_context_is_the_two_joined():
    model = fit(SMALL, EXAMPLES)
    context, question = "Ik ben kwartiermaker in een kleine regio.", "Wanneer is dat uurtje?"
    joined = _sklearn_decisions(SMALL, EXAMPLES, [f"{context} {question}"])[0]
    assert model.scores(question, context) == pytest.approx(joined, abs=1e-5)
    assert model.scores(question, context) == pytest.approx(model.scores(question, context))


def test_two_entries_get_a_value_each():
    """scikit-learn keeps one row of weights for two classes; each entry gets its own."""
    kb = KnowledgeBase(SMALL.entries[:2])
    model = fit(kb, [])
    values = model.scores("wanneer is het inloopuur")
    assert values[1] > 0 > values[0] and values[0] == pytest.approx(-values[1])


def test_one_entry_is_nothing_to_choose_between():
    assert fit(KnowledgeBase(SMALL.entries[:1]), []) is None


def test_a_message_of_unknown_characters_scores_the_intercepts():
    model = fit(SMALL, EXAMPLES)
    assert model.scores("§§§") == pytest.approx(model.scores("¤¤¤"))


# -- the stored examples, as `helpdesk kb check` sees them --------------------------

def test_the_stored_examples_are_sound_and_cover_every_entry():
    kb = load_knowledge_base()
    assert checked_examples(kb, *read_examples()) == []
    examples = entry_model.load_examples()
    assert {e.entry for e in examples} == {e.id for e in kb.entries}
    assert {e.kind for e in examples} == entry_model.KINDS


def test_example_problems_name_each_line(tmp_path):
    rows = [{"entry": "meet-ups", "kind": "short", "batch": 1, "q": "meet ups?"},
            {"entry": "weg", "kind": "short", "batch": 1, "q": "iets"},
            {"entry": "meet-ups", "kind": "lang", "batch": 1, "q": "nog iets"},
            {"entry": "meet-ups", "kind": "short", "batch": 1, "q": "  "},
            {"entry": "inloopuur", "kind": "short", "batch": 2, "q": "meet ups?"},
            {"entry": "meet-ups", "kind": "short", "q": "zonder batch"}]
    path = tmp_path / "examples.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\nniet json\n", encoding="utf-8")
    assert checked_examples(SMALL, *read_examples(path), path.name) == [
        "examples.jsonl:2: no entry 'weg' in the knowledge base",
        "examples.jsonl:3: kind 'lang' is not one of english, long, medium, short",
        "examples.jsonl:4: empty message",
        "examples.jsonl:5: the same message as line 1",
        "examples.jsonl:6: not an example (JSON with entry, kind, batch, q): KeyError",
        "examples.jsonl:7: not an example (JSON with entry, kind, batch, q): JSONDecodeError",
    ]


def test_loading_examples_that_cannot_be_read_names_the_line(tmp_path):
    path = tmp_path / "examples.jsonl"
    path.write_text('{"entry": "meet-ups", "kind": "short", "batch": 1, "q": "ok"}\n{"q": 1}\n',
                    encoding="utf-8")
    with pytest.raises(ValueError, match=r"examples.jsonl:2: not an example"):
        entry_model.load_examples(path)


# -- in the matcher -----------------------------------------------------------------

@pytest.fixture(scope="module")
def real() -> Matcher:
    return Matcher(load_knowledge_base())


def test_the_learnt_part_is_reported_and_is_not_the_questions_own_score(real):
    question = "Kan iemand me uitleggen hoe dat uurtje werkt waar je online vragen kan stellen?"
    best = real.decide(question).best
    assert best.entry_id == "inloopuur" and 0 < best.learnt <= LEARNT_WEIGHT
    assert own_score(best) == pytest.approx(best.score - best.context - best.learnt)
    without = Matcher(real.kb, learnt=False).rank(question)
    plain = next(m for m in without if m.entry_id == "inloopuur")
    assert best.score == pytest.approx(min(1.0, plain.score + best.learnt), abs=2e-4)


def test_a_thin_question_gets_no_learnt_bonus(real):
    """One topic word is too little for the model to read a topic from."""
    assert sum(real.query("partners").weights.values()) < LEARNT_MIN_WEIGHT
    assert all(m.learnt == 0 for m in real.rank("partners"))


@pytest.mark.parametrize("text", [
    "Wat voor weer wordt het morgen in Utrecht, moet ik een paraplu meenemen?",
    "My laptop won't connect to the VPN from home, it keeps saying certificate error.",
    "Geef me eens een lekker recept voor een snelle pasta met spinazie en feta.",
])
def test_a_message_like_no_entry_gets_no_learnt_bonus(real, text):
    """Off-topic requests resemble no entry: the model is unsure and adds nothing."""
    assert all(m.learnt == 0 for m in real.rank(text))


def test_the_learnt_model_reads_the_question_not_a_question_borrowed_before_it(real):
    """Read with the question before it, 'en zitten er ook proeftuinen in?' is about the
    working groups' members; the model must not take the first question's topic."""
    wider = "Wie trekt zo'n werkgroep eigenlijk? En zitten er ook proeftuinen in?"
    assert real.decide(wider).best.entry_id == "werkgroep-trekker"
    asked = real.decide(wider, asked="En zitten er ook proeftuinen in?")
    assert asked.best.entry_id == "werkgroep-deelnemers"


def test_a_knowledge_base_too_big_to_learn_from_is_matched_on_words(monkeypatch):
    monkeypatch.setattr(entry_model, "MAX_ENTRIES", 2)
    assert fit(SMALL, EXAMPLES) is None
    matcher = Matcher(SMALL)
    assert matcher.model is None
    assert matcher.decide("welke werkgroepen zijn er met partners").best.entry_id == \
        "werkgroepen"


def test_the_model_is_the_same_in_every_process():
    """LinearSVC shuffles its examples: without a fixed seed its weights, and now and
    then an answer, differed from one process to the next."""
    import os
    import subprocess
    import sys

    script = ("from knowledge.loader import load_knowledge_base; "
              "from knowledge.entry_model import fit; "
              "m = fit(load_knowledge_base()); "
              "print([round(float(v), 6) for v in m.scores('wanneer is dat online uurtje', "
              "'Ik ben kwartiermaker in een kleine regio.')])")
    outputs = set()
    for seed in ("1", "4"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        outputs.add(subprocess.run([sys.executable, "-c", script], env=env, check=True,
                                   capture_output=True, text=True).stdout)
    assert len(outputs) == 1
