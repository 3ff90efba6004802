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
