"""The query-side facade: one object the CLI and the app call. Loads the index and models once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator

from indexer.authorities import AuthorityTable
from indexer.settings import Settings
from indexer.types import Document, Page, content_hash
from qa.types import Answer, Evidence

if TYPE_CHECKING:
    from qa.scope import Scope


@dataclass(frozen=True)
class Query:
    """A question with its scope options as the user gave them (flags, batch fields, app controls)."""

    question: str
    authority: str | None = None
    since: int | str | None = None  # a year, or an ISO date
    until: int | str | None = None
    source_kind: str | None = None
    doc_types: tuple[str, ...] | None = None
    top_k: int | None = None
    infer_scope: bool = True  # False: the options alone set the scope; authorities and dates named in the question do not


class QAService:
    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings.load()

    @cached_property
    def authorities(self) -> AuthorityTable:
        return AuthorityTable.load(self.settings.authorities_path)

    @cached_property
    def searcher(self):  # -> qa.retrieval.Searcher
        from qa.retrieval import Searcher

        return Searcher.open(self.settings, self.authorities)

    def documents(self) -> list[Document]:
        return sorted(self.searcher.store.documents.values(), key=lambda d: (d.authority, d.date or ""))

    def search(self, query: Query) -> list[Evidence]:
        return self.searcher.search_query(query)

    def search_in_scope(self, query: Query) -> tuple[Scope, list[Evidence]]:
        """The scope a query searched, and what it found there."""
        return self.searcher.search_in_scope(query)

    def spelling(self, question: str) -> str | None:
        """The question with its mistyped frame words put right ("Wht did ofsted say abut Bury?"), or
        None: a word the index holds, or a stopword, is taken as meant."""
        from qa.lexical import stems
        from qa.spelling import corrected

        vocabulary = self.searcher.store.bm25.vocab_dict
        return corrected(question, lambda word: all(s in vocabulary for s in stems(word)))

    def ask(self, query: Query) -> Answer:
        from qa.answering import answer_query

        return answer_query(self, query)

    def ask_stream(self, query: Query) -> Iterator[str | Answer]:
        """Text pieces as they are produced, then the final Answer (what the app renders)."""
        from qa.answering import stream_answer

        return stream_answer(self, query)

    def resolve(self, query: Query):  # -> (Scope, TimeIntent, notes)
        """The scope a query searches, its time intent, and notes of what the question itself set."""
        return self.searcher.resolve(query)

    # --- the sources behind the index (for showing a cited page in full) -----------------------

    def document(self, document_id: str) -> Document:
        return self.searcher.store.documents[document_id]

    def source_path(self, document_id: str) -> Path:
        """The corpus file an indexed document was read from."""
        return Path(self.settings.corpus_dir) / self.document(document_id).source

    def pages(self, document_id: str) -> list[Page]:
        """The document's cleaned pages, read again from its corpus file: the text chunk offsets refer to.

        Raises FileNotFoundError if the file has gone, ValueError if it changed since it was indexed.
        """
        from indexer import cleaning, readers

        path = self.source_path(document_id)
        data = path.read_bytes()
        if content_hash(data) != document_id:
            raise ValueError(f"{self.document(document_id).source} has changed since it was indexed: rebuild the index")
        raw = readers.read_raw_pages(path, data)
        return cleaning.clean_pages(raw, is_pdf=path.suffix.lower() == ".pdf")

    def page_text(self, document_id: str, page: int | None) -> str:
        """The cleaned text of one page (a text file is one page)."""
        pages = self.pages(document_id)
        for p in pages:
            if p.number == (page or 1):
                return p.text
        raise ValueError(f"{self.document(document_id).source} has no page {page}")

    def index_info(self) -> dict[str, Any]:
        """The loaded index's manifest: build time, counts, pages per document, files skipped."""
        return self.searcher.store.meta

    def rebuild(self, full: bool = False, progress: Callable[[int, int, str], None] | None = None):
        """Rebuild the index on disk; this service keeps answering from the old one until reloaded."""
        from indexer.build import build_index

        return build_index(self.settings, full=full, progress=progress)
