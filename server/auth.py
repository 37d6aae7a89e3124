"""Operators, sign-in and bearer tokens.

Passwords people choose are stored as argon2id hashes. Tokens are signed, not stored: JSON Web
Tokens (PyJWT, HS256) carrying the operator's name and role, signed with a secret made once per
database (meta key `auth_secret`, never logged), so every server process on one database accepts
them and a new database invalidates them. A token names the operator; each request re-reads the
operator (cached a few seconds) so disabling an account takes effect without waiting for expiry.
Which routes need a token is said by the router they are on (server/routes/access.py).
"""
from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import threading
import time
from datetime import datetime, timezone

import jwt
import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from server import db
from server.permissions import ROLES, Who, role_name
from server.redaction import RedactSecrets, install_log_redaction  # noqa: F401  (re-exported)

log = logging.getLogger(__name__)

MAX_FAILURES, FAILURE_WINDOW = 5, 300.0  # per name: then refused without checking, 5 min
DEFAULT_TTL = 12 * 3600  # one shift: a console keeps working through an outage this long
_HASHER = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)  # OWASP minimum
_DUMMY = _HASHER.hash("timing-equaliser")
DEMO_DISPLAY = {"commander": "演示指挥长", "dispatcher": "演示调度员", "duty_officer": "演示值班员",
                "observer": "演示观察员", "trainer": "演示导调员", "admin": "演示管理员"}


class AuthError(Exception):
    """Sign-in or token refused; str() is the reason for the operator (Chinese; token
    refusals add an English gloss for logs and the English UI)."""


# -- passwords ---------------------------------------------------------------------------------
def hash_password(password: str) -> str:
    """argon2id hash of a password a person chose."""
    return _HASHER.hash(password)


def hash_generated_secret(secret: str) -> str:
    """Salted SHA-256 of a machine-made secret of >= 128 random bits (demo operators):
    stretching protects guessable passwords and adds nothing to a random one."""
    salt = secrets.token_hex(16)
    return f"sha256${salt}${hashlib.sha256((salt + secret).encode()).hexdigest()}"


def verify_password(stored: str, password: str) -> bool:
    """True if `password` matches the stored hash (either scheme)."""
    if stored.startswith("sha256$"):
        _, salt, want = stored.split("$", 2)
        got = hashlib.sha256((salt + password).encode()).hexdigest()
        return hmac.compare_digest(got, want)
    try:
        return _HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


# -- tokens ------------------------------------------------------------------------------------
TOKEN_ALGORITHM = "HS256"  # the only one accepted: a token naming another ("none") is refused
_FORGED = ("登录凭据无效（不是本服务器签发的）；请重新登录 "
           "(token not issued by this server: sign in again)")
_MALFORMED = "登录凭据格式不对；请重新登录 (malformed token: sign in again)"


def make_token(secret: bytes, name: str, role: str, ttl: float = DEFAULT_TTL,
               now: float | None = None) -> tuple[str, int]:
    """(token, expiry as a Unix time) for operator `name`."""
    now = time.time() if now is None else now
    exp = int(now + ttl)
    claims = {"sub": name, "role": role, "iat": int(now), "exp": exp}
    return jwt.encode(claims, secret, algorithm=TOKEN_ALGORITHM), exp


def read_token(secret: bytes, token: str) -> dict:
    """The claims of a valid, unexpired token, else AuthError with the reason."""
    try:
        # iat is not checked against this clock: servers on one database may disagree by a
        # second or two, and a fresh token must not be refused for it (exp still is)
        return jwt.decode(token, secret, algorithms=[TOKEN_ALGORITHM],
                          options={"require": ["sub", "role", "iat", "exp"], "verify_iat": False})
    except jwt.ExpiredSignatureError:
        raise AuthError("登录已过期；请重新登录 (sign-in expired: sign in again)") from None
    except (jwt.InvalidSignatureError, jwt.InvalidAlgorithmError):
        raise AuthError(_FORGED) from None
    except jwt.PyJWTError as exc:  # not a JWT, claims missing or of the wrong type
        log.debug("token refused: %s", exc)
        raise AuthError(_MALFORMED) from None


# -- media tokens: ?access_token= on a camera's video routes, nowhere else ---------------------
MEDIA_TTL = 300  # seconds: long enough to open a stream, short enough to be worthless in a log
_MEDIA_PURPOSE = b"ecc media token v1"
_MEDIA_FORGED = ("视频凭据无效（不是本服务器签发的视频凭据；登录凭据只能放在 Authorization 请求头中，"
                 "不能放在 URL 里）；请重新打开视频 (not a media token of this server: login tokens "
                 "go in the Authorization header, never in a URL)")


class MediaScopeError(AuthError):
    """A valid media token, but for another camera (answered 403)."""


def media_key(secret: bytes) -> bytes:
    """The key media tokens are signed with, derived from the database secret: a media token
    is never a valid bearer token, nor a bearer token a media token."""
    return hmac.new(secret, _MEDIA_PURPOSE, hashlib.sha256).digest()


def make_media_token(secret: bytes, name: str, role: str, camera_id: str,
                     ttl: float = MEDIA_TTL, now: float | None = None) -> tuple[str, int]:
    """(token, expiry as a Unix time) letting operator `name` open camera `camera_id`'s
    streams for `ttl` seconds, from URLs (players cannot send headers)."""
    now = time.time() if now is None else now
    exp = int(now + ttl)
    claims = {"sub": name, "role": role, "cam": camera_id, "typ": "media", "iat": int(now),
              "exp": exp}
    return jwt.encode(claims, media_key(secret), algorithm=TOKEN_ALGORITHM), exp


def read_media_token(secret: bytes, token: str, camera_id: str) -> dict:
    """The claims of a valid, unexpired media token for `camera_id`; else AuthError (or
    MediaScopeError: another camera's) with the reason."""
    try:
        claims = jwt.decode(token, media_key(secret), algorithms=[TOKEN_ALGORITHM], options={
            "require": ["sub", "role", "cam", "typ", "iat", "exp"], "verify_iat": False})
    except jwt.ExpiredSignatureError:
        raise AuthError("视频凭据已过期；请重新打开视频 (media token expired: open the stream "
                        "again)") from None
    except (jwt.InvalidSignatureError, jwt.InvalidAlgorithmError):
        raise AuthError(_MEDIA_FORGED) from None
    except jwt.PyJWTError as exc:
        log.debug("media token refused: %s", exc)
        raise AuthError(_MALFORMED) from None
    if claims.get("typ") != "media" or not isinstance(claims.get("cam"), str):
        raise AuthError(_MEDIA_FORGED)
    if claims["cam"] != camera_id:
        raise MediaScopeError(f"该视频凭据只能观看摄像头 {claims['cam']}，不能观看 {camera_id}；"
                              "请为该摄像头另取视频凭据 (media token of another camera)")
    return claims


def database_secret(store) -> bytes:
    """The token-signing secret of this database, made on first use."""
    with store.writing_connection() as conn:
        value = conn.scalar(sa.select(db.meta.c.value).where(db.meta.c.key == "auth_secret"))
        if value is None:
            value = secrets.token_hex(32)
            conn.execute(sa.insert(db.meta).values(key="auth_secret", value=value))
    return bytes.fromhex(value)


# -- operators ---------------------------------------------------------------------------------
def _check_role(role: str) -> None:
    if role not in ROLES:
        raise ValueError(f"role {role!r}: expected one of {', '.join(ROLES)}")


def add_operator(conn: sa.Connection, name: str, role: str, password: str,
                 display_name: str | None = None, password_hash: str | None = None) -> None:
    """Create an operator; ValueError if the name is taken, the role unknown or the
    password too short."""
    _check_role(role)
    if not name or len(name) > 64 or not name.isprintable() or " " in name:
        raise ValueError(f"operator name {name!r}: 1-64 printable characters, no spaces")
    if password_hash is None and len(password) < 8:
        raise ValueError(f"operator {name}: password too short; use at least 8 characters")
    if conn.scalar(sa.select(db.operators.c.name).where(db.operators.c.name == name)):
        raise ValueError(f"operator {name} already exists")
    conn.execute(sa.insert(db.operators).values(
        name=name, display_name=display_name or name, role=role, enabled=True,
        password_hash=password_hash or hash_password(password), created_at=db.utcnow()))


def set_enabled(conn: sa.Connection, name: str, enabled: bool) -> None:
    done = conn.execute(sa.update(db.operators).where(db.operators.c.name == name)
                        .values(enabled=enabled)).rowcount
    if not done:
        raise ValueError(f"no operator named {name}")


def list_operators(conn: sa.Connection) -> list[dict]:
    o = db.operators.c
    return [{"name": r.name, "display_name": r.display_name, "role": r.role,
             "enabled": bool(r.enabled), "created_at": r.created_at.isoformat()}
            for r in conn.execute(sa.select(o.name, o.display_name, o.role, o.enabled,
                                            o.created_at).order_by(o.name))]


def ensure_demo_operators(store, credentials: dict[str, tuple[str, str]]) -> None:
    """Create (or re-key) one demo operator per role with the given generated passwords.

    Used only by start_embedded: the process that starts an embedded server owns it and
    hands it fresh random passwords each start; a real server is never started this way.
    """
    with store.writing_connection() as conn:
        for role, (name, password) in credentials.items():
            _check_role(role)
            hashed = hash_generated_secret(password)
            exists = conn.scalar(sa.select(db.operators.c.name).where(db.operators.c.name == name))
            if exists:
                conn.execute(sa.update(db.operators).where(db.operators.c.name == name)
                             .values(password_hash=hashed, role=role, enabled=True))
            else:
                add_operator(conn, name, role, "", DEMO_DISPLAY[role], password_hash=hashed)


class Authenticator:
    """Checks sign-ins and tokens for one database; shared by all requests of a server."""

    def __init__(self, store, ttl: float = DEFAULT_TTL, drill: bool = False,
                 media_ttl: float = MEDIA_TTL) -> None:
        self.store = store
        self.ttl = ttl
        self.media_ttl = media_ttl
        self.drill = drill
        self.secret = database_secret(store)
        self._cache: dict[str, tuple[float, Who | None]] = {}
        self._lock = threading.Lock()

    def locked(self, name: str) -> bool:
        """True while `name` has MAX_FAILURES failed sign-ins since its last good one, the
        oldest of them less than FAILURE_WINDOW ago. Counted from the audit log, so every
        server process on the database sees the same count (guessing through several
        processes gains nothing) and a restart does not wipe it."""
        a = db.audit_log.c
        key = name[:128]
        with self.store.reading() as conn:
            last_ok = conn.scalar(sa.select(sa.func.max(a.seq))
                                  .where(a.action == "sign_in", a.operator == key)) or 0
            failed = conn.scalars(sa.select(a.at)
                                  .where(a.action == "sign_in_failed", a.operator == key,
                                         a.seq > last_ok)
                                  .order_by(a.seq.desc()).limit(MAX_FAILURES)).all()
        if len(failed) < MAX_FAILURES:
            return False
        age = datetime.now(timezone.utc) - datetime.fromisoformat(failed[-1])
        return age.total_seconds() < FAILURE_WINDOW

    def _operator(self, name: str) -> Who | None:
        now = time.monotonic()
        with self._lock:
            hit = self._cache.get(name)
        if hit and now - hit[0] < 5.0:
            return hit[1]
        o = db.operators.c
        with self.store.reading() as conn:
            row = conn.execute(sa.select(o.name, o.display_name, o.role, o.enabled)
                               .where(o.name == name)).first()
        who = Who(row.name, row.display_name, row.role) if row and row.enabled else None
        with self._lock:
            self._cache[name] = (now, who)
        return who

    def forget(self, name: str) -> None:
        with self._lock:
            self._cache.pop(name, None)

    def sign_in(self, name: str, password: str) -> tuple[Who, str, int, dict]:
        """(operator, token, expiry, audit receipt) or AuthError; every attempt is audited."""
        from server import audit

        if self.locked(name):  # slows password guessing to a crawl
            audit.record(self.store, name[:128], "sign_in_locked", {})
            raise AuthError(f"该账号登录失败次数过多，请 {int(FAILURE_WINDOW // 60)} 分钟后再试，"
                            "或联系系统管理员")
        o = db.operators.c
        with self.store.reading() as conn:
            row = conn.execute(sa.select(o.name, o.display_name, o.role, o.enabled,
                                         o.password_hash).where(o.name == name)).first()
        ok = verify_password(row.password_hash if row else _DUMMY, password)
        if not (row and ok and row.enabled):
            why = "no such operator" if row is None else ("disabled" if ok else "wrong password")
            audit.record(self.store, name[:128], "sign_in_failed", {"why": why})
            log.info("sign-in refused for %r: %s", name[:64], why)
            raise AuthError("用户名或密码错误，或账号已停用")
        who = Who(row.name, row.display_name, row.role)
        token, exp = make_token(self.secret, who.name, who.role, self.ttl)
        entry = audit.record(self.store, who.name, "sign_in", {"role": who.role})
        log.info("operator %s signed in (%s)", who.name, who.role)
        self.forget(who.name)
        return who, token, exp, {"seq": entry["seq"], "hash": entry["hash"],
                                 "instance": self.store.instance}

    def authenticate(self, token: str | None) -> Who:
        """The operator a bearer token stands for, or AuthError."""
        if not token:
            raise AuthError("需要登录：请先登录再操作 (not signed in: sign in first)")
        return self._signed(read_token(self.secret, token))

    def media_token(self, who: Who, camera_id: str) -> tuple[str, int]:
        """(media token, expiry) for `who` to open `camera_id`'s streams from a URL."""
        return make_media_token(self.secret, who.name, who.role, camera_id, self.media_ttl)

    def authenticate_media(self, token: str | None, camera_id: str) -> Who:
        """The operator a media token for `camera_id` stands for, or AuthError (another
        camera's: MediaScopeError). A disabled account's media tokens stop with its tokens."""
        if not token:
            raise AuthError("需要登录：请先登录再操作 (not signed in: sign in first)")
        return self._signed(read_media_token(self.secret, token, camera_id))

    def _signed(self, claims: dict) -> Who:
        who = self._operator(str(claims.get("sub")))
        if who is None:
            raise AuthError("账号不存在或已停用；请联系系统管理员 "
                            "(account unknown or disabled: ask the administrator)")
        return who


def who_info(who: Who, drill: bool, exp: int | None = None) -> dict:
    """What GET /auth/me and a sign-in tell the console about its operator."""
    info = {"name": who.name, "display_name": who.display_name, "role": who.role,
            "role_name": role_name(who.role), "drill": drill}
    if exp is not None:
        info["expires_at"] = datetime.fromtimestamp(exp, timezone.utc).isoformat()
    return info


# -- `python -m server.cli operators ...` ------------------------------------------------------
def operators_main(argv: list[str]) -> int:
    """Administer operators directly on a database: add, list, disable."""
    import argparse
    import getpass
    import sys

    from server.cli import default_db_url
    from server.store import Store

    p = argparse.ArgumentParser(prog="emergency-console server operators",
                                description="Add, list and disable operators of a server database.")
    p.add_argument("--db", metavar="URL", help="database URL (default: the user data folder)")
    sub = p.add_subparsers(dest="action", required=True)
    add = sub.add_parser("add", help="add an operator; the password is read from the prompt "
                                     "(or the first line of stdin when not a terminal)")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--display-name", help="the name shown on the timeline (default: NAME)")
    sub.add_parser("list", help="list operators")
    dis = sub.add_parser("disable", help="disable an operator (their tokens stop working)")
    dis.add_argument("name")
    args = p.parse_args(argv)
    store = Store(args.db or default_db_url())
    try:
        if args.action == "list":
            with store.reading() as conn:
                for o in list_operators(conn):
                    print(f"{o['name']}\t{o['role']}\t{'enabled' if o['enabled'] else 'disabled'}"
                          f"\t{o['display_name']}")
            return 0
        if args.action == "add":
            if sys.stdin.isatty():
                password = getpass.getpass(f"password for {args.name}: ")
                if getpass.getpass("again: ") != password:
                    print("operators add: the two passwords differ; nothing changed",
                          file=sys.stderr)
                    return 1
            else:
                password = sys.stdin.readline().rstrip("\r\n")
        from server import audit

        with store.writing_connection() as conn:
            if args.action == "add":
                add_operator(conn, args.name, args.role, password, args.display_name)
                audit.append(conn, "cli", "operator_added", {"name": args.name, "role": args.role})
            else:
                set_enabled(conn, args.name, False)
                audit.append(conn, "cli", "operator_disabled", {"name": args.name})
        print(f"operator {args.name}: {'added' if args.action == 'add' else 'disabled'}")
        return 0
    except ValueError as exc:
        print(f"operators {args.action}: {exc}", file=sys.stderr)
        return 1
    finally:
        store.engine.dispose()
