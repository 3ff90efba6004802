"""Real corpus documents read and cleaned once per test process, shared by the ingestion tests.

Reading all 60 PDFs with pypdf takes tens of seconds, so each file is read at most once however
many tests look at it.
"""

from __future__ import annotations

from functools import lru_cache

from indexer.authorities import AuthorityTable
from indexer.cleaning import clean_pages
from indexer.metadata import load_manifest
from indexer.readers import is_document_file, read_raw_pages
from indexer.settings import REPO_ROOT, Settings
from indexer.types import Page

CORPUS = REPO_ROOT / "corpus"

# The same Ofsted report, typed and as published.
BCP_2024_TEXT = "001_1d4c7e16ff40473a.txt"
BCP_2024_PDF = "bcp_ilacs-inspection_2024-12_pub-2025-01-29.pdf"


def corpus_sources() -> list[str]:
    return sorted(p.name for p in CORPUS.rglob("*") if is_document_file(p, CORPUS))


@lru_cache(maxsize=None)
def raw_pages(name: str) -> tuple[tuple[int, str], ...]:
    return tuple(read_raw_pages(CORPUS / name))


@lru_cache(maxsize=None)
def cleaned(name: str) -> tuple[Page, ...]:
    return tuple(clean_pages(list(raw_pages(name)), is_pdf=name.endswith(".pdf")))


@lru_cache(maxsize=1)
def manifest() -> dict[str, dict]:
    return load_manifest(CORPUS / "manifest.json")


@lru_cache(maxsize=1)
def authority_table() -> AuthorityTable:
    return AuthorityTable.load(Settings().authorities_path)
