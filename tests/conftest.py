"""Shared fixtures: real corpus files copied into temporary folders, and one real tiny index.

Everything here is real: real documents from ``corpus/``, the bundled embedding model, FAISS and
BM25. The session-scoped ``tiny_index`` is built once and shared; tests must not modify it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from indexer.settings import REPO_ROOT, Settings

CORPUS = REPO_ROOT / "corpus"

# Small real documents for build tests: two seed texts and one short Ofsted PDF.
SMALL_DOCS = (
    "004_82196dfbb9d4873c.txt",
    "003_b8f2b44cd3066e56.txt",
    "bcp_ilacs-focused-visit_2019-11_pub-2019-12-18.pdf",
)

# The shared tiny index: all five seed documents (BCP and Bournemouth, primary and secondary),
# two BCP Ofsted PDFs and one from another authority, so scope filters have something to exclude.
TINY_INDEX_DOCS = (
    "000_e70496f9522d9851.txt",
    "001_1d4c7e16ff40473a.txt",
    "002_97fc39fbef9fd57b.txt",
    "003_b8f2b44cd3066e56.txt",
    "004_82196dfbb9d4873c.txt",
    "bcp_ilacs-focused-visit_2019-11_pub-2019-12-18.pdf",
    "bcp_ilacs-inspection_2021-12_pub-2022-02-11.pdf",
    "dorset_ilacs-inspection_2021-09_pub-2021-11-19.pdf",
)


def copy_corpus(target: Path, names: tuple[str, ...] | list[str]) -> Path:
    """A corpus folder at ``target`` holding copies of ``names`` from the real corpus, with its manifest."""
    target.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy2(CORPUS / name, target / name)
    for extra in ("manifest.json", "authorities.json"):
        if (CORPUS / extra).exists():
            shutil.copy2(CORPUS / extra, target / extra)
    return target


def settings_for(root: Path, **overrides) -> Settings:
    """Settings reading ``root/corpus`` and writing ``root/index``; environment variables ignored."""
    return Settings(corpus_dir=root / "corpus", index_dir=root / "index", **overrides)


@pytest.fixture(scope="session")
def embedder():
    """The bundled model, loaded once for the whole test session."""
    from indexer.embedding import Embedder

    model = Embedder.from_settings(Settings())
    model.warm_up()
    return model


@pytest.fixture
def small_corpus(tmp_path: Path) -> Settings:
    """Settings over a fresh corpus folder holding copies of SMALL_DOCS (no index yet)."""
    copy_corpus(tmp_path / "corpus", SMALL_DOCS)
    return settings_for(tmp_path)


@pytest.fixture(scope="session")
def tiny_index(tmp_path_factory: pytest.TempPathFactory, embedder):
    """(Settings, IndexStore) of a real index built from TINY_INDEX_DOCS. Read-only: shared by the session."""
    from indexer.build import build_index
    from indexer.store import IndexStore

    root = tmp_path_factory.mktemp("tiny_index")
    copy_corpus(root / "corpus", TINY_INDEX_DOCS)
    settings = settings_for(root)
    summary = build_index(settings, embedder=embedder)
    assert not summary.skipped, summary.skipped
    return settings, IndexStore.load(settings.index_dir, settings)
