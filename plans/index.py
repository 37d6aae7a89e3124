"""The persistent plan index: SQLite through SQLAlchemy, FTS5 over bigrams.

One owner (PlanIndex) for the database. Tables:
  files    one row per plan file: stat, hash, per-file errors, what activation needs
  plan_data  the plan as JSON (apart, so that a warm start scans a small files table)
  texts    each distinct clause text once (10,000 sites share most of their wording)
  clauses  searchable clauses of the plans: file, clause id, section label, text id
  clause_fts  FTS5 (unicode61 over the bigram form from plans.text), rowid = texts.id
  meta     the last full result: cross-file errors and skipped files
A warm start whose files all match their stored stat reads these tables and parses nothing.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import StaticPool

from plans.model import TIERS, Plan, PlanError, Skipped
from plans.text import clauses, grams

# 9: plan files at schema 2, schema-1 ladders converted on load: rows of 8 hold the errors of
# schema-1 files that now load, and plan data at schema 1
INDEX_VERSION = "plans-index-9"
# Clause rowids are banded by kind of clause, then tier (titles first, master plan first), so
# that FTS5 can return hits in rowid order and stop at the limit instead of ranking every
# match: "火" matches ~70,000 clauses at N = 10,000.
_BAND = 10 ** 10


def _clause_rank(clause: str) -> int:
    if clause == "title":
        return 0
    if clause == "scope" or clause.startswith("section:"):
        return 1
    if clause.startswith(("grading:", "action:", "warning:")):
        return 2
    return 3

_DDL = [
    """CREATE TABLE IF NOT EXISTS files (
        file TEXT PRIMARY KEY, mtime_ns INTEGER, size INTEGER, sha1 TEXT,
        plan_id TEXT, tier TEXT, title TEXT, lead TEXT, depts TEXT, types TEXT, street TEXT,
        lon REAL, lat REAL, kept INTEGER DEFAULT 0, errors TEXT, district TEXT, sample INTEGER)""",
    "CREATE TABLE IF NOT EXISTS plan_data (file TEXT PRIMARY KEY, data TEXT)",
    "CREATE INDEX IF NOT EXISTS files_plan ON files(plan_id)",
    "CREATE TABLE IF NOT EXISTS texts (id INTEGER PRIMARY KEY, body TEXT)",
    """CREATE TABLE IF NOT EXISTS clauses (
        id INTEGER PRIMARY KEY, file TEXT, plan_id TEXT, clause TEXT, section TEXT, text_id INTEGER)""",
    "CREATE INDEX IF NOT EXISTS clauses_file ON clauses(file)",
    "CREATE INDEX IF NOT EXISTS clauses_text ON clauses(text_id)",
    "CREATE VIRTUAL TABLE IF NOT EXISTS clause_fts USING fts5(grams, tokenize='unicode61')",
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)",
]


def _engine(index_path: Path | None) -> Engine:
    if index_path is None:
        eng = create_engine("sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False})
    else:
        Path(index_path).parent.mkdir(parents=True, exist_ok=True)
        eng = create_engine(f"sqlite:///{index_path}", connect_args={"check_same_thread": False})

    @event.listens_for(eng, "connect")
    def _pragmas(dbapi_conn, _record):  # noqa: ANN001 - DB-API connection
        cur = dbapi_conn.cursor()
        if index_path is not None:
            cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()
    return eng


class PlanIndex:
    """Owner of the index database; callers pass plans and get rows back."""

    def __init__(self, index_path: Path | None):
        self.engine = _engine(index_path)
        self._kept_cache: list[tuple] | None = None   # rows read by file_states, used once
        with self.engine.begin() as c:
            c.exec_driver_sql("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            row = c.exec_driver_sql("SELECT value FROM meta WHERE key='version'").fetchone()
            if row is None or row[0] != INDEX_VERSION:   # an older layout: start afresh
                for t in ("files", "plan_data", "clauses", "texts", "clause_fts", "meta"):
                    c.exec_driver_sql(f"DROP TABLE IF EXISTS {t}")
            for ddl in _DDL:
                c.exec_driver_sql(ddl)
            c.exec_driver_sql("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (INDEX_VERSION,))

    def close(self) -> None:
        self.engine.dispose()

    # --- files -------------------------------------------------------------------------------
    def file_states(self, plans_dir: str) -> dict[str, tuple[int, int, str]]:
        """file -> (mtime_ns, size, sha1) as stored; an index of another directory is emptied.

        The kept plans' rows come along in the same read (see kept_rows), since a warm start
        needs both.
        """
        with self.engine.begin() as c:
            row = c.exec_driver_sql("SELECT value FROM meta WHERE key='plans_dir'").fetchone()
            if row is None or row[0] != plans_dir:
                for t in ("files", "plan_data", "clauses", "texts", "clause_fts"):
                    c.exec_driver_sql(f"DELETE FROM {t}")
                self._kept_cache = None
                c.exec_driver_sql("DELETE FROM meta WHERE key IN ('plans_dir', 'result')")
                return {}
            out, kept = {}, []
            for f, m, s, h, k, pid, tier, lead, types, lon, lat, dist in c.exec_driver_sql(
                    "SELECT file, mtime_ns, size, sha1, kept, plan_id, tier, lead, types, lon, lat, district "
                    "FROM files"):
                out[f] = (m, s, h)
                if k:
                    kept.append((pid, f, tier, lead, types, lon, lat, dist))
            self._kept_cache = kept
            return out

    def stored(self, files: Iterable[str]) -> dict[str, tuple[str | None, str, str | None]]:
        """file -> (plan JSON or None, errors JSON, plan id) for files whose content did not change."""
        wanted = set(files)
        with self.engine.connect() as c:
            return {f: (d, e, i) for f, d, e, i in
                    c.exec_driver_sql("SELECT f.file, d.data, f.errors, f.plan_id FROM files f "
                                      "LEFT JOIN plan_data d ON d.file = f.file") if f in wanted}

    def write(self, plans_dir: str, stats: dict[str, tuple[int, int, str]],
              changed: dict[str, tuple[Plan | None, list[PlanError], dict | None, str | None, list | None]],
              removed: Iterable[str],
              kept_files: set[str], errors: list[PlanError], skipped: list[Skipped],
              touched: Iterable[str] = ()) -> None:
        """Store changed files (and their clauses), drop removed ones, record the full result.

        `changed` maps file -> (plan, errors, parsed data, data as JSON, clauses); the last two
        may be None (computed here) or come precomputed from parse workers.
        """
        self._kept_cache = None
        with self.engine.begin() as c:
            c.exec_driver_sql("INSERT OR REPLACE INTO meta VALUES ('plans_dir', ?)", (plans_dir,))
            gone = list(removed) + list(changed)
            if gone:
                self._drop(c, gone)
            rows, crow, frow, drow = [], [], [], []
            next_id: dict[int, int] = {}
            text_ids: dict[str, int] | None = None
            for f, (plan, errs, data, data_json, plan_clauses) in changed.items():
                m, s, h = stats[f]
                errs_json = json.dumps([e.to_dict() for e in errs], ensure_ascii=False) if errs else "[]"
                if plan is None:
                    declared = data.get("id") if isinstance(data, dict) else None
                    rows.append((f, m, s, h, declared, None, None, None, None, None, None, None, None, 0,
                                 errs_json, None, None))
                    continue
                site = plan.site
                rows.append((f, m, s, h, plan.id, plan.tier, plan.title, plan.lead_department,
                             " ".join(plan.departments), " ".join(plan.incident_types),
                             site.street if site else None, site.lon if site else None,
                             site.lat if site else None, 0, errs_json, plan.district, int(plan.sample)))
                if data_json is None:
                    data_json = json.dumps(data if data is not None else plan.to_dict(), ensure_ascii=False)
                drow.append((f, data_json))
                if text_ids is None:
                    text_ids = {b: i for i, b in c.exec_driver_sql("SELECT id, body FROM texts")}
                tier_rank = TIERS.index(plan.tier)
                for clause, section, body in plan_clauses if plan_clauses is not None else clauses(plan):
                    tid = text_ids.get(body)
                    if tid is None:
                        band = _clause_rank(clause) * len(TIERS) + tier_rank
                        if band not in next_id:
                            next_id[band] = c.exec_driver_sql(
                                "SELECT COALESCE(MAX(id), ?) FROM texts WHERE id >= ? AND id < ?",
                                (band * _BAND, band * _BAND, (band + 1) * _BAND)).fetchone()[0] + 1
                        tid = text_ids[body] = next_id[band]
                        next_id[band] = tid + 1
                        frow.append((tid, body, grams(body)))
                    crow.append((f, plan.id, clause, section, tid))
            for f in touched:   # same content, new stat: only the stat changes
                m, s, h = stats[f]
                c.exec_driver_sql("UPDATE files SET mtime_ns=?, size=?, sha1=? WHERE file=?", (m, s, h, f))
            if rows:
                c.exec_driver_sql("INSERT INTO files VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
            if drow:
                c.exec_driver_sql("INSERT INTO plan_data VALUES (?,?)", drow)
            if frow:
                c.exec_driver_sql("INSERT INTO texts VALUES (?,?)", [(i, b) for i, b, _ in frow])
                c.exec_driver_sql("INSERT INTO clause_fts(rowid, grams) VALUES (?,?)", [(i, g) for i, _, g in frow])
            if crow:
                c.exec_driver_sql("INSERT INTO clauses(file, plan_id, clause, section, text_id) VALUES (?,?,?,?,?)",
                                  crow)
            c.exec_driver_sql("UPDATE files SET kept=0")
            c.exec_driver_sql("CREATE TEMP TABLE IF NOT EXISTS kept_now (file TEXT PRIMARY KEY)")
            c.exec_driver_sql("DELETE FROM kept_now")
            if kept_files:
                c.exec_driver_sql("INSERT INTO kept_now VALUES (?)", [(f,) for f in kept_files])
            c.exec_driver_sql("UPDATE files SET kept=1 WHERE file IN (SELECT file FROM kept_now)")
            result = {"errors": [e.to_dict() for e in errors], "skipped": [[s.file, s.reason] for s in skipped]}
            c.exec_driver_sql("INSERT OR REPLACE INTO meta VALUES ('result', ?)",
                              (json.dumps(result, ensure_ascii=False),))

    @staticmethod
    def _drop(c, files: list[str]) -> None:
        c.exec_driver_sql("CREATE TEMP TABLE IF NOT EXISTS drop_now (file TEXT PRIMARY KEY)")
        c.exec_driver_sql("DELETE FROM drop_now")
        if files:
            c.exec_driver_sql("INSERT OR IGNORE INTO drop_now VALUES (?)", [(f,) for f in files])
        c.exec_driver_sql("DELETE FROM clauses WHERE file IN (SELECT file FROM drop_now)")
        # texts no clause uses any more (shared texts stay while one plan still has them)
        c.exec_driver_sql("CREATE TEMP TABLE IF NOT EXISTS orphan_now (id INTEGER PRIMARY KEY)")
        c.exec_driver_sql("DELETE FROM orphan_now")
        c.exec_driver_sql("INSERT INTO orphan_now SELECT id FROM texts WHERE id NOT IN "
                          "(SELECT text_id FROM clauses)")
        c.exec_driver_sql("DELETE FROM clause_fts WHERE rowid IN (SELECT id FROM orphan_now)")
        c.exec_driver_sql("DELETE FROM texts WHERE id IN (SELECT id FROM orphan_now)")
        c.exec_driver_sql("DELETE FROM files WHERE file IN (SELECT file FROM drop_now)")
        c.exec_driver_sql("DELETE FROM plan_data WHERE file IN (SELECT file FROM drop_now)")

    # --- reading back ------------------------------------------------------------------------
    def result(self) -> tuple[list[PlanError], list[Skipped]]:
        with self.engine.connect() as c:
            row = c.exec_driver_sql("SELECT value FROM meta WHERE key='result'").fetchone()
        if row is None:
            return [], []
        d = json.loads(row[0])
        return [PlanError(**e) for e in d["errors"]], [Skipped(f, r) for f, r in d["skipped"]]

    def kept_rows(self) -> list[tuple]:
        """(plan_id, file, tier, lead, types, lon, lat, district) of the kept plans."""
        cached, self._kept_cache = self._kept_cache, None
        if cached is not None:
            return cached
        with self.engine.connect() as c:
            return c.exec_driver_sql(
                "SELECT plan_id, file, tier, lead, types, lon, lat, district FROM files WHERE kept=1").fetchall()

    def plan_json(self, files: list[str]) -> dict[str, str]:
        """file -> stored plan JSON, for plans a warm start decodes on demand."""
        with self.engine.connect() as c:
            if len(files) == 1:
                row = c.exec_driver_sql("SELECT file, data FROM plan_data WHERE file = ?", (files[0],)).fetchone()
                return {row[0]: row[1]} if row else {}
            wanted = set(files)
            return {f: d for f, d in c.exec_driver_sql("SELECT file, data FROM plan_data") if f in wanted}

    def search(self, match: str | None, limit: int, filters: dict[str, str | None]) -> list[tuple]:
        """(plan_id, tier, title, clause, section, body, score, district, sample) rows, best first."""
        where, args = ["f.kept = 1"], []
        if filters.get("district"):
            where.append("f.district = ?")
            args.append(filters["district"])
        if filters.get("tier"):
            where.append("f.tier = ?")
            args.append(filters["tier"])
        if filters.get("street"):
            where.append("f.street = ?")
            args.append(filters["street"])
        for key, col in (("department", "depts"), ("incident_type", "types")):
            if filters.get(key):
                where.append(f"(' ' || f.{col} || ' ') LIKE ?")
                args.append(f"% {filters[key]} %")
        with self.engine.connect() as c:
            if match is None:
                sql = ("SELECT f.plan_id, f.tier, f.title, 'title', '标题', f.title, 0.0, f.district, f.sample "
                       "FROM files f WHERE "
                       + " AND ".join(where) + " ORDER BY f.file LIMIT ?")
                return c.exec_driver_sql(sql, (*args, limit)).fetchall()
            sql = ("SELECT f.plan_id, f.tier, f.title, c.clause, c.section, t.body, t.id, f.district, f.sample "
                   "FROM clause_fts JOIN texts t ON t.id = clause_fts.rowid "
                   "JOIN clauses c ON c.text_id = t.id JOIN files f ON f.file = c.file "
                   "WHERE clause_fts MATCH ? AND " + " AND ".join(where) +
                   " ORDER BY clause_fts.rowid LIMIT ?")
            return c.exec_driver_sql(sql, (match, *args, limit)).fetchall()
