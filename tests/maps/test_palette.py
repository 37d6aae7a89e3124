"""One set of response-level colours (maps.palette): the map page's config and marker CSS are
generated from it, and no other source file writes a level colour of its own (the panels'
side, with Qt: tests/widgets/test_level_palette.py; the drawn map: tests/widgets/test_map_view.py)."""
from __future__ import annotations

import re
from pathlib import Path

from maps import palette
from maps.page import build_page, page_config

ROOT = Path(__file__).resolve().parents[2]


def test_the_set_is_the_console_themes():
    # console/theme.py's colours before there was one set (the map's were the same family)
    assert palette.LEVEL_COLOURS == {"I": "#d7191c", "II": "#f26b1d", "III": "#f2c81d", "IV": "#2b83ba"}
    assert palette.NEUTRAL_COLOUR == "#6c757d"
    assert palette.level_colour("II") == "#f26b1d"
    assert palette.level_colour("II", graded=False) == palette.level_colour("?") == palette.NEUTRAL_COLOUR


def test_the_map_page_gets_the_same_colours():
    cfg = page_config({})
    assert cfg["palette"]["levels"] == palette.LEVEL_COLOURS
    assert cfg["palette"]["ungraded"] == palette.NEUTRAL_COLOUR
    html = build_page({})
    rules = dict(re.findall(r"\.ecc-inc\.(lvl-\d) \{ background: (#[0-9a-f]{6}); color: #[0-9a-f]{6}; \}", html))
    assert rules == {"lvl-1": "#d7191c", "lvl-2": "#f26b1d", "lvl-3": "#f2c81d", "lvl-4": "#2b83ba",
                     "lvl-0": "#6c757d"}
    # the classes tools.js gives incident markers: lvl-<1..4 by level>, lvl-0 when not graded
    js = (ROOT / "resources/map/tools.js").read_text(encoding="utf-8")
    assert '{ I: 1, II: 2, III: 3, IV: 4 }' in js and '"ecc-inc lvl-" + (r.ungraded ? 0 : level)' in js


def test_the_map_css_writes_no_level_colour_of_its_own():
    css = re.sub(r"/\*.*?\*/", "", (ROOT / "resources/map/console.css").read_text(encoding="utf-8"), flags=re.S)
    # neither backgrounds nor text colours: maps.palette.level_css writes both (readable text)
    for rule in re.findall(r"[^{}]*\.lvl-\d[^{}]*\{[^}]*\}", css):
        assert "background" not in rule and "color" not in rule, rule


def test_no_other_source_defines_level_colours():
    """A dict of level -> colour, or a level colour's hex next to a level key, is maps.palette's
    alone (status colours elsewhere may share a hex: they are not level colours)."""
    level_dict = re.compile(r"""["']I["']\s*:\s*["']#[0-9a-fA-F]{6}""")
    found = []
    for folder in ("console", "widgets", "maps", "plans", "server", "drills", "cap", "resources/map"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix not in (".py", ".js", ".css") or path.name == "palette.py":
                continue
            if level_dict.search(path.read_text(encoding="utf-8", errors="replace")):
                found.append(str(path.relative_to(ROOT)))
    assert found == []


def test_level_text_is_readable_on_every_level_colour_wcag_aa():
    """Issue 20: "III级 较大" was white on yellow (contrast 1.6). Text on a level colour is the
    darker or the lighter, whichever reads better, and reaches WCAG AA (4.5) on each."""
    from maps.palette import DARK_TEXT, LEVEL_COLOURS, NEUTRAL_COLOUR, contrast, text_colour

    for colour in (*LEVEL_COLOURS.values(), NEUTRAL_COLOUR):
        assert contrast(text_colour(colour), colour) >= 4.5, colour
    assert text_colour(LEVEL_COLOURS["III"]) == DARK_TEXT
    assert round(contrast("#ffffff", "#000000"), 1) == 21.0 and contrast("#777777", "#777777") == 1.0


def test_map_markers_get_the_readable_text_colour_too():
    from maps.palette import LEVEL_COLOURS, level_css, text_colour

    css = level_css()
    assert f".ecc-inc.lvl-3 {{ background: {LEVEL_COLOURS['III']}; color: {text_colour(LEVEL_COLOURS['III'])}; }}" in css
