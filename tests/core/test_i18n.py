"""The English catalogue: complete, compiled, and in step with its source."""

import gettext
import re
from pathlib import Path

LOCALE = Path(__file__).resolve().parents[2] / "hasshin" / "locale" / "en" / "LC_MESSAGES"


def _unquote(line: str) -> str:
    return (
        line[line.index('"') + 1 : line.rindex('"')]
        .encode()
        .decode("unicode_escape")
        .encode("latin-1")
        .decode("utf-8")
    )


def _entries() -> dict[str, list[str]]:
    """msgid -> msgstr forms, from a plain .po file (no msgctxt in this catalogue)."""
    entries: dict[str, list[str]] = {}
    msgid, strs, current = None, [], None
    for raw in [*(LOCALE / "django.po").read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if line.startswith("msgid "):
            if msgid:
                entries[msgid] = strs
            msgid, strs, current = _unquote(line), [], "id"
        elif line.startswith("msgid_plural"):
            current = "plural"
        elif line.startswith("msgstr"):
            strs.append(_unquote(line))
            current = "str"
        elif line.startswith('"') and current == "id":
            msgid += _unquote(line)
        elif line.startswith('"') and current == "str":
            strs[-1] += _unquote(line)
    if msgid:
        entries[msgid] = strs
    return entries


def test_every_message_has_an_english_translation():
    missing = [m for m, strs in _entries().items() if not all(strs)]
    assert missing == []


def test_placeholders_survive_translation():
    pattern = re.compile(r"%\(\w+\)[sd]|%[sd]")
    wrong = [
        m
        for m, strs in _entries().items()
        if any(sorted(pattern.findall(m)) != sorted(pattern.findall(s)) for s in strs[:1])
    ]
    assert wrong == []


def test_compiled_catalogue_matches_the_po_file():
    with (LOCALE / "django.mo").open("rb") as f:
        compiled = gettext.GNUTranslations(f)
    stale = [
        m for m, strs in _entries().items() if len(strs) == 1 and compiled.gettext(m) != strs[0]
    ]
    assert stale == [], "run: msgfmt -o hasshin/locale/en/LC_MESSAGES/django.mo …django.po"
