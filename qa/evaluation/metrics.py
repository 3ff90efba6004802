"""Retrieval metrics as pure functions over ranked lists.

A ranking is a list, best first, of the evidence indices each retrieved passage matched
(an empty set for a passage that matched nothing); see ``matching.match_ranking``.
"""

from __future__ import annotations

import math
from typing import AbstractSet, Sequence

Ranking = Sequence[AbstractSet[int]]


def recall_at_k(ranking: Ranking, n_evidence: int, k: int) -> float:
    """Share of the question's evidence items found by any of the top ``k`` passages."""
    if n_evidence <= 0:
        raise ValueError("recall needs at least one evidence item")
    found: set[int] = set()
    for matched in ranking[:k]:
        found |= matched
    return len(found) / n_evidence


def reciprocal_rank(ranking: Ranking) -> float:
    """1 / rank of the first passage that matches any evidence item; 0 when none does."""
    for rank, matched in enumerate(ranking, start=1):
        if matched:
            return 1.0 / rank
    return 0.0


def ndcg_at_k(relevant: Sequence[bool], n_relevant: int, k: int = 10) -> float:
    """Binary-relevance nDCG: the ideal list has min(n_relevant, k) relevant passages on top."""
    if n_relevant <= 0:
        raise ValueError("nDCG needs at least one relevant item")
    dcg = sum(1.0 / math.log2(i + 2) for i, rel in enumerate(relevant[:k]) if rel)
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(n_relevant, k)))
    return dcg / ideal


def period_coverage_at_k(ranking: Ranking, periods: Sequence[str], k: int) -> float:
    """Share of the distinct evidence periods that a matching passage in the top ``k`` represents.

    ``periods[i]`` is the period of evidence item ``i``.
    """
    wanted = set(periods)
    if not wanted:
        raise ValueError("period coverage needs at least one evidence period")
    covered: set[str] = set()
    for matched in ranking[:k]:
        covered |= {periods[i] for i in matched}
    return len(covered & wanted) / len(wanted)


def all_periods_covered(ranking: Ranking, periods: Sequence[str], k: int) -> bool:
    """True when every distinct evidence period is represented in the top ``k``."""
    return period_coverage_at_k(ranking, periods, k) == 1.0


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) with linear interpolation between closest ranks (numpy's default)."""
    if not values:
        raise ValueError("percentile of an empty list")
    if not 0 <= q <= 100:
        raise ValueError("q must be between 0 and 100")
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def latency_summary(seconds: Sequence[float]) -> dict[str, float]:
    """p50 and p95 in milliseconds."""
    return {
        "p50_ms": percentile(seconds, 50) * 1000,
        "p95_ms": percentile(seconds, 95) * 1000,
    }


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else float("nan")
