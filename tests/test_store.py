"""The index folder: round trip, compatibility checks, damage, atomic save."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import faiss
import numpy as np
import pytest

from indexer import store as store_module
from indexer.store import FORMAT_VERSION, MANIFEST, SENTENCE_ROWS, SENTENCE_VECTORS, IndexStore, IndexUnavailable
from indexer.tokens import tokenize

pytestmark = pytest.mark.slow  # every test here reads the real tiny index


def _copy(tiny_index, tmp_path: Path) -> Path:
    _, store = tiny_index
    path = tmp_path / "index"
    store.save(path)
    return path


def _edit_manifest(path: Path, edit) -> None:
    meta = json.loads((path / MANIFEST).read_text())
    edit(meta)
    (path / MANIFEST).write_text(json.dumps(meta))


def test_round_trip_keeps_every_record(tiny_index, tmp_path):
    settings, store = tiny_index
    loaded = IndexStore.load(_copy(tiny_index, tmp_path), settings)

    assert loaded.documents == store.documents
    assert loaded.chunks == store.chunks
    assert np.array_equal(loaded.vectors, store.vectors)
    assert len(store.sentence_rows) > len(store.chunks)
    for name in ("sentence_vectors", "sentence_rows"):
        kept, original = getattr(loaded, name), getattr(store, name)
        assert kept.dtype == original.dtype and np.array_equal(kept, original)
    assert loaded.meta == store.meta
    assert loaded.faiss_index.ntotal == len(store.chunks)
    query = store.vectors[:5]
    assert np.array_equal(loaded.faiss_index.search(query, 7)[1], store.faiss_index.search(query, 7)[1])
    tokens = tokenize(["children in care placements sufficiency"])
    assert np.array_equal(loaded.bm25.retrieve(tokens, k=7, show_progress=False)[0],
                          store.bm25.retrieve(tokens, k=7, show_progress=False)[0])


def test_rows_line_up_with_chunks_vectors_and_documents(tiny_index):
    _, store = tiny_index
    n = len(store.chunks)
    assert store.vectors.shape == (n, store.dimension) and store.vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(store.vectors, axis=1), 1.0, atol=1e-4)
    # Chunks are grouped by document, in the row ranges the manifest records.
    for record in store.meta["documents"]:
        start, end = record["rows"]
        assert {c.doc_id for c in store.chunks[start:end]} == {record["id"]}
        assert np.array_equal(store.rows_for_documents({record["id"]}), np.arange(start, end))
    assert sum(r["rows"][1] - r["rows"][0] for r in store.meta["documents"]) == n
    # Exact search: a chunk's own vector finds that chunk first.
    scores, ids = store.faiss_index.search(store.vectors[[0, n // 2, n - 1]], 1)
    assert list(ids[:, 0]) == [0, n // 2, n - 1]
    assert np.allclose(scores[:, 0], 1.0, atol=1e-4)


def test_rows_for_documents_selects_exactly_their_chunks(tiny_index):
    _, store = tiny_index
    ids = sorted(store.documents)[:2]
    rows = store.rows_for_documents(set(ids))
    assert rows.dtype == np.int64
    assert list(rows) == [i for i, c in enumerate(store.chunks) if c.doc_id in ids]
    assert store.rows_for_documents(set()).size == 0
    assert store.rows_for_documents({"no-such-document"}).size == 0
    chunk = store.chunks[rows[0]]
    assert store.document_of(chunk).id == chunk.doc_id


def test_saved_files_hold_no_pickle(tiny_index, tmp_path):
    path = _copy(tiny_index, tmp_path)
    arrays = list(path.rglob("*.npy"))
    assert {p.name for p in arrays} >= {"vectors.npy", "sentence_vectors.npy", "sentence_rows.npy", "data.csc.index.npy"}
    for array in arrays:
        loaded = np.load(array, allow_pickle=False)  # raises on a pickled object array
        assert loaded.dtype != object
    for file in path.rglob("*"):
        if file.is_file():
            assert not file.read_bytes()[:2].startswith(b"\x80"), f"{file} looks like a pickle"


def test_missing_index_says_to_build(tiny_index, tmp_path):
    settings, _ = tiny_index
    with pytest.raises(IndexUnavailable, match="run `inspection-qa index`"):
        IndexStore.load(tmp_path / "nowhere", settings)


def test_other_embedding_model_is_refused_with_both_names(tiny_index, tmp_path):
    settings, store = tiny_index
    path = _copy(tiny_index, tmp_path)
    _edit_manifest(path, lambda m: m["embedding"].update(model_id="bge-small-en@123456789abc"))
    with pytest.raises(IndexUnavailable) as err:
        IndexStore.load(path, settings)
    message = str(err.value)
    assert "bge-small-en@123456789abc" in message
    assert store.meta["embedding"]["model_id"] in message
    assert "inspection-qa index --full" in message


def test_other_chunker_version_is_refused(tiny_index, tmp_path):
    settings, _ = tiny_index
    path = _copy(tiny_index, tmp_path)
    _edit_manifest(path, lambda m: m["chunker"].update(version="0-old"))
    with pytest.raises(IndexUnavailable, match="chunker version 0-old.*--full"):
        IndexStore.load(path, settings)


@pytest.mark.parametrize("version", [FORMAT_VERSION - 1, 999], ids=["older", "newer"])
def test_other_format_version_is_refused(tiny_index, tmp_path, version):
    settings, _ = tiny_index
    path = _copy(tiny_index, tmp_path)
    _edit_manifest(path, lambda m: m.update(format_version=version))
    with pytest.raises(IndexUnavailable, match=rf"format version {version}, this version reads {FORMAT_VERSION}: .*--full"):
        IndexStore.load(path, settings)


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: (p / MANIFEST).write_text("{not json"),
        lambda p: (p / "vectors.npy").write_bytes((p / "vectors.npy").read_bytes()[:1000]),
        lambda p: (p / "chunks.jsonl").write_text(
            "".join((p / "chunks.jsonl").read_text().splitlines(keepends=True)[:-1])
        ),
        lambda p: (p / "faiss.index").unlink(),
        lambda p: shutil.rmtree(p / "bm25"),
        lambda p: (p / SENTENCE_VECTORS).unlink(),
        lambda p: np.save(p / SENTENCE_VECTORS, np.load(p / SENTENCE_VECTORS)[:-1]),
        lambda p: np.save(p / SENTENCE_ROWS, np.load(p / SENTENCE_ROWS)[::-1].copy()),
        lambda p: np.save(p / SENTENCE_ROWS, np.load(p / SENTENCE_ROWS) + 10_000),
    ],
    ids=["manifest", "vectors", "chunks", "faiss", "bm25", "sentence vectors", "sentence count",
         "sentence order", "sentence rows"],
)
def test_damaged_index_is_refused(tiny_index, tmp_path, damage):
    settings, _ = tiny_index
    path = _copy(tiny_index, tmp_path)
    damage(path)
    with pytest.raises(IndexUnavailable, match="rebuild"):
        IndexStore.load(path, settings)


def test_stale_tokenizer_rebuilds_keyword_index_in_memory(tiny_index, tmp_path):
    settings, store = tiny_index
    path = _copy(tiny_index, tmp_path)
    _edit_manifest(path, lambda m: m.update(tokenizer_version="0-old"))
    shutil.rmtree(path / "bm25")  # not even read: it would hold the old tokens
    loaded = IndexStore.load(path, settings)
    tokens = tokenize(["social workers caseloads"])
    assert np.array_equal(loaded.bm25.retrieve(tokens, k=5, show_progress=False)[0],
                          store.bm25.retrieve(tokens, k=5, show_progress=False)[0])


def test_store_made_in_memory_without_sentences_has_none(tiny_index, tmp_path):
    settings, store = tiny_index
    bare = IndexStore(store.documents, store.chunks, store.vectors, store.meta)
    assert bare.sentence_vectors.shape == (0, store.dimension) and bare.sentence_vectors.dtype == np.float32
    assert bare.sentence_rows.shape == (0,) and bare.sentence_rows.dtype == np.int64
    bare.save(tmp_path / "index")
    loaded = IndexStore.load(tmp_path / "index", settings)
    assert loaded.sentence_vectors.shape == (0, store.dimension) and loaded.sentence_rows.size == 0
    assert loaded.chunks == store.chunks


@pytest.mark.parametrize(
    "rows",
    [lambda r: r[:-1], lambda r: r[::-1].copy(), lambda r: r - 1 - r[0], lambda r: r.astype(np.int32)],
    ids=["count", "order", "range", "type"],
)
def test_sentence_rows_that_do_not_fit_the_chunks_are_refused(tiny_index, rows):
    _, store = tiny_index
    with pytest.raises(ValueError, match="sentence_rows"):
        IndexStore(store.documents, store.chunks, store.vectors, store.meta,
                   sentence_vectors=store.sentence_vectors, sentence_rows=rows(store.sentence_rows))


def _smaller(store: IndexStore) -> IndexStore:
    """The same index without its first document: a different index to try saving over it."""
    first = store.meta["documents"][0]
    keep = store.chunks[first["rows"][1]:]
    documents = {k: v for k, v in store.documents.items() if k != first["id"]}
    return IndexStore(documents, keep, store.vectors[first["rows"][1]:], dict(store.meta, documents=[]))


def test_crash_while_writing_leaves_previous_index(tiny_index, tmp_path, monkeypatch):
    settings, store = tiny_index
    path = _copy(tiny_index, tmp_path)

    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(faiss, "write_index", fail)
    with pytest.raises(OSError, match="disk full"):
        _smaller(store).save(path)

    loaded = IndexStore.load(path, settings)
    assert loaded.chunks == store.chunks
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index"]  # no temporary folder left


def test_failed_swap_puts_previous_index_back(tiny_index, tmp_path, monkeypatch):
    settings, store = tiny_index
    path = _copy(tiny_index, tmp_path)
    real_rename = os.rename
    calls = []

    def rename(src, dst):
        calls.append((src, dst))
        if len(calls) == 2:  # the old index is away; moving the new one in fails
            raise OSError("rename failed")
        return real_rename(src, dst)

    monkeypatch.setattr(store_module.os, "rename", rename)
    with pytest.raises(OSError, match="rename failed"):
        _smaller(store).save(path)
    monkeypatch.undo()

    assert IndexStore.load(path, settings).chunks == store.chunks
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index"]


def test_interrupted_swap_is_still_readable(tiny_index, tmp_path):
    """A crash between the two renames leaves only the renamed-away old index: load finds it."""
    settings, store = tiny_index
    path = _copy(tiny_index, tmp_path)
    path.rename(tmp_path / ".index.old-deadbeef")
    assert IndexStore.load(path, settings).chunks == store.chunks
    store.save(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index"]  # the leftover is cleared


def test_save_refuses_to_replace_a_folder_that_is_not_an_index(tiny_index, tmp_path):
    _, store = tiny_index
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "letter.txt").write_text("keep me")
    (folder / MANIFEST).write_text("{}")  # an index file name among others does not make an index
    with pytest.raises(IndexUnavailable, match="not an index folder.*letter.txt"):
        store.save(folder)
    assert (folder / "letter.txt").read_text() == "keep me"


def test_save_replaces_a_damaged_index(tiny_index, tmp_path):
    settings, store = tiny_index
    path = _copy(tiny_index, tmp_path)
    (path / MANIFEST).write_text("{not json")
    store.save(path)
    assert IndexStore.load(path, settings).chunks == store.chunks


def test_keyword_index_holds_each_chunks_heading(tiny_index):
    """A word of the heading above a passage finds the passage, though its text never says it."""
    _, store = tiny_index
    found = None
    for row, chunk in enumerate(store.chunks):
        text_words = set(tokenize([chunk.text])[0])
        only_heading = [w for w in tokenize([chunk.section or ""])[0] if w not in text_words]
        if only_heading:
            found = row, only_heading[0]
            break
    assert found, "the tiny index has a passage whose heading adds a word"
    row, word = found
    scores = store.bm25.get_scores(store.bm25.get_tokens_ids([word]))
    assert scores[row] > 0
