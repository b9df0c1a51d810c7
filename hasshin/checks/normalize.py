"""A normalised copy of the post for matching, with a map back to the original offsets.

Rules match on ``norm`` (NFKC: full-width digits, ＠ and ASCII become half-width, half-width
kana become full-width; dash and middle-dot variants between digits become ``-``) or on
``folded`` (``norm`` with katakana folded to hiragana and ASCII lower-cased, same length), and
report spans through :meth:`NormalizedText.to_original`, so findings always point into the
text exactly as the operator typed it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# Dashes, minus signs, long-vowel marks and middle dots that people type between digit groups.
_DIGIT_SEPARATORS = frozenset("‐‑‒–—―−ーｰ－・･")
_DIGITS = frozenset("0123456789")
_KATAKANA_START, _KATAKANA_END = 0x30A1, 0x30F6


_NFKC_CACHE: dict[str, str] = {}


def _nfkc_char(ch: str) -> str:
    mapped = _NFKC_CACHE.get(ch)
    if mapped is None:
        mapped = ch if ch.isascii() else unicodedata.normalize("NFKC", ch)
        if len(_NFKC_CACHE) < 65536:
            _NFKC_CACHE[ch] = mapped
    return mapped


def fold_kana(text: str) -> str:
    """Katakana to hiragana and ASCII to lower case; length is preserved."""
    out = []
    for ch in text:
        code = ord(ch)
        if _KATAKANA_START <= code <= _KATAKANA_END:
            out.append(chr(code - 0x60))
        elif "A" <= ch <= "Z":
            out.append(ch.lower())
        else:
            out.append(ch)
    return "".join(out)


@dataclass(frozen=True)
class NormalizedText:
    original: str
    norm: str
    folded: str
    starts: tuple[int, ...]  # original start offset of each norm character
    ends: tuple[int, ...]  # original end offset of each norm character

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of ``norm`` to the original text."""
        n = len(self.norm)
        if n == 0:
            return 0, 0
        start = max(0, min(start, n))
        end = max(start, min(end, n))
        if start == end:
            pos = self.starts[start] if start < n else len(self.original)
            return pos, pos
        return self.starts[start], self.ends[end - 1]

    def original_text(self, start: int, end: int) -> str:
        a, b = self.to_original(start, end)
        return self.original[a:b]


def _is_mark(ch: str) -> bool:
    return ch >= "\u0300" and unicodedata.combining(ch) != 0


def _compose(prev: str, mark: str) -> str | None:
    combined = unicodedata.normalize("NFC", prev + mark)
    return combined if len(combined) == 1 else None


def normalize(text: str) -> NormalizedText:
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for i, ch in enumerate(text):
        mapped = _nfkc_char(ch)
        if len(mapped) == 1 and not (chars and _is_mark(mapped)):
            chars.append(mapped)
            starts.append(i)
            ends.append(i + 1)
            continue
        for k, out in enumerate(mapped):
            if k == 0 and chars and unicodedata.combining(out):
                composed = _compose(chars[-1], out)
                if composed is not None:
                    chars[-1] = composed
                    ends[-1] = i + 1
                    continue
            chars.append(out)
            starts.append(i)
            ends.append(i + 1)
    _unify_digit_separators(chars)
    norm = "".join(chars)
    return NormalizedText(
        original=text,
        norm=norm,
        folded=fold_kana(norm),
        starts=tuple(starts),
        ends=tuple(ends),
    )


def _unify_digit_separators(chars: list[str]) -> None:
    for j in range(1, len(chars) - 1):
        if chars[j] in _DIGIT_SEPARATORS and chars[j - 1] in _DIGITS and chars[j + 1] in _DIGITS:
            chars[j] = "-"
