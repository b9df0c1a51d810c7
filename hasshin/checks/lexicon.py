"""Lexicons: data files of words and phrase patterns per rule, extendable by the policy pack.

``data/lexicons.toml`` has one table per rule id (or helper list), each with

* ``words``: plain words. A match must start on a morpheme boundary and end on one, or end
  inside an inflected word that starts where the match starts (エロ → エロい). So バカ does not
  fire inside バカンス and のど does not fire inside のどか.
* ``phrases``: regular expressions (``regex`` module) for longer wordings; these already carry
  their own context and are matched as they are.

Everything is matched on the kana-folded normalised text (katakana → hiragana, NFKC), and the
patterns are folded the same way when loaded, so ｴﾛ, エロ and えろ are one entry. The pack's
``lexicons.add`` appends words to a rule; ``lexicons.allow`` lists wordings that never fire.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import regex

from .normalize import fold_kana, normalize

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Entry:
    pattern: Any  # compiled regex
    word: bool
    source: str


@dataclass(frozen=True)
class Lexicon:
    entries: dict[str, tuple[Entry, ...]]
    allow: tuple[str, ...]

    def get(self, key: str) -> tuple[Entry, ...]:
        return self.entries.get(key, ())


def _fold(term: str) -> str:
    return fold_kana(normalize(term).norm)


def _fold_pattern(pattern: str) -> str:
    # Only katakana → hiragana: NFKC or lower-casing would change regex syntax (（ → (, \S → \s).
    return "".join(chr(ord(c) - 0x60) if 0x30A1 <= ord(c) <= 0x30F6 else c for c in pattern)


def _compile(term: str, word: bool) -> Entry:
    pattern = regex.escape(_fold(term)) if word else _fold_pattern(term)
    return Entry(pattern=regex.compile(pattern), word=word, source=term)


@lru_cache(maxsize=1)
def builtin_data() -> dict[str, dict[str, list[str]]]:
    with (DATA_DIR / "lexicons.toml").open("rb") as fh:
        return tomllib.load(fh)


@lru_cache(maxsize=32)
def build_lexicon(
    additions: tuple[tuple[str, tuple[str, ...]], ...] = (), allow: tuple[str, ...] = ()
) -> Lexicon:
    data = builtin_data()
    entries: dict[str, list[Entry]] = {}
    for key, table in data.items():
        items = entries.setdefault(key, [])
        items.extend(_compile(w, True) for w in table.get("words", []))
        items.extend(_compile(p, False) for p in table.get("phrases", []))
    for key, words in additions:
        entries.setdefault(key, []).extend(_compile(w, True) for w in words)
    return Lexicon(
        entries={k: tuple(v) for k, v in entries.items()},
        allow=tuple(_fold(a) for a in allow if a.strip()),
    )


def lexicon_for_pack(pack: Any) -> Lexicon:
    if pack is None:
        return build_lexicon()
    lex = pack.data.lexicons
    additions = tuple(sorted((k, tuple(v)) for k, v in lex.add.items()))
    return build_lexicon(additions, tuple(lex.allow))
