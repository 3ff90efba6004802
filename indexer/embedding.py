"""Sentence embeddings for chunks and questions, from a local sentence-transformers model.

Configuration happens in ``__init__`` (cheap); the model is loaded on first use (``warm_up``)
and shared by every Embedder of the same model in the process, so the CLI, the app and the
build never load it twice. Nothing is ever downloaded.

What of a chunk is embedded is decided here too: ``embedding_text`` for the chunk's own vector
(its heading, then its text) and ``sentence_texts`` for the sentences that get vectors of their own.
"""

from __future__ import annotations

import hashlib
import inspect
import logging
import os
import threading
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping, Sequence

import numpy as np

from indexer.settings import Settings
from indexer.types import Chunk, content_hash

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

log = logging.getLogger(__name__)

_models: dict[str, "SentenceTransformer"] = {}
_models_lock = threading.Lock()


class EmbeddingModelUnavailable(RuntimeError):
    """The configured model cannot be loaded from local files."""


# Shorter sentences ("Good.", "Summary") say too little to be found by meaning on their own.
SENTENCE_MIN_CHARS = 20


def embedding_text(chunk: Chunk) -> str:
    """The text a chunk's vector embeds: its section heading, then its text.

    The heading tells what a passage is about where its text alone may not ("Care leavers" above
    a paragraph on housing). The text alone when there is no heading or the text already opens
    with it. Only the vector changes: the chunk's stored text, which citations quote, does not.
    """
    section = (chunk.section or "").strip()
    if not section or chunk.text.lstrip().startswith(section):
        return chunk.text
    return f"{chunk.section}\n{chunk.text}"


def sentence_texts(chunk: Chunk) -> list[str]:
    """The sentences of a chunk that get vectors of their own, in order, each once.

    They are the units answers are built from (sentences, bullets and grade rows; a heading is
    already in the chunk's vector), of at least SENTENCE_MIN_CHARS characters. A chunk without
    any is found by its chunk vector alone.
    """
    from qa.sentences import units  # pure text rules; imported here so indexer loads without qa

    kept = (u.text for u in units(chunk.text) if u.kind != "heading" and len(u.text) >= SENTENCE_MIN_CHARS)
    return list(dict.fromkeys(kept))


def sentence_rows_by_text(chunks: Sequence[Chunk], sentence_rows: np.ndarray, manifest: Mapping[str, Any]) -> dict[str, int]:
    """Each stored sentence's text -> its row in an index's sentence arrays, found by splitting the
    index's chunks again. Empty unless the index ``manifest`` names the sentence rules in force now;
    a chunk whose sentence count disagrees with the arrays is left out."""
    if (manifest.get("sentences") or {}).get("rules") != sentence_rules_id():
        return {}
    bounds = np.searchsorted(sentence_rows, np.arange(len(chunks) + 1))  # chunk i: bounds[i]:bounds[i+1]
    found: dict[str, int] = {}
    for row, chunk in enumerate(chunks):
        texts = sentence_texts(chunk)
        if len(texts) == bounds[row + 1] - bounds[row]:
            for offset, text in enumerate(texts):
                found.setdefault(text, int(bounds[row]) + offset)
    return found


def sentence_rules_id() -> str:
    """Names the rules ``sentence_texts`` follows (its code, the splitter's, the minimum length):
    sentences split under other rules are other texts, so their vectors cannot be matched by text."""
    from qa import sentences

    rules = Path(sentences.__file__).read_bytes() + inspect.getsource(sentence_texts).encode("utf-8")
    return f"{content_hash(rules)}:{SENTENCE_MIN_CHARS}"


# Folder names that say nothing about the model inside (the bundled package's folder is "model").
_GENERIC_FOLDER_NAMES = frozenset({"model", "models", "snapshot", "snapshots", "main"})
_FINGERPRINT_BYTES = 1 << 20


def model_id_of(model: str) -> str:
    """The stable name of a model, recorded in the index manifest: ``<name>@<fingerprint>``.

    The name is for people (the folder's name); the fingerprint hashes the folder's configuration
    files and the head and tail of its weights, so the same model installed elsewhere still
    matches an existing index (see ``same_model``) while a different model dropped into the same
    folder does not. A model given by cache name is named by that name.
    """
    path = Path(model).expanduser()
    if not path.is_dir():
        return model
    path = path.resolve()
    name = path.name
    if name.lower() in _GENERIC_FOLDER_NAMES and path.parent.name:
        name = path.parent.name
    # Keyed by the files' sizes and times too, so a model replaced in place gets a new id.
    stats = tuple(
        (f.relative_to(path).as_posix(), st.st_size, st.st_mtime_ns)
        for f in sorted(path.rglob("*"))
        if f.is_file()
        and not any(part.startswith(".") for part in f.relative_to(path).parts)
        and f.suffix.lower() != ".md"
        for st in [f.stat()]
    )
    return f"{name}@{_fingerprint(path, stats)}"


def same_model(a: str | None, b: str | None) -> bool:
    """Whether two model ids name the same model: the fingerprints decide, the readable names
    (which follow the folder a model is installed in) do not."""
    if a is None or b is None:
        return False
    if "@" in a and "@" in b:
        return a.rsplit("@", 1)[1] == b.rsplit("@", 1)[1]
    return a == b


@lru_cache(maxsize=8)
def _fingerprint(folder: Path, stats: tuple[tuple[str, int, int], ...]) -> str:
    digest = hashlib.sha256()
    for rel, size, _ in stats:
        digest.update(f"{rel}\0{size}\0".encode())
        with (folder / rel).open("rb") as f:
            # Whole config files; the head and tail of large weight files (enough to tell models apart).
            digest.update(f.read(_FINGERPRINT_BYTES))
            if size > 2 * _FINGERPRINT_BYTES:
                f.seek(-_FINGERPRINT_BYTES, os.SEEK_END)
                digest.update(f.read())
    return digest.hexdigest()[:12]


def _load(model: str) -> "SentenceTransformer":
    # Set before importing the Hugging Face stack, which reads them once at import time;
    # local_files_only below covers the case where it was imported earlier.
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    with _models_lock:
        if model not in _models:
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as transformers_logging

            transformers_logging.disable_progress_bar()  # a weight-loading bar on every CLI call is noise

            log.info("loading embedding model %s", model)
            try:
                _models[model] = SentenceTransformer(model, device="cpu", local_files_only=True)
            except Exception as exc:  # the library raises several kinds for a missing model
                raise EmbeddingModelUnavailable(
                    f"cannot load embedding model {model!r} from local files ({exc}); "
                    "set INSPECTION_QA_EMBEDDING_MODEL to 'bundled' or to a local model folder"
                ) from exc
        return _models[model]


class Embedder:
    """``embed(texts)`` gives float32, L2-normalised rows, so inner product is cosine similarity."""

    def __init__(self, model: str, batch_size: int | None = None) -> None:
        self.model = model
        self.model_id = model_id_of(model)
        self.batch_size = batch_size or Settings.model_fields["embedding_batch_size"].default
        self._st: SentenceTransformer | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> "Embedder":
        return cls(settings.resolved_embedding_model(), batch_size=settings.embedding_batch_size)

    def warm_up(self) -> None:
        """Load the model now (otherwise the first ``embed`` does it)."""
        if self._st is None:
            self._st = _load(self.model)

    @property
    def dimension(self) -> int:
        self.warm_up()
        assert self._st is not None
        # Renamed get_embedding_dimension in newer sentence-transformers.
        get = getattr(self._st, "get_embedding_dimension", None) or self._st.get_sentence_embedding_dimension
        return int(get())

    def embed(self, texts: list[str]) -> np.ndarray:
        self.warm_up()
        assert self._st is not None
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self._st.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed([text])[0]

    def __repr__(self) -> str:
        return f"Embedder({self.model_id!r}, batch_size={self.batch_size})"
