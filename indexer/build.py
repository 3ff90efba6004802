"""Corpus folder -> index folder, incrementally.

Each document file is read, cleaned, described and chunked by the ingestion modules, then each
chunk is embedded (its heading and text, ``embedding_text``) and so is each of its sentences
(``sentence_texts``). Work from the previous index is reused at two levels:

- a document whose bytes, corpus manifest entry, authority table, chunking settings, ingestion
  code and sentence rules are all unchanged is taken over whole (no parsing, no embedding);
- otherwise it is parsed again, and any chunk or sentence whose exact embedded text was embedded
  before by the same model takes its old vector, so only new text is embedded.

The new index is written beside the old one and swapped in whole; until then the old index
stays valid. A file that cannot be read is named in the summary and left out.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sys
import time
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import cached_property, partial
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping

import numpy as np

from indexer import chunking, cleaning, metadata, readers
from indexer.authorities import AuthorityTable, AuthorityTableError
from indexer.embedding import Embedder, embedding_text, same_model, sentence_rows_by_text, sentence_rules_id, sentence_texts
from indexer.settings import Settings
from indexer.store import (
    FORMAT_VERSION,
    MANIFEST,
    IndexStore,
    IndexUnavailable,
    chunker_settings,
    chunker_version,
    ensure_replaceable,
    locate,
    read_manifest,
    read_records,
    read_sentences,
)
from indexer.tokens import TOKENIZER_VERSION
from indexer.types import Chunk, Document, content_hash

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]


class BuildError(Exception):
    """The build cannot produce an index (no corpus, nothing readable); the old index is untouched."""


@dataclass
class BuildSummary:
    documents: int
    pages: int
    chunks: int
    embedded_documents: int  # documents with at least one newly embedded chunk or sentence
    reused_documents: int  # documents whose every vector came from the previous index
    removed_documents: int  # sources in the previous index that are no longer in the corpus
    skipped: list[tuple[str, str]]  # (source, reason) for every file left out
    seconds: float
    index_dir: Path
    size_bytes: int
    embedded_chunks: int = 0
    embedded_sentences: int = 0
    unchanged: bool = False  # nothing changed: the index folder was left as it was

    def format(self) -> str:
        """The human summary the CLI prints."""
        lines = [
            f"{_count(self.documents, 'document')}, {_count(self.pages, 'page')}, "
            f"{_count(self.chunks, 'chunk')} in {self.seconds:.1f} s",
            f"embedded {_count(self.embedded_documents, 'document')} ({_count(self.embedded_chunks, 'chunk')}), "
            f"reused {self.reused_documents}, removed {self.removed_documents}",
        ]
        if self.unchanged:
            lines.append("nothing changed: index left as it was")
        if self.skipped:
            lines.append(f"skipped {_count(len(self.skipped), 'file')}:")
            lines.extend(f"  {source}: {reason}" for source, reason in self.skipped)
        lines.append(f"index: {self.index_dir} ({self.size_bytes / 1e6:.1f} MB)")
        return "\n".join(lines)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


@dataclass
class _Entry:
    """One document's share of the new index."""

    document: Document
    chunks: list[Chunk]
    vectors: np.ndarray
    sentence_vectors: np.ndarray
    sentence_rows: np.ndarray  # the chunk of each sentence vector, counted from the document's first chunk
    pages: int
    key: str
    content_hash: str
    embedded: int  # chunks embedded in this build
    embedded_sentences: int  # sentences embedded in this build
    reused_whole: bool


@dataclass
class _Previous:
    """What a new build can take over from the index on disk."""

    meta: dict[str, Any]
    documents: dict[str, Document]
    chunks: list[Chunk]
    vectors: np.ndarray
    sentence_vectors: np.ndarray
    sentence_rows: np.ndarray
    by_key: dict[str, dict[str, Any]] = field(default_factory=dict)
    row_of_text: dict[str, int] = field(default_factory=dict)  # by embedding_text

    def __post_init__(self) -> None:
        self.by_key = {d["key"]: d for d in self.meta.get("documents", []) if "key" in d}
        for row, chunk in enumerate(self.chunks):
            self.row_of_text.setdefault(embedding_text(chunk), row)

    @cached_property
    def row_of_sentence(self) -> dict[str, int]:
        """Sentence vector rows by sentence text (empty if the previous index split by other rules)."""
        return sentence_rows_by_text(self.chunks, self.sentence_rows, self.meta)

    @property
    def sources(self) -> set[str]:
        return {d["source"] for d in self.meta.get("documents", [])}

    def take(self, key: str) -> _Entry | None:
        """The whole record of an unchanged document, or None."""
        record = self.by_key.get(key)
        if record is None or record["id"] not in self.documents:
            return None
        start, end = record["rows"]
        chunks = self.chunks[start:end]
        if not chunks or len(chunks) != end - start or any(c.doc_id != record["id"] for c in chunks):
            return None  # the manifest's rows disagree with the chunks: read the file again
        first, last = np.searchsorted(self.sentence_rows, [start, end])
        return _Entry(
            document=self.documents[record["id"]],
            chunks=chunks,
            vectors=self.vectors[start:end],
            sentence_vectors=self.sentence_vectors[first:last],
            sentence_rows=self.sentence_rows[first:last] - start,
            pages=int(record.get("pages", 0)),
            key=key,
            content_hash=record["content_hash"],
            embedded=0,
            embedded_sentences=0,
            reused_whole=True,
        )


def build_index(
    settings: Settings,
    full: bool = False,
    progress: Progress | None = None,
    embedder: Embedder | None = None,
) -> BuildSummary:
    """Build or refresh the index at ``settings.index_dir`` from ``settings.corpus_dir``.

    ``full`` ignores the previous index and embeds everything again. ``embedder`` lets a caller
    that already holds a loaded model share it. Raises BuildError when nothing can be indexed.
    """
    started = time.perf_counter()
    corpus = Path(settings.corpus_dir)
    if not corpus.is_dir():
        raise BuildError(f"corpus folder {corpus} does not exist")
    files = sorted(
        (p for p in corpus.rglob("*") if readers.is_document_file(p, corpus)),
        key=lambda p: p.relative_to(corpus).as_posix(),
    )
    ensure_replaceable(Path(settings.index_dir))  # before the work, not after it
    manifest = _corpus_manifest(settings)
    try:
        table = AuthorityTable.load(settings.authorities_path)
    except AuthorityTableError as exc:
        raise BuildError(f"cannot read the authority table: {exc}") from exc
    embedder = embedder or Embedder.from_settings(settings)
    previous = None if full else _previous(settings, embedder.model_id)
    context = _key_context(settings, embedder.model_id)

    read = partial(_read_file, corpus=corpus, manifest=manifest, table=table, settings=settings,
                   context=context, previous=previous)
    entries: list[_Entry] = []
    skipped: list[tuple[str, str]] = []
    seen: dict[str, str] = {}  # content hash -> source: the same bytes twice would share one id
    with closing(_read_ahead(files, read)) as results:
        for done, (path, result) in enumerate(results, start=1):
            source = path.relative_to(corpus).as_posix()
            if not isinstance(result, str) and result.content_hash in seen:
                result = f"same content as {seen[result.content_hash]}"
            if isinstance(result, _Read):
                result = _embed(result, previous, embedder)
            if isinstance(result, str):
                log.info("skipped %s: %s", source, result)  # the summary names every skipped file
                skipped.append((source, result))
            else:
                seen[result.content_hash] = source
                entries.append(result)
            if progress is not None:
                progress(done, len(files), source)

    if not entries:
        named = ", ".join(f"{s} ({r})" for s, r in skipped[:5])
        more = f" and {len(skipped) - 5} more" if len(skipped) > 5 else ""
        detail = f"; skipped {named}{more}" if skipped else f" (no {', '.join(sorted(readers.SUPPORTED_SUFFIXES))} files)"
        raise BuildError(f"no readable documents in {corpus}{detail}")

    index_dir = Path(settings.index_dir)
    removed = len(previous.sources - {e.document.source for e in entries}) if previous else 0
    summary = BuildSummary(
        documents=len(entries),
        pages=sum(e.pages for e in entries),
        chunks=sum(len(e.chunks) for e in entries),
        embedded_documents=sum(1 for e in entries if e.embedded or e.embedded_sentences),
        reused_documents=sum(1 for e in entries if not (e.embedded or e.embedded_sentences)),
        removed_documents=removed,
        skipped=skipped,
        seconds=0.0,
        index_dir=index_dir,
        size_bytes=0,
        embedded_chunks=sum(e.embedded for e in entries),
        embedded_sentences=sum(e.embedded_sentences for e in entries),
    )
    if previous is not None and _unchanged(previous, entries, skipped) and _loads(index_dir, settings):
        summary.unchanged = True
        log.info("nothing changed; index at %s left as it was", index_dir)
    else:
        store = _assemble(entries, skipped, settings, embedder.model_id)
        store.save(index_dir)
    summary.size_bytes = _folder_size(index_dir)
    summary.seconds = time.perf_counter() - started
    return summary


@dataclass
class _Read:
    """A document read and chunked, waiting for its vectors."""

    document: Document
    chunks: list[Chunk]
    pages: int
    key: str
    content_hash: str


def _read_ahead(files: list[Path], read: Callable[[Path], _Entry | _Read | str], window: int = 4) -> Iterator[tuple[Path, _Entry | _Read | str]]:
    """``(path, read(path))`` in order, reading a few files ahead on one thread.

    Reading (pypdf is pure Python) then overlaps embedding, which spends its time in torch with
    the GIL released: a full build takes the longer of the two rather than their sum.
    """
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="index-reader")
    pending: deque[tuple[Path, Future]] = deque()
    try:
        for path in files:
            pending.append((path, pool.submit(read, path)))
            if len(pending) > window:
                done, future = pending.popleft()
                yield done, future.result()
        while pending:
            done, future = pending.popleft()
            yield done, future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _read_file(
    path: Path,
    *,
    corpus: Path,
    manifest: dict[str, dict],
    table: AuthorityTable,
    settings: Settings,
    context: str,
    previous: _Previous | None,
) -> _Entry | _Read | str:
    """The whole entry of an unchanged document, a freshly read one, or the reason it is left out."""
    source = path.relative_to(corpus).as_posix()
    entry = manifest.get(source)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return f"cannot read file: {exc.strerror or exc}"
    digest = content_hash(data)
    key = _document_key(source, digest, entry, context)
    if previous is not None:
        reused = previous.take(key)
        if reused is not None:
            return reused
    try:
        raw = readers.read_raw_pages(path, data)
        pages = cleaning.clean_pages(raw, is_pdf=path.suffix.lower() == ".pdf")
        document = metadata.make_document(source, data, pages, entry, table)
        chunks = chunking.chunk_document(document, pages, settings)
    except readers.UnreadableDocument as exc:
        return str(exc)
    except Exception as exc:  # a flaw in one file must not stop the build for the rest
        log.warning("error while reading %s", source, exc_info=True)
        return f"could not be processed ({type(exc).__name__}: {exc})"
    if not chunks:
        return "no text left to index after cleaning"
    return _Read(document, chunks, len(pages), key, digest)


def _embed(read: _Read, previous: _Previous | None, embedder: Embedder) -> _Entry:
    sentences = [sentence_texts(c) for c in read.chunks]
    vectors, embedded = _vectors_for(
        [embedding_text(c) for c in read.chunks],
        *((previous.row_of_text, previous.vectors) if previous is not None else ({}, None)),
        embedder,
    )
    sentence_vectors, embedded_sentences = _vectors_for(
        [s for ss in sentences for s in ss],
        *((previous.row_of_sentence, previous.sentence_vectors) if previous is not None else ({}, None)),
        embedder,
    )
    sentence_rows = np.repeat(np.arange(len(read.chunks), dtype=np.int64), [len(ss) for ss in sentences])
    return _Entry(read.document, read.chunks, vectors, sentence_vectors, sentence_rows, read.pages, read.key,
                  read.content_hash, embedded, embedded_sentences, reused_whole=False)


def _vectors_for(
    texts: list[str], known: Mapping[str, int], old: np.ndarray | None, embedder: Embedder
) -> tuple[np.ndarray, int]:
    """Vectors for ``texts`` and how many were embedded: a text that ``known`` maps to a row of
    ``old`` takes that vector; every other text is embedded, once however often it occurs."""
    rows = [known.get(t) for t in texts]
    missing = list(dict.fromkeys(t for t, row in zip(texts, rows) if row is None))
    fresh = embedder.embed(missing)
    position = {t: i for i, t in enumerate(missing)}
    vectors = np.empty((len(texts), fresh.shape[1]), dtype=np.float32)
    for i, (text, row) in enumerate(zip(texts, rows)):
        vectors[i] = fresh[position[text]] if row is None or old is None else old[row]
    return vectors, len(missing)


def _assemble(entries: list[_Entry], skipped: list[tuple[str, str]], settings: Settings, model_id: str) -> IndexStore:
    vectors = np.vstack([e.vectors for e in entries]).astype(np.float32, copy=False)
    sentence_vectors = np.vstack([e.sentence_vectors for e in entries]).astype(np.float32, copy=False)
    chunks: list[Chunk] = []
    sentence_rows: list[np.ndarray] = []
    records = []
    for e in entries:
        start = len(chunks)
        chunks.extend(e.chunks)
        sentence_rows.append(e.sentence_rows + start)
        records.append(
            {
                "id": e.document.id,
                "source": e.document.source,
                "content_hash": e.content_hash,
                "key": e.key,
                "pages": e.pages,
                "rows": [start, len(chunks)],
            }
        )
    meta = {
        "format_version": FORMAT_VERSION,
        "package_version": _package_version(),
        "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "embedding": {"model_id": model_id, "dimension": int(vectors.shape[1])},
        "chunker": {"version": chunker_version(), "settings": chunker_settings(settings)},
        "tokenizer_version": TOKENIZER_VERSION,
        "sentences": {"rules": sentence_rules_id()},
        "counts": {
            "documents": len(entries),
            "pages": sum(e.pages for e in entries),
            "chunks": len(chunks),
            "sentences": len(sentence_vectors),
        },
        "documents": records,
        "skipped": [list(s) for s in skipped],
    }
    return IndexStore(
        {e.document.id: e.document for e in entries}, chunks, vectors, meta,
        sentence_vectors=sentence_vectors,
        sentence_rows=np.concatenate(sentence_rows).astype(np.int64, copy=False),
    )


def _previous(settings: Settings, model_id: str) -> _Previous | None:
    """The previous index's reusable parts, or None when there is none it is safe to reuse."""
    path = locate(Path(settings.index_dir))
    try:
        meta = read_manifest(path)
        if not same_model((meta.get("embedding") or {}).get("model_id"), model_id):
            log.info("previous index was built with another embedding model; embedding everything")
            return None
        documents, chunks, vectors = read_records(path, meta)
        sentence_vectors, sentence_rows = read_sentences(path, len(chunks), vectors.shape[1])
    except IndexUnavailable as exc:
        log.info("no previous index to reuse: %s", exc)
        return None
    return _Previous(meta, documents, chunks, vectors, sentence_vectors, sentence_rows)


def _unchanged(previous: _Previous, entries: list[_Entry], skipped: list[tuple[str, str]]) -> bool:
    """True when the new index would hold exactly what the one on disk holds."""
    meta = previous.meta
    return (
        all(e.reused_whole for e in entries)
        and [list(s) for s in skipped] == meta.get("skipped")
        and [e.key for e in entries] == [d.get("key") for d in meta.get("documents", [])]
        and meta.get("tokenizer_version") == TOKENIZER_VERSION
        and meta.get("chunker", {}).get("version") == chunker_version()
    )


def _loads(index_dir: Path, settings: Settings) -> bool:
    """The index folder itself (not a leftover of an interrupted save) loads cleanly."""
    try:
        IndexStore.load(index_dir, settings)
    except IndexUnavailable as exc:
        log.info("index at %s must be rewritten: %s", index_dir, exc)
        return False
    return (index_dir / MANIFEST).is_file()


def _key_context(settings: Settings, model_id: str) -> str:
    """Everything besides a document's own bytes and manifest entry that shapes its record."""
    context = {
        "model": model_id.rsplit("@", 1)[-1],  # the fingerprint: the same model moved elsewhere still matches
        "chunker": chunker_version(),
        "chunk_settings": chunker_settings(settings),
        "authorities": _file_digest(settings.authorities_path),
        "code": _ingestion_code_digest(),
        "sentences": sentence_rules_id(),
    }
    return json.dumps(context, sort_keys=True)


def _document_key(source: str, digest: str, manifest_entry: dict | None, context: str) -> str:
    payload = json.dumps([source, digest, manifest_entry, context], sort_keys=True, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:24]


def _ingestion_code_digest() -> str:
    """A hash of the reading, cleaning, metadata and chunking code.

    A change there (a better cleaning rule, say) must reach every document, not only edited
    ones; vectors are still reused for every chunk whose text comes out the same.
    """
    digest = hashlib.sha256()
    for module in (readers, cleaning, metadata, chunking):
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()[:16]


def _file_digest(path: Path) -> str | None:
    try:
        return content_hash(Path(path).read_bytes())
    except OSError:
        return None


def _corpus_manifest(settings: Settings) -> dict[str, dict]:
    path = settings.manifest_path
    if not path.exists():
        log.info("no corpus manifest at %s; metadata comes from the documents alone", path)
        return {}
    try:
        return metadata.load_manifest(path)
    except Exception as exc:
        raise BuildError(f"cannot read the corpus manifest: {exc}") from exc


def _package_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("inspection-qa")
    except PackageNotFoundError:
        return "unknown"


def _folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) if path.is_dir() else 0


def tqdm_progress(**tqdm_options: Any) -> Progress:
    """A ``progress`` callback drawing a tqdm bar on stderr, one step per document file."""
    from tqdm import tqdm

    bar: tqdm | None = None

    def update(done: int, total: int, source: str) -> None:
        nonlocal bar
        if bar is None:
            options = {"unit": "doc", "file": sys.stderr, "desc": "indexing", **tqdm_options}
            bar = tqdm(total=total, **options)
        bar.set_postfix_str(source if len(source) <= 48 else "…" + source[-47:], refresh=False)
        bar.update(done - bar.n)
        if done >= total:
            bar.close()

    return update
