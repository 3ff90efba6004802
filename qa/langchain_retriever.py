"""Our scoped hybrid search as a LangChain retriever, for composing into users' own chains.

    retriever = InspectionRetriever.from_settings(authority="BCP", since=2018, k=8)
    docs = retriever.invoke("How has support for care leavers changed?")

Each LangChain Document is one cited passage; its metadata carries the provenance a citation
needs (source file, title, authority, date, source kind, page, paragraph, chunk id, score).
"""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document as LCDocument
from langchain_core.retrievers import BaseRetriever

from qa.types import Evidence


class InspectionRetriever(BaseRetriever):
    searcher: Any  # qa.retrieval.Searcher (typed loosely: pydantic need not know it)
    authority: str | None = None
    since: int | str | None = None
    until: int | str | None = None
    source_kind: str | None = None
    doc_types: tuple[str, ...] | None = None
    k: int | None = None  # None: Settings.top_k

    @classmethod
    def from_settings(cls, settings: Any = None, **options: Any) -> "InspectionRetriever":
        """A retriever over the index ``settings`` name (default settings when None)."""
        from indexer.authorities import AuthorityTable
        from indexer.settings import Settings
        from qa.retrieval import Searcher

        settings = settings or Settings.load()
        searcher = Searcher.open(settings, AuthorityTable.load(settings.authorities_path))
        return cls(searcher=searcher, **options)

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[LCDocument]:
        from qa.service import Query

        results = self.searcher.search_query(
            Query(
                question=query,
                authority=self.authority,
                since=self.since,
                until=self.until,
                source_kind=self.source_kind,
                doc_types=self.doc_types,
                top_k=self.k,
            )
        )
        return [to_langchain(e) for e in results]


def to_langchain(evidence: Evidence) -> LCDocument:
    row = evidence.to_result()
    text = row.pop("text")
    row["rank"] = evidence.rank
    row["doc_type"] = evidence.document.doc_type
    row["section"] = evidence.chunk.section
    return LCDocument(page_content=text, metadata=row, id=evidence.chunk.id)
