"""Fill unfinished translations of a Qt .ts file from a TSV of `source<TAB>translation` lines.

Usage (a line break inside a string written as \\n): python scripts/i18n_fill.py resources/i18n/console_en.ts < new_strings.tsv
Prints the sources still without a translation. Existing translations are kept.
"""
from __future__ import annotations

import sys
import xml.etree.ElementTree as ET


def main(path: str) -> int:
    # a line break inside a string is written as \n
    pairs = {k.replace("\\n", "\n"): v.replace("\\n", "\n")
             for k, v in (line.rstrip("\n").split("\t", 1) for line in sys.stdin if "\t" in line)}
    tree = ET.parse(path)
    missing = []
    for msg in tree.iter("message"):
        source, tr = msg.find("source").text, msg.find("translation")
        if tr.get("type") == "unfinished" or not (tr.text or "").strip():
            if source in pairs:
                tr.text = pairs[source]
                tr.attrib.pop("type", None)
            else:
                missing.append(source)
    tree.write(path, encoding="utf-8", xml_declaration=True)
    for s in missing:
        print(s)
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
