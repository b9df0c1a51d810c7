"""Per-check state shared by the rules: normalised text, morphemes, sentences, earlier hits."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import regex

from .lexicon import Entry, Lexicon, fold_form
from .model import CheckInput
from .morph import Token, tokenize
from .normalize import NormalizedText
from .registry import Hit

_SENTENCE_END = regex.compile(r"[。！？!?\n]+")
_INFLECTING = ("形容詞", "動詞", "形状詞")
_PASSIVE = frozenset({"れる", "られる"})
_NEEDS_MORPHEMES = regex.compile(
    r"さん|様|さま|ちゃん|くん|君|殿|サン|チャン|クン|氏|容疑者|被告|受刑者|被疑者|らしい|氏名|名前|申請者|申込者|届出人|患者|"
    r"被保険者|受給者|世帯主|保護者名|対象者"
    r"|(?m:^[ \t　]*(?:[0-9]{1,3}[.)）:：]?|[・●○◆■□\-*]|[(（][0-9]{1,3}[)）])[ \t　]*[一-龥])"
)


@dataclass
class CheckContext:
    input: CheckInput
    pack: Any
    text: NormalizedText
    lexicon: Lexicon
    hits: dict[str, list[Hit]] = field(default_factory=dict)
    cache: dict[str, Any] = field(default_factory=dict)

    @property
    def norm(self) -> str:
        return self.text.norm

    @property
    def folded(self) -> str:
        return self.text.folded

    @cached_property
    def tokens(self) -> list[Token]:
        """Morphemes of the sentences that need them (an honorific, a form label, らしい, or a
        lexicon word to align); other sentences are never tokenized, which keeps long posts fast."""
        out: list[Token] = []
        for s, e in self._sentences_needing_morphemes():
            out.extend(tokenize(self.norm[s:e], base=s))
        return out

    def _sentences_needing_morphemes(self) -> list[tuple[int, int]]:
        marks = [m.start() for m in _NEEDS_MORPHEMES.finditer(self.norm)]
        for entry in self.lexicon.word_entries():
            marks.extend(m.start() for m in entry.pattern.finditer(self.folded))
        wanted = sorted({self.sentence_index(p) for p in marks})
        spans: list[tuple[int, int]] = []
        for i in wanted:
            s, e = self.sentences[i]
            if spans and spans[-1][1] == s:
                spans[-1] = (spans[-1][0], e)
            else:
                spans.append((s, e))
        return spans

    @cached_property
    def _token_starts(self) -> list[int]:
        return [t.start for t in self.tokens]

    @cached_property
    def _token_ends(self) -> set[int]:
        return {t.end for t in self.tokens}

    def token_at(self, pos: int) -> Token | None:
        """The morpheme covering norm offset ``pos``."""
        i = bisect.bisect_right(self._token_starts, pos) - 1
        if 0 <= i < len(self.tokens) and self.tokens[i].start <= pos < self.tokens[i].end:
            return self.tokens[i]
        return None

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        """Sentence spans of ``norm``; the closing punctuation belongs to the sentence."""
        spans: list[tuple[int, int]] = []
        pos = 0
        for m in _SENTENCE_END.finditer(self.norm):
            if m.start() > pos:
                spans.append((pos, m.end()))
            pos = m.end()
        if pos < len(self.norm):
            spans.append((pos, len(self.norm)))
        return spans

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s for s, _ in self.sentences]

    def sentence_index(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self._sentence_starts, pos) - 1)

    def sentence_of(self, pos: int) -> tuple[int, int]:
        if not self.sentences:
            return 0, len(self.norm)
        return self.sentences[self.sentence_index(pos)]

    def aligned(self, start: int, end: int) -> bool:
        """A word match must start and end on morpheme boundaries (or inside an inflection)."""
        first = self.token_at(start)
        if first is None or first.start != start:
            return False
        if end in self._token_ends:
            return True
        last = self.token_at(end - 1)
        return last is not None and last.start == start and last.pos[0] in _INFLECTING

    @cached_property
    def _allow_spans(self) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        for term in self.lexicon.allow:
            pos = self.folded.find(term)
            while pos >= 0:
                spans.append((pos, pos + len(term)))
                pos = self.folded.find(term, pos + 1)
        return spans

    def allowed(self, start: int, end: int) -> bool:
        return any(a <= start and end <= b for a, b in self._allow_spans)

    def _all_matches(self, key: str) -> list[tuple[int, int]]:
        cache_key = "lex:" + key
        if cache_key in self.cache:
            return self.cache[cache_key]
        found: set[tuple[int, int]] = set()
        folded = self.folded
        for entry in self.lexicon.get(key):
            if entry.lemma:
                found.update(self._lemma_matches(entry))
                continue
            for m in entry.pattern.finditer(folded, overlapped=True):
                s, e = m.span()
                if s == e or (entry.word and not self.aligned(s, e)) or self.allowed(s, e):
                    continue
                found.add((s, e))
        result = sorted(found)
        self.cache[cache_key] = result
        return result

    def _lemma_matches(self, entry: Entry) -> list[tuple[int, int]]:
        if not entry.pattern.search(self.folded):
            return []
        out = []
        tokens = self.tokens
        for i, tok in enumerate(tokens):
            if fold_form(tok.lemma) not in entry.forms and (
                fold_form(tok.normalized) not in entry.forms
            ):
                continue
            if i + 1 < len(tokens) and tokens[i + 1].lemma in _PASSIVE:
                continue  # 殴られる: a report of what happened, not the wording itself
            if not self.allowed(tok.start, tok.end):
                out.append((tok.start, tok.end))
        return out

    def matches(self, key: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
        """Lexicon matches for ``key`` lying within [start, end) of the folded text."""
        stop = len(self.folded) if end is None else end
        return [(s, e) for s, e in self._all_matches(key) if start <= s and e <= stop]

    def has(self, key: str, start: int = 0, end: int | None = None) -> bool:
        return bool(self.matches(key, start, end))
