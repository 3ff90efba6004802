"""Fusing a dense and a keyword ranking into one. Pure functions over row ids and scores."""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np


def top_rows(rows: np.ndarray, scores: np.ndarray, k: int, positive_only: bool = False) -> list[tuple[int, float]]:
    """The ``k`` best (row, score) pairs, best first; ties broken by row id so results are stable."""
    if positive_only:
        keep = scores > 0
        rows, scores = rows[keep], scores[keep]
    if len(rows) == 0 or k <= 0:
        return []
    if len(rows) > k:
        part = np.argpartition(-scores, k - 1)[:k]
        rows, scores = rows[part], scores[part]
    order = np.lexsort((rows, -scores))
    return [(int(rows[i]), float(scores[i])) for i in order]


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[int]], weights: Sequence[float] | None = None, k: int = 60
) -> dict[int, float]:
    """score(id) = Σ weight_r / (k + rank_r(id)), rank 1-based; an id absent from a ranking gets nothing from it."""
    weights = weights or [1.0] * len(rankings)
    fused: dict[int, float] = {}
    for ranking, weight in zip(rankings, weights):
        for rank, item in enumerate(ranking, start=1):
            fused[item] = fused.get(item, 0.0) + weight / (k + rank)
    return fused


def normalise(scores: Mapping[int, float]) -> dict[int, float]:
    """Min-max to [0, 1] over the candidates; all-equal scores map to 1."""
    if not scores:
        return {}
    lo, hi = min(scores.values()), max(scores.values())
    if hi - lo <= 1e-12:
        return {i: 1.0 for i in scores}
    return {i: (s - lo) / (hi - lo) for i, s in scores.items()}


def convex_fusion(
    dense: Mapping[int, float], keyword: Mapping[int, float], dense_weight: float = 0.5, floor: Mapping[str, float] | None = None
) -> dict[int, float]:
    """score = w·norm(dense) + (1 − w)·norm(keyword) over the union of candidates.

    A candidate missing from one list scores 0 there (it fell below that list's cut-off, the
    lowest normalised value). ``floor`` may give the raw score that maps to 0 for "dense" or
    "keyword" (e.g. 0 for BM25), so one strong keyword hit among weak ones is not stretched to 1 by itself.
    """
    floor = floor or {}
    d = _normalise_from(dense, floor.get("dense"))
    kw = _normalise_from(keyword, floor.get("keyword"))
    return {i: dense_weight * d.get(i, 0.0) + (1.0 - dense_weight) * kw.get(i, 0.0) for i in set(dense) | set(keyword)}


def _normalise_from(scores: Mapping[int, float], low: float | None) -> dict[int, float]:
    if low is None or not scores:
        return normalise(scores)
    hi = max(scores.values())
    if hi - low <= 1e-12:
        return {i: 1.0 for i in scores}
    return {i: max(0.0, (s - low) / (hi - low)) for i, s in scores.items()}


def ranked(scores: Mapping[int, float]) -> list[int]:
    """Ids by score, best first; ties by id."""
    return sorted(scores, key=lambda i: (-scores[i], i))
