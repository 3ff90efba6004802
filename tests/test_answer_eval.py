"""Answer-evaluation scoring on hand-made answers: pure functions, exact figures."""

from __future__ import annotations

import math

from factories import document, evidence
from qa.evaluation.answer_eval import calibrate, refuses, score_answer, summarise
from qa.types import Answer, Citation

DOC = document("bcp_ilacs-inspection_2024-12_pub-2025-01-29", title="Inspection of BCP")
PASSAGE = evidence("46. The local offer for care leavers lacks ambition and is not accessible to all.", DOC)
QUESTION = {
    "id": "q1", "kind": "factual", "answerable": True,
    "evidence": [{"source": "bcp_ilacs-inspection_2024-12_pub-2025-01-29.pdf",
                  "text": "The local offer for care leavers lacks ambition and is not accessible to all.", "period": "2024-12"}],
}
UNANSWERABLE = {"id": "u1", "kind": "unanswerable", "answerable": False, "evidence": []}


def _answer(text: str, citations=(), refused=False) -> Answer:
    return Answer(question="q", text=text, citations=tuple(citations), insufficient_evidence=refused)


def test_a_good_extractive_answer_scores_full_marks():
    a = _answer("The local offer for care leavers lacks ambition and is not accessible to all [1].", [Citation(1, PASSAGE, "x")])
    r = score_answer(QUESTION, a, frozenset({"bcp"}), extractive=True)
    assert (r["markers_valid"], r["evidence_cited"], r["grounded"], r["success"], r["out_of_scope"]) == (True, True, 1.0, True, [])


def test_invented_sentence_bad_marker_and_foreign_citation_are_caught():
    kent = evidence("Kent text.", document("kent", authority="kent"))
    a = _answer("Care leavers love the offer [1]. Something else entirely [3].", [Citation(1, PASSAGE, "x"), Citation(2, kent, "y")])
    r = score_answer(QUESTION, a, frozenset({"bcp"}), extractive=True)
    assert not r["markers_valid"] and r["grounded"] == 0.0 and r["out_of_scope"] == [2] and not r["success"]


def test_a_passages_section_heading_counts_as_its_words_and_nothing_else_does():
    from dataclasses import replace

    listed = evidence("- The timeliness of children achieving permanence.", DOC)
    listed = replace(listed, chunk=replace(listed.chunk, section="What needs to improve?"))
    a = _answer("What needs to improve: the timeliness of children achieving permanence [1].", [Citation(1, listed, "x")])
    assert score_answer(QUESTION, a, None, extractive=True)["grounded"] == 1.0
    made_up = _answer("What must change at once: the timeliness of children achieving permanence [1].", [Citation(1, listed, "x")])
    assert score_answer(QUESTION, made_up, None, extractive=True)["grounded"] == 0.0


def test_llm_grounding_uses_content_word_support():
    a = _answer("The offer for care leavers lacks ambition [1].", [Citation(1, PASSAGE, "x")])
    assert score_answer(QUESTION, a, None, extractive=False)["grounded"] == 1.0


def test_summary_figures():
    good = score_answer(QUESTION, _answer("The local offer for care leavers lacks ambition and is not accessible to all [1].", [Citation(1, PASSAGE, "x")]), None, True)
    refused_answerable = score_answer(QUESTION, _answer("", refused=True), None, True)
    refused_right = score_answer(UNANSWERABLE, _answer("", refused=True), None, True)
    answered_wrong = score_answer(UNANSWERABLE, _answer("x [1].", [Citation(1, PASSAGE, "x")]), None, True)
    s = summarise([good, refused_answerable, refused_right, answered_wrong])
    assert s["answered"] == 0.5 and s["success"] == 0.5
    assert s["refusal_precision"] == 0.5 and s["refusal_recall"] == 0.5 and s["unanswerable_refused"] == 0.5
    assert s["latency"] == {} and math.isnan(summarise([])["answered"])


def test_calibration_finds_the_thresholds_that_separate():
    def rec(answerable, dense, cov):
        return {"answerable": answerable, "signals": {"injection": False, "foreign": [], "absent": [], "n_evidence": 5,
                                                       "best_dense": dense, "coverage": cov}}

    # a paraphrase (close meaning, few shared words) must be answered; a far, off-topic question refused
    records = [rec(True, 0.6, 1.0), rec(True, 0.62, 0.2), rec(False, 0.3, 0.2), rec(False, 0.1, 0.9)]
    best = calibrate(records)[0]
    assert best["answered"] == 1.0 and best["refused"] == 1.0
    assert 0.1 < best["dense_min"] <= 0.3 or (best["coverage_min"] > 0.2 and 0.3 < best["lexical_dense"] <= 0.62)
    assert refuses({"injection": True, "foreign": [], "n_evidence": 5, "best_dense": 0.9, "coverage": 1.0}, 0, 0, 0)
    assert refuses({"injection": False, "foreign": [], "absent": ["GCSE"], "n_evidence": 5, "best_dense": 0.9, "coverage": 1.0}, 0, 0, 0)
