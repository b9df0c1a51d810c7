from __future__ import annotations

from hasshin.checks.normalize import normalize


def test_full_width_digits_and_at_sign_normalise_with_offsets() -> None:
    n = normalize("電話０９０－１２３４　＠ｶﾞｲﾄﾞ")
    assert n.norm == "電話090-1234 @ガイド"
    start = n.norm.index("ガ")
    assert n.original_text(start, start + 3) == "ｶﾞｲﾄﾞ"


def test_middle_dot_between_digits_becomes_hyphen() -> None:
    assert normalize("070・2218・6640").norm == "070-2218-6640"
    assert normalize("国・県").norm == "国・県"


def test_expanding_characters_keep_the_map() -> None:
    n = normalize("㍻30年")
    assert n.norm == "平成30年"
    assert n.to_original(0, 2) == (0, 1)


def test_folded_text_is_hiragana_and_lower_case() -> None:
    assert normalize("エロHTTP").folded == "えろhttp"
