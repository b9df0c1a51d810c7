"""Service limits, working hours (G6.2.1) and accessibility."""

from __future__ import annotations

from hasshin.checks.rules.platform import hashtags


def test_service_limit_x_counts_cjk_double(check) -> None:
    report = check("あ" * 140, platform="x")
    assert report.stats["length"] == 280
    assert not report.by_rule("platform.too_long")
    assert check("あ" * 141, platform="x").by_rule("platform.too_long")


def test_service_limit_x_counts_urls_as_23(check) -> None:
    report = check(
        "詳しくは https://www.city.joetsu.niigata.jp/site/snow/very/long/path", platform="x"
    )
    assert report.stats["length"] == 4 * 2 + 1 + 23


def test_service_limit_line_counts_utf16_units(check) -> None:
    assert check("😀" * 2500, platform="line").stats["length"] == 5000
    assert check("😀" * 2501, platform="line").by_rule("platform.too_long")


def test_service_limit_youtube_description_bytes_and_title(check) -> None:
    assert check("あ" * 1667, platform="youtube").by_rule("platform.too_long")
    assert not check("あ" * 1666, platform="youtube").by_rule("platform.too_long")
    assert check("動画", platform="youtube", title="t" * 101).by_rule("platform.too_long")


def test_service_limit_instagram_length_and_hashtags(check) -> None:
    assert check("a" * 2201, platform="instagram").by_rule("platform.too_long")
    five = "夜桜 #上越市 #高田 #桜 #夜桜 #お花見"
    assert not check(five, platform="instagram").by_rule("platform.too_many_hashtags")
    assert check(five + " #新潟", platform="instagram").by_rule("platform.too_many_hashtags")
    assert not check(five + " #新潟", platform="x").by_rule("platform.too_many_hashtags")


def test_hashtags_ignore_phone_short_codes_and_urls() -> None:
    assert hashtags("相談は#8000へ https://a.go.jp/#top ＃上越市") == ["＃上越市"]


def test_stats_carry_every_service_length(check) -> None:
    stats = check("こんにちは", platform="facebook").stats
    assert set(stats["lengths"]) >= {"x", "instagram", "line", "facebook", "youtube"}
    assert stats["limit"] == 63206


def test_g6_2_1_outside_hours_is_flagged(check) -> None:
    assert check("おはよう", at="2026-08-04T06:30:00+09:00").by_rule("timing.outside_hours")
    assert check("年始", at="2026-01-02T11:00:00+09:00").by_rule("timing.outside_hours")
    assert check("祝日", at="2026-11-03T10:00:00+09:00").by_rule("timing.outside_hours")
    assert check("夕方", at="2026-02-18T17:15:00+09:00").by_rule("timing.outside_hours")


def test_g6_2_1_working_hours_and_urgent_posts_pass(check) -> None:
    assert not check("通常", at="2026-02-18T17:14:00+09:00").by_rule("timing.outside_hours")
    urgent = check(
        "避難指示", at="2026-07-03T02:15:00+09:00", urgent=True, urgent_reason="避難指示"
    )
    assert not urgent.by_rule("timing.outside_hours")
    assert not check("時刻なし").by_rule("timing.outside_hours")


def test_access_machine_dependent_characters_one_finding_each(found) -> None:
    assert found("access.machine_dependent", "①歩道②車道 ㈱上越 1㎞ ㍻30年 ℡ №3 第Ⅱ期") == [
        "①",
        "②",
        "㈱",
        "㎞",
        "㍻",
        "℡",
        "№",
        "Ⅱ",
    ]


def test_access_halfwidth_kana_runs(found) -> None:
    assert found("access.halfwidth_kana", "ｽﾉｰﾀﾞﾝﾌﾟ と ﾏｲﾅﾝﾊﾞｰｶｰﾄﾞ、カタカナ") == [
        "ｽﾉｰﾀﾞﾝﾌﾟ",
        "ﾏｲﾅﾝﾊﾞｰｶｰﾄﾞ",
    ]


def test_access_alt_text_missing_is_a_warning(check) -> None:
    from hasshin.checks import MediaItem

    report = check(
        "写真", media=(MediaItem(data=b"", alt_text=""), MediaItem(data=b"", alt_text="桜"))
    )
    alt = report.by_rule("access.alt_text_missing")
    assert [f.media_index for f in alt] == [0]
    assert alt[0].severity == "warning"


def test_access_easy_japanese_hints_are_info(check) -> None:
    hints = check("直ちに避難してください。").by_rule("access.easy_japanese")
    assert hints and all(f.severity == "info" for f in hints)
    assert "すぐに" in hints[0].message


def test_instagram_counts_hashtags_written_back_to_back(check) -> None:
    text = "春の上越へ #上越市#春日山#高田城#桜#花見#新潟"
    report = check(text, platform="instagram")
    assert report.by_rule("platform.too_many_hashtags")
    assert report.stats["hashtags"] == 6
