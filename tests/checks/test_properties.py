"""Property tests: any input returns, offsets slice the input, no catastrophic backtracking."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hasshin.checks import CheckInput, run_checks
from hasshin.checks.normalize import normalize

JAPANESE = st.sampled_from(
    [
        *"あいうえおカキクケコ漢字市長様さん０１２３４５６７８９－・＠ｶﾞ①㈱ 　\n#/:.-@",
        "090-1234-5678",
        "https://bit.ly/x",
        "上越市木田1-1-3",
        "殴って",
        "噂です",
        "😀",
        "👨‍👩‍👧",
    ]
)
TEXT = st.one_of(st.text(max_size=300), st.lists(JAPANESE, max_size=80).map("".join))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT, platform=st.sampled_from(["x", "instagram", "line", "facebook", "youtube"]))
def test_any_text_checks_and_offsets_slice_the_input(pack, text: str, platform: str) -> None:
    report = run_checks(CheckInput(text=text, platform=platform), pack)
    for f in report.findings:
        assert 0 <= f.start <= f.end <= len(text)
        assert text[f.start : f.end] == f.text
    assert report.stats["characters"] == len(text)


@settings(max_examples=200, deadline=None)
@given(text=TEXT)
def test_normalised_offsets_map_into_the_original(text: str) -> None:
    n = normalize(text)
    assert len(n.norm) == len(n.folded)
    for i in range(len(n.norm)):
        a, b = n.to_original(i, i + 1)
        assert 0 <= a < b <= len(text)


def test_large_input_finishes(pack) -> None:
    chunk = "上越市春日野2丁目5-11の田中さん（090-1234-5678）https://bit.ly/abc 噂です。" * 10
    text = (chunk + "a" * 500 + "0" * 300 + "-" * 300 + "\n") * 40
    text = text[:100_000]
    started = time.perf_counter()
    report = run_checks(CheckInput(text=text, platform="facebook"), pack)
    # Generous bound: this guards against exponential regexes, not a performance target.
    assert time.perf_counter() - started < 60
    assert report.findings


def test_pathological_repetition_finishes(pack) -> None:
    for unit in ("1-", "a.", "ー", "あ", "@a.", "http://a", "丁目1", "#"):
        run_checks(CheckInput(text=unit * 20_000, platform="x"), pack)
