"""Who may do what, enforced by the server (greyed-out buttons are only a courtesy).

One table says which roles may send each command type; a few conditional rules follow
(level I/II activations, drill databases). `check_command` returns None when allowed, else
a reason in Chinese for the operator, answered with HTTP 403.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

ROLES = ("commander", "dispatcher", "duty_officer", "observer", "trainer", "admin")
ROLE_NAMES = {"commander": "指挥长", "dispatcher": "调度员", "duty_officer": "值班员",
              "observer": "观察员", "trainer": "演练导调员", "admin": "系统管理员"}

_OPS = frozenset({"commander", "dispatcher", "duty_officer", "trainer"})
# trainer appears here but only ever acts on a drill database (see check_command)
COMMAND_ROLES: dict[str, frozenset[str]] = {
    "create_incident": _OPS,
    "update_incident": _OPS,
    "close_incident": frozenset({"commander", "duty_officer", "trainer"}),
    "dispatch_unit": _OPS,
    "update_unit_status": _OPS,
    "release_unit": _OPS,
    "create_tasks": _OPS,
    "update_task": _OPS,
    "add_note": _OPS,
    "report_sensor_reading": _OPS,
    "report_sensor_readings": _OPS,
    "publish_alert": frozenset({"commander", "trainer"}),  # publishing = approving a warning
}
TELEMETRY_ROLES = _OPS  # POST /readings, /positions
ADMIN_ROLES = frozenset({"admin"})  # operators: add, list, disable
HIGH_LEVELS = ("I", "II")


@dataclass(frozen=True)
class Who:
    """The signed-in operator a request comes from."""
    name: str
    display_name: str
    role: str


def role_name(role: str) -> str:
    return ROLE_NAMES.get(role, role)


def check_request(who: Who, method: str, drill_db: bool) -> str | None:
    """Rules for any request: a drill role never touches a live database; observers read."""
    if who.role == "trainer" and not drill_db:
        return "演练导调员账号只能在演练数据库上使用，不能查看或操作实战数据"
    if method not in ("GET", "HEAD") and who.role == "observer":
        return "观察员只能查看，不能提交任何操作"
    return None


def check_command(who: Who, cmd_type: str, payload: dict, drill_db: bool,
                  incident_level: Callable[[str], str | None]) -> str | None:
    """None if `who` may send this command, else the reason (Chinese) for a 403."""
    refused = check_request(who, "POST", drill_db)
    if refused:
        return refused
    allowed = COMMAND_ROLES.get(cmd_type)
    if allowed is None:  # unknown types are answered 422 by the payload check
        return None
    if who.role not in allowed:
        return f"{role_name(who.role)}无权执行“{cmd_type}”；请由{_names(allowed)}操作"
    if who.role == "commander" or who.role == "trainer":
        return None
    if cmd_type == "update_incident" and payload.get("level") in HIGH_LEVELS:
        return f"将事件定为{payload['level']}级须由指挥长决定；请报指挥长"
    if cmd_type == "create_tasks":
        level = incident_level(str(payload.get("incident_id", "")))
        if level in HIGH_LEVELS:
            return f"启动{level}级响应预案须由指挥长批准；请报指挥长"
    return None


def check_telemetry(who: Who, drill_db: bool) -> str | None:
    refused = check_request(who, "POST", drill_db)
    if refused:
        return refused
    if who.role not in TELEMETRY_ROLES:
        return f"{role_name(who.role)}无权上报传感器读数或车辆位置"
    return None


def check_admin(who: Who) -> str | None:
    if who.role not in ADMIN_ROLES:
        return f"{role_name(who.role)}无权管理操作员账号；请联系系统管理员"
    return None


def _names(roles) -> str:
    return "、".join(role_name(r) for r in ROLES if r in roles and r != "trainer")
