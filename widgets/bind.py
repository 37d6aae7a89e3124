"""The bridge from the core's signals (psygnal) to Qt objects: `bind(signal, slot, owner)`.

The core (core/) emits on whatever thread it runs on, and knows nothing of Qt object
lifetimes. A widget or flow that observes it binds instead of connecting:
- the slot runs on the owner's (GUI) thread: called at once when the signal is emitted there
  (qasync's loop is the GUI thread, so the usual case costs one function call), queued to
  that thread's event loop when emitted from another;
- the connection ends when the owner is destroyed, so a panel closed or rebuilt is never
  called again; a bound method is held weakly, so binding never keeps a widget alive;
- a Python slot may take fewer arguments than the signal carries (the first ones), as with Qt;
- an exception in the slot goes to sys.excepthook, as it would from a Qt slot (pytest-qt
  fails the test with it), and never into the core's emit, so one broken panel cannot stop
  the sync engine applying events.
"""
from __future__ import annotations

import inspect
import sys
import threading
import weakref
from collections.abc import Callable
from types import MethodType
from typing import Any

from PySide6.QtCore import QObject, QTimer


def _arity(slot: Callable[..., Any]) -> int | None:
    """How many positional arguments `slot` takes (None: any number)."""
    try:
        params = inspect.signature(slot).parameters.values()
    except (TypeError, ValueError):   # a builtin (a Qt method) has none: it gets every argument
        return None
    if any(p.kind is p.VAR_POSITIONAL for p in params):
        return None
    return sum(p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in params)


def bind(signal: Any, slot: Callable[..., Any], owner: QObject) -> Callable[..., None]:
    """Connect psygnal `signal` to `slot` for as long as `owner` lives; returns the connected
    callable (pass it to `signal.disconnect` to end the binding early)."""
    if isinstance(slot, MethodType):
        ref = weakref.WeakMethod(slot)
    else:
        ref = lambda: slot  # noqa: E731 - a plain function or lambda: held strongly
    arity = _arity(slot)
    home = threading.get_ident()  # bind on the owner's thread (the GUI thread)
    owner_ref = weakref.ref(owner)  # held weakly too: a binding never keeps its owner alive

    def deliver(*args: Any) -> None:
        target = ref()
        if target is None:
            return
        try:
            target(*(args if arity is None else args[:arity]))
        except Exception:  # noqa: BLE001 - reported as Qt reports a slot's exception
            sys.excepthook(*sys.exc_info())

    def relay(*args: Any) -> None:
        if threading.get_ident() == home:
            deliver(*args)
        else:  # not delivered if the owner dies first: the context object sees to that
            context = owner_ref()
            if context is not None:
                QTimer.singleShot(0, context, lambda: deliver(*args))

    signal.connect(relay, check_nargs=False)

    def unbind() -> None:
        try:
            signal.disconnect(relay)
        except (ValueError, RuntimeError):  # already gone
            pass

    owner.destroyed.connect(unbind)
    return relay
