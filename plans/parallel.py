"""Parse and validate many plan files on all cores (cold starts of large plan sets).

Parsing and checking are pure per-file work and most of a cold start, so above
PARALLEL_MIN_FILES they run in forked worker processes that return plain data; the caller
builds the Plan objects. Forking is only safe from a single-threaded process, so a caller
with any other thread (a Qt application, a worker pool) gets the serial path, as does a
machine with one core. (spawn/forkserver would re-import the caller's __main__ instead.)
If the pool fails for any reason the work is redone serially.
"""
from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import NamedTuple

from plans.loader import FileResult, load_file
from plans.model import PlanError
from plans.text import clauses

PARALLEL_MIN_FILES = 3000
LAST_MODE = {"mode": ""}   # "parallel" or "serial": what the last load_many did (tests, benchmarks)


def _decode(rel: str, raw: bytes) -> str | FileResult:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        return FileResult(rel, None, [PlanError(rel, raw[:e.start].count(b"\n") + 1, "(文件)",
                                                f"不是 UTF-8 文本（第 {e.start} 字节）；应以 UTF-8 保存")])


class SiteHead(NamedTuple):
    """The part of a Site the caller checks (a tuple unpickles far faster than a dataclass)."""
    lon: float
    lat: float
    street: str
    address: str


class PlanHead(NamedTuple):
    """What the caller needs of a plan parsed in a worker: cross-file checks, the index row and
    activation lookups. The full Plan is decoded from the index when someone asks for it."""
    id: str
    file: str
    tier: str
    title: str
    lead_department: str
    departments: tuple[str, ...]
    incident_types: tuple[str, ...]
    parents: tuple[str, ...]
    site: SiteHead | None
    district: str
    sample: bool


def _check_chunk(plans_dir: str, items: list[tuple[str, bytes | None]]) -> list[tuple]:
    """Worker: (rel, sha1, head if valid, errors, declared id, data as JSON, clauses) per file.

    Bytes None: the worker reads the file itself (a cold start sends names, not contents).
    The JSON and the clauses are what the index stores; making them here spares the caller.
    """
    out = []
    base = Path(plans_dir)
    for rel, raw in items:
        if raw is None:
            try:
                with open(os.path.join(plans_dir, rel), "rb") as f:   # str paths: pathlib costs here
                    raw = f.read()
            except OSError:
                raw = b""
        sha1 = hashlib.sha1(raw).hexdigest()
        text = _decode(rel, raw)
        r = text if isinstance(text, FileResult) else load_file(base, rel, text)   # path unused: text given
        if r.plan is None:
            out.append((rel, sha1, None, r.errors, r.declared_id, None, None))
        else:
            p = r.plan
            site = SiteHead(p.site.lon, p.site.lat, p.site.street, p.site.address) if p.site else None
            head = PlanHead(p.id, p.file, p.tier, p.title, p.lead_department, p.departments, p.incident_types,
                            p.parents, site, p.district, p.sample)
            out.append((rel, sha1, head, r.errors, r.declared_id, json.dumps(r.data, ensure_ascii=False),
                        clauses(p)))
    return out


def _single_threaded() -> bool:
    try:
        return len(os.listdir("/proc/self/task")) == 1   # OS threads, Qt's included
    except OSError:
        return False


def _serial(plans_dir: Path, items: list[tuple[str, bytes | None]]) -> list[FileResult]:
    out = []
    for rel, raw in items:
        if raw is None:
            try:
                raw = (plans_dir / rel).read_bytes()
            except OSError:
                raw = b""
        text = _decode(rel, raw)
        r = text if isinstance(text, FileResult) else load_file(plans_dir / rel, rel, text)
        r.sha1 = hashlib.sha1(raw).hexdigest()
        out.append(r)
    return out


def load_many(plans_dir: Path, items: list[tuple[str, bytes | None]], workers: int | None = None
              ) -> list[FileResult]:
    """FileResults for (relative path, file bytes or None to read it) pairs, in the order given.

    From workers, `FileResult.plan` is a PlanHead (not a Plan) and `data` is None; `sha1` is
    always set.
    """
    cores = workers or min(os.cpu_count() or 1, 8)
    LAST_MODE["mode"] = "serial"
    if len(items) < PARALLEL_MIN_FILES or cores < 2 or not _single_threaded():
        return _serial(plans_dir, items)
    n_chunks = cores * 4
    chunks = [items[i::n_chunks] for i in range(n_chunks)]
    try:
        with ProcessPoolExecutor(max_workers=cores, mp_context=multiprocessing.get_context("fork")) as ex:
            parts = list(ex.map(_check_chunk, [str(plans_dir)] * n_chunks, chunks))
    except (OSError, RuntimeError, BrokenProcessPool):
        return _serial(plans_dir, items)
    LAST_MODE["mode"] = "parallel"
    by_rel: dict[str, FileResult] = {}
    for part in parts:
        for rel, sha1, head, errors, declared, data_json, plan_clauses in part:
            by_rel[rel] = FileResult(rel, head, errors, None, declared, data_json, plan_clauses, sha1)
    return [by_rel[rel] for rel, _ in items]
