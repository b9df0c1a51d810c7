"""Morphological analysis with SudachiPy (sudachidict-core), loaded once per process."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

# SudachiPy refuses inputs over 49,149 bytes; stay well under it per chunk.
_CHUNK_CHARS = 4000
_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class Token:
    surface: str
    start: int
    end: int
    pos: tuple[str, ...]
    lemma: str  # dictionary form (殴っ → 殴る), as Sudachi gives it
    normalized: str = ""  # normalized form (ウザい → うざい, ぶちのめす → 打ちのめす)

    @property
    def is_person_name(self) -> bool:
        return len(self.pos) > 2 and self.pos[2] == "人名"

    @property
    def is_surname(self) -> bool:
        return self.is_person_name and self.pos[3] == "姓"

    @property
    def is_place(self) -> bool:
        return len(self.pos) > 2 and self.pos[2] == "地名"


@lru_cache(maxsize=1)
def _dictionary() -> Any:
    from sudachipy import Dictionary

    return Dictionary(dict="core")


@lru_cache(maxsize=1)
def _tokenizer() -> Any:
    from sudachipy import SplitMode

    return _dictionary().create(SplitMode.C)


@lru_cache(maxsize=4096)
def _pos(pos_id: int) -> tuple[str, ...]:
    return tuple(_dictionary().pos_of(pos_id))


def warm_up() -> None:
    tokenize("上越市の佐藤さん")


def _safe(text: str) -> str:
    # Lone surrogates cannot be encoded for the Rust side; keep lengths identical.
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _chunks(text: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    pos = 0
    while pos < len(text):
        end = min(len(text), pos + _CHUNK_CHARS)
        if end < len(text):
            cut = max(text.rfind("\n", pos, end), text.rfind("。", pos, end))
            if cut > pos:
                end = cut + 1
        out.append((pos, text[pos:end]))
        pos = end
    return out


def tokenize(text: str, base: int = 0) -> list[Token]:
    """Morphemes of ``text``; offsets are shifted by ``base``."""
    tok = _tokenizer()
    tokens: list[Token] = []
    for offset, chunk in _chunks(text):
        offset += base
        safe = _safe(chunk)
        if len(safe) != len(chunk):
            safe = "".join(c if not 0xD800 <= ord(c) <= 0xDFFF else "?" for c in chunk)
        with _lock:
            morphemes = tok.tokenize(safe)
            for m in morphemes:
                tokens.append(
                    Token(
                        surface=m.surface(),
                        start=offset + m.begin(),
                        end=offset + m.end(),
                        pos=_pos(m.part_of_speech_id()),
                        lemma=m.dictionary_form(),
                        normalized=m.normalized_form(),
                    )
                )
    return tokens
