"""A centre's own plans: shipped plans copied to a temp plans directory with `sample` deleted
(and the generator's 示例 wording taken out), as a centre's import would hold them."""
from __future__ import annotations

import re
from pathlib import Path

from plans.library import PlanLibrary

PLANS_DIR = Path(__file__).resolve().parents[2] / "resources" / "plans"
COPIED = ("master/chaoyang/chaoyang-master.yaml", "special/chaoyang/chaoyang-special-gas.yaml")


def open_imported_library(tmp_path: Path) -> PlanLibrary:
    root = tmp_path / "plans"
    for rel in COPIED:
        text = (PLANS_DIR / rel).read_text(encoding="utf-8")
        text = re.sub(r"^sample: true\n", "", text, flags=re.M)
        assert "sample:" not in text
        text = text.replace("（示例）", "").replace("示例：", "").replace("示例", "")
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    library = PlanLibrary.open(root, tmp_path / "index.sqlite")
    assert not library.errors, library.errors
    assert not any(p.sample for p in library.plans.values())
    return library
