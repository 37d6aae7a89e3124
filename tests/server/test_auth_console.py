"""The console's side of signing in: token cache, demo role, sign-in with the API client."""
from __future__ import annotations

import stat
from datetime import datetime, timedelta, timezone

import pytest

from core.auth import TokenCache, demo_role, expired
from server.permissions import ROLES


def _answer(hours: float) -> dict:
    return {"token": "v1.abc.def", "operator": {"name": "w", "role": "duty_officer"},
            "expires_at": (datetime.now(timezone.utc) + timedelta(hours=hours)).isoformat()}


def test_token_cache_is_private_and_forgets_expired_tokens(tmp_path):
    cache = TokenCache(tmp_path / "tokens.json")
    cache.save("https://yjzh.example.gov.cn/", _answer(11))
    assert stat.S_IMODE((tmp_path / "tokens.json").stat().st_mode) == 0o600
    assert cache.load("https://yjzh.example.gov.cn")["token"] == "v1.abc.def"
    cache.save("https://b.example", _answer(-0.1))
    assert cache.load("https://b.example") is None  # after 12 h offline: sign in again
    cache.clear("https://yjzh.example.gov.cn")
    assert cache.load("https://yjzh.example.gov.cn") is None
    (tmp_path / "tokens.json").write_text("{broken", encoding="utf-8")
    assert cache.load("https://b.example") is None  # unreadable: ask, never crash


@pytest.mark.parametrize("setting,role", [("", "commander"), ("张三", "commander"),
                                          ("值班员李四", "duty_officer"), ("dispatcher", "dispatcher"),
                                          ("指挥长王五", "commander"), ("observer", "observer")])
def test_demo_role_follows_settings_operator(setting, role):
    assert demo_role(setting, ROLES) == role


def test_expired_without_expiry_is_expired():
    assert expired({}) and expired({"expires_at": "not a date"}) and not expired(_answer(1))


def test_api_client_signs_in_and_a_wrong_password_says_why(tmp_path):
    from core.api import ApiClient, Unauthorized
    from server.embedded import start_embedded

    with start_embedded(f"sqlite:///{tmp_path / 's.db'}") as srv:
        name, password = srv.credentials["observer"]
        api = ApiClient(srv.url, credentials=(name, password))
        assert api.snapshot()["units"]  # signed in on first use
        assert api.me()["role"] == "observer"
        bad = ApiClient(srv.url, token=None, credentials=(name, "wrong-password"))
        with pytest.raises(Unauthorized, match="用户名或密码错误"):
            bad.health() and bad.snapshot()
        api.close()
        bad.close()
