"""Lexicon entries never fire inside ordinary words (substring matches are bugs)."""

from __future__ import annotations

import pytest

ORDINARY = [
    "のどかな田園風景が広がります。",
    "ボール遊びは広場でお願いします。",
    "夏のバカンスシーズンです。",
    "ヒーローショーを開催します。",
    "ビルの谷間に夕日が沈みます。",
    "裸足で歩ける芝生広場です。",
    "民俗資料館で昔の風俗習慣を紹介します。",
    "ギャラリーで写真展を開催中です。",
    "ボケ防止の体操教室ではありません、健康体操です。",
    "カステラづくり教室を開きます。",
    "殺虫剤の散布を行います。",
    "秘蔵の古文書を公開しています。",
    "上越らしい素晴らしい景色です。",
    "お子さんの健やかな成長を願っています。",
    "市民の皆さん、ご協力ありがとうございました。",
    "クマの出没に注意してください。",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_words_raise_nothing(check, text: str) -> None:
    findings = [f for f in check(text).findings if f.severity != "info"]
    assert findings == [], [(f.rule, f.text) for f in findings]


def test_pack_allow_list_suppresses_a_wording(pack) -> None:
    from hasshin.checks import CheckInput, run_checks

    lex = pack.data.lexicons.model_copy(update={"allow": ["バカ殿"]})
    custom = type(pack)(data=pack.data.model_copy(update={"lexicons": lex}), source="t")
    text = "バカ殿まつりを開催します。"
    assert [f.rule for f in run_checks(CheckInput(text=text), custom).findings] == []


def test_pack_additions_extend_a_lexicon(pack) -> None:
    from hasshin.checks import CheckInput, run_checks

    lex = pack.data.lexicons.model_copy(update={"add": {"content.disrespect": ["あんぽんたん"]}})
    custom = type(pack)(data=pack.data.model_copy(update={"lexicons": lex}), source="t")
    rules = [f.rule for f in run_checks(CheckInput(text="あんぽんたんですね。"), custom).findings]
    assert rules == ["content.disrespect"]
