"""Reading corpus files into raw page texts: PDF via pypdf, plain text and Markdown as one page.

Reading knows nothing of cleaning: it returns what the file holds, page by page, or raises
``UnreadableDocument`` with a short reason a user can act on.
"""

from __future__ import annotations

import io
import logging
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES: frozenset[str] = frozenset({".pdf", ".txt", ".md"})

# Files in the corpus folder that describe the corpus rather than belong to it.
NON_DOCUMENT_NAMES: frozenset[str] = frozenset({"manifest.json", "authorities.json"})


class UnreadableDocument(Exception):
    """A file that cannot be read as a document; ``str(e)`` is a short human reason."""


def is_document_file(path: Path, corpus_dir: Path) -> bool:
    """True for a file the index should try to read.

    Names and folders starting with "_" or "." (notes, hidden files) and the corpus's own
    manifest and authority table are not documents. A file of an unsupported type still counts,
    so that the build can report it by name instead of silently leaving it out.
    """
    path = Path(path)
    try:
        parts = path.relative_to(corpus_dir).parts
    except ValueError:
        parts = path.parts[-1:]
    if not parts or any(p.startswith(("_", ".")) for p in parts):
        return False
    if path.name in NON_DOCUMENT_NAMES:
        return False
    return path.is_file()


def read_raw_pages(path: Path, data: bytes | None = None) -> list[tuple[int, str]]:
    """(1-based page number, raw text) for each page; a text file is one page.

    ``data`` may carry the file's bytes when the caller has read them already (to hash them).
    Raises UnreadableDocument for an unsupported type, an empty file, non-UTF-8 text, or a PDF
    that is corrupt, encrypted or has no extractable text.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnreadableDocument(f"unsupported file type {suffix or '(no extension)'}")
    if data is None:
        data = path.read_bytes()
    if not data.strip():
        raise UnreadableDocument("empty file")
    if suffix == ".pdf":
        return _read_pdf(data)
    return [(1, _decode_text(data))]


def _decode_text(data: bytes) -> str:
    try:
        # utf-8-sig drops a byte-order mark that some editors on Windows write.
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise UnreadableDocument("not UTF-8 text") from e


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf logs a warning for every recoverable flaw in a PDF; users need only our one-line reason."""
    logger = logging.getLogger("pypdf")
    previous = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(previous)


def _read_pdf(data: bytes) -> list[tuple[int, str]]:
    import pypdf
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    if not data.lstrip().startswith(b"%PDF"):
        raise UnreadableDocument("corrupt PDF: no PDF header")
    with _quiet_pypdf():
        try:
            reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                # An owner password alone (no user password) still lets anyone read the text.
                try:
                    opened = reader.decrypt("")
                except (DependencyError, NotImplementedError) as e:
                    raise UnreadableDocument("encrypted PDF") from e
                if not opened:
                    raise UnreadableDocument("encrypted PDF")
            pages = [(i, page.extract_text() or "") for i, page in enumerate(reader.pages, start=1)]
        except UnreadableDocument:
            raise
        except FileNotDecryptedError as e:
            raise UnreadableDocument("encrypted PDF") from e
        except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as e:
            raise UnreadableDocument(f"corrupt PDF: {_short(e)}") from e
    if not pages:
        raise UnreadableDocument("corrupt PDF: no pages")
    if not any(text.strip() for _, text in pages):
        raise UnreadableDocument("no extractable text (image-only PDF?)")
    return pages


def _short(e: Exception) -> str:
    text = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
    return text[:120]
