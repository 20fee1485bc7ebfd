"""Matcher and index beyond the decision thresholds: the sole-candidate margin,
keyness, compounds read as parts, answer-text evidence, and the fuzzy cap."""

from __future__ import annotations

import math

import numpy as np
import pytest

from knowledge import matcher as matcher_module
from knowledge import query as query_module
from knowledge.entries import Entry, KnowledgeBase
from knowledge.index import ANSWER_FIELD_WEIGHT, build_index
from knowledge.loader import load_knowledge_base
from knowledge.matcher import (
    ANSWER_THRESHOLD,
    CLARIFY_MARGIN,
    CLARIFY_THRESHOLD,
    MAX_FUZZY_CANDIDATES,
    SOLE_MARGIN,
    Match,
    Matcher,
    decide_kind,
)
from knowledge.normalize import stem
from knowledge.query import KEYNESS_FLOOR, QueryReader

# -- SOLE_MARGIN in the clarify band ------------------------------------------------

def test_sole_margin_is_wider_than_the_clarify_margin():
    assert CLARIFY_MARGIN < SOLE_MARGIN < CLARIFY_THRESHOLD


@pytest.mark.parametrize("best", [CLARIFY_THRESHOLD, 0.35, 0.3649, 0.37,
                                  round(ANSWER_THRESHOLD - 0.0001, 4)])
def test_sole_margin_boundary_in_the_clarify_band(best):
    exactly = round(best - SOLE_MARGIN, 4)
    just_below = round(best - SOLE_MARGIN + 0.0001, 4)
    assert decide_kind([Match("a", best), Match("b", exactly)]) == "answer"
    assert decide_kind([Match("a", best), Match("b", just_below)]) == "clarify"
    assert decide_kind([Match("a", best), Match("b", best)]) == "clarify"


def test_sole_margin_exactly_met_everywhere_in_the_band():
    """Every 4-decimal best score of the clarify band: a gap of exactly SOLE_MARGIN is
    an answer, one ten-thousandth less a clarify (float subtraction notwithstanding)."""
    step = round(SOLE_MARGIN * 10_000)
    wrong = []
    for n in range(round(CLARIFY_THRESHOLD * 10_000), round(ANSWER_THRESHOLD * 10_000)):
        best = n / 10_000
        at = round((n - step) / 10_000, 4)
        inside = round((n - step + 1) / 10_000, 4)
        if decide_kind([Match("a", best), Match("b", at)]) != "answer":
            wrong.append(("at", best, at))
        if decide_kind([Match("a", best), Match("b", inside)]) != "clarify":
            wrong.append(("inside", best, inside))
    assert wrong == []


def test_a_sole_candidate_in_the_clarify_band_is_answered():
    assert decide_kind([Match("a", CLARIFY_THRESHOLD)]) == "answer"
    assert decide_kind([Match("a", math.nextafter(CLARIFY_THRESHOLD, 0))]) == "fallback"


# -- a tiny knowledge base ----------------------------------------------------------

def _entry(entry_id: str, questions: list[str], answer: str = "", tags: list[str] | None = None
           ) -> Entry:
    return Entry(id=entry_id, title=entry_id.replace("-", " "),
                 answer=answer or f"Uitleg over {entry_id}.", questions=questions,
                 tags=tags or ["algemeen"], source="bron")


TINY = KnowledgeBase((
    _entry("goed-nieuws", ["goed kwartaalbericht", "goed halfjaarbericht", "goed jaarbericht",
                           "goed weekbericht", "goed maandbericht", "goed dagbericht"]),
    _entry("proeftuin-start", ["proeftuin kwartaalbericht", "proeftuin halfjaarbericht",
                               "proeftuin jaarbericht", "proeftuin weekbericht",
                               "proeftuin maandbericht", "proeftuin dagbericht"]),
    _entry("regio-bezoek", ["bezoeken aan de regio", "wanneer komen bezoeken in de regio",
                            "regio bezoeken plannen", "bezoeken per regio",
                            "hoe gaan bezoeken aan een regio", "regio en bezoeken"]),
    _entry("kwartiermaker", ["wat doet een kwartiermaker", "kwartiermaker taken",
                             "rol van de kwartiermaker", "kwartiermaker aanstellen",
                             "wie is kwartiermaker", "kwartiermakers"],
           answer="Een kwartiermaker bereidt de ondertoezichtstelling voor."),
))


@pytest.fixture
def tiny() -> Matcher:
    return Matcher(TINY)  # a new one per test: query() is cached per matcher


def test_common_word_weighs_less_than_a_programme_word_of_equal_idf(tiny):
    goed, proeftuin = stem("goed"), stem("proeftuin")
    assert tiny.index.idf[goed] == tiny.index.idf[proeftuin]
    assert tiny.index.kb_zipf[goed] == tiny.index.kb_zipf[proeftuin]
    weights = tiny.query("goed proeftuin").weights
    assert weights[goed] < weights[proeftuin]
    assert weights[goed] >= KEYNESS_FLOOR * tiny.index.idf[goed]


@pytest.mark.parametrize(("question", "wanted"), [
    ("nieuw proeftuinen", "proeftuin"),
    ("mensen bouwstenen", "bouwst"),
])
def test_keyness_keeps_a_common_word_from_deciding_the_topic(real, monkeypatch, question,
                                                             wanted):
    """'nieuw' and 'mensen' occur in a few entries only (a high IDF); without keyness
    they would pull the question to those entries instead of the topic word's (the
    words alone: the learnt model would otherwise hide what keyness does)."""
    assert wanted in real.rank(question)[0].entry_id
    monkeypatch.setattr(QueryReader, "_keyness", lambda self, token, word: 1.0)
    without = Matcher(real.kb, learnt=False)
    assert wanted not in without.rank(question)[0].entry_id


def test_common_word_weighs_less_than_a_programme_word_on_the_real_kb(real):
    """Everyday words the knowledge base happens to use once ('goed', 'mensen') have a
    higher IDF than programme words, yet weigh less."""
    for common, topic in (("goed", "ontwikkelgroep"), ("mensen", "bouwstenen"),
                          ("goed", "proeftuin")):
        weights = real.query(f"{common} {topic}").weights
        c, t = stem(common), stem(topic)
        assert real.index.idf[c] > real.index.idf[t]
        assert weights[c] < weights[t], (common, topic, weights)


def test_unknown_compound_is_read_as_its_parts(tiny, monkeypatch):
    query = tiny.query("regiobezoeken")
    assert set(query.weights) == {stem("regio"), stem("bezoeken")}
    assert query.unknown == {}
    outcome = tiny.decide("regiobezoeken")
    assert (outcome.kind, outcome.best.entry_id) == ("answer", "regio-bezoek")

    monkeypatch.setattr(query_module, "word_parts", lambda word: ())
    whole = Matcher(TINY)
    assert whole.query("regiobezoeken").weights == {}
    assert whole.decide("regiobezoeken").kind == "fallback"


def test_nonsense_compound_stays_unknown(tiny):
    query = tiny.query("regioxqzwv")
    assert query.weights == {} and set(query.unknown) == {"regioxqzwv"}


def test_known_word_is_not_split(tiny):
    """'kwartiermaker' is in the knowledge base: it is read whole, not as kwartier + maker."""
    assert set(tiny.query("kwartiermaker").weights) == {stem("kwartiermaker")}


def test_answer_words_count_with_the_answer_field_weight():
    index = build_index(TINY)
    entry = TINY.entries.index(next(e for e in TINY.entries if e.id == "kwartiermaker"))
    ids, weights = index.fields[stem("ondertoezichtstelling")]  # only in the answer
    assert list(ids) == [entry] and list(weights) == [ANSWER_FIELD_WEIGHT]
    ids, weights = index.fields[stem("kwartiermaker")]  # in phrasings and answer
    assert list(ids) == [entry] and list(weights) == [1.0]
    assert stem("ondertoezichtstelling") not in index.postings  # no phrasing has it


def test_answer_text_lifts_the_entry_that_holds_the_word(tiny):
    ranked = tiny.rank("ondertoezichtstelling")
    assert ranked and ranked[0].entry_id == "kwartiermaker"
    assert ranked[0].phrasing == 0.0 and ranked[0].fields > 0


def test_word_in_every_entry_tells_nothing():
    index = build_index(TINY)
    # 'algemeen' is every entry's tag: the lowest IDF there is
    assert index.idf[stem("algemeen")] == pytest.approx(math.log(2))
    assert index.idf[stem("algemeen")] == min(index.idf.values())


# -- the fuzzy cap on the real knowledge base -----------------------------------------

@pytest.fixture(scope="module")
def real() -> Matcher:
    return Matcher(load_knowledge_base())


OWN_QUESTIONS = [
    "Wat doet een kwartiermaker eigenlijk?",
    "Hoe vaak zijn de regiogesprekken met het programmateam?",
    "Welke verdiepende bouwstenen kent het programma?",
    "Welke partijen horen bij de eerste ring?",
    "Hoe kan ik meedoen met een ontwikkelgroep?",
    "Wat houdt een regionaal veiligheidsteam in?",
    "Hoe gaat zo'n juridisch inloopuur in zijn werk?",
    "Wat is de rol van ervaringsdeskundigen?",
    "Wat zijn proeftuinen en waar zitten ze?",
    "Wat houdt Met Andere Ogen in?",
    "Which partners belong to the second ring?",
    "What do the working groups do?",
    "Hoe lang loopt het programma nog?",
    "Wat betekent de roadmap voor gemeenten?",
    "Goedemiddag, ik ben beleidsmedewerker jeugd bij een middelgrote gemeente en we "
    "zijn net gestart met het voorbereiden van de regionale samenwerking rond "
    "veiligheid. We hebben al overleg met de lokale teams, Veilig Thuis, de "
    "gecertificeerde instelling en de politie, maar het is nog zoeken hoe we de "
    "taken verdelen en wie waar verantwoordelijk voor is. Ook de zorgaanbieders "
    "en het onderwijs willen graag aansluiten. Wat verwacht het programma precies "
    "van een regio als het gaat om de basisbouwstenen?",
    "Wij zijn met een groep professionals uit wijkteams, jeugdbescherming, "
    "volwassenenzorg en onderwijs bezig met de vraag hoe we gezinnen beter kunnen "
    "helpen zonder dat ze steeds hun verhaal opnieuw moeten doen. We lazen over "
    "proeftuinen, ontwikkelgroepen, werkgroepen en Meet Ups, en over de rol van "
    "ervaringsdeskundigen en de Raad voor de Kinderbescherming. Hoe kunnen wij "
    "als regio aansluiten bij een ontwikkelgroep?",
]


def _candidates(m: Matcher, text: str) -> int:
    """Phrasings that share a word with the question (before the cap)."""
    q = m.query(text)
    ids: set[int] = set()
    for token in q.weights:
        if token in m.index.postings:
            ids.update(m.index.postings[token].tolist())
    return len(ids)


def test_fuzzy_cap_does_not_change_the_top_answer(real, monkeypatch):
    capped = {q: real.rank(q) for q in OWN_QUESTIONS}
    monkeypatch.setattr(matcher_module, "MAX_FUZZY_CANDIDATES", 10**9)
    uncapped = {q: real.rank(q) for q in OWN_QUESTIONS}
    for question in OWN_QUESTIONS:
        a, b = capped[question], uncapped[question]
        assert a[0].entry_id == b[0].entry_id, question
        assert a[0].score == pytest.approx(b[0].score, abs=1e-4), question
        assert decide_kind(a) == decide_kind(b), question


def test_the_cap_is_reached_by_long_messages(real):
    """Without this the comparison above would prove nothing."""
    assert max(_candidates(real, q) for q in OWN_QUESTIONS) > MAX_FUZZY_CANDIDATES


def test_a_tiny_cap_would_change_answers(real, monkeypatch):
    """The comparison is sensitive: with only a handful of phrasings fuzzed, long
    messages lose their best entry or its score."""
    full = {q: real.rank(q)[0] for q in OWN_QUESTIONS}
    monkeypatch.setattr(matcher_module, "MAX_FUZZY_CANDIDATES", 1)
    changed = [q for q in OWN_QUESTIONS
               if (top := real.rank(q)[0]).entry_id != full[q].entry_id
               or abs(top.score - full[q].score) > 1e-4]
    assert changed


def _by_the_formula(m: Matcher, question: str, context: str) -> list[tuple[str, float]]:
    """The documented score, phrasing by phrasing with sets and loops (the matcher
    computes it with arrays): per entry the best of what its whole text earns and of
    (1 - BLEND) x (overlap + fuzzy) x number factor + BLEND x fields for each phrasing
    sharing a word, plus the context bonus and the learnt model's bonus."""
    M = matcher_module
    ix, query = m.index, m.query(question)
    fields = m._fields(query)
    bonus = M.CONTEXT_WEIGHT * m._context(context)
    best_phrasing: dict[int, float] = {}
    for pid, tokens in enumerate(ix.token_sets):
        shared = [t for t in query.weights if t in tokens]
        if not shared:
            continue
        overlap = (M.QUERY_COVERAGE_WEIGHT * sum(query.weights[t] * query.confidence[t]
                                                 for t in shared) / query.total
                   + M.PHRASING_COVERAGE_WEIGHT * sum(ix.idf[t] for t in shared)
                   / ix.phrasing_weight[pid])
        score = overlap + M.FUZZY_WEIGHT * M.fuzz.token_sort_ratio(query.joined,
                                                                   ix.joined[pid]) / 100
        numbers, named = query.numbers, {t for t in tokens if t.isdigit()}
        if numbers and named and numbers.isdisjoint(named):
            score *= M.NUMBER_MISMATCH  # "ring 2" asked, "ring 1" phrased
        elif numbers and (not named or named - numbers):
            score *= M.NUMBER_ABSENT
        entry = int(ix.owner[pid])
        best_phrasing[entry] = max(best_phrasing.get(entry, 0.0), score)
    # The learnt model's bonus: its softmax share of LEARNT_WEIGHT, times how sure it is.
    learnt = np.zeros(len(ix.ids))
    if sum(query.weights.values()) >= M.LEARNT_MIN_WEIGHT:
        values = m.model.scores(f"{context} {question}")
        sure = np.clip((values.max() - M.LEARNT_UNSURE) / (M.LEARNT_SURE - M.LEARNT_UNSURE), 0, 1)
        shares = np.exp(M.LEARNT_SHARPNESS * (values - values.max()))
        learnt = sure * M.LEARNT_WEIGHT * shares / shares.sum()
    totals = []
    for entry, entry_id in enumerate(ix.ids):
        whole = max(M.BLEND * fields[entry], M.FIELDS_ALONE * fields[entry])
        if entry in best_phrasing:
            whole = max(whole, (1 - M.BLEND) * best_phrasing[entry] + M.BLEND * fields[entry])
        if whole + bonus[entry] + learnt[entry] > 0:
            totals.append((entry_id, min(1.0, float(whole + bonus[entry] + learnt[entry]))))
    return sorted(totals, key=lambda t: -t[1])


def test_rank_computes_the_documented_score(real, monkeypatch):
    monkeypatch.setattr(matcher_module, "MAX_FUZZY_CANDIDATES", 10**9)
    context = "Ik ben projectleider in een regio zonder proeftuin."
    for question in OWN_QUESTIONS:
        for around in ("", context):
            ranked = real.rank(question, around)
            expected = _by_the_formula(real, question, around)
            assert len(ranked) == min(5, len(expected)), question
            expected = expected[:len(ranked)]
            assert [m.score for m in ranked] == pytest.approx([s for _, s in expected],
                                                              abs=1e-4), question
            assert {m.entry_id for m in ranked if m.score > expected[-1][1] + 1e-4} <= \
                {e for e, _ in expected}, question


def test_one_everyday_word_is_too_little_to_answer_on(real):
    """'go' is in a phrasing of the legal helpdesk ('where do I go with ...'), but a
    question that holds nothing else is not about it."""
    from knowledge.matcher import MIN_ANSWER_WEIGHT

    lone = "And how would we go about that?"
    assert sum(real.query(lone).weights.values()) < MIN_ANSWER_WEIGHT
    assert real.decide(lone).kind != "answer"
    assert real.decide("proeftuinen?").kind == "answer"  # one topic word is enough


def test_context_alone_never_reaches_a_choice(real):
    """However much of the asker's context an entry holds, a question that shares no
    word with it is not answered or offered on the context."""
    from knowledge.matcher import CLARIFY_THRESHOLD, CONTEXT_WEIGHT

    assert CONTEXT_WEIGHT < CLARIFY_THRESHOLD
    context = "Wij zijn een proeftuin en werken aan de verdiepende bouwstenen."
    outcome = real.decide("xyzzy plugh?", context)
    assert outcome.kind == "fallback"
