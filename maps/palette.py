"""The response-level colours, one set for every panel and the map (no Qt).

Level I..IV red, orange, yellow, blue (the order of China's 特别重大/重大/较大/一般 responses),
and a neutral grey for an incident whose level is not graded (待研判, 另行定级): no colour
claims a level that nobody has set. Panels (console.theme, widgets) import these; the map page
gets them in its config (`palette.levels`, `palette.ungraded`) and as the CSS of its incident
markers (`level_css`), generated here rather than written a second time in console.css.
"""
from __future__ import annotations

LEVEL_COLOURS: dict[str, str] = {"I": "#d7191c", "II": "#f26b1d", "III": "#f2c81d", "IV": "#2b83ba"}
NEUTRAL_COLOUR = "#6c757d"   # not graded (待研判, 另行定级)

# the map's incident markers: class lvl-1..lvl-4 by level, lvl-0 when not graded
MARKER_CLASSES: dict[str, str] = {"I": "lvl-1", "II": "lvl-2", "III": "lvl-3", "IV": "lvl-4", "": "lvl-0"}


def level_colour(level: str, graded: bool = True) -> str:
    """The colour of a level, or the neutral grey when the level is not graded (or unknown)."""
    return LEVEL_COLOURS.get(level, NEUTRAL_COLOUR) if graded else NEUTRAL_COLOUR


def _luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of an sRGB "#rrggbb" colour."""
    h = colour.lstrip("#")
    channels = [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2.x contrast ratio of two colours (1 … 21; AA asks 4.5 for normal text)."""
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


DARK_TEXT, LIGHT_TEXT = "#111111", "#ffffff"


def text_colour(background: str) -> str:
    """The text colour (near-black or white) that reads best on `background`: "III级 较大" in
    black on yellow, not white (issue 20); every level colour reaches WCAG AA (4.5) this way."""
    return max((DARK_TEXT, LIGHT_TEXT), key=lambda t: contrast(t, background))


def level_css() -> str:
    """The background (and readable text) of the map's incident markers, one rule per class of
    MARKER_CLASSES."""
    return "\n".join(f".ecc-inc.{cls} {{ background: {level_colour(level)}; color: {text_colour(level_colour(level))}; }}"
                     for level, cls in MARKER_CLASSES.items())
