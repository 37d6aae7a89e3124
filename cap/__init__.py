"""CAP 1.2 early warnings (预警): build, parse and validate. Pure Python, no Qt.

    w = EarlyWarning(type="flood", colour="黄", headline="...", areas=(Area("...", circles=((lon, lat, 3000),)),))
    xml = to_xml(issue(w, IdentifierMaker(issuer_code("110105"))))
    alert = parse_alert(xml)            # CapError on anything malformed, invalid or unsafe

See docs/warnings.md.
"""
from cap.build import circle_text, issue, polygon_text, to_xml
from cap.model import (BEIJING, LEVELS, Area, EarlyWarning, IdentifierMaker, Level,
                       Reference, WarningError, bj, event_of, issuer_code, level_of,
                       now_bj, parse_identifier)
from cap.parse import Alert, CapError, Info, load_alert, parse_alert, parse_xml, schema_errors

__all__ = ["Alert", "Area", "BEIJING", "CapError", "EarlyWarning", "IdentifierMaker", "Info",
           "LEVELS", "Level", "Reference", "WarningError", "bj", "circle_text", "event_of", "issue",
           "issuer_code", "level_of", "load_alert", "now_bj", "parse_alert", "parse_identifier",
           "parse_xml", "polygon_text", "schema_errors", "to_xml"]
