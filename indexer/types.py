"""Core record types of the index side. Frozen: a record carries its provenance unchanged."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

SourceKind = Literal["primary", "secondary"]

# Document types, as shown to users. Detection and the manifest use these strings.
DOC_TYPES = (
    "full inspection",
    "looked after children inspection",  # before 2013: looked after children's services alone
    "focused visit",
    "monitoring visit",
    "area SEND inspection",
    "safeguarding board review",
    "news",
    "council self-evaluation",
    "other",
)


def content_hash(data: bytes | str) -> str:
    """Stable id from content: the same bytes always give the same id."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:16]


@dataclass(frozen=True)
class Document:
    id: str  # content hash of the file's bytes
    source: str  # path relative to the corpus folder, with forward slashes
    title: str
    authority: str  # canonical authority id from corpus/authorities.json, e.g. "bcp"
    doc_type: str  # one of DOC_TYPES
    source_kind: SourceKind  # primary: Ofsted's own report or letter; secondary: anything else
    published: str | None  # ISO date the document was published or dated
    period_start: str | None = None  # ISO date the period it covers begins (e.g. first inspection day)
    period_end: str | None = None
    grades: dict[str, str] = field(default_factory=dict)  # judgement -> grade, where the document gives them
    publisher: str | None = None  # who published a secondary source ("Community Care"), where known

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Document":
        return cls(**d)

    @property
    def date(self) -> str | None:
        """The date users see first: when the work was done (period start), else publication."""
        return self.period_start or self.published

    @property
    def without_overall_grade(self) -> bool:
        """A full inspection judged area by area with no overall effectiveness, as Ofsted's are from April 2026."""
        return self.doc_type == "full inspection" and bool(self.grades) and "overall effectiveness" not in self.grades

    @property
    def standing_grade(self) -> str:
        """Its overall effectiveness grade in lower case, or, where it gives none (from April 2026), its
        judgement of the impact of leaders, which stands in for it; "" for a document giving neither."""
        grade = self.grades.get("overall effectiveness") or (self.grades.get("impact of leaders", "") if self.without_overall_grade else "")
        return grade.lower()


@dataclass(frozen=True)
class Page:
    number: int  # 1-based page number in the PDF; 1 for text files
    text: str  # cleaned text of the page


@dataclass(frozen=True)
class Chunk:
    id: str  # content hash of (doc id, start, text)
    doc_id: str
    text: str
    page: int | None  # PDF page the passage starts on
    paragraph: int | None  # Ofsted's paragraph number, where the report numbers them
    section: str | None  # nearest heading above the passage
    start: int  # character offsets into the document's cleaned text
    end: int
    about_date: str | None = None  # ISO date the passage is about, where it differs from the document's

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Chunk":
        return cls(**d)

    @property
    def label(self) -> str:
        """Readable location, e.g. 'p. 3, para 12'."""
        parts = []
        if self.page is not None:
            parts.append(f"p. {self.page}")
        if self.paragraph is not None:
            parts.append(f"para {self.paragraph}")
        return ", ".join(parts) or "text"
