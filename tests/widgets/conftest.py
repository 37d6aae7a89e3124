"""Fixtures shared by the widget tests."""
from __future__ import annotations

from pathlib import Path

import pytest

from plans.library import PlanLibrary

PLANS_DIR = Path(__file__).resolve().parents[2] / "resources" / "plans"


@pytest.fixture(scope="session")
def library(tmp_path_factory):
    """The real library over the shipped corpus, indexed into a temp SQLite (never the user's)."""
    lib = PlanLibrary.open(PLANS_DIR, tmp_path_factory.mktemp("plan-index") / "index.sqlite")
    yield lib
    lib.close()
