"""The learnt legal-dilemma model: its own inference (numpy, no scikit-learn) computes what
scikit-learn computes, the stored weights belong to the current examples, and
the probability threshold is inclusive."""

from __future__ import annotations

import json
import math

import pytest

from knowledge.legal import LegalLexicon
from knowledge.legal_model import (
    CHAR_NGRAMS,
    DEFAULT_EXAMPLES,
    DEFAULT_MODEL,
    LEGAL_PROBABILITY,
    MODEL_CHARS,
    REGULARISATION,
    WORD_NGRAMS,
    LegalModel,
    char_ngrams,
    examples_digest,
    load_examples,
    word_ngrams,
)
from knowledge.normalize import normalize

sklearn_text = pytest.importorskip("sklearn.feature_extraction.text")

# Messages of my own: dilemmas, programme questions, smalltalk, English, odd input.
TEXTS = [
    "Een moeder wil niet dat ik met de juf praat over haar zoon. Mag ik dat toch doen?",
    "De huisarts belt of wij iets weten over het gezin van de buren. Wat mag ik zeggen?",
    "Mag ik de appjes van een jongere aan zijn ouders laten zien?",
    "Hoe lang bewaren we de gespreksverslagen van een afgesloten gezin?",
    "Kunnen we een vader verplichten om naar de gesprekken te komen?",
    "Als het mis gaat met dit meisje, ben ik dan verantwoordelijk?",
    "De opa wil weten waar zijn kleinzoon nu woont, mogen we dat vertellen?",
    "Ik heb per ongeluk een verslag naar de verkeerde ouder gestuurd, wat nu?",
    "Ouders zijn het niet eens met de plaatsing, hoe lang hebben ze om bezwaar te maken?",
    "Wat houdt een proeftuin in?",
    "Wanneer is het volgende inloopuur?",
    "Waar houdt de werkgroep Wetgeving, rechtsbescherming en interventies zich mee bezig?",
    "Hoe kom ik in contact met de juridische helpdesk?",
    "Welke bouwstenen heeft het Toekomstscenario?",
    "Moeten we als regio een eigen implementatieplan maken?",
    "Hoe betrekken we gezinnen bij het ontwerp van de lokale teams?",
    "Mag ik de nieuwsbrief doorsturen naar mijn collega's?",
    "hoi bot, dank je wel 🙏",
    "Can I tell the school what the mother told me in confidence?",
    "What are the building blocks of the programme?",
    "Who decides when divorced parents disagree about therapy?",
    "Is there a walk-in hour for legal questions?",
    "ok",
    "a",
    "",
    "🙂🙂🙂",
    "Straße İstanbul ÆØÅ naïve café ½ 2ᵉ",
    "x" * 3000,
    "Wij zijn een wijkteam in Twente en hebben veel contact met scholen. " * 20
    + "Mag ik de mentor vertellen dat het gezin uit huis is gezet?",
    "1 2 3 2024 ring1 ring 2",
    "\n\n\t  ",
]


@pytest.fixture(scope="module")
def fitted():
    """A fresh fit with the same vectorisers and settings as `train()`."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_union

    texts, labels = load_examples()
    word = sklearn_text.TfidfVectorizer(ngram_range=WORD_NGRAMS, sublinear_tf=True)
    char = sklearn_text.TfidfVectorizer(analyzer="char_wb", ngram_range=CHAR_NGRAMS,
                                        sublinear_tf=True)
    features = make_union(word, char)
    model = LogisticRegression(C=REGULARISATION, max_iter=5000, class_weight="balanced")
    model.fit(features.fit_transform(texts), labels)
    return word, char, features, model


def _as_data(word, char, model, digits: int | None) -> dict:
    """The fit as `train()` stores it, rounded to `digits` or not at all."""
    coef = model.coef_[0]

    def r(x: float) -> float:
        return round(float(x), digits) if digits is not None else float(x)

    def table(vectoriser, offset: int) -> list[list]:
        return [[g, r(vectoriser.idf_[i]), r(coef[offset + i])]
                for g, i in sorted(vectoriser.vocabulary_.items())]

    return {"examples_sha256": examples_digest(), "intercept": r(model.intercept_[0]),
            "word": table(word, 0), "char": table(char, len(word.vocabulary_))}


def _sklearn_probability(features, model, text: str) -> float:
    return float(model.predict_proba(features.transform([normalize(text[-MODEL_CHARS:])]))[0, 1])


def test_pure_inference_equals_predict_proba(fitted):
    word, char, features, model = fitted
    pure = LegalModel(_as_data(word, char, model, digits=None))
    differences = {text[:40]: abs(pure.probability(text) - _sklearn_probability(features, model,
                                                                                 text))
                   for text in TEXTS}
    assert max(differences.values()) < 1e-4, differences


def test_rounded_weights_as_train_stores_them_stay_close(fitted):
    word, char, features, model = fitted
    rounded = LegalModel(_as_data(word, char, model, digits=6))
    for text in TEXTS:
        assert rounded.probability(text) == pytest.approx(
            _sklearn_probability(features, model, text), abs=1e-4)


def test_stored_model_agrees_with_a_fresh_fit(fitted):
    word, char, features, model = fitted
    stored = json.loads(DEFAULT_MODEL.read_text(encoding="utf-8"))
    assert [g for g, _, _ in stored["word"]] == sorted(word.vocabulary_)
    assert [g for g, _, _ in stored["char"]] == sorted(char.vocabulary_)
    loaded = LegalModel.load()
    for text in TEXTS:
        assert loaded.probability(text) == pytest.approx(
            _sklearn_probability(features, model, text), abs=1e-3), text


def test_stored_model_was_trained_on_the_current_examples():
    stored = json.loads(DEFAULT_MODEL.read_text(encoding="utf-8"))
    assert stored["examples_sha256"] == examples_digest()
    assert LegalModel.load().digest == examples_digest(DEFAULT_EXAMPLES)


def test_digest_changes_with_one_character(tmp_path):
    changed = tmp_path / "examples.yaml"
    changed.write_bytes(DEFAULT_EXAMPLES.read_bytes() + b" ")
    assert examples_digest(changed) != examples_digest()


def test_stored_model_separates_its_own_examples():
    """A sanity bar for the stored weights: the curated examples themselves are
    classified almost without error at the threshold the bot uses."""
    texts, labels = load_examples()
    model = LegalModel.load()
    wrong = sum((model.probability(t) >= LEGAL_PROBABILITY) != bool(y)
                for t, y in zip(texts, labels, strict=True))
    assert wrong / len(texts) < 0.03


# -- analyzers ------------------------------------------------------------------

ANALYZER_TEXTS = ["mag ik dat", "a b cd", "ik", "x", "", "   ", "de ex van de moeder",
                  "Straße naïve café coöperatie", "İstanbul ǅemal", "één twee 3 45 678",
                  "emoji 🙏 tussen woorden", "tabs\tand\nnewlines  double", "_ __ a_b",
                  "ontwikkelgroepen bijeenkomst regiobezoeken"]


@pytest.mark.parametrize("text", ANALYZER_TEXTS)
def test_word_ngrams_equal_sklearn(text):
    analyzer = sklearn_text.TfidfVectorizer(ngram_range=WORD_NGRAMS).build_analyzer()
    assert word_ngrams(text) == analyzer(text)


@pytest.mark.parametrize("text", ANALYZER_TEXTS)
def test_char_ngrams_equal_sklearn(text):
    analyzer = sklearn_text.TfidfVectorizer(analyzer="char_wb",
                                            ngram_range=CHAR_NGRAMS).build_analyzer()
    assert char_ngrams(text) == analyzer(text)


# -- behaviour around the threshold ----------------------------------------------

class _Fixed(LegalModel):
    """A model that always says the same probability."""

    def __init__(self, value: float):
        super().__init__({"intercept": 0.0, "examples_sha256": "", "word": [], "char": []})
        self.value = value

    def probability(self, text: str) -> float:
        return self.value


def test_probability_exactly_at_the_threshold_counts():
    # no lexicon signal, no situation, but about someone (a case concept)
    question = "Wat houdt een proeftuin in voor het gezin?"
    at = LegalLexicon(model=_Fixed(LEGAL_PROBABILITY)).assess(question)
    below = LegalLexicon(model=_Fixed(math.nextafter(LEGAL_PROBABILITY, 0.0))).assess(question)
    assert at.is_legal and at.kinds == {"hard"}
    assert at.labels == (f"model:{LEGAL_PROBABILITY:.2f}",)
    assert not below.is_legal and below.labels == () and below.score == 0.0


def test_the_model_only_counts_for_a_message_about_someone():
    """A message with no person, outsider or record in it is not a legal dilemma,
    however sure the model is ("vertel eens meer over de derde")."""
    sure = LegalLexicon(model=_Fixed(0.99))
    assert not sure.assess("Vertel eens meer over de derde").is_legal
    assert sure.assess("Vertel eens meer over de moeder").is_legal


def test_intercept_only_model_gives_the_logistic_of_the_intercept():
    logit = math.log(LEGAL_PROBABILITY / (1 - LEGAL_PROBABILITY))
    model = LegalModel({"intercept": logit, "examples_sha256": "", "word": [], "char": []})
    assert model.probability("wat dan ook") == pytest.approx(LEGAL_PROBABILITY, abs=1e-12)
    huge = LegalModel({"intercept": 1e6, "examples_sha256": "", "word": [], "char": []})
    assert huge.probability("x") == pytest.approx(1.0)  # no overflow


def test_only_the_last_model_chars_are_read():
    model = LegalModel.load()
    tail = "Mag ik de school vertellen wat de vader tegen mij zei over zijn dochter?"
    one = "Wij werken in de regio Oost. " * 60 + tail
    other = "Thanks for the newsletter, what is a pilot site? " * 40 + tail
    assert one[-MODEL_CHARS:] != other[-MODEL_CHARS:]
    assert model.probability(one) == model.probability(one[-MODEL_CHARS:])
    assert model.probability("Wat houdt een proeftuin in? " * 100 + one) == model.probability(one)


def test_evidence_lists_the_words_that_pushed_towards_legal():
    model = LegalModel.load()
    text = "De moeder wil niet dat ik de huisarts bel. Mag ik toch bellen?"
    evidence = model.evidence(text, n=4)
    assert len(evidence) == 4
    weights = [w for _, w in evidence]
    assert weights == sorted(weights, reverse=True)
    assert weights[0] > 0
    grams = set(word_ngrams(normalize(text)))
    assert all(g in grams for g, _ in evidence)
