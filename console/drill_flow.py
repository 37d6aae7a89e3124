"""The trainer's drill in the running console: open a scenario, play it against the console's
own drill server (start, pause, resume, 1x / 5x / 20x, stop), then the after-action review
with a map replay and HTML / PDF export.

Injects go through drills.runner's injection code, on the qasync loop (its blocking calls run
in threads), never blocking the GUI. Only a console in drill mode with its embedded drill
server (`--demo --drill`: the server's own drill database, never the live one) can play: a
drill command has no path to a live server or a live unit.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMainWindow, QMessageBox

from console.incident_flow import spawn  # one way to start a task on the console's loop
from console.services import PlanLibraryHandle
from core.connection import ConnectionState
from core.settings import Settings
from core.state import LiveState
from drills.scenario import Inject, Scenario, ScenarioError, format_time, load_scenario
from widgets.bind import bind

if TYPE_CHECKING:
    from server.embedded import EmbeddedServer

log = logging.getLogger(__name__)
SPEEDS = (1.0, 5.0, 20.0)
DRILL_SERVER_DB = "drill-server.sqlite"   # the embedded server's database in drill mode


class DrillFlow(QObject):
    scenario_loaded = Signal(object)       # Scenario: a valid scenario file was opened
    scenario_rejected = Signal(str, list)  # path, problems ("file:line: field: problem; ...")
    state_changed = Signal(str)            # "idle" | "ready" | "running" | "paused" | "stopping"
    inject_fired = Signal(object, int)     # Inject, drill seconds: it was just played
    clock_ticked = Signal(float)           # drill seconds, twice a second while the drill runs
    report_ready = Signal(object)          # widgets.drill_report.DrillReport of the drill just ended
    message_posted = Signal(str)           # a sentence for the trainer (errors, confirmations)
    availability_changed = Signal()        # the drill server came or went: unavailable_reason() has news

    def __init__(self, state: LiveState, connection: ConnectionState | None,
                 settings: Callable[[], Settings], demo: bool,
                 embedded: Callable[[], EmbeddedServer | None], library: PlanLibraryHandle,
                 data_dir: Path, window: Callable[[], QMainWindow | None] = lambda: None,
                 parent: QObject | None = None) -> None:
        """`embedded`: the console's own (drill) server once it runs; `window`: the main window
        once built (the banner, the review's parent, the map to centre, closing)."""
        super().__init__(parent)
        self._state, self._settings, self._demo, self._embedded = state, settings, demo, embedded
        self._library, self._data_dir, self._window = library, data_dir, window
        self.scenario: Scenario | None = None
        self.runner = None
        self.report = None
        self.state = "idle"
        self.speed = 1.0
        self._task: asyncio.Task | None = None
        self._replay_saved: dict[tuple[str, str], dict | None] | None = None
        self._review = None
        self._timer = QTimer(self)
        self._timer.setInterval(500)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._closing = False
        self._watching_window = False
        self.end_prompt: QMessageBox | None = None   # asked once the scenario has played out
        self._end_asked = False
        if connection is not None:  # the embedded drill server is there once the console is online
            bind(connection.changed, self._on_connection_changed, self)
    def _on_connection_changed(self, *_args) -> None:
        self.availability_changed.emit()

    def _on_window_closed(self) -> None:
        """The console is closing: end a drill in progress (its server goes with the console)."""
        self._closing = True
        if self.state in ("running", "paused"):
            self.runner.stop()

    # -- availability ---------------------------------------------------------------------------
    def unavailable_reason(self) -> str:
        """Why a drill cannot be played now ("" when it can)."""
        if not self._settings().drill_mode:
            return self.tr("演练只能在演练模式下进行：请以 --drill 启动控制台。")
        if not self._demo:
            return self.tr("演练需要独立的演练服务器：请以 --demo --drill 启动，切勿连接实战服务器。")
        if self._embedded() is None:
            return self.tr("演练服务器尚未就绪，请稍候。")
        return ""

    # -- the trainer's commands ------------------------------------------------------------------
    def load(self, path: str | Path) -> Scenario | None:
        """Open and validate a scenario file; problems go out with scenario_rejected."""
        if self.state in ("running", "paused", "stopping"):
            self.message_posted.emit(self.tr("演练进行中，结束后才能打开新的剧本。"))
            return None
        try:
            scenario = load_scenario(path)
        except ScenarioError as exc:
            self.scenario_rejected.emit(str(path), list(exc.problems))
            return None
        except OSError as exc:
            self.scenario_rejected.emit(str(path), [f"{path}: {exc.strerror or exc}; "
                                                    "expected a readable scenario file (.yaml)"])
            return None
        self.scenario = scenario
        self._set_state("ready")
        self.scenario_loaded.emit(scenario)
        return scenario

    def start(self, speed: float | None = None, scripted_trainee: bool = False) -> bool:
        """Start the loaded scenario on the drill server; False (and a message) if it cannot."""
        reason = self.unavailable_reason()
        if reason or self.scenario is None or self.state not in ("ready", "idle"):
            self.message_posted.emit(reason or self.tr("请先打开一个演练剧本。"))
            return False
        from drills.runner import DrillRunner

        self.speed = speed or self.speed
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        server = self._embedded()
        self.runner = DrillRunner(self.scenario, self._data_dir / "drills" / stamp, self.speed,
                                  self._library.get(), server=server,
                                  db_path=Path(server.db_url.removeprefix("sqlite:///")),
                                  trainee=scripted_trainee, hold_open=True, on_inject=self._on_runner_inject)
        self.report = None
        self._end_asked = False
        window = self._window()
        if window is not None and not self._watching_window:
            window.closed.connect(self._on_window_closed)
            self._watching_window = True
        self._task = spawn(self._run(self.runner))
        self._timer.start()
        self._set_state("running")
        log.info("drill %s started at %gx (scripted trainee: %s)", self.scenario.id, self.speed, scripted_trainee)
        return True

    def pause(self) -> None:
        if self.state == "running":
            self.runner.pause()
            self._set_state("paused")

    def resume(self) -> None:
        if self.state == "paused":
            self.runner.resume()
            self._set_state("running")

    def set_speed(self, speed: float) -> None:
        if speed not in SPEEDS:
            raise ValueError(f"speed {speed!r}; expected one of {SPEEDS}")
        self.speed = speed
        if self.runner is not None and self.state in ("running", "paused"):
            self.runner.set_speed(speed)

    def stop(self) -> None:
        """End the drill; the review opens when the runner has made it."""
        if self.end_prompt is not None and self.end_prompt.isVisible():
            self.end_prompt.close()
        if self.state in ("running", "paused"):
            self.runner.stop()
            self._set_state("stopping")

    def upcoming(self) -> list[Inject]:
        """The injects still to come (all of them before the start): the trainer's eyes only."""
        if self.runner is not None and self.state in ("running", "paused", "stopping"):
            return self.runner.upcoming()
        return sorted(self.scenario.injects, key=lambda i: i.at_s) if self.scenario else []

    def elapsed(self) -> float:
        return self.runner.elapsed() if self.runner is not None else 0.0

    # -- running -----------------------------------------------------------------------------------
    async def _run(self, runner) -> None:
        from widgets.drill_report import build_report

        try:
            result = await runner.run()
            self.report = await asyncio.to_thread(
                build_report, result.db_path, runner.scenario, epoch=result.epoch,
                incident_prefix=result.incident_prefix, clock=result.clock)
        except Exception as exc:  # the drill fails, the console goes on
            log.exception("drill %s failed", runner.scenario.id)
            self.message_posted.emit(self.tr("演练中断：%1。详情见日志。").replace("%1", str(exc)))
            self.report = None
        finally:
            self._timer.stop()
            self._banner(None)
            self._set_state("ready" if self.scenario else "idle")
        if self.report is not None and not self._closing:
            self.report_ready.emit(self.report)
            self.open_review(self.report)

    def _on_runner_inject(self, inj: Inject, t: int) -> None:
        self.inject_fired.emit(inj, t)

    def _on_timer_timeout(self) -> None:
        t = self.elapsed()
        self.clock_ticked.emit(t)
        self._banner(t)
        if (not self._end_asked and self.state == "running" and self.scenario is not None
                and t >= self.scenario.duration_s and not self.runner.upcoming()):
            self._ask_to_end(t)

    def _ask_to_end(self, t: float) -> None:
        """The scenario has played out: the clock would run on with nothing more to come, so ask
        the trainer (once, without stopping anyone) whether to end and review, or go on."""
        self._end_asked = True
        last = format_time(self.scenario.duration_s)
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("剧本已全部推送"),
                          self.tr("剧本的最后一条情况已于演练时间 %1 推送，此后不会再有新的情况。"
                                  "结束演练并生成评估，还是让受训人员继续处置？").replace("%1", last),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self._window())
        box.setObjectName("drill_end_prompt")
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("结束并评估"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("继续演练"))
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setModal(False)

        def answered(_result: int) -> None:
            if box.clickedButton() is box.button(QMessageBox.StandardButton.Yes):
                self.stop()

        box.finished.connect(answered)
        box.show()
        self.end_prompt = box
        self.message_posted.emit(self.tr("剧本已于 %1 全部推送").replace("%1", last))

    def _banner(self, t: float | None) -> None:
        window = self._window()
        if window is None:
            return
        banner = window.drill_banner
        if t is None or self.scenario is None:
            banner.show_drill(None)
        else:
            banner.show_drill(self.scenario.title, format_time(t), paused=self.state == "paused")

    def _set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
            self.state_changed.emit(state)
            if state in ("paused", "running"):
                self._banner(self.elapsed())

    # -- review: map replay and export ---------------------------------------------------------------
    def open_review(self, report=None):
        """Show the after-action review of `report` (default: the last drill's) in a window."""
        from widgets.drill_review import DrillReview

        report = report or self.report
        if report is None:
            return None
        if self._review is not None:
            self._review.close()
        self._review = DrillReview(report, self._window())
        self._review.replay_requested.connect(self.replay)
        self._review.export_requested.connect(self.export)
        self._review.finished.connect(self.end_replay)
        self._review.show()
        return self._review

    def replay(self, t: float) -> None:
        """Put the drill incident and its units where they stood at drill time t, on the map
        (through LiveState, which the map draws); end_replay() puts the present back."""
        if self.report is None and self._review is None:
            return
        report = self._review.report if self._review is not None else self.report
        state = self._state
        pos = report.positions_at(t)
        if self._replay_saved is None:
            self._centre_map(report)
            self._replay_saved = {}
            for layer in ("incidents", "units"):
                for samples in report.tracks.values():
                    if samples and samples[0][1] == layer:
                        rid = samples[0][2]["id"]
                        self._replay_saved[(layer, rid)] = state.get(layer, rid)
        for layer, records in pos.items():
            if records:
                state.apply(layer, records)

    def _centre_map(self, report) -> None:
        """Bring the drill incident into view when the replay begins."""
        window = self._window()
        samples = report.tracks.get(report.figures.get("incident_id") or "")
        if samples and window is not None:
            rec = samples[0][2]
            window.central.set_view(rec["lon"], rec["lat"], 15)

    def end_replay(self, *_args) -> None:
        saved, self._replay_saved = self._replay_saved, None
        if not saved:
            return
        state = self._state
        for (layer, rid), rec in saved.items():
            if rec is None:
                state.apply(layer, removes=[rid])
            else:
                state.apply(layer, [rec])

    def export(self, path: str) -> Path | None:
        """Write the review as HTML or PDF (by suffix); the trainer is told where, or why not."""
        from widgets.drill_report import write_report
        from widgets import labels

        report = self._review.report if self._review is not None else self.report
        try:
            out = write_report(report, path, labels)
        except (OSError, ValueError) as exc:
            self.message_posted.emit(self.tr("评估报告未能导出：%1").replace("%1", str(exc)))
            return None
        self.message_posted.emit(self.tr("评估报告已导出到 %1").replace("%1", str(out)))
        return out
