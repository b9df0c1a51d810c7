"""Service limits: each service counts length its own way (X weighted, LINE in UTF-16 …)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import regex

from ..context import CheckContext
from ..registry import Hit, Rule, register
from ..twitter_text import parse_tweet


def _chars(text: str) -> int:
    return len(text)


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _utf8(text: str) -> int:
    return len(text.encode("utf-8"))


def _x(text: str) -> int:
    return parse_tweet(text).weighted_length


# service → (counter, limit, unit)
LIMITS: dict[str, tuple[Callable[[str], int], int, str]] = {
    "x": (_x, 280, "weighted"),
    "instagram": (_chars, 2200, "characters"),
    "line": (_utf16, 5000, "utf16"),
    "facebook": (_chars, 63206, "characters"),
    "youtube": (_utf8, 5000, "bytes"),
    "tiktok": (_chars, 4000, "characters"),
}
YOUTUBE_TITLE_LIMIT = 100
INSTAGRAM_MAX_HASHTAGS = 5
# A hashtag starts after a non-word character; tags written back to back (#上越#春日山) are
# each a hashtag, as Instagram counts them.
_TAG = r"[#＃](?![\ufe0f\u20e3])[\p{L}\p{N}\p{M}_ー]+"
_HASHTAG_RUN = regex.compile(rf"(?<![\p{{L}}\p{{N}}_&/])(?:{_TAG})+")
_ONE_TAG = regex.compile(_TAG)


def hashtags(text: str) -> list[str]:
    return [
        tag.group() for run in _HASHTAG_RUN.finditer(text) for tag in _ONE_TAG.finditer(run.group())
    ]


def compute_stats(ctx: CheckContext) -> dict[str, Any]:
    text = ctx.input.text
    lengths = {service: counter(text) for service, (counter, _limit, _unit) in LIMITS.items()}
    platform = ctx.input.platform
    counter_limit = LIMITS.get(platform)
    stats: dict[str, Any] = {
        "platform": platform,
        "length": lengths.get(platform, len(text)),
        "limit": counter_limit[1] if counter_limit else None,
        "unit": counter_limit[2] if counter_limit else "characters",
        "characters": len(text),
        "lengths": lengths,
        "hashtags": len(hashtags(text)),
    }
    if platform == "youtube":
        stats["title_length"] = len(ctx.input.title)
        stats["title_limit"] = YOUTUBE_TITLE_LIMIT
    return stats


@register
class TooLong(Rule):
    """Longer than the target service allows (service limit).

    X: 280 weighted (twitter-text v3: CJK 2, URL 23, any emoji sequence 2); Instagram 2,200
    characters; LINE 5,000 UTF-16 code units; Facebook 63,206 characters; YouTube description
    5,000 bytes (UTF-8) and title 100 characters; TikTok 4,000 characters.
    """

    id = "platform.too_long"
    clause = "service limit"
    severity = "error"
    order = 80
    message_ja = "投稿先サービスの文字数制限を超えています。"
    message_en = "Longer than the service allows."

    def check(self, ctx: CheckContext) -> Iterable[Hit]:
        platform = ctx.input.platform
        hits = []
        if platform in LIMITS:
            counter, limit, unit = LIMITS[platform]
            length = counter(ctx.input.text)
            if length > limit:
                hits.append(
                    Hit(
                        0,
                        0,
                        f"{platform} の上限（{limit:,} {unit}）を超えています（{length:,}）。",
                        f"Over the {platform} limit of {limit:,} {unit} ({length:,}).",
                        whole_post=True,
                    )
                )
        if platform == "youtube" and len(ctx.input.title) > YOUTUBE_TITLE_LIMIT:
            hits.append(
                Hit(
                    0,
                    0,
                    f"YouTube のタイトルが上限（{YOUTUBE_TITLE_LIMIT}文字）を超えています。",
                    f"The YouTube title is over {YOUTUBE_TITLE_LIMIT} characters.",
                    whole_post=True,
                    media_index=-1,
                )
            )
        return hits


@register
class TooManyHashtags(Rule):
    """Instagram: more than 5 hashtags in one post (service limit)."""

    id = "platform.too_many_hashtags"
    clause = "service limit"
    severity = "error"
    order = 80
    message_ja = "Instagram のハッシュタグは5個までです。"
    message_en = "Instagram allows at most 5 hashtags."

    def check(self, ctx: CheckContext) -> Iterable[Hit]:
        if ctx.input.platform != "instagram":
            return []
        count = len(hashtags(ctx.input.text))
        if count <= INSTAGRAM_MAX_HASHTAGS:
            return []
        return [
            Hit(
                0,
                0,
                f"Instagram のハッシュタグは5個までです（{count}個）。",
                f"Instagram allows at most 5 hashtags ({count}).",
                whole_post=True,
            )
        ]
