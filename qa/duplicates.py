"""Copies of one passage across documents about the same event: a report as PDF and as text, a
news story reproducing Ofsted's letter. Found once when the searcher loads, so a search can
always show the preferred copy, even when only the other copy ranked near the top.
"""

from __future__ import annotations

from typing import Hashable, Iterable, Sequence

from qa.diversify import overlap, shingles


def canonical_rows(
    texts: Sequence[str],
    doc_of: Sequence[str],
    preference: Sequence[Hashable],
    document_pairs: Iterable[tuple[str, str]],
    threshold: float = 0.6,
) -> dict[int, int]:
    """Row → the row of its preferred copy, for every row that has a better copy elsewhere.

    Only rows of the given document pairs are compared (copies live in documents about the same
    event; comparing everything with everything would cost quadratic time for nothing). Copies
    chain: if A copies B and B copies C, all three share the copy with the highest ``preference``
    (ties: the lowest row).
    """
    rows_of: dict[str, list[int]] = {}
    for row, doc in enumerate(doc_of):
        rows_of.setdefault(doc, []).append(row)
    cache: dict[int, frozenset] = {}

    def sh(row: int) -> frozenset:
        if row not in cache:
            cache[row] = shingles(texts[row])
        return cache[row]

    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for a, b in document_pairs:
        for ra in rows_of.get(a, ()):
            for rb in rows_of.get(b, ()):
                if overlap(sh(ra), sh(rb)) >= threshold:
                    parent[find(ra)] = find(rb)

    groups: dict[int, list[int]] = {}
    for row in set(parent) | set(parent.values()):
        groups.setdefault(find(row), []).append(row)
    mapping: dict[int, int] = {}
    for members in groups.values():
        members = sorted(set(members))
        best = max(members, key=lambda r: (preference[r], -r))
        mapping.update({r: best for r in members if r != best})
    return mapping
