"""After fusion: collapse near-duplicate passages, and spread change-over-time results across periods.

Pure functions over ranked candidates; the searcher builds the candidates from index rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Callable, Sequence

_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Candidate:
    row: int  # index row of the chunk
    doc_id: str
    period: str | None  # what the passage is about, e.g. "2021-12"; None if undated
    score: float  # fused score, higher is better
    text: str
    primary: bool = True  # Ofsted's own document
    paged: bool = False  # has a page number to cite
    authority: str | None = None  # the document's authority id
    doc_month: str | None = None  # the month of the document's event ("2021-12"): copies share it

    @property
    def preference(self) -> tuple[bool, bool]:
        """Of two copies of one passage we keep the primary one, then the one with page numbers."""
        return (self.primary, self.paged)


def shingles(text: str, n: int = 3) -> frozenset[tuple[str, ...]]:
    """Word n-grams of a text, case and punctuation ignored (so PDF and text copies meet)."""
    words = _WORD.findall(text.lower())
    if len(words) < n:
        return frozenset({hash(tuple(words))}) if words else frozenset()
    # Hashes, not tuples: set intersections of ints are several times faster.
    return frozenset(hash(tuple(words[i : i + n])) for i in range(len(words) - n + 1))


def overlap(a: frozenset, b: frozenset) -> float:
    """Containment of the smaller in the larger: 1 when one passage lies wholly inside the other.

    Jaccard would miss a short text chunk inside a longer PDF chunk cut at other boundaries.
    """
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def collapse_duplicates(
    ranked: Sequence[Candidate],
    threshold: float = 0.6,
    shingles_of: Callable[[Candidate], frozenset] | None = None,
) -> list[Candidate]:
    """Ranked candidates with near-duplicates merged into one slot.

    The slot stays where the better-ranked copy was and keeps its score; the copy we keep is the
    preferred one (primary, then paged), so a quoted letter in a news story gives way to Ofsted's PDF.
    Copies are of one authority and month: candidates without them (``None``) are taken as of the same.
    """
    shingles_of = shingles_of or (lambda c: shingles(c.text))
    kept: list[Candidate] = []
    kept_shingles: list[frozenset] = []
    for cand in ranked:
        sh = shingles_of(cand)
        # Chunks of one document never repeat each other: copies are across documents of one authority
        # and month (a report, its text copy, the news story quoting it). Reports share templates (a
        # title page, a grade table), not findings.
        match = next(
            (
                i for i, other in enumerate(kept_shingles)
                if kept[i].doc_id != cand.doc_id and (kept[i].authority, kept[i].doc_month) == (cand.authority, cand.doc_month)
                and overlap(sh, other) >= threshold
            ),
            None,
        )
        if match is None:
            kept.append(cand)
            kept_shingles.append(sh)
        elif cand.preference > kept[match].preference:
            kept[match] = replace(cand, score=max(cand.score, kept[match].score))
            kept_shingles[match] = sh
    return kept


def spread_over_groups(
    ranked: Sequence[Candidate],
    top_k: int,
    per_document_cap: int,
    floor: float = 0.0,
    key: Callable[[Candidate], str | None] = lambda c: c.period,
) -> list[Candidate]:
    """``top_k`` candidates that represent every group among ``ranked`` before any group gets a second:
    groups by ``key``, the period by default (a change over time), or the authority or report (lists).

    The best passage of each group goes in first (groups in order of their best passage; only
    groups whose best passage scores at least ``floor`` times the best of all), then
    the rest by rank with at most ``per_document_cap`` passages from one document, then (if the cap
    left slots empty) the rest by rank. The result is ordered by score, so relevance still leads.
    ``ranked`` should already be cut to the relevant pool: every group in it gets a slot if it fits.
    """
    chosen: list[Candidate] = []
    chosen_rows: set[int] = set()
    per_doc: dict[str, int] = {}

    def take(c: Candidate) -> None:
        chosen.append(c)
        chosen_rows.add(c.row)
        per_doc[c.doc_id] = per_doc.get(c.doc_id, 0) + 1

    seen_periods: set[str | None] = set()
    best = max((c.score for c in ranked), default=0.0)
    for c in ranked:
        if len(chosen) >= top_k or c.score < floor * best:
            break
        if key(c) not in seen_periods:
            seen_periods.add(key(c))
            take(c)
    for capped in (True, False):
        for c in ranked:
            if len(chosen) >= top_k:
                break
            if c.row in chosen_rows or (capped and per_doc.get(c.doc_id, 0) >= per_document_cap):
                continue
            take(c)
    return sorted(chosen, key=lambda c: (-c.score, c.row))
