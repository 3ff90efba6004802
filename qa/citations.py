"""Checking an answer's ``[n]`` markers against the passages it was given.

An answer passes when every marker names a given passage and every sentence of substance carries
at least one marker. The same parsing serves the evaluation: which passages a sentence cites, and
whether the sentence is found in (extractive) or supported by (LLM) what it cites.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping, Sequence

from qa.lexical import stem_set
from qa.sentences import split_sentences

# "[3]", "[1, 2]", "[1-3]", "[1][2]"; also the "【1】" some models write.
MARKER = re.compile(r"[\[【]\s*(\d{1,3}(?:\s*(?:,|;|-|–|and)\s*\d{1,3})*)\s*[\]】]")
_LEADING_MARKERS = re.compile(r"^((?:\s*[\[【][\d\s,;\-–and]+[\]】])+)\s*")
_BULLET = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)])\s+")
MIN_CLAIM_WORDS = 4  # shorter fragments ("Sources:", "In summary") are not claims


def parse_marker(body: str) -> list[int]:
    """'1, 2' -> [1, 2]; '2-4' -> [2, 3, 4] (ranges capped, a model may write '1-100')."""
    out: list[int] = []
    for part in re.split(r"\s*(?:,|;|and)\s*", body):
        span = re.split(r"\s*[-–]\s*", part)
        if len(span) == 2 and span[0].isdigit() and span[1].isdigit():
            lo, hi = int(span[0]), int(span[1])
            out.extend(range(lo, min(hi, lo + 20) + 1) if lo <= hi else [lo, hi])
        elif part.strip().isdigit():
            out.append(int(part))
    return out


def markers(text: str) -> list[int]:
    """Every citation number in ``text``, in order of appearance, repeats kept."""
    return [n for m in MARKER.finditer(text) for n in parse_marker(m.group(1))]


def strip_markers(text: str) -> str:
    return re.sub(r"\s+([.,;:!?])", r"\1", MARKER.sub("", text)).strip()


@dataclass(frozen=True)
class Claim:
    text: str  # the sentence without its markers
    cites: tuple[int, ...]


def claims(text: str, labels: Sequence[str] = ()) -> list[Claim]:
    """The answer's sentences with the markers each carries.

    A marker written after the full stop ("… poor. [1] Next …") belongs to the sentence before it.
    ``labels`` (timeline entry labels) are taken off the start of lines: they are headings, not claims.
    """
    out: list[list] = []
    for line in text.splitlines():
        line = _BULLET.sub("", line.strip())
        for label in labels:
            if label and line.startswith(label):
                line = line[len(label) :].lstrip(" :—-")
                break
        for sentence in split_sentences(line):
            lead = _LEADING_MARKERS.match(sentence)
            if lead and out:
                out[-1][1].extend(markers(lead.group(1)))
                sentence = sentence[lead.end() :]
            if sentence.strip():
                out.append([strip_markers(sentence), markers(sentence)])
    return [Claim(t, tuple(dict.fromkeys(c))) for t, c in out if t or c]


@dataclass(frozen=True)
class CitationCheck:
    ok: bool
    invalid: tuple[int, ...]  # markers naming no given passage
    uncited: tuple[str, ...]  # sentences of substance with no marker
    used: tuple[int, ...]  # valid markers, in order of first use

    def problem(self) -> str:
        bits = []
        if self.invalid:
            bits.append(f"markers {list(self.invalid)} name no passage")
        if self.uncited:
            bits.append(f"{len(self.uncited)} sentence(s) carry no marker")
        if not self.used and not self.invalid:
            bits.append("no markers at all")
        return "; ".join(bits)


def check(text: str, n_passages: int, labels: Sequence[str] = ()) -> CitationCheck:
    """Every marker in 1..n_passages, every sentence of substance cited, and at least one citation."""
    found = markers(text)
    invalid = tuple(dict.fromkeys(n for n in found if not 1 <= n <= n_passages))
    used = tuple(dict.fromkeys(n for n in found if 1 <= n <= n_passages))
    uncited = tuple(
        c.text for c in claims(text, labels) if not c.cites and len(c.text.split()) >= MIN_CLAIM_WORDS
    )
    return CitationCheck(ok=bool(used) and not invalid and not uncited, invalid=invalid, uncited=uncited, used=used)


def renumber(text: str, mapping: Mapping[int, int]) -> str:
    """Rewrite markers through ``mapping`` (old -> new), one bracket per number: '[3, 1]' -> '[1][2]'."""

    def sub(m: re.Match) -> str:
        nums = [mapping[n] for n in parse_marker(m.group(1)) if n in mapping]
        return "".join(f"[{n}]" for n in dict.fromkeys(nums))

    return MARKER.sub(sub, text)


def first_use_order(text: str, n_passages: int) -> dict[int, int]:
    """old -> new numbering so that citations run 1..N in order of first use."""
    order = [n for n in dict.fromkeys(markers(text)) if 1 <= n <= n_passages]
    return {old: new for new, old in enumerate(order, start=1)}


def normalise(text: str) -> str:
    """Lower-case words and numbers only: compares a quote with its passage across spacing and tabs."""
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def found_in(sentence: str, passage: str) -> bool:
    """The sentence is the passage's own words (spacing, punctuation and case aside).

    A sentence joined from several places with ': ' or '; ' (a grade row's area and grade, a list's
    introduction and its items) passes when each part is in the passage.
    """
    p = normalise(passage)
    parts = [normalise(x) for x in re.split(r": |; ", sentence)]
    return bool(parts) and all(x and x in p for x in parts)


def support(sentence: str, passages: Sequence[str]) -> float:
    """Share of the sentence's content words that appear in the passages it cites (0..1)."""
    words = stem_set(sentence)
    if not words:
        return 1.0
    cited = frozenset().union(*(stem_set(p) for p in passages)) if passages else frozenset()
    return len(words & cited) / len(words)
