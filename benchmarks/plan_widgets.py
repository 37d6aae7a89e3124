"""Plan widgets: search as you type in the browser, checklist fill, activation preview.

Search figures are the time the user waits after the debounce: request -> search ->
results drawn in the list. Runs on the shipped corpus (1+41+144+N) with a fresh index, or
on the plan directory in $PLAN_BENCH_DIR (e.g. one made by plans.corpus with N=10,000).
"""
from __future__ import annotations

import os
import statistics
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

from benchmarks.harness import Figure, percentile, qt_app

QUERIES = ["燃", "燃气", "燃气泄", "疏散", "危险化学品", "防汛 积水", "阀门", "消防", "医院", "地铁"]


def _search_waits(browser, QEventLoop, QTimer) -> list[float]:
    waits = []
    for _ in range(3):
        for query in QUERIES:
            loop = QEventLoop()
            browser._search.results_ready.connect(loop.quit)
            QTimer.singleShot(5000, loop.quit)
            t0 = time.perf_counter()
            browser.search_box.setText(query)
            browser._search.run_now()      # skip the 250 ms debounce: measure the rest
            if browser._search._threaded:
                loop.exec()
            waits.append((time.perf_counter() - t0) * 1000)
            browser._search.results_ready.disconnect(loop.quit)
    return waits


def run() -> Iterable[Figure]:
    from PySide6.QtCore import QEventLoop, QTimer

    from plans.library import PlanLibrary
    from plans.model import IncidentFacts
    from widgets.activation_dialog import ActivationDialog
    from widgets.checklist import ChecklistPanel
    from widgets.plan_browser import PlanBrowser

    app = qt_app()
    plans_dir = Path(os.environ.get("PLAN_BENCH_DIR")
                     or Path(__file__).resolve().parent.parent / "resources" / "plans")
    with tempfile.TemporaryDirectory() as tmp:
        library = PlanLibrary.open(plans_dir, Path(tmp) / "index.sqlite")
        t0 = time.perf_counter()
        browser = PlanBrowser(library)
        browser.resize(1200, 800)
        browser.show()
        app.processEvents()
        n = sum(library.counts().values())
        yield Figure("plan_widgets", f"plan browser built and shown ({n} plans)",
                     (time.perf_counter() - t0) * 1000, "ms")
        t0 = time.perf_counter()
        browser.tree.topLevelItem(3).setExpanded(True)
        app.processEvents()
        yield Figure("plan_widgets", f"enterprise tier expanded ({library.counts()['enterprise']} plans)",
                     (time.perf_counter() - t0) * 1000, "ms")
        for mode in ("worker thread", "UI thread"):
            browser._search._threaded = mode == "worker thread"
            waits = _search_waits(browser, QEventLoop, QTimer)
            yield Figure("plan_widgets", f"search to results drawn ({mode}), median of 30",
                         statistics.median(waits), "ms")
            yield Figure("plan_widgets", f"search to results drawn ({mode}), p95", percentile(waits, 95),
                         "ms", target=50)
        browser.shutdown()
        activation = library.activate(IncidentFacts("hazchem", deaths=12))
        panel = ChecklistPanel()
        panel.show()
        fills = []
        for _ in range(10):
            t0 = time.perf_counter()
            panel.set_activation(activation, datetime.now(timezone.utc))
            fills.append((time.perf_counter() - t0) * 1000)
        yield Figure("plan_widgets", f"checklist filled ({len(activation.tasks)} tasks), median of 10",
                     statistics.median(fills), "ms")
        dialog = ActivationDialog(library)
        dialog.show()
        dialog.type_combo.setEditText("危险化学品事故")
        previews = []
        for deaths in range(0, 40):
            t0 = time.perf_counter()
            dialog.deaths_spin.setValue(deaths)
            previews.append((time.perf_counter() - t0) * 1000)
        yield Figure("plan_widgets", "activation preview per keystroke, median of 40",
                     statistics.median(previews), "ms")
        yield Figure("plan_widgets", "activation preview per keystroke, p95", percentile(previews, 95), "ms",
                     target=50)
        for widget in (panel, dialog, browser):
            widget.close()
            widget.deleteLater()
        app.processEvents()
        library.close()
