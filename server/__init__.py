"""The reference backend: HTTP API (versioned under /api/v1), resumable event stream,
idempotent commands, bulk sensor ingest and a simulator for demos and drills.

SQLite by default (one process), PostgreSQL for a centre (several stateless processes,
fan-out of new events through LISTEN/NOTIFY). See docs/api.md for the contract.
"""
