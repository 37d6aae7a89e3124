"""widgets/bind.py: the core's psygnal signals delivered to Qt objects safely."""
from __future__ import annotations

import gc
import threading

from psygnal import Signal
from PySide6.QtWidgets import QLabel

from widgets.bind import bind


class Source:
    changed = Signal(str)


def test_a_slot_runs_on_the_gui_thread_even_when_the_core_emits_from_another(qtbot):
    source, label = Source(), QLabel()
    qtbot.addWidget(label)
    threads: list[int] = []

    def on_changed(text: str) -> None:
        threads.append(threading.get_ident())
        label.setText(text)

    bind(source.changed, on_changed, label)
    source.changed.emit("同线程")
    assert label.text() == "同线程"
    worker = threading.Thread(target=source.changed.emit, args=("工作线程",))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: label.text() == "工作线程")
    assert set(threads) == {threading.get_ident()}


def test_a_slot_may_take_fewer_arguments_than_the_signal_carries(qtbot):
    class Pair:
        changed = Signal(str, int)

    source, label = Pair(), QLabel()
    qtbot.addWidget(label)
    bind(source.changed, lambda text: label.setText(text), label)   # the first one only
    bind(source.changed, lambda: label.setObjectName("通知"), label)  # none
    source.changed.emit("两个参数", 2)
    assert label.text() == "两个参数" and label.objectName() == "通知"


def test_a_destroyed_owner_is_never_called_again(qtbot):
    source, label = Source(), QLabel()
    seen: list[str] = []
    bind(source.changed, seen.append, label)
    source.changed.emit("a")
    label.deleteLater()
    qtbot.waitUntil(lambda: len(source.changed) == 0)   # the binding went with the widget
    source.changed.emit("b")
    assert seen == ["a"]


def test_binding_does_not_keep_a_widget_alive(qtbot):
    source = Source()

    class Panel(QLabel):
        def on_changed(self, text: str) -> None:
            self.setText(text)

    panel = Panel()
    bind(source.changed, panel.on_changed, panel)
    panel.deleteLater()
    del panel
    qtbot.wait(10)
    gc.collect()
    source.changed.emit("无人接收")   # no error: nobody is there, nobody is called


def test_a_slot_that_raises_is_reported_and_the_emitter_goes_on(qtbot):
    source, label = Source(), QLabel()
    qtbot.addWidget(label)
    later: list[str] = []

    def broken(_text: str) -> None:
        raise ValueError("面板出错")

    bind(source.changed, broken, label)
    bind(source.changed, later.append, label)
    with qtbot.captureExceptions() as caught:
        source.changed.emit("x")      # does not raise into the core
    assert later == ["x"]
    assert len(caught) == 1 and isinstance(caught[0][1], ValueError)


def test_an_emit_from_another_thread_after_the_owner_died_is_dropped(qtbot):
    source, label = Source(), QLabel()
    seen: list[str] = []
    bind(source.changed, seen.append, label)
    label.deleteLater()
    qtbot.waitUntil(lambda: len(source.changed) == 0)
    worker = threading.Thread(target=source.changed.emit, args=("迟到",))
    worker.start()
    worker.join()
    qtbot.wait(50)
    assert seen == []


