"""A Qt warning fails the test that logs it (pyproject.toml: qt_log_level_fail, issue 18), and
only what the config names for a reason is let through."""
from __future__ import annotations

from pathlib import Path

pytest_plugins = ["pytester"]

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"

CASES = '''
from PySide6.QtCore import qDebug, qWarning


def test_a_qt_warning(qtbot):
    qWarning("QObject::connect: No such signal QWidget::gone()")


def test_a_qt_debug_line(qtbot):
    qDebug("only a debug line")


def test_an_environmental_line_the_config_names(qtbot):
    qWarning("GLX: No DRI3 Extension.")


def test_more_than_the_config_names(qtbot):
    qWarning("GLX: No DRI3 Extension. And a problem of ours")
'''


def test_the_project_fails_a_test_on_a_qt_warning(request, pytester, monkeypatch):
    assert request.config.getini("qt_log_level_fail") == "WARNING"
    cases = pytester.makepyfile(test_cases=CASES)
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")   # no second Xvfb for four lines
    # the project's own pytest settings, in a fresh process (its own QApplication)
    result = pytester.runpytest_subprocess("-c", str(PYPROJECT), "--rootdir", str(pytester.path),
                                           "--no-xvfb", str(cases))
    result.assert_outcomes(passed=2, failed=2)
    result.stdout.fnmatch_lines([
        "*_ test_a_qt_warning _*",
        "test_cases.py:*: Failure: Qt messages with level WARNING or above emitted",
        "QtWarningMsg: QObject::connect: No such signal QWidget::gone()",
    ])
    failed = {line.split("::")[-1] for line in result.stdout.lines if line.startswith("FAILED")}
    assert failed == {"test_a_qt_warning", "test_more_than_the_config_names"}
