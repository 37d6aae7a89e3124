"""Starting the server: clear errors, durations, the OpenAPI export."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest

from server.cli import main, parse_duration
from server.embedded import start_embedded


def test_unopenable_database_fails_fast_with_the_reason(tmp_path):
    with pytest.raises(RuntimeError) as err:
        start_embedded(f"sqlite:///{tmp_path / 'missing-folder' / 'x.db'}")
    text = str(err.value)
    assert "cannot open database" in text and "missing-folder" in text and "--db" in text


def test_pg_password_is_not_echoed_in_errors(capsys):
    rc = main(["--db", "postgresql+psycopg://someone:s3cret@127.0.0.1:1/nope", "--port", "0"])
    err = capsys.readouterr().err
    assert rc == 2 and "s3cret" not in err and "cannot open database" in err


def test_durations_and_openapi_export(tmp_path):
    assert parse_duration("7d") == timedelta(days=7)
    assert parse_duration("90") == timedelta(seconds=90)
    with pytest.raises(Exception, match="expected a number with d, h, m or s"):
        parse_duration("soon")
    out = tmp_path / "openapi.json"
    assert main(["--write-openapi", str(out)]) == 0
    doc = json.loads(out.read_text())
    assert "/api/v1/commands" in doc["paths"] and "/api/v1/events" in doc["paths"]
