"""The query-side facade: one object the CLI and the app call. Loads the index and models once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Callable, Iterator

from indexer.authorities import AuthorityTable
from indexer.settings import Settings
from indexer.types import Document
from qa.types import Answer, Evidence


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

    def ask(self, query: Query) -> Answer:
        from qa.answering import answer_query

        return answer_query(self, query)

    def ask_stream(self, query: Query) -> Iterator[str | Answer]:
        """Text pieces as they are produced, then the final Answer (what the app renders)."""
        from qa.answering import stream_answer

        return stream_answer(self, query)

    def rebuild(self, full: bool = False, progress: Callable[[int, int, str], None] | None = None):
        """Rebuild the index on disk; this service keeps answering from the old one until reloaded."""
        from indexer.build import build_index

        return build_index(self.settings, full=full, progress=progress)
