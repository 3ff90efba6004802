"""Hand-made Evidence for unit tests of pure answer logic (sentence choice, citations, timelines)."""

from __future__ import annotations

from indexer.types import Chunk, Document, content_hash
from qa.types import Evidence


def document(
    name: str = "report",
    *,
    authority: str = "bcp",
    doc_type: str = "full inspection",
    source_kind: str = "primary",
    date: str | None = "2024-12-02",
    title: str | None = None,
) -> Document:
    return Document(
        id=content_hash(name),
        source=f"{name}.pdf",
        title=title or f"Inspection report {name}",
        authority=authority,
        doc_type=doc_type,
        source_kind=source_kind,  # type: ignore[arg-type]
        published=date,
        period_start=date,
    )


def evidence(
    text: str,
    doc: Document | None = None,
    *,
    rank: int = 1,
    score: float | None = None,
    dense: float | None = 0.6,
    page: int | None = 1,
    paragraph: int | None = None,
    about_date: str | None = None,
) -> Evidence:
    doc = doc or document()
    chunk = Chunk(
        id=content_hash(f"{doc.id}:{text}"),
        doc_id=doc.id,
        text=text,
        page=page,
        paragraph=paragraph,
        section=None,
        start=0,
        end=len(text),
        about_date=about_date,
    )
    return Evidence(chunk=chunk, document=doc, rank=rank, score=1.0 / rank if score is None else score, dense_score=dense)
