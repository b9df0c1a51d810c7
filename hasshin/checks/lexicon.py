"""Lexicons: data files of words and phrase patterns per rule, extendable by the policy pack.

``data/lexicons.toml`` has one table per rule id (or helper list), each with

* ``words``: plain words. A match must start on a morpheme boundary and end on one, or end
  inside an inflected word that starts where the match starts (エロ → エロい). So バカ does not
  fire inside バカンス and のど does not fire inside のどか.
* ``phrases``: regular expressions (``regex`` module) for longer wordings; these already carry
  their own context and are matched as they are.
* ``lemmas``: dictionary forms (殴る, うざい, 見下す). A morpheme matches when its Sudachi
  dictionary form or normalized form is one of them, so every conjugation is covered (殴っ,
  殴ろう, ウザかっ) without listing surfaces. Passive forms (殴られる) are not matches: a
  report of what was done to someone is not the wording itself. A sentence is tokenized only
  when the stem of a lemma (殴, うざ) occurs in it.

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
    pattern: Any  # compiled regex (for lemma entries: the stems that make tokenizing worth it)
    word: bool
    source: str
    forms: frozenset[str] = frozenset()  # lemma entries: folded dictionary/normalized forms

    @property
    def lemma(self) -> bool:
        return bool(self.forms)


@dataclass(frozen=True)
class Lexicon:
    entries: dict[str, tuple[Entry, ...]]
    allow: tuple[str, ...]

    def get(self, key: str) -> tuple[Entry, ...]:
        return self.entries.get(key, ())

    def word_entries(self) -> tuple[Entry, ...]:
        return self._words

    @property
    def _words(self) -> tuple[Entry, ...]:
        cached = self.__dict__.get("_word_cache")
        if cached is None:
            cached = tuple(
                e for entries in self.entries.values() for e in entries if e.word or e.lemma
            )
            self.__dict__["_word_cache"] = cached
        return cached


def _fold(term: str) -> str:
    return fold_kana(normalize(term).norm)


def _fold_pattern(pattern: str) -> str:
    # Only katakana → hiragana: NFKC or lower-casing would change regex syntax (（ → (, \S → \s).
    return "".join(chr(ord(c) - 0x60) if 0x30A1 <= ord(c) <= 0x30F6 else c for c in pattern)


def _compile_group(terms: list[str], word: bool) -> Entry | None:
    """One alternation per rule and kind: far cheaper to compile and to run than one per term."""
    if word:
        parts = sorted({regex.escape(_fold(t)) for t in terms if t.strip()}, key=len, reverse=True)
    else:
        parts = [f"(?:{_fold_pattern(t)})" for t in terms if t.strip()]
    if not parts:
        return None
    return Entry(pattern=regex.compile("|".join(parts)), word=word, source=f"{len(parts)} terms")


_INFLECTION_ENDINGS = frozenset("うくぐすつぬぶむるい")


def _stem(form: str) -> str:
    """The part of a dictionary form every conjugation keeps: 殴る → 殴, うざい → うざ."""
    if len(form) > 1 and form[-1] in _INFLECTION_ENDINGS:
        return form[:-1]
    return form


def _compile_lemmas(terms: list[str]) -> Entry | None:
    forms = frozenset(_fold(t) for t in terms if t.strip())
    if not forms:
        return None
    stems = sorted({regex.escape(_stem(f)) for f in forms}, key=len, reverse=True)
    return Entry(
        pattern=regex.compile("|".join(stems)),
        word=False,
        source=f"{len(forms)} lemmas",
        forms=forms,
    )


@lru_cache(maxsize=8192)
def fold_form(form: str) -> str:
    return _fold(form)


@lru_cache(maxsize=1)
def builtin_data() -> dict[str, dict[str, Any]]:
    with (DATA_DIR / "lexicons.toml").open("rb") as fh:
        return tomllib.load(fh)


@lru_cache(maxsize=32)
def build_lexicon(
    additions: tuple[tuple[str, tuple[str, ...]], ...] = (), allow: tuple[str, ...] = ()
) -> Lexicon:
    data = builtin_data()
    words: dict[str, list[str]] = {}
    phrases: dict[str, list[str]] = {}
    lemmas: dict[str, list[str]] = {}
    for key, table in data.items():
        words.setdefault(key, []).extend(table.get("words", []))
        phrases.setdefault(key, []).extend(table.get("phrases", []))
        lemmas.setdefault(key, []).extend(table.get("lemmas", []))
    for key, extra in additions:
        words.setdefault(key, []).extend(extra)
    entries: dict[str, tuple[Entry, ...]] = {}
    for key in words.keys() | phrases.keys():
        compiled = (
            _compile_group(words.get(key, []), True),
            _compile_group(phrases.get(key, []), False),
            _compile_lemmas(lemmas.get(key, [])),
        )
        entries[key] = tuple(e for e in compiled if e is not None)
    return Lexicon(
        entries=entries,
        allow=tuple(_fold(a) for a in allow if a.strip()),
    )


def lexicon_for_pack(pack: Any) -> Lexicon:
    if pack is None:
        return build_lexicon()
    lex = pack.data.lexicons
    additions = tuple(sorted((k, tuple(v)) for k, v in lex.add.items()))
    return build_lexicon(additions, tuple(lex.allow))
