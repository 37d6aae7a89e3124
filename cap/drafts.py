"""Drafts of warnings kept on disk, so a draft (and its approval) survives a restart.

One JSON file, rewritten atomically on every change. A damaged file is set aside (renamed
*.bad) with a logged reason and the console starts with no drafts rather than not at all.
"""
from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, fields
from datetime import datetime
from pathlib import Path

from cap.model import Area, EarlyWarning, Reference

log = logging.getLogger(__name__)
_TIMES = ("effective", "expires", "sent", "drafted_at", "approved_at")


def to_dict(w: EarlyWarning) -> dict:
    d = asdict(w)
    for name in _TIMES:
        d[name] = d[name].isoformat() if d[name] else None
    return d


def from_dict(d: dict) -> EarlyWarning:
    known = {f.name for f in fields(EarlyWarning)}
    d = {k: v for k, v in d.items() if k in known}
    for name in _TIMES:
        d[name] = datetime.fromisoformat(d[name]) if d.get(name) else None
    d["areas"] = tuple(Area(a["desc"], tuple(tuple(tuple(p) for p in ring) for ring in a["polygons"]),
                            tuple(tuple(c) for c in a["circles"]), tuple(tuple(g) for g in a["geocodes"]))
                       for a in d.get("areas", ()))
    d["references"] = tuple(Reference(**r) for r in d.get("references", ()))
    return EarlyWarning(**d)


class DraftFile:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def load(self) -> dict[str, EarlyWarning]:
        if not self.path.exists():
            return {}
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            return {k: from_dict(v) for k, v in raw["drafts"].items()}
        except (OSError, ValueError, KeyError, TypeError) as exc:
            bad = self.path.with_suffix(".bad")
            log.error("warning drafts in %s are unreadable (%s); moved to %s, starting without drafts",
                      self.path, exc, bad)
            os.replace(self.path, bad)
            return {}

    def save(self, drafts: dict[str, EarlyWarning]) -> None:
        tmp = self.path.with_suffix(".tmp")
        body = {"version": 1, "drafts": {k: to_dict(w) for k, w in drafts.items()}}
        tmp.write_text(json.dumps(body, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, self.path)
