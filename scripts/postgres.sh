#!/usr/bin/env bash
# Starts the Debian PostgreSQL cluster (if installed) and exports ECC_TEST_PG_URL for the
# server tests. Sourced by test.sh; harmless to run twice.
if command -v pg_lsclusters >/dev/null 2>&1; then
  ver="$(pg_lsclusters -h | awk 'NR==1{print $1}')"
  if [ -n "$ver" ]; then
    pg_ctlcluster "$ver" main start 2>/dev/null || true
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 && break; sleep 0.5; done
    su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='console'\"" | grep -q 1 \
      || su postgres -c "psql -qc \"CREATE ROLE console LOGIN SUPERUSER PASSWORD 'console'\""
    su postgres -c "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname='console_test'\"" | grep -q 1 \
      || su postgres -c "createdb -O console console_test"
    export ECC_TEST_PG_URL="postgresql+psycopg://console:console@127.0.0.1:5432/console_test"
  fi
fi
