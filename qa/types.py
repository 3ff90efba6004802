"""Core record types of the query side."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from indexer.types import Chunk, Document


@dataclass(frozen=True)
class Evidence:
    chunk: Chunk
    document: Document
    rank: int  # 1-based
    score: float  # fused score used for ranking
    dense_score: float | None = None  # cosine similarity to the question
    sentence_score: float | None = None  # cosine similarity of its sentence nearest the question
    keyword_score: float | None = None  # BM25 score
    opening: bool = False  # among its document's opening passages (title, judgements, headline findings)
    recalled: bool = False  # in scope for a time it speaks of, not its document's own (``Scope.recalled``)
    recalls: tuple[int, ...] = ()  # the years it is in scope for naming (``Scope.mentions``)

    @property
    def date(self) -> str | None:
        """The date the passage is about: the chunk's own where the text says so, else the document's."""
        return self.chunk.about_date or self.document.date

    def to_result(self) -> dict[str, Any]:
        """One row of the `search --json` contract."""
        return {
            "rank": self.rank,
            "score": round(float(self.score), 6),
            "text": self.chunk.text,
            "source": self.document.source,
            "title": self.document.title,
            "authority": self.document.authority,
            "date": self.date,
            "published": self.document.published,
            "source_kind": self.document.source_kind,
            "page": self.chunk.page,
            "paragraph": self.chunk.paragraph,
            "chunk_id": self.chunk.id,
        }


@dataclass(frozen=True)
class Citation:
    n: int  # the number used in the answer's [n] markers
    evidence: Evidence
    quote: str  # the part of the passage the answer relies on

    def to_dict(self) -> dict[str, Any]:
        """One citation of the `ask --json` contract."""
        ev = self.evidence
        return {
            "n": self.n,
            "text": ev.chunk.text,
            "quote": self.quote,
            "source": ev.document.source,
            "title": ev.document.title,
            "authority": ev.document.authority,
            "date": ev.date,
            "published": ev.document.published,
            "source_kind": ev.document.source_kind,
            "page": ev.chunk.page,
            "paragraph": ev.chunk.paragraph,
        }


@dataclass(frozen=True)
class SourceLabel:
    """How an answer's line names its source: "Dec 2021 — Ofsted inspection (primary)"."""

    when: str  # "Dec 2021"; "Jul 2018 – Mar 2019" for a document covering months; "undated"
    what: str  # "Ofsted inspection", "West Northamptonshire · Ofsted inspection", "news report, reporting …"
    kind: str  # "primary" or "secondary"

    def __str__(self) -> str:
        return f"{self.when} — {self.what} ({self.kind})"


@dataclass(frozen=True)
class TimelineEntry:
    period: str  # ISO date (or year-month) the entry is about
    source: SourceLabel
    citations: tuple[int, ...]  # citation numbers
    summary: str  # what the sources said, with [n] markers

    @property
    def label(self) -> str:
        return str(self.source)


@dataclass(frozen=True)
class Answer:
    question: str
    text: str  # with [n] markers
    citations: tuple[Citation, ...]
    insufficient_evidence: bool
    explanation: str = ""  # why it refused, or a note such as an LLM fallback
    timeline: tuple[TimelineEntry, ...] = field(default_factory=tuple)
    composer: str = "extractive"

    @property
    def authorities(self) -> list[str]:
        """The authorities its citations are from, in the answer's order; none when it was refused
        (what a follow-up's "they" points to: "When were they last inspected?")."""
        return [] if self.insufficient_evidence else list(dict.fromkeys(c.evidence.document.authority for c in self.citations))

    def to_dict(self, id: Any = None) -> dict[str, Any]:
        return {
            "id": id,
            "question": self.question,
            "answer": self.text,
            "citations": [c.to_dict() for c in self.citations],
            "insufficient_evidence": self.insufficient_evidence,
            "explanation": self.explanation,
            "composer": self.composer,
            "timeline": [
                {"period": t.period, "label": t.label, "citations": list(t.citations), "summary": t.summary}
                for t in self.timeline
            ],
        }


def final_answer(pieces: Iterable[str | Answer]) -> Answer:
    """Drain a composer's stream (text pieces, then the Answer) and return the Answer."""
    answer: Answer | None = None
    for piece in pieces:
        if isinstance(piece, Answer):
            answer = piece
    if answer is None:
        raise RuntimeError("the composer's stream ended without an Answer")
    return answer
