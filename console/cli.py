"""Command line: `emergency-console [options]` opens the console; subcommands serve scripts.

Each subcommand lives with the package it belongs to and owns its own argparse parser; this
module only routes, so that `emergency-console plans check` never imports Qt.
"""
from __future__ import annotations

import argparse
import importlib
import sys

# subcommand -> module with `main(argv: list[str]) -> int`
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "plans": ("plans.cli", "validate, search, activate, import and lint contingency plans"),
    "server": ("server.cli", "run the reference backend (with --simulate for a live demo)"),
    "drill": ("console.drills_cli", "check and run drill scenarios (演练) headless, with after-action figures"),
    "warnings": ("console.warnings_cli", "compose and import CAP 1.2 early warnings"),
    "audit": ("console.audit", "verify a hash-chained audit log (server database or this console)"),
}


def district_code(text: str) -> str:
    """An adcode of a district the console can serve, from --district (code, name or slug)."""
    from core.settings import DISTRICT_CODES
    from plans.registry import DISTRICTS, district_info

    valid = ", ".join(f"{c} ({DISTRICTS[c].name})" for c in DISTRICT_CODES)
    try:
        code = district_info(text).code
    except KeyError:
        code = None
    if code not in DISTRICT_CODES:
        raise argparse.ArgumentTypeError(f"unknown district {text!r}; valid codes: {valid}")
    return code


def build_gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="emergency-console",
        description="Emergency command console. Subcommands: "
        + "; ".join(f"{name}: {help_}" for name, (_, help_) in SUBCOMMANDS.items()),
    )
    parser.add_argument("--demo", action="store_true",
                        help="run on this machine only: embedded server, SQLite, shipped data")
    parser.add_argument("--screenshot", metavar="PATH",
                        help="render the main window to a PNG once drawn, then exit")
    parser.add_argument("--lang", choices=["zh", "en"], help="UI language (default: settings, zh)")
    parser.add_argument("--theme", choices=["dark", "light"], help="colour theme (default: settings)")
    parser.add_argument("--district", metavar="CODE", type=district_code,
                        help="the district this console serves: 110101 (东城区) or 110105 (朝阳区) "
                        "(default: settings, 110105)")
    parser.add_argument("--server", metavar="URL", help="backend URL (overrides the settings)")
    parser.add_argument("--drill", action="store_true", help="start in drill (exercise) mode")
    parser.add_argument("--profile", metavar="DIR",
                        help="keep settings, data and logs in DIR instead of the user folders")
    parser.add_argument("--verbose", "-v", action="store_true", help="log to the terminal as well")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in SUBCOMMANDS:
        module = importlib.import_module(SUBCOMMANDS[argv[0]][0])
        return int(module.main(argv[1:]) or 0)
    args = build_gui_parser().parse_args(argv)
    from console.app import run_gui  # Qt is imported only for the GUI

    return run_gui(args)
