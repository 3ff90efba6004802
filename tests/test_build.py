"""Building the index from real corpus files: incremental reuse, bad files, atomicity."""

from __future__ import annotations

import json
import os
import shutil

import faiss
import numpy as np
import pytest

from conftest import CORPUS, SMALL_DOCS, settings_for
from indexer.build import BuildError, build_index
from indexer.embedding import SENTENCE_MIN_CHARS, embedding_text, sentence_texts
from indexer.store import FORMAT_VERSION, MANIFEST, SENTENCE_ROWS, SENTENCE_VECTORS, IndexStore, IndexUnavailable
from indexer.types import content_hash
from qa.sentences import units

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
    assert 0 < summary.embedded_sentences <= len(store.sentence_rows)  # a repeated sentence is embedded once
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


def _recording(embedder, monkeypatch) -> list[str]:
    """Every text ``embedder`` embeds from now on, in order (it still embeds them)."""
    seen: list[str] = []
    embed = embedder.embed

    def recording(texts):
        seen.extend(texts)
        return embed(texts)

    monkeypatch.setattr(embedder, "embed", recording)
    return seen


def _opens_with_heading(chunk) -> bool:
    return not chunk.section or chunk.text.lstrip().startswith(chunk.section.strip())


def test_chunk_vectors_embed_the_heading_then_the_text(small_corpus, embedder):
    build_index(small_corpus, embedder=embedder)
    store = _load(small_corpus)
    headed = [i for i, c in enumerate(store.chunks) if not _opens_with_heading(c)]
    plain = [i for i, c in enumerate(store.chunks) if _opens_with_heading(c)]
    assert len(headed) >= 3 and len(plain) >= 3  # the small corpus has both kinds

    rows = [headed[0], headed[len(headed) // 2], headed[-1]]
    expected = embedder.embed([store.chunks[i].section + "\n" + store.chunks[i].text for i in rows])
    assert np.allclose(store.vectors[rows], expected, atol=1e-5)
    text_alone = embedder.embed([store.chunks[i].text for i in rows])
    assert not np.allclose(store.vectors[rows], text_alone, atol=1e-3)  # the heading made a difference
    # No heading, or the text opens with it: the text alone.
    rows = [plain[0], plain[-1]]
    assert np.allclose(store.vectors[rows], embedder.embed([store.chunks[i].text for i in rows]), atol=1e-5)
    # The stored text is the passage itself, never the heading put in front of it.
    source = (small_corpus.corpus_dir / TEXT_DOC).read_text()
    chunk = next(store.chunks[i] for i in headed if store.documents[store.chunks[i].doc_id].source == TEXT_DOC)
    assert chunk.text in source and not chunk.text.startswith(chunk.section)


def test_sentence_vectors_belong_to_their_chunks(small_corpus, embedder):
    build_index(small_corpus, embedder=embedder)
    store = _load(small_corpus)
    vectors, rows, n = store.sentence_vectors, store.sentence_rows, len(store.chunks)

    assert vectors.dtype == np.float32 and rows.dtype == np.int64
    assert vectors.shape == (len(rows), store.dimension) and len(rows) > 2 * n
    assert store.meta["counts"]["sentences"] == len(rows)
    assert np.all(np.diff(rows) >= 0) and rows[0] >= 0 and rows[-1] < n
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    # Exactly the chunks with a sentence, bullet or grade row of 20 characters or more have rows.
    long_enough = {
        i for i, c in enumerate(store.chunks)
        if any(u.kind != "heading" and len(u.text) >= SENTENCE_MIN_CHARS for u in units(c.text))
    }
    assert long_enough == set(rows.tolist()) and len(long_enough) >= n - 2
    # A chunk's rows are its sentences' embeddings, in order.
    chunk = max(range(n), key=lambda i: int(np.sum(rows == i)))
    texts = [u.text for u in units(store.chunks[chunk].text) if u.kind != "heading" and len(u.text) >= SENTENCE_MIN_CHARS]
    assert np.allclose(vectors[rows == chunk], embedder.embed(texts), atol=1e-5)
    # A sentence is closer to its own chunk than to the others on average (nearly always; a
    # generic sentence such as "However, it is too soon to see the impact" may not be), and
    # every chunk's sentences together are.
    similarity = vectors @ store.vectors.T
    own = similarity[np.arange(len(rows)), rows]
    others = (similarity.sum(axis=1) - own) / (n - 1)
    assert np.mean(own > others) >= 0.9
    for i in range(n):
        mean = vectors[rows == i].mean(axis=0) @ store.vectors.T
        assert mean[i] > (mean.sum() - mean[i]) / (n - 1), i


def test_second_build_embeds_nothing_and_leaves_the_index(small_corpus, embedder):
    build_index(small_corpus, embedder=embedder)
    manifest_before = (small_corpus.index_dir / MANIFEST).read_text()

    summary = build_index(small_corpus, embedder=embedder)

    assert (summary.embedded_documents, summary.embedded_chunks, summary.reused_documents) == (0, 0, 3)
    assert summary.embedded_sentences == 0
    assert summary.unchanged and "nothing changed" in summary.format()
    assert (small_corpus.index_dir / MANIFEST).read_text() == manifest_before


def test_touching_a_file_embeds_nothing(small_corpus, embedder):
    build_index(small_corpus, embedder=embedder)
    os.utime(small_corpus.corpus_dir / TEXT_DOC, (1, 1))  # same bytes, new time
    summary = build_index(small_corpus, embedder=embedder)
    assert summary.embedded_documents == 0 and summary.unchanged


def _sentences_of(store: IndexStore, doc_id: str) -> tuple[np.ndarray, np.ndarray]:
    """A document's sentence vectors and their rows counted from the document's first chunk."""
    chunk_rows = store.rows_for_documents({doc_id})
    mine = np.isin(store.sentence_rows, chunk_rows)
    return store.sentence_vectors[mine], store.sentence_rows[mine] - chunk_rows[0]


def test_changed_document_is_the_only_one_embedded(small_corpus, embedder, monkeypatch):
    build_index(small_corpus, embedder=embedder)
    before = _load(small_corpus)
    changed = small_corpus.corpus_dir / TEXT_DOC
    added = "The council has since appointed a new director of children's services."
    changed.write_text(changed.read_text() + f"\n{added}\n")

    embedded = _recording(embedder, monkeypatch)
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
        for old, new in zip(_sentences_of(before, doc.id), _sentences_of(after, doc.id)):
            assert old.size and np.array_equal(old, new)
    # What was embedded is exactly the changed document's new chunk and sentence texts.
    new_chunks = [after.chunks[i] for i in after.rows_for_documents({new_id})]
    new_texts = {embedding_text(c) for c in new_chunks} - {embedding_text(c) for c in before.chunks}
    new_sentences = {s for c in new_chunks for s in sentence_texts(c)} - {s for c in before.chunks for s in sentence_texts(c)}
    assert added in new_sentences
    assert sorted(embedded) == sorted(new_texts | new_sentences)
    assert (summary.embedded_chunks, summary.embedded_sentences) == (len(new_texts), len(new_sentences))
    assert summary.embedded_sentences < len(_sentences_of(after, new_id)[1])  # the old sentences kept theirs
    # The new sentence's vector is its embedding, on the chunk that holds it.
    vectors, rows = _sentences_of(after, new_id)
    position = [s for c in new_chunks for s in sentence_texts(c)].index(added)
    assert added in new_chunks[rows[position]].text
    assert np.allclose(vectors[position], embedder.embed([added])[0], atol=1e-5)


def test_changed_heading_embeds_its_chunks_again_and_no_sentence(small_corpus, embedder, monkeypatch):
    build_index(small_corpus, embedder=embedder)
    before = _load(small_corpus)
    changed = small_corpus.corpus_dir / TEXT_DOC
    text = changed.read_text()
    assert text.count("\nOverview\n") == 1
    changed.write_text(text.replace("\nOverview\n", "\nFindings\n"))  # same length: the same chunk boundaries

    embedded = _recording(embedder, monkeypatch)
    summary = build_index(small_corpus, embedder=embedder)
    after = _load(small_corpus)

    old_doc = next(d.id for d in before.documents.values() if d.source == TEXT_DOC)
    new_doc = content_hash(changed.read_bytes())
    old = [before.chunks[i] for i in before.rows_for_documents({old_doc})]
    new_rows = after.rows_for_documents({new_doc})
    new = [after.chunks[i] for i in new_rows]
    assert [c.start for c in old] == [c.start for c in new]
    under = [i for i, c in enumerate(new) if c.section == "Findings" and not c.text.startswith("Findings")]
    assert len(under) >= 2 and all(new[i].text == old[i].text for i in under)  # same text, new heading
    # Those chunks, and the one holding the heading itself, are embedded again; no sentence is.
    renamed = [i for i, c in enumerate(new) if c.section == "Findings"]
    assert sorted(embedded) == sorted(embedding_text(new[i]) for i in renamed)
    assert (summary.embedded_chunks, summary.embedded_sentences) == (len(renamed), 0)
    for i in under:
        assert np.allclose(after.vectors[new_rows[i]], embedder.embed([f"Findings\n{new[i].text}"])[0], atol=1e-5)
    kept = [i for i in range(len(new)) if i not in renamed]
    assert kept and np.array_equal(after.vectors[new_rows[kept]], before.vectors[before.rows_for_documents({old_doc})[kept]])
    assert np.array_equal(_sentences_of(after, new_doc)[0], _sentences_of(before, old_doc)[0])


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


def test_index_of_the_previous_format_is_refused_then_rebuilt_whole(small_corpus, embedder):
    build_index(small_corpus, embedder=embedder)
    index = small_corpus.index_dir
    # What the previous format left: no sentence files, format_version one less.
    (index / SENTENCE_VECTORS).unlink()
    (index / SENTENCE_ROWS).unlink()
    meta = json.loads((index / MANIFEST).read_text())
    meta["format_version"] = FORMAT_VERSION - 1
    (index / MANIFEST).write_text(json.dumps(meta))

    with pytest.raises(IndexUnavailable) as err:
        _load(small_corpus)
    assert str(err.value) == (
        f"the index at {index} has format version {FORMAT_VERSION - 1}, this version reads {FORMAT_VERSION}: "
        "rebuild with `inspection-qa index --full`"
    )

    summary = build_index(small_corpus, embedder=embedder)  # a plain build is enough: nothing reused
    assert (summary.embedded_documents, summary.reused_documents, summary.embedded_chunks) == (3, 0, summary.chunks)
    store = _load(small_corpus)
    assert store.meta["format_version"] == FORMAT_VERSION and len(store.sentence_rows) > len(store.chunks)


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
