"""The persistent plan index: SQLite through SQLAlchemy, FTS5 over bigrams.

One owner (PlanIndex) for the database. Tables:
  files    one row per plan file: stat, hash, per-file errors, the plan as JSON if it parsed
  clauses  searchable clauses of the plans that were kept
  clause_fts  FTS5 (unicode61 over the bigram form from plans.text), rowid = clauses.id
  meta     the last full result: cross-file errors and skipped files
A warm start whose files all match their stored stat reads these tables and parses nothing.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.pool import StaticPool

from plans.model import Plan, PlanError, Skipped
from plans.text import clauses, grams

INDEX_VERSION = "plans-index-2"

_DDL = [
    """CREATE TABLE IF NOT EXISTS files (
        file TEXT PRIMARY KEY, mtime_ns INTEGER, size INTEGER, sha1 TEXT,
        plan_id TEXT, tier TEXT, title TEXT, lead TEXT, depts TEXT, types TEXT, street TEXT,
        lon REAL, lat REAL, kept INTEGER DEFAULT 0, data TEXT, errors TEXT)""",
    "CREATE INDEX IF NOT EXISTS files_plan ON files(plan_id)",
    """CREATE TABLE IF NOT EXISTS clauses (
        id INTEGER PRIMARY KEY, file TEXT, plan_id TEXT, clause TEXT, section TEXT, body TEXT)""",
    "CREATE INDEX IF NOT EXISTS clauses_file ON clauses(file)",
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
        with self.engine.begin() as c:
            c.exec_driver_sql("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            row = c.exec_driver_sql("SELECT value FROM meta WHERE key='version'").fetchone()
            if row is None or row[0] != INDEX_VERSION:   # an older layout: start afresh
                for t in ("files", "clauses", "clause_fts", "meta"):
                    c.exec_driver_sql(f"DROP TABLE IF EXISTS {t}")
            for ddl in _DDL:
                c.exec_driver_sql(ddl)
            c.exec_driver_sql("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (INDEX_VERSION,))

    def close(self) -> None:
        self.engine.dispose()

    # --- files -------------------------------------------------------------------------------
    def file_states(self, plans_dir: str) -> dict[str, tuple[int, int, str]]:
        """file -> (mtime_ns, size, sha1) as stored, for the same plans directory only."""
        with self.engine.connect() as c:
            row = c.exec_driver_sql("SELECT value FROM meta WHERE key='plans_dir'").fetchone()
            if row is None or row[0] != plans_dir:
                return {}
            return {f: (m, s, h) for f, m, s, h in
                    c.exec_driver_sql("SELECT file, mtime_ns, size, sha1 FROM files")}

    def stored(self, files: Iterable[str]) -> dict[str, tuple[str | None, str]]:
        """file -> (plan JSON or None, errors JSON) for files whose content did not change."""
        wanted = set(files)
        with self.engine.connect() as c:
            return {f: (d, e) for f, d, e in c.exec_driver_sql("SELECT file, data, errors FROM files")
                    if f in wanted}

    def write(self, plans_dir: str, stats: dict[str, tuple[int, int, str]],
              changed: dict[str, tuple[Plan | None, list[PlanError]]], removed: Iterable[str],
              kept_files: set[str], errors: list[PlanError], skipped: list[Skipped],
              touched: Iterable[str] = ()) -> None:
        """Store changed files (and their clauses), drop removed ones, record the full result."""
        with self.engine.begin() as c:
            c.exec_driver_sql("INSERT OR REPLACE INTO meta VALUES ('plans_dir', ?)", (plans_dir,))
            gone = list(removed) + list(changed)
            if gone:
                self._drop(c, gone)
            rows, crow, frow = [], [], []
            next_id = (c.exec_driver_sql("SELECT COALESCE(MAX(id), 0) FROM clauses").fetchone()[0]) + 1
            for f, (plan, errs) in changed.items():
                m, s, h = stats[f]
                errs_json = json.dumps([e.to_dict() for e in errs], ensure_ascii=False)
                if plan is None:
                    rows.append((f, m, s, h, None, None, None, None, None, None, None, None, None, 0, None, errs_json))
                    continue
                site = plan.site
                rows.append((f, m, s, h, plan.id, plan.tier, plan.title, plan.lead_department,
                             " ".join(plan.departments), " ".join(plan.incident_types),
                             site.street if site else None, site.lon if site else None,
                             site.lat if site else None, 0,
                             json.dumps(plan.to_dict(), ensure_ascii=False), errs_json))
                for clause, section, body in clauses(plan):
                    crow.append((next_id, f, plan.id, clause, section, body))
                    frow.append((next_id, grams(body)))
                    next_id += 1
            for f in touched:   # same content, new stat: only the stat changes
                m, s, h = stats[f]
                c.exec_driver_sql("UPDATE files SET mtime_ns=?, size=?, sha1=? WHERE file=?", (m, s, h, f))
            if rows:
                c.exec_driver_sql("INSERT INTO files VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
            if crow:
                c.exec_driver_sql("INSERT INTO clauses VALUES (?,?,?,?,?,?)", crow)
                c.exec_driver_sql("INSERT INTO clause_fts(rowid, grams) VALUES (?,?)", frow)
            c.exec_driver_sql("UPDATE files SET kept=0")
            c.exec_driver_sql("CREATE TEMP TABLE IF NOT EXISTS kept_now (file TEXT PRIMARY KEY)")
            c.exec_driver_sql("DELETE FROM kept_now")
            c.exec_driver_sql("INSERT INTO kept_now VALUES (?)", [(f,) for f in kept_files])
            c.exec_driver_sql("UPDATE files SET kept=1 WHERE file IN (SELECT file FROM kept_now)")
            result = {"errors": [e.to_dict() for e in errors], "skipped": [[s.file, s.reason] for s in skipped]}
            c.exec_driver_sql("INSERT OR REPLACE INTO meta VALUES ('result', ?)",
                              (json.dumps(result, ensure_ascii=False),))

    @staticmethod
    def _drop(c, files: list[str]) -> None:
        c.exec_driver_sql("CREATE TEMP TABLE IF NOT EXISTS drop_now (file TEXT PRIMARY KEY)")
        c.exec_driver_sql("DELETE FROM drop_now")
        c.exec_driver_sql("INSERT OR IGNORE INTO drop_now VALUES (?)", [(f,) for f in files])
        c.exec_driver_sql("DELETE FROM clause_fts WHERE rowid IN "
                          "(SELECT id FROM clauses WHERE file IN (SELECT file FROM drop_now))")
        c.exec_driver_sql("DELETE FROM clauses WHERE file IN (SELECT file FROM drop_now)")
        c.exec_driver_sql("DELETE FROM files WHERE file IN (SELECT file FROM drop_now)")

    # --- reading back ------------------------------------------------------------------------
    def result(self) -> tuple[list[PlanError], list[Skipped]]:
        with self.engine.connect() as c:
            row = c.exec_driver_sql("SELECT value FROM meta WHERE key='result'").fetchone()
        if row is None:
            return [], []
        d = json.loads(row[0])
        return [PlanError(**e) for e in d["errors"]], [Skipped(f, r) for f, r in d["skipped"]]

    def kept_rows(self) -> list[tuple]:
        """(plan_id, file, tier, title, lead, depts, types, street, lon, lat, data) of kept plans."""
        with self.engine.connect() as c:
            return c.exec_driver_sql(
                "SELECT plan_id, file, tier, title, lead, depts, types, street, lon, lat, data "
                "FROM files WHERE kept=1 ORDER BY file").fetchall()

    def search(self, match: str | None, limit: int, filters: dict[str, str | None]) -> list[tuple]:
        """(plan_id, tier, title, clause, section, body, score) rows, best first."""
        where, args = ["f.kept = 1"], []
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
                sql = ("SELECT f.plan_id, f.tier, f.title, 'title', '标题', f.title, 0.0 FROM files f WHERE "
                       + " AND ".join(where) + " ORDER BY f.file LIMIT ?")
                return c.exec_driver_sql(sql, (*args, limit)).fetchall()
            sql = ("SELECT f.plan_id, f.tier, f.title, c.clause, c.section, c.body, clause_fts.rank "
                   "FROM clause_fts JOIN clauses c ON c.id = clause_fts.rowid JOIN files f ON f.file = c.file "
                   "WHERE clause_fts MATCH ? AND " + " AND ".join(where) +
                   " ORDER BY clause_fts.rank LIMIT ?")
            return c.exec_driver_sql(sql, (match, *args, limit)).fetchall()
