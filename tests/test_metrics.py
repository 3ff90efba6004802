"""Retrieval metrics on hand-made rankings, with exact expected values."""

import math

import pytest

from qa.evaluation.metrics import (
    all_periods_covered,
    latency_summary,
    mean,
    ndcg_at_k,
    percentile,
    period_coverage_at_k,
    recall_at_k,
    reciprocal_rank,
)

E = frozenset()
# five passages; evidence items 0, 1, 2 of a three-item question
RANKING = [E, frozenset({0}), E, frozenset({0, 2}), E]


def test_recall_at_k() -> None:
    assert recall_at_k(RANKING, 3, 1) == 0.0
    assert recall_at_k(RANKING, 3, 2) == pytest.approx(1 / 3)
    assert recall_at_k(RANKING, 3, 4) == pytest.approx(2 / 3)  # item 0 found twice counts once
    assert recall_at_k(RANKING, 3, 10) == pytest.approx(2 / 3)  # k beyond the list
    assert recall_at_k([frozenset({0, 1})], 2, 1) == 1.0
    with pytest.raises(ValueError):
        recall_at_k(RANKING, 0, 5)


def test_reciprocal_rank() -> None:
    assert reciprocal_rank(RANKING) == 0.5
    assert reciprocal_rank([frozenset({1})]) == 1.0
    assert reciprocal_rank([E, E, E]) == 0.0
    assert reciprocal_rank([]) == 0.0


def test_ndcg_exact_values() -> None:
    # relevant at ranks 2 and 4, three evidence items: DCG = 1/log2(3) + 1/log2(5); IDCG over 3 slots
    dcg = 1 / math.log2(3) + 1 / math.log2(5)
    idcg = 1 + 1 / math.log2(3) + 1 / math.log2(4)
    assert ndcg_at_k([False, True, False, True, False], 3) == pytest.approx(dcg / idcg)
    assert ndcg_at_k([True, True], 2) == pytest.approx(1.0)
    assert ndcg_at_k([False, False], 2) == 0.0
    # one evidence item found at rank 3: ideal is a single hit at rank 1
    assert ndcg_at_k([False, False, True], 1) == pytest.approx(1 / math.log2(4))


def test_ndcg_cuts_at_k_and_caps_the_ideal_at_k() -> None:
    rel = [False] * 10 + [True]
    assert ndcg_at_k(rel, 1, k=10) == 0.0
    assert ndcg_at_k(rel, 1, k=11) == pytest.approx(1 / math.log2(12))
    # 12 evidence items, all 10 slots relevant: the ideal has 10 hits, so the score is 1
    assert ndcg_at_k([True] * 10, 12, k=10) == pytest.approx(1.0)
    with pytest.raises(ValueError):
        ndcg_at_k([True], 0)


def test_period_coverage() -> None:
    periods = ["2018-07", "2020-10", "2020-10", "2024-12"]  # item -> period; three distinct periods
    ranking = [frozenset({1}), E, frozenset({3}), frozenset({2}), frozenset({0})]
    assert period_coverage_at_k(ranking, periods, 1) == pytest.approx(1 / 3)
    assert period_coverage_at_k(ranking, periods, 3) == pytest.approx(2 / 3)
    assert period_coverage_at_k(ranking, periods, 4) == pytest.approx(2 / 3)  # 2020-10 again
    assert period_coverage_at_k(ranking, periods, 5) == 1.0
    assert not all_periods_covered(ranking, periods, 4)
    assert all_periods_covered(ranking, periods, 5)
    with pytest.raises(ValueError):
        period_coverage_at_k(ranking, [], 5)


def test_percentiles_interpolate_like_numpy() -> None:
    values = [0.4, 0.1, 0.3, 0.2, 1.0]  # sorted: 0.1 0.2 0.3 0.4 1.0
    assert percentile(values, 50) == pytest.approx(0.3)
    assert percentile(values, 95) == pytest.approx(0.4 + 0.8 * 0.6)  # position 3.8
    assert percentile(values, 0) == pytest.approx(0.1)
    assert percentile(values, 100) == pytest.approx(1.0)
    assert percentile([7.0], 95) == 7.0
    assert percentile([1.0, 2.0], 50) == pytest.approx(1.5)
    with pytest.raises(ValueError):
        percentile([], 50)
    summary = latency_summary([0.010, 0.020, 0.030])
    assert summary["p50_ms"] == pytest.approx(20.0)
    assert summary["p95_ms"] == pytest.approx(29.0)


def test_mean() -> None:
    assert mean([1.0, 2.0, 6.0]) == 3.0
    assert math.isnan(mean([]))


# --- the runner's scoring and reporting, on hand-made passages -------------------------------------

from qa.evaluation.retrieval_eval import format_table, json_safe, load_questions, score_question, summarise  # noqa: E402

COT = {
    "id": "c1",
    "question": "How has it changed?",
    "authority": "BCP",
    "kind": "change_over_time",
    "answerable": True,
    "seed": True,
    "evidence": [
        {"source": "old.pdf", "text": "In 2019 inspectors found drift and delay in permanence planning.", "period": "2019-11"},
        {"source": "new.pdf", "text": "By 2024 permanence was explored for children as early as possible.", "period": "2024-12",
         "also_in": ["new.txt"]},
    ],
}
OLD = "Findings. In 2019 inspectors found drift and delay in permanence planning. More text."
NEW = "By 2024 permanence was explored for children as early as possible."


def test_score_question_exact_values() -> None:
    passages = [("other.pdf", OLD), ("new.pdf", NEW), ("new.txt", NEW), ("old.pdf", OLD)]
    r = score_question(COT, passages, k_values=(1, 2, 4))
    assert r["recall@1"] == 0.0
    assert r["recall@2"] == 0.5
    assert r["recall@4"] == 1.0
    assert r["mrr"] == 0.5
    assert r["first_hit"] == 2
    # relevant (new evidence) at ranks 2 and 4; the seed copy at rank 3 adds nothing
    expected = (1 / math.log2(3) + 1 / math.log2(5)) / (1 + 1 / math.log2(3))
    assert r["ndcg@10"] == pytest.approx(expected)
    assert r["period_coverage@2"] == 0.5
    assert r["period_coverage@4"] == 1.0
    assert r["all_periods@4"] is True
    assert r["missed"] == []
    assert r["retrieved"] == ["other.pdf", "new.pdf", "new.txt", "old.pdf"]


def test_summarise_groups_and_table() -> None:
    factual = {**COT, "id": "f1", "kind": "factual", "authority": None, "seed": False,
               "evidence": COT["evidence"][:1]}
    records = [
        score_question(COT, [("old.pdf", OLD)]),  # recall@1 0.5, mrr 1
        score_question(factual, [("x.pdf", "nothing"), ("old.pdf", OLD)]),  # recall@1 0, recall@5 1, mrr 0.5
    ]
    s = summarise(records)
    assert s["overall"]["n"] == 2
    assert s["overall"]["recall@1"] == pytest.approx(0.25)
    assert s["overall"]["mrr"] == pytest.approx(0.75)
    assert s["by_kind"]["factual"]["recall@5"] == 1.0
    assert s["by_scope"]["scoped"]["n"] == 1 and s["by_scope"]["unscoped"]["n"] == 1
    assert s["seed"]["n"] == 1 and s["seed"]["recall@10"] == 0.5
    assert s["change_over_time"]["n"] == 1
    assert s["change_over_time"]["all_periods@10_rate"] == 0.0
    assert "paraphrase" not in s["by_kind"]
    report = {**s, "k_values": [1, 5, 10], "latency": {"n": 2, "p50_ms": 12.0, "p95_ms": 30.0},
              "scope_leaks": {"authority": 0, "source_kind": 0, "date": 0, "questions_with_authority_leaks": []},
              "errors": []}
    table = format_table(report)
    assert "kind: change_over_time" in table and "seed subset" in table
    assert "p50 12.0 ms" in table and "authority 0 (must be 0)" in table
    assert json_safe({"a": [float("nan"), 1.0]}) == {"a": [None, 1.0]}


def test_load_questions_checks_fields(tmp_path) -> None:
    good = tmp_path / "q.jsonl"
    good.write_text('{"id": "a", "question": "q?", "kind": "factual", "answerable": true, '
                    '"evidence": [{"source": "s.pdf", "text": "t", "period": "2020-01"}]}\n\n', encoding="utf-8")
    assert [q["id"] for q in load_questions(good)] == ["a"]
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "question": "q?", "kind": "factual", "answerable": true, "evidence": []}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="no evidence"):
        load_questions(bad)


def test_the_dev_set_is_well_formed() -> None:
    from indexer.settings import REPO_ROOT

    questions = load_questions(REPO_ROOT / "eval" / "dev_questions.jsonl")
    kinds = [q["kind"] for q in questions]
    assert len(questions) >= 70
    assert kinds.count("factual") >= 35 and kinds.count("paraphrase") >= 12
    assert kinds.count("change_over_time") >= 12 and kinds.count("unanswerable") >= 8
    assert sum(1 for q in questions if q.get("seed")) >= 15
    for q in questions:
        assert q["answerable"] == (q["kind"] != "unanswerable"), q["id"]
        if q["kind"] == "change_over_time":
            assert len({e["period"] for e in q["evidence"]}) >= 2, q["id"]


@pytest.mark.slow
def test_run_retrieval_eval_on_a_real_tiny_index(tiny_index) -> None:
    """The runner end to end over the shared real index (seeds, two BCP reports, one Dorset report)."""
    from indexer.settings import REPO_ROOT
    from qa.evaluation.retrieval_eval import run_retrieval_eval
    from qa.service import QAService

    settings, _ = tiny_index
    wanted = {"bcp-f-03", "bcp-f-08", "dor-f-02", "bcp-u-05"}  # bcp-u-05 asks about Dorset's Harbour in BCP scope
    questions = [q for q in load_questions(REPO_ROOT / "eval" / "dev_questions.jsonl") if q["id"] in wanted]
    report = run_retrieval_eval(QAService(settings), questions, top_k=10)

    assert report["errors"] == []
    assert report["n_questions"] == 4 and report["n_scored"] == 3
    assert report["scope_leaks"]["authority"] == 0
    assert report["latency"]["n"] == 3 and report["latency"]["p95_ms"] >= report["latency"]["p50_ms"] > 0
    by_id = {r["id"]: r for r in report["questions"]}
    assert by_id["dor-f-02"]["recall@10"] == 1.0  # the only passage naming the Harbour
    assert all(source.startswith("dorset_") for source in by_id["dor-f-02"]["retrieved"])
    assert not any(source.startswith("dorset_") for r in ("bcp-f-03", "bcp-f-08") for source in by_id[r]["retrieved"])
    assert "seed subset" in format_table(report)


def test_evidence_in_index_counts_sentences_no_passage_holds() -> None:
    from qa.evaluation.retrieval_eval import evidence_in_index

    passages = [("sub/old.pdf", OLD), ("new.txt", NEW)]  # new.pdf is absent, but its copy new.txt is indexed
    ceiling = evidence_in_index([COT], passages)
    assert ceiling == {"items": 2, "findable": 2, "not_findable": []}
    ceiling = evidence_in_index([COT], [("old.pdf", "unrelated text")])
    assert ceiling["findable"] == 0 and len(ceiling["not_findable"]) == 2
    assert ceiling["not_findable"][0].startswith("c1: old.pdf:")
