"""Rebuilding the index in the background while the app keeps answering from the loaded one.

One ``RebuildJobs`` object lives per app process (the app keeps it in ``st.cache_resource``), so
every browser session sees the same rebuild: one at a time, its progress, and its outcome. The
index folder is swapped in whole by the build, so the index already loaded stays valid until the
app reloads it; ``generation`` counts finished rebuilds, and the app keys its loaded service on it.
"""

from __future__ import annotations

import logging
import threading
import time
import traceback
from dataclasses import dataclass, replace
from typing import Any, Callable

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
Rebuild = Callable[[bool, Progress], Any]  # (full, progress) -> BuildSummary


@dataclass(frozen=True)
class JobStatus:
    state: str = "idle"  # idle | running | done | failed
    full: bool = False
    done: int = 0  # files processed
    total: int = 0
    current: str = ""  # the file being read
    summary: Any = None  # indexer.build.BuildSummary when done
    error: str = ""
    started: float | None = None  # time.time()
    finished: float | None = None
    generation: int = 0  # finished rebuilds that changed the index

    @property
    def running(self) -> bool:
        return self.state == "running"

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 0.0

    def elapsed(self, now: float | None = None) -> float:
        if self.started is None:
            return 0.0
        return (self.finished or now or time.time()) - self.started


class RebuildJobs:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._status = JobStatus()
        self._thread: threading.Thread | None = None

    def status(self) -> JobStatus:
        with self._lock:
            return self._status

    def start(self, rebuild: Rebuild, full: bool = False) -> bool:
        """Start ``rebuild(full, progress)`` in a thread; False if one is already running."""
        with self._lock:
            if self._status.running:
                return False
            self._status = JobStatus(state="running", full=full, started=time.time(), generation=self._status.generation)
            self._thread = threading.Thread(target=self._run, args=(rebuild, full), name="inspection-qa-rebuild", daemon=True)
            self._thread.start()
            return True

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the running rebuild ends (tests, shutdown); True if none is running any more."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return not self.status().running

    def _progress(self, done: int, total: int, current: str) -> None:
        with self._lock:
            self._status = replace(self._status, done=done, total=total, current=current)

    def _run(self, rebuild: Rebuild, full: bool) -> None:
        try:
            summary = rebuild(full, self._progress)
        except Exception as exc:  # shown to the user; the old index stays in use
            log.warning("index rebuild failed", exc_info=True)
            message = str(exc) or type(exc).__name__
            with self._lock:
                self._status = replace(self._status, state="failed", error=message, finished=time.time())
            log.debug("".join(traceback.format_exception(exc)))
            return
        changed = not getattr(summary, "unchanged", False)
        with self._lock:
            self._status = replace(
                self._status,
                state="done",
                summary=summary,
                finished=time.time(),
                generation=self._status.generation + (1 if changed else 0),
            )
