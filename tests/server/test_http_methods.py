"""A method a path does not have is 405, and its Allow header names every method the path
has (the OpenAPI document's), not only those of the first route on it."""
from __future__ import annotations

import requests

from server.app import openapi_document


def test_405_allows_every_documented_method_of_the_path(server):
    paths = openapi_document()["paths"]
    for path in ("/api/v1/operators", "/api/v1/commands", "/api/v1/health",
                 "/api/v1/cameras/{camera_id}/simulate"):
        url = server.url + path.replace("{camera_id}", "C00000")
        r = requests.request("PUT", url, headers=server.auth_headers("admin"), timeout=30)
        assert r.status_code == 405 and r.json() == {"detail": "Method Not Allowed"}, r.text
        allowed = sorted(m.upper() for m in paths[path])
        assert r.headers["allow"].split(", ") == allowed, (path, r.headers["allow"])
