"""Building the index from real corpus files: incremental reuse, bad files, atomicity."""

from __future__ import annotations

import json
import os
import shutil

import faiss
import numpy as np
import pytest

from conftest import CORPUS, SMALL_DOCS, copy_corpus, settings_for
from indexer.build import BuildError, build_index
from indexer.store import MANIFEST, IndexStore, IndexUnavailable
from indexer.types import content_hash

pytestmark = pytest.mark.slow  # real PDFs, the real model, real FAISS

TEXT_DOC, OTHER_TEXT_DOC, PDF_DOC = SMALL_DOCS


def _load(settings) -> IndexStore:
    return IndexStore.load(settings.index_dir, settings)


def _sources(store: IndexStore) -> set[str]:
    return {d.source for d in store.documents.values()}


def test_first_build_indexes_every_document(small_corpus, embedder):
    calls = []
    summary = build_index(small_corpus, embedder=embedder, progress=lambda *a: calls.append(a))
    store = _load(small_corpus)

    assert _sources(store) == set(SMALL_DOCS)
    assert (summary.documents, summary.embedded_documents, summary.reused_documents) == (3, 3, 0)
    assert summary.chunks == len(store.chunks) == store.faiss_index.ntotal == summary.embedded_chunks
    assert summary.pages == sum(r["pages"] for r in store.meta["documents"]) > 3  # the PDF has pages
    assert summary.skipped == [] and not summary.unchanged
    assert summary.size_bytes > 0 and summary.index_dir == small_corpus.index_dir
    # Ids are content hashes of the files' bytes.
    for doc in store.documents.values():
        assert doc.id == content_hash((small_corpus.corpus_dir / doc.source).read_bytes())
    # One progress call per file, in order, with the total.
    assert [c[0] for c in calls] == [1, 2, 3] and {c[1] for c in calls} == {3}
    assert sorted(c[2] for c in calls) == sorted(SMALL_DOCS)
    assert "3 documents" in summary.format()


def test_vectors_belong_to_their_chunks(small_corpus, embedder):
    build_index(small_corpus, embedder=embedder)
    store = _load(small_corpus)
    rows = [0, len(store.chunks) // 2, len(store.chunks) - 1]
    fresh = embedder.embed([store.chunks[i].text for i in rows])
    assert np.allclose(store.vectors[rows], fresh, atol=1e-4)


def test_second_build_embeds_nothing_and_leaves_the_index(small_corpus, embedder):
    build_index(small_corpus, embedder=embedder)
    manifest_before = (small_corpus.index_dir / MANIFEST).read_text()

    summary = build_index(small_corpus, embedder=embedder)

    assert (summary.embedded_documents, summary.embedded_chunks, summary.reused_documents) == (0, 0, 3)
    assert summary.unchanged and "nothing changed" in summary.format()
    assert (small_corpus.index_dir / MANIFEST).read_text() == manifest_before


def test_touching_a_file_embeds_nothing(small_corpus, embedder):
    build_index(small_corpus, embedder=embedder)
    os.utime(small_corpus.corpus_dir / TEXT_DOC, (1, 1))  # same bytes, new time
    summary = build_index(small_corpus, embedder=embedder)
    assert summary.embedded_documents == 0 and summary.unchanged


def test_changed_document_is_the_only_one_embedded(small_corpus, embedder):
    build_index(small_corpus, embedder=embedder)
    before = _load(small_corpus)
    changed = small_corpus.corpus_dir / TEXT_DOC
    changed.write_text(changed.read_text() + "\nThe council has since appointed a new director of children's services.\n")

    summary = build_index(small_corpus, embedder=embedder)
    after = _load(small_corpus)

    assert (summary.embedded_documents, summary.reused_documents, summary.removed_documents) == (1, 2, 0)
    new_id = content_hash(changed.read_bytes())
    # Only the changed text is embedded again; its other chunks keep their vectors.
    assert 1 <= summary.embedded_chunks <= len(after.rows_for_documents({new_id}))
    assert new_id in after.documents and len(after.documents) == 3
    assert any("new director" in c.text for c in after.chunks if c.doc_id == new_id)
    # Untouched documents keep exactly their old chunks and vectors.
    for doc in before.documents.values():
        if doc.source == TEXT_DOC:
            assert doc.id not in after.documents
            continue
        old_rows, new_rows = before.rows_for_documents({doc.id}), after.rows_for_documents({doc.id})
        assert [before.chunks[i] for i in old_rows] == [after.chunks[i] for i in new_rows]
        assert np.array_equal(before.vectors[old_rows], after.vectors[new_rows])


def test_added_document_is_the_only_one_embedded(small_corpus, embedder):
    build_index(small_corpus, embedder=embedder)
    shutil.copy2(CORPUS / "002_97fc39fbef9fd57b.txt", small_corpus.corpus_dir)
    summary = build_index(small_corpus, embedder=embedder)
    assert (summary.documents, summary.embedded_documents, summary.reused_documents) == (4, 1, 3)
    assert "002_97fc39fbef9fd57b.txt" in _sources(_load(small_corpus))


def test_removed_document_is_dropped(small_corpus, embedder):
    build_index(small_corpus, embedder=embedder)
    (small_corpus.corpus_dir / OTHER_TEXT_DOC).unlink()

    summary = build_index(small_corpus, embedder=embedder)
    store = _load(small_corpus)

    assert (summary.documents, summary.removed_documents, summary.embedded_documents) == (2, 1, 0)
    assert _sources(store) == {TEXT_DOC, PDF_DOC}
    assert {c.doc_id for c in store.chunks} == set(store.documents)
    assert store.faiss_index.ntotal == len(store.chunks) == store.bm25.scores["num_docs"]


def test_full_build_embeds_everything_again(small_corpus, embedder):
    build_index(small_corpus, embedder=embedder)
    summary = build_index(small_corpus, full=True, embedder=embedder)
    assert (summary.embedded_documents, summary.reused_documents) == (3, 0)
    assert not summary.unchanged


def test_other_model_in_previous_index_means_embedding_everything(small_corpus, embedder):
    build_index(small_corpus, embedder=embedder)
    manifest = small_corpus.index_dir / MANIFEST
    meta = json.loads(manifest.read_text())
    meta["embedding"]["model_id"] = "another-model@000000000000"
    manifest.write_text(json.dumps(meta))

    summary = build_index(small_corpus, embedder=embedder)

    assert summary.embedded_documents == 3
    assert _load(small_corpus).meta["embedding"]["model_id"] == embedder.model_id


def test_bad_files_are_named_and_skipped(small_corpus, embedder):
    corpus = small_corpus.corpus_dir
    pdf = (CORPUS / PDF_DOC).read_bytes()
    (corpus / "truncated.pdf").write_bytes(pdf[: len(pdf) // 10])
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "letter.docx").write_bytes(b"PK\x03\x04 not really a word file")
    (corpus / "copy-of-004.txt").write_bytes((corpus / TEXT_DOC).read_bytes())
    (corpus / "_notes.txt").write_text("not a document: underscore names are left alone")

    summary = build_index(small_corpus, embedder=embedder)

    reasons = dict(summary.skipped)
    assert set(reasons) == {"truncated.pdf", "empty.txt", "letter.docx", "copy-of-004.txt"}
    assert "PDF" in reasons["truncated.pdf"]
    assert "empty" in reasons["empty.txt"]
    assert ".docx" in reasons["letter.docx"]
    assert TEXT_DOC in reasons["copy-of-004.txt"]
    assert _sources(_load(small_corpus)) == set(SMALL_DOCS)
    text = summary.format()
    assert all(name in text for name in reasons)


def test_no_readable_documents_is_an_error_and_keeps_the_old_index(small_corpus, embedder):
    build_index(small_corpus, embedder=embedder)
    before = _load(small_corpus)
    for name in SMALL_DOCS:
        (small_corpus.corpus_dir / name).unlink()
    (small_corpus.corpus_dir / "empty.txt").write_bytes(b"")

    with pytest.raises(BuildError, match="no readable documents.*empty.txt"):
        build_index(small_corpus, embedder=embedder)

    assert _load(small_corpus).chunks == before.chunks


def test_missing_corpus_is_an_error(tmp_path, embedder):
    with pytest.raises(BuildError, match="does not exist"):
        build_index(settings_for(tmp_path), embedder=embedder)


def test_crash_during_build_keeps_the_old_index(small_corpus, embedder, monkeypatch):
    build_index(small_corpus, embedder=embedder)
    before = _load(small_corpus)
    (small_corpus.corpus_dir / OTHER_TEXT_DOC).unlink()

    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(faiss, "write_index", fail)
    with pytest.raises(OSError, match="disk full"):
        build_index(small_corpus, embedder=embedder)
    monkeypatch.undo()

    assert _sources(_load(small_corpus)) == _sources(before) == set(SMALL_DOCS)
    assert [p.name for p in small_corpus.index_dir.parent.iterdir() if p.name.startswith(".")] == []


def test_tiny_index_fixture_covers_two_authorities(tiny_index):
    settings, store = tiny_index
    copied = {p.name for p in settings.corpus_dir.iterdir()}
    assert _sources(store) <= copied
    assert len({d.authority for d in store.documents.values()}) >= 2
    assert any(d.source.endswith(".pdf") for d in store.documents.values())


def test_index_folder_that_is_not_an_index_is_refused_before_any_work(small_corpus, embedder, monkeypatch):
    def no_embedding(texts):
        raise AssertionError("embedded before checking the index folder")

    monkeypatch.setattr(embedder, "embed", no_embedding)
    # The corpus holds a manifest.json of its own: that must not pass it off as an index.
    corpus = small_corpus.corpus_dir
    assert (corpus / MANIFEST).exists()
    before = sorted((p.name, p.stat().st_size) for p in corpus.iterdir())
    settings = small_corpus.model_copy(update={"index_dir": corpus})
    with pytest.raises(IndexUnavailable, match="not an index folder"):
        build_index(settings, embedder=embedder)
    assert sorted((p.name, p.stat().st_size) for p in corpus.iterdir()) == before
