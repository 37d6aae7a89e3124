"""Search matches are marked legibly: WCAG contrast of the marked text in both themes,
selected or not (the thesaurus marks whichever alternative matched)."""
from __future__ import annotations

# --- the marks are legible in both themes (WCAG 2.x contrast of text on the mark) ------------
def _luminance(hex_colour: str) -> float:
    def ch(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(hex_colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b)


def _contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_marked_words_drawn_legibly_in_dark_and_light_theme_and_when_selected(qapp):
    from PySide6.QtGui import QTextDocument
    from widgets.plan_browser import snippet_html
    from widgets.plan_hit_delegate import _dark_text_on_marks
    from widgets.plan_viewer import MATCH_COLOUR

    doc = QTextDocument()
    doc.setHtml("<b>朝阳区防汛应急预案</b><br>" + snippet_html("遇【暴雨】时启动【防汛】响应"))
    _dark_text_on_marks(doc)
    marks = []
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            f = it.fragment()
            fmt = f.charFormat()
            if fmt.background().color().name() == MATCH_COLOUR.lower():
                marks.append((f.text(), fmt.foreground().color().name()))
            else:   # other text keeps the palette's colour (no explicit foreground)
                assert fmt.foreground().style().name == "NoBrush", f.text()
            it += 1
        block = block.next()
    assert [t for t, _ in marks] == ["暴雨", "防汛"]
    for _, fg in marks:
        # an explicit colour: neither the dark theme's text (#dfe5ec) nor a selected row's
        # white replaces it, and the light theme's black text is not needed
        assert _contrast(fg, MATCH_COLOUR) >= 4.5
    assert _contrast("#dfe5ec", MATCH_COLOUR) < 4.5   # why: the dark theme's text on the mark
