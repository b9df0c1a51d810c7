"""Accessibility of posts: characters that break on other devices, alt text, plain Japanese."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import regex

from ..context import CheckContext
from ..lexicon import builtin_data
from ..registry import Hit, Rule, register

# 機種依存文字: circled/parenthesised numbers and letters, Roman numerals, squared words and
# units, era ligatures, ℡ and №. Regional indicators (flags) are emoji, not included.
_MACHINE_DEPENDENT = regex.compile(
    r"[\u2460-\u24ff\u2160-\u217f\u2116\u2121\u3200-\u32ff\u3300-\u33ff"
    r"\U0001f100-\U0001f1e5\U0001f200-\U0001f2ff]"
)
_HALFWIDTH_KANA = regex.compile(r"[\uff61-\uff9f]+")
_LONG_SENTENCE = 120


@register
class MachineDependent(Rule):
    """機種依存文字 such as ①, ㈱, ㍻, ℡, ㎞, Ⅱ (accessibility).

    They are read out wrongly by screen readers and may not display on every device; write
    (1), (株), 平成, TEL, km, 2 instead. Each character is one finding.
    """

    id = "access.machine_dependent"
    clause = "accessibility"
    severity = "warning"
    order = 95
    message_ja = "機種依存文字です。環境によって表示されない・読み上げられないことがあります。"
    message_en = "A platform-dependent character; it may not display or be read out correctly."

    def check(self, ctx: CheckContext) -> Iterator[Hit]:
        for m in _MACHINE_DEPENDENT.finditer(ctx.input.text):
            yield Hit(m.start(), m.end(), original=True)


@register
class HalfwidthKana(Rule):
    """半角カナ (accessibility): write katakana full-width.

    Half-width katakana are read out letter by letter by some screen readers and break
    search; each run of them (ｽﾏﾎ, ﾏｲﾅﾝﾊﾞｰｶｰﾄﾞ) is one finding.
    """

    id = "access.halfwidth_kana"
    clause = "accessibility"
    severity = "warning"
    order = 95
    message_ja = "半角カナが使われています。全角カタカナで書いてください。"
    message_en = "Half-width katakana; use full-width katakana."

    def check(self, ctx: CheckContext) -> Iterator[Hit]:
        for m in _HALFWIDTH_KANA.finditer(ctx.input.text):
            yield Hit(m.start(), m.end(), original=True)


@register
class AltTextMissing(Rule):
    """An attached image has no alternative text (accessibility).

    Screen-reader users only learn what the image shows from its alt text; describe what
    matters in the image (who or what, where, any text it contains).
    """

    id = "access.alt_text_missing"
    clause = "accessibility"
    severity = "warning"
    order = 95
    message_ja = "画像に代替テキストがありません。画像の内容を説明する文を入力してください。"
    message_en = "An image has no alt text; describe what it shows."

    def check(self, ctx: CheckContext) -> Iterable[Hit]:
        return [
            Hit(0, 0, whole_post=True, media_index=i)
            for i, item in enumerate(ctx.input.media)
            if not item.alt_text.strip()
        ]


@register
class EasyJapanese(Rule):
    """やさしい日本語 hints (info): hard official words and very long sentences.

    Suggests plainer wording for administrative words from ``data/lexicons.toml``
    (直ちに → すぐに, 速やかに → すぐに …) and points at sentences over 120 characters.
    Advice only; it never blocks approval.
    """

    id = "access.easy_japanese"
    clause = "accessibility"
    severity = "info"
    order = 96
    message_ja = "やさしい日本語のヒント：より分かりやすい言い方を検討してください。"
    message_en = "Plain Japanese hint: consider simpler wording."

    def check(self, ctx: CheckContext) -> Iterator[Hit]:
        section: dict[str, Any] = builtin_data().get("access.easy_japanese", {})
        table: dict[str, str] = section.get("replace", {})
        for s, e in ctx.matches("access.easy_japanese"):
            word = ctx.norm[s:e]
            plain = table.get(word)
            if plain:
                yield Hit(
                    s,
                    e,
                    f"やさしい日本語のヒント：「{word}」は「{plain}」と言い換えられます。",
                    f"Plain Japanese hint: '{word}' could be '{plain}'.",
                )
        for s, e in ctx.sentences:
            if e - s > _LONG_SENTENCE and "http" not in ctx.norm[s:e]:
                yield Hit(
                    s,
                    e,
                    "やさしい日本語のヒント：一文が長いです。文を分けると読みやすくなります。",
                    "Plain Japanese hint: a long sentence; split it up.",
                )
