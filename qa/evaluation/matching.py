"""Deciding whether a retrieved passage contains a gold evidence sentence.

Chunking changes; the gold set must not. So evidence is stored as sentences copied from the
documents, and a passage "finds" one when it contains the sentence after both are reduced to
lowercase letters and digits (line breaks, hyphenation, curly quotes and punctuation vanish).
When a chunk boundary cuts the sentence, a prefix or suffix covering at least half of it
(and at least ``MIN_PARTIAL_CHARS`` characters) is enough.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any, Iterable, Sequence

MIN_PARTIAL_FRACTION = 0.5
MIN_PARTIAL_CHARS = 40

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def normalise(text: str) -> str:
    """Lowercase ASCII letters and digits only; accents are folded to their base letter."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_ALNUM.sub("", folded.lower())


def _file_name(source: str) -> str:
    # Sources are paths relative to the corpus folder; the gold set names files.
    return PurePosixPath(source.replace("\\", "/")).name


@dataclass(frozen=True)
class EvidenceItem:
    """One gold sentence: where it is, what it says, and the period it is about (YYYY-MM)."""

    source: str
    text: str
    period: str
    also_in: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "EvidenceItem":
        return cls(
            source=d["source"],
            text=d["text"],
            period=d.get("period", ""),
            also_in=tuple(d.get("also_in", ())),
        )

    @property
    def sources(self) -> frozenset[str]:
        return frozenset(_file_name(s) for s in (self.source, *self.also_in))


def contains_sentence(
    passage: str,
    sentence: str,
    min_fraction: float = MIN_PARTIAL_FRACTION,
    min_chars: int = MIN_PARTIAL_CHARS,
) -> bool:
    """True when ``passage`` holds ``sentence`` whole, or a long enough prefix or suffix of it."""
    p, s = normalise(passage), normalise(sentence)
    if not s:
        return False
    if s in p:
        return True
    need = max(math.ceil(len(s) * min_fraction), min_chars)
    if need >= len(s):
        return False
    return s[:need] in p or s[-need:] in p


def passage_matches(source: str, passage: str, item: EvidenceItem) -> bool:
    """A passage matches an item when it comes from one of the item's files and contains the sentence."""
    return _file_name(source) in item.sources and contains_sentence(passage, item.text)


def matched_items(source: str, passage: str, items: Sequence[EvidenceItem]) -> frozenset[int]:
    """Indices of the evidence items this passage finds."""
    return frozenset(i for i, item in enumerate(items) if passage_matches(source, passage, item))


def match_ranking(
    passages: Iterable[tuple[str, str]], items: Sequence[EvidenceItem]
) -> list[frozenset[int]]:
    """For a ranked list of (source, text) passages, the evidence indices each one finds."""
    return [matched_items(source, text, items) for source, text in passages]
