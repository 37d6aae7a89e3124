"""Property test: whatever arrives as a bearer token, reading it either gives the claims of a
token this key signed or raises AuthError with a reason; never another exception (a 500)."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.auth import AuthError, make_token, read_token
from tests.fuzz.counts import tried

KEY = b"k" * 32
TOKEN, _ = make_token(KEY, "demo_commander", "commander", ttl=3600)
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ 令\x00"


@st.composite
def mutated_tokens(draw):
    """The real token with a few characters replaced, dropped or added."""
    chars = list(TOKEN)
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(chars) - 1))
        op = draw(st.sampled_from(["replace", "drop", "insert"]))
        if op == "replace":
            chars[i] = draw(st.sampled_from(ALPHABET))
        elif op == "drop" and len(chars) > 1:
            del chars[i]
        else:
            chars.insert(i, draw(st.sampled_from(ALPHABET)))
    return "".join(chars)


tokens = st.one_of(st.text(max_size=300), st.text(alphabet=ALPHABET, max_size=300),
                   mutated_tokens(), mutated_tokens(), mutated_tokens(),
                   st.lists(st.text(alphabet=ALPHABET, max_size=60), min_size=2, max_size=4)
                   .map(".".join))


@settings(max_examples=600, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(tokens)
def test_reading_any_token_gives_its_claims_or_a_reason(token):
    tried("server.auth.read_token", 1)
    try:
        claims = read_token(KEY, token)
    except AuthError as exc:
        assert "登录" in str(exc) and "sign in" in str(exc)
    else:  # base64 padding bits may change without changing the bytes: same claims, then
        assert claims == read_token(KEY, TOKEN)
