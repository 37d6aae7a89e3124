"""Fill unfinished translations of a Qt .ts file from a TSV of `source<TAB>translation` lines.

Usage (a line break inside a string written as \\n): python scripts/i18n_fill.py resources/i18n/console_en.ts < new_strings.tsv
A source written as `Context::source` applies to that context only (the same Chinese word
can need two English ones). Prints the sources still without a translation. Finished
translations are kept; unfinished ones, even with a suggested text, are replaced.
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
    for context in tree.iter("context"):
        name = context.findtext("name")
        for msg in context.iter("message"):
            source, tr = msg.find("source").text, msg.find("translation")
            if tr.get("type") != "unfinished" and (tr.text or "").strip():
                continue
            text = pairs.get(f"{name}::{source}", pairs.get(source))
            if text is not None:
                tr.text = text
                tr.attrib.pop("type", None)
            else:
                missing.append(f"{name}::{source}")
    tree.write(path, encoding="utf-8", xml_declaration=True)
    for s in missing:
        print(s)
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
