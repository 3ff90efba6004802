"""The corpus page's logic without Streamlit: checking and saving uploads, the documents table.

Uploads are checked before anything is written: a supported type, a size the indexer can take,
content that looks like what the extension says, a name the index will not ignore, and no clash
with a file already in the corpus (same name, or the same bytes under another name).
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from indexer.authorities import AuthorityTable
from indexer.readers import NON_DOCUMENT_NAMES, SUPPORTED_SUFFIXES, is_document_file
from indexer.types import Document, content_hash
from qa.app_render import short_authority

MAX_UPLOAD_BYTES = 50 * 2**20  # Ofsted reports are well under 5 MB; a 50 MB file is a mistake


@dataclass(frozen=True)
class UploadCheck:
    name: str  # the name the file would be saved under
    ok: bool
    message: str  # why not, or what will happen


def clean_name(name: str) -> str:
    """The file name without any folder part, spaces tidied: browsers may send 'C:\\x\\report.pdf'."""
    base = re.split(r"[\\/]", name)[-1].strip()
    return re.sub(r"\s+", " ", base)


def check_upload(name: str, data: bytes, corpus_dir: Path, replace: bool = False) -> UploadCheck:
    """Whether ``data`` may be saved as ``corpus_dir/name``, and a one-line reason."""
    name = clean_name(name)
    suffix = Path(name).suffix.lower()
    if not name or name in (".", ".."):
        return UploadCheck(name, False, "the file has no name")
    if suffix not in SUPPORTED_SUFFIXES:
        allowed = ", ".join(sorted(SUPPORTED_SUFFIXES))
        return UploadCheck(name, False, f"{suffix or 'no extension'} is not a supported type (use {allowed})")
    if name.startswith(("_", ".")):
        return UploadCheck(name, False, "names starting with '_' or '.' are not indexed: rename the file")
    if name in NON_DOCUMENT_NAMES:
        return UploadCheck(name, False, f"{name} is reserved for the corpus's own metadata")
    if not data:
        return UploadCheck(name, False, "the file is empty")
    if len(data) > MAX_UPLOAD_BYTES:
        return UploadCheck(name, False, f"the file is {len(data) / 2**20:.0f} MB; the limit is {MAX_UPLOAD_BYTES // 2**20} MB")
    if suffix == ".pdf" and not data.lstrip()[:1024].startswith(b"%PDF"):
        return UploadCheck(name, False, "this is not a PDF (no PDF header)")
    if suffix != ".pdf":
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return UploadCheck(name, False, "text files must be UTF-8")
    target = Path(corpus_dir) / name
    digest = content_hash(data)
    if target.exists():
        if target.is_file() and content_hash(target.read_bytes()) == digest:
            return UploadCheck(name, False, "this file is already in the corpus")
        if not replace:
            return UploadCheck(name, False, "a different file of this name is already in the corpus: rename it, or tick 'Replace files of the same name'")
    same = _same_content(Path(corpus_dir), digest, skip=target)
    if same:
        return UploadCheck(name, False, f"the same content is already in the corpus as {same}")
    verb = "replaces the existing file" if target.exists() else "will be added"
    return UploadCheck(name, True, f"{len(data) / 1e3:,.0f} kB, {verb}")


def _same_content(corpus_dir: Path, digest: str, skip: Path) -> str | None:
    if not corpus_dir.is_dir():
        return None
    for path in corpus_dir.rglob("*"):
        if path == skip or path.suffix.lower() not in SUPPORTED_SUFFIXES or not is_document_file(path, corpus_dir):
            continue
        try:
            if content_hash(path.read_bytes()) == digest:
                return path.relative_to(corpus_dir).as_posix()
        except OSError:
            continue
    return None


def save_upload(name: str, data: bytes, corpus_dir: Path) -> Path:
    """Write the file into the corpus atomically (a half-written PDF is never seen by a build)."""
    corpus_dir = Path(corpus_dir)
    corpus_dir.mkdir(parents=True, exist_ok=True)
    target = corpus_dir / clean_name(name)
    fd, tmp = tempfile.mkstemp(prefix=".upload-", dir=corpus_dir)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def documents_rows(documents: Iterable[Document], table: AuthorityTable | None, pages: dict[str, int] | None = None) -> list[dict[str, Any]]:
    """One row per indexed document, for the corpus table; newest first within an authority."""
    rows = []
    for d in documents:
        rows.append(
            {
                "Authority": short_authority(d.authority, table) if table else d.authority,
                "Type": d.doc_type,
                "Kind": d.source_kind,
                "Date": d.date or "",
                "Published": d.published or "",
                "Title": d.title,
                "Pages": (pages or {}).get(d.id),
                "Source file": d.source,
            }
        )
    rows.sort(key=lambda r: (r["Authority"].lower(), r["Date"]), reverse=False)
    return rows


def corpus_files(corpus_dir: Path) -> list[str]:
    """Document files in the corpus folder (what the next build will read), relative paths."""
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.is_dir():
        return []
    return sorted(p.relative_to(corpus_dir).as_posix() for p in corpus_dir.rglob("*") if is_document_file(p, corpus_dir))


def pending_changes(files: Iterable[str], indexed: Iterable[str], skipped: Iterable[tuple[str, str]]) -> tuple[list[str], list[str]]:
    """What the next index update would change: (files not indexed yet, indexed files now gone).

    Files the last build skipped are not 'new': they are listed with their reasons instead.
    """
    files, indexed = set(files), set(indexed)
    skipped_names = {s for s, _ in skipped}
    return sorted(files - indexed - skipped_names), sorted(indexed - files)
