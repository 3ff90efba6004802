"""The index folder: documents, chunks, vectors, a FAISS index and a BM25 index, as plain files.

Layout (no pickle anywhere: loading a shared folder must never run code)::

    manifest.json     format version, embedding model and dimension, chunker and tokenizer
                      versions, sentence rules, package version, build time, each document's
                      hash and rows
    documents.jsonl   one Document a line
    chunks.jsonl      one Chunk a line; line i is row i of vectors.npy, FAISS id i, BM25 doc i
    vectors.npy       float32 (n, d), L2-normalised: each chunk's heading and text (embedding_text)
    sentence_vectors.npy  float32 (m, d), L2-normalised: the chunks' sentences (sentence_texts)
    sentence_rows.npy     int64 (m,), ascending: the chunk row each sentence vector belongs to
    faiss.index       IndexFlatIP over the vectors (exact inner product = cosine)
    bm25/             bm25s's own save format (.npy arrays and JSON, saved without pickle)

``save`` writes a complete folder beside the target and swaps it in whole, so readers and a
crash mid-build only ever see the old index or the new one. The manifest is written last.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import numpy as np

from indexer.embedding import model_id_of, same_model
from indexer.settings import Settings
from indexer.embedding import embedding_text
from indexer.tokens import TOKENIZER_VERSION, tokenize
from indexer.types import Chunk, Document

log = logging.getLogger(__name__)

FORMAT_VERSION = 2  # 2: chunk vectors embed the heading too; sentence vectors
MANIFEST = "manifest.json"
DOCUMENTS = "documents.jsonl"
CHUNKS = "chunks.jsonl"
VECTORS = "vectors.npy"
SENTENCE_VECTORS = "sentence_vectors.npy"
SENTENCE_ROWS = "sentence_rows.npy"
FAISS_INDEX = "faiss.index"
BM25_DIR = "bm25"
INDEX_ENTRIES = frozenset({MANIFEST, DOCUMENTS, CHUNKS, VECTORS, SENTENCE_VECTORS, SENTENCE_ROWS, FAISS_INDEX, BM25_DIR})

REBUILD = "rebuild with `inspection-qa index --full`"


class IndexUnavailable(Exception):
    """The index is missing, unreadable or built under other settings; the message says what to do."""


# Used while indexer.chunking declares no CHUNKER_VERSION of its own.
_DEFAULT_CHUNKER_VERSION = "1"


def chunker_version() -> str:
    """The version of the chunking rules: an index chunked by other rules must be rebuilt."""
    from indexer import chunking

    return str(getattr(chunking, "CHUNKER_VERSION", _DEFAULT_CHUNKER_VERSION))


def chunker_settings(settings: Settings) -> dict[str, int]:
    """The settings that shape chunks: an index built under others holds other chunks."""
    return {
        "target_chars": settings.chunk_target_chars,
        "max_chars": settings.chunk_max_chars,
        "min_chars": settings.chunk_min_chars,
    }


def build_faiss(vectors: np.ndarray, dimension: int) -> Any:
    import faiss

    index = faiss.IndexFlatIP(dimension)
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def build_bm25(chunks: list[Chunk]) -> Any:
    import bm25s

    # The heading goes in with the text, as for the chunk's vector: "What needs to improve?" or
    # "The experiences and progress of care leavers" says what a list or paragraph below is about.
    tokens = tokenize([embedding_text(c) for c in chunks])
    # bm25s cannot index an empty vocabulary; a placeholder token that no query produces keeps
    # row numbers aligned for a corpus of token-less chunks (numbers-only tables, say).
    if not any(tokens):
        tokens = [["\x00"] for _ in chunks]
    logging.getLogger("bm25s").setLevel(logging.WARNING)  # bm25s sets its own logger to DEBUG
    bm25 = bm25s.BM25()
    bm25.index(tokens, show_progress=False)
    return bm25


@dataclass
class IndexStore:
    documents: dict[str, Document]  # by id
    chunks: list[Chunk]  # row i <-> vectors[i] <-> FAISS id i <-> BM25 doc i, grouped by document
    vectors: np.ndarray  # float32 (n, d), L2-normalised
    meta: dict[str, Any]  # the manifest.json content
    faiss_index: Any = None  # faiss.IndexFlatIP; built from vectors when not given
    bm25: Any = None  # bm25s.BM25 over tokenize(chunk texts); built from chunks when not given
    # float32 (m, d), L2-normalised: one vector per sentence of a chunk; none when not given
    sentence_vectors: np.ndarray | None = None
    # int64 (m,), ascending: sentence_vectors[j] is a sentence of chunks[sentence_rows[j]]
    sentence_rows: np.ndarray | None = None
    _rows: dict[str, np.ndarray] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.vectors.ndim != 2 or self.vectors.shape[0] != len(self.chunks):
            raise ValueError(f"{len(self.chunks)} chunks but vectors of shape {self.vectors.shape}")
        if self.sentence_vectors is None:
            self.sentence_vectors = np.zeros((0, self.vectors.shape[1]), dtype=np.float32)
        if self.sentence_rows is None:
            self.sentence_rows = np.zeros(0, dtype=np.int64)
        problems = _sentence_problems(self.sentence_vectors, self.sentence_rows, len(self.chunks), self.vectors.shape[1])
        if problems:
            raise ValueError("; ".join(problems))
        if self.faiss_index is None:
            self.faiss_index = build_faiss(self.vectors, self.vectors.shape[1])
        if self.bm25 is None:
            self.bm25 = build_bm25(self.chunks)
        grouped: dict[str, list[int]] = {}
        for row, chunk in enumerate(self.chunks):
            grouped.setdefault(chunk.doc_id, []).append(row)
        self._rows = {doc_id: np.asarray(rows, dtype=np.int64) for doc_id, rows in grouped.items()}

    # --- queries over the records -------------------------------------------------------------

    @property
    def dimension(self) -> int:
        return int(self.vectors.shape[1])

    def document_of(self, chunk: Chunk) -> Document:
        return self.documents[chunk.doc_id]

    def rows_for_documents(self, doc_ids: Iterable[str]) -> np.ndarray:
        """Row ids (int64, ascending) of every chunk of these documents, for filtered search."""
        parts = [self._rows[d] for d in set(doc_ids) if d in self._rows]
        if not parts:
            return np.zeros(0, dtype=np.int64)
        return np.sort(np.concatenate(parts))

    # --- writing ------------------------------------------------------------------------------

    def save(self, path: Path) -> None:
        """Write the index to ``path`` atomically: a complete new folder replaces the old one whole."""
        path = Path(path)
        ensure_replaceable(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Beside the target, on the same filesystem, so the swap is two renames. Made with mkdir
        # rather than mkdtemp so the index gets the usual permissions, not mkdtemp's 0700.
        tmp = path.parent / f".{path.name}.tmp-{uuid.uuid4().hex[:8]}"
        tmp.mkdir()
        try:
            self._write(tmp)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        _swap_in(tmp, path)
        log.info("index saved to %s (%d chunks)", path, len(self.chunks))

    def _write(self, folder: Path) -> None:
        import faiss

        _write_jsonl(folder / DOCUMENTS, (d.to_dict() for d in self.documents.values()))
        _write_jsonl(folder / CHUNKS, (c.to_dict() for c in self.chunks))
        np.save(folder / VECTORS, np.ascontiguousarray(self.vectors, dtype=np.float32), allow_pickle=False)
        np.save(folder / SENTENCE_VECTORS, np.ascontiguousarray(self.sentence_vectors, dtype=np.float32), allow_pickle=False)
        np.save(folder / SENTENCE_ROWS, np.ascontiguousarray(self.sentence_rows, dtype=np.int64), allow_pickle=False)
        faiss.write_index(self.faiss_index, str(folder / FAISS_INDEX))
        self.bm25.save(str(folder / BM25_DIR), allow_pickle=False)
        for file in folder.rglob("*"):
            if file.is_file():
                _fsync(file)
        # Last: a folder with a manifest is a complete index.
        manifest = folder / MANIFEST
        manifest.write_text(json.dumps(self.meta, indent=1, ensure_ascii=False), encoding="utf-8")
        _fsync(manifest)

    # --- reading ------------------------------------------------------------------------------

    @classmethod
    def load(cls, path: Path, settings: Settings) -> "IndexStore":
        """The index at ``path``; raises IndexUnavailable if it is missing, damaged or incompatible."""
        path = locate(Path(path))
        meta = read_manifest(path)
        check_compatible(meta, settings, path)
        documents, chunks, vectors = read_records(path, meta)
        sentence_vectors, sentence_rows = read_sentences(path, len(chunks), vectors.shape[1])
        try:
            faiss_index = _read_faiss(path)
        except Exception as exc:
            raise IndexUnavailable(f"the index at {path} is damaged ({FAISS_INDEX}: {exc}): {REBUILD}") from exc
        if faiss_index.ntotal != len(chunks) or faiss_index.d != vectors.shape[1]:
            raise IndexUnavailable(
                f"the index at {path} is damaged ({FAISS_INDEX} holds {faiss_index.ntotal} vectors "
                f"of {faiss_index.d} dimensions, {CHUNKS} has {len(chunks)} rows): {REBUILD}"
            )
        bm25 = None  # rebuilt from the chunks when stale
        if meta.get("tokenizer_version") == TOKENIZER_VERSION:
            try:
                bm25 = _read_bm25(path)
            except Exception as exc:
                raise IndexUnavailable(f"the index at {path} is damaged ({BM25_DIR}: {exc}): {REBUILD}") from exc
            if bm25.scores["num_docs"] != len(chunks):
                raise IndexUnavailable(f"the index at {path} is damaged ({BM25_DIR} row count): {REBUILD}")
        else:
            log.warning("keyword index at %s was built by another tokenizer version; rebuilding it in memory", path)
        return cls(documents, chunks, vectors, meta, faiss_index=faiss_index, bm25=bm25,
                   sentence_vectors=sentence_vectors, sentence_rows=sentence_rows)


def locate(path: Path) -> Path:
    """``path``, or the previous index if a swap was interrupted between its two renames."""
    if (path / MANIFEST).is_file() or not path.parent.is_dir():
        return path
    if not path.exists():
        olds = sorted(
            (p for p in path.parent.glob(f".{path.name}.old-*") if (p / MANIFEST).is_file()),
            key=lambda p: p.stat().st_mtime,
        )
        if olds:
            log.warning("index %s is missing; using %s left by an interrupted save", path, olds[-1])
            return olds[-1]
    return path


def read_manifest(path: Path) -> dict[str, Any]:
    manifest = path / MANIFEST
    if not manifest.is_file():
        raise IndexUnavailable(f"no index at {path}: run `inspection-qa index` to build it")
    try:
        meta = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexUnavailable(f"the index at {path} is damaged ({MANIFEST}: {exc}): {REBUILD}") from exc
    if not isinstance(meta, dict):
        raise IndexUnavailable(f"the index at {path} is damaged ({MANIFEST} is not an object): {REBUILD}")
    if meta.get("format_version") != FORMAT_VERSION:
        raise IndexUnavailable(
            f"the index at {path} has format version {meta.get('format_version')}, "
            f"this version reads {FORMAT_VERSION}: {REBUILD}"
        )
    return meta


def check_compatible(meta: dict[str, Any], settings: Settings, path: Path) -> None:
    """Refuse an index whose vectors or chunks the current settings would not produce."""
    built_with = (meta.get("embedding") or {}).get("model_id")
    wanted = model_id_of(settings.resolved_embedding_model())
    if not same_model(built_with, wanted):
        raise IndexUnavailable(
            f"the index at {path} was built with embedding model {built_with}, "
            f"settings ask for {wanted}: {REBUILD}"
        )
    chunker = meta.get("chunker") or {}
    if chunker.get("version") != chunker_version():
        raise IndexUnavailable(
            f"the index at {path} was built with chunker version {chunker.get('version')}, "
            f"this version chunks with {chunker_version()}: {REBUILD}"
        )
    if chunker.get("settings") != chunker_settings(settings):
        # Searching still works; only the next `inspection-qa index` will re-chunk.
        log.warning(
            "index at %s was chunked with %s, settings now ask for %s; run `inspection-qa index` to re-chunk",
            path, chunker.get("settings"), chunker_settings(settings),
        )


def read_records(path: Path, meta: dict[str, Any]) -> tuple[dict[str, Document], list[Chunk], np.ndarray]:
    """Documents, chunks and vectors, checked against each other and the manifest."""
    try:
        documents = {d.id: d for d in (Document.from_dict(r) for r in _read_jsonl(path / DOCUMENTS))}
        chunks = [Chunk.from_dict(r) for r in _read_jsonl(path / CHUNKS)]
        vectors = np.load(path / VECTORS, allow_pickle=False)
    except (OSError, ValueError, TypeError) as exc:
        raise IndexUnavailable(f"the index at {path} is damaged ({exc}): {REBUILD}") from exc
    dimension = (meta.get("embedding") or {}).get("dimension")
    problems = []
    if vectors.dtype != np.float32 or vectors.ndim != 2 or vectors.shape[0] != len(chunks):
        problems.append(f"{VECTORS} has shape {vectors.shape} for {len(chunks)} chunks")
    elif vectors.shape[1] != dimension:
        problems.append(f"{VECTORS} has {vectors.shape[1]} dimensions, the manifest says {dimension}")
    if any(c.doc_id not in documents for c in chunks):
        problems.append("a chunk names a document that is not in the index")
    if problems:
        raise IndexUnavailable(f"the index at {path} is damaged ({'; '.join(problems)}): {REBUILD}")
    return documents, chunks, vectors


def read_sentences(path: Path, n_chunks: int, dimension: int) -> tuple[np.ndarray, np.ndarray]:
    """Sentence vectors and their chunk rows, checked against each other and the chunks."""
    try:
        vectors = np.load(path / SENTENCE_VECTORS, allow_pickle=False)
        rows = np.load(path / SENTENCE_ROWS, allow_pickle=False)
    except (OSError, ValueError) as exc:
        raise IndexUnavailable(f"the index at {path} is damaged ({exc}): {REBUILD}") from exc
    problems = _sentence_problems(vectors, rows, n_chunks, dimension)
    if problems:
        raise IndexUnavailable(f"the index at {path} is damaged ({'; '.join(problems)}): {REBUILD}")
    return vectors, rows


def _sentence_problems(vectors: np.ndarray, rows: np.ndarray, n_chunks: int, dimension: int) -> list[str]:
    if vectors.dtype != np.float32 or vectors.ndim != 2 or vectors.shape[1] != dimension:
        return [f"{SENTENCE_VECTORS} has shape {vectors.shape} and type {vectors.dtype}, not float32 (m, {dimension})"]
    if rows.dtype != np.int64 or rows.shape != (len(vectors),):
        return [f"{SENTENCE_ROWS} has shape {rows.shape} and type {rows.dtype} for {len(vectors)} sentence vectors"]
    if len(rows) and (rows[0] < 0 or rows[-1] >= n_chunks or np.any(np.diff(rows) < 0)):
        return [f"{SENTENCE_ROWS} is not ascending within the {n_chunks} chunk rows"]
    return []


def _read_faiss(path: Path) -> Any:
    import faiss

    return faiss.read_index(str(path / FAISS_INDEX))


def _read_bm25(path: Path) -> Any:
    import bm25s

    return bm25s.BM25.load(str(path / BM25_DIR), allow_pickle=False, mmap=False)


# --- file helpers -------------------------------------------------------------------------------


def _write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def ensure_replaceable(path: Path) -> None:
    """Refuse to swap away a folder holding anything but index files.

    Saving deletes the folder it replaces, so ``--index`` pointed at a corpus (which has a
    manifest.json of its own) or a home folder must fail here, before any file is touched.
    """
    if not path.exists():
        return
    foreign = sorted(p.name for p in path.iterdir()) if path.is_dir() else [path.name]
    foreign = [name for name in foreign if name not in INDEX_ENTRIES]
    if foreign:
        shown = ", ".join(foreign[:3]) + (", ..." if len(foreign) > 3 else "")
        raise IndexUnavailable(
            f"{path} is not an index folder (it holds {shown}); refusing to replace it: "
            "choose another --index folder"
        )


def _swap_in(new: Path, path: Path) -> None:
    """Rename the old index away, the new one in, then delete the old one."""
    old: Path | None = None
    if path.exists():
        old = path.parent / f".{path.name}.old-{uuid.uuid4().hex[:8]}"
        os.rename(path, old)
    try:
        os.rename(new, path)
    except BaseException:
        if old is not None:
            os.rename(old, path)
        shutil.rmtree(new, ignore_errors=True)
        raise
    _fsync_dir(path.parent)
    # The old index, and any left by a save interrupted between its renames, are now stale.
    for stale in path.parent.glob(f".{path.name}.old-*"):
        shutil.rmtree(stale, ignore_errors=True)


def _fsync_dir(path: Path) -> None:
    try:
        _fsync(path)
    except OSError:  # some filesystems do not allow fsync on a directory
        pass
