"""Search as you type: debounced, run off the UI thread, stale answers dropped.

The UI thread builds an immutable request (query + filters + id); one worker thread runs
`library.search`; the answer comes back through a queued signal and is applied only if it
is still the latest request, so a slow early search never overwrites a later one.
"""
from __future__ import annotations

import logging
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QTimer, Signal

log = logging.getLogger(__name__)
DEBOUNCE_MS = 250


@dataclass(frozen=True)
class SearchRequest:
    id: int
    query: str
    limit: int = 50
    filters: dict = field(default_factory=dict)   # tier, department, incident_type, street


class PlanSearch(QObject):
    """Owns the search worker for one plan browser."""

    # request id (int), hits (list of plans.model.Hit), elapsed ms (float)
    results_ready = Signal(int, list, float)
    # request id (int), message for the user (str)
    search_failed = Signal(int, str)
    _finished = Signal(int, object, float, str)   # worker -> UI thread hand-over

    def __init__(self, library, parent: QObject | None = None, debounce_ms: int = DEBOUNCE_MS,
                 threaded: bool = True):
        """threaded=False runs each search on the UI thread after the debounce: quicker to
        answer on a busy machine (no thread wake-up), but the UI waits for the index."""
        super().__init__(parent)
        self._library = library
        self._threaded = threaded
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="plan-search")
        self._latest = 0
        self._pending: SearchRequest | None = None
        self._timer = QTimer(self, singleShot=True, interval=debounce_ms)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._finished.connect(self._on_self_finished)

    @property
    def latest_id(self) -> int:
        return self._latest

    def request(self, query: str, filters: dict | None = None, limit: int = 50) -> int:
        """Queue a search; it runs once typing pauses for the debounce interval."""
        self._latest += 1
        self._pending = SearchRequest(self._latest, query.strip(), limit, dict(filters or {}))
        self._timer.start()
        return self._latest

    def run_now(self) -> None:
        """Run the queued search at once (Enter key)."""
        if self._pending is not None:
            self._timer.stop()
            self._on_timer_timeout()

    def shutdown(self) -> None:
        self._timer.stop()
        self._executor.shutdown(wait=True, cancel_futures=True)

    def _on_timer_timeout(self) -> None:
        request, self._pending = self._pending, None
        if request is None:
            return
        if not request.query:
            self.results_ready.emit(request.id, [], 0.0)
            return
        if not self._threaded:
            self._work(request)
            return
        try:
            self._executor.submit(self._work, request)
        except RuntimeError:  # shut down while a keystroke was pending
            pass

    def _work(self, request: SearchRequest) -> None:
        t0 = time.perf_counter()
        try:
            filters = {k: v for k, v in request.filters.items() if v}
            hits = list(self._library.search(request.query, limit=request.limit, **filters))
            error = ""
        except Exception as exc:  # shown to the user; details in the log
            log.exception("plan search failed for %r", request.query)
            hits, error = [], str(exc)
        self._finished.emit(request.id, hits, (time.perf_counter() - t0) * 1000, error)

    def _on_self_finished(self, request_id: int, hits, elapsed_ms: float, error: str) -> None:
        if request_id != self._latest:
            return  # a newer request is on its way
        if error:
            self.search_failed.emit(request_id, error)
        else:
            self.results_ready.emit(request_id, hits, elapsed_ms)
