"""X (Twitter) weighted length, twitter-text v3 rules with discounted emoji.

Configuration v3: scale 100, default weight 200, weight 100 for code points in 0–4351,
8192–8205, 8208–8223 and 8242–8247; every URL counts as 23; every emoji sequence counts as 2;
the text is NFC-normalised first; 280 is the maximum. Checked against X's own conformance suite
(``WeightedTweetsWithDiscountedEmojiCounterTest``) in tests/checks/test_twitter_text.py.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import regex

MAX_WEIGHTED_LENGTH = 280
SCALE = 100
DEFAULT_WEIGHT = 200
URL_LENGTH = 23
_RANGES = ((0, 4351, 100), (8192, 8205, 100), (8208, 8223, 100), (8242, 8247, 100))
_INVALID = frozenset("\ufffe\ufeff\uffff")

_TLDS = (
    "com|net|org|edu|gov|mil|int|info|biz|name|pro|jp|co|ly|gd|io|me|tv|to|cc|gl|at|in|ee|be|"
    "us|uk|de|fr|it|es|nl|ru|cn|kr|tw|hk|au|ca|br|mx|xyz|site|online|top|club|app|dev|link|"
    "live|shop|store|blog|news|tokyo|asia|mobi|page|fun|vip|xxx|sex|porn|adult|moe|work|jobs"
)
_PATH_CHARS = r"[a-z0-9\u00c0-\u024f\u0400-\u04ff!*';:=+,.$/%#\[\]\-\u2013_~&|@()]"
_PATH_END = r"[a-z0-9\u00c0-\u024f\u0400-\u04ff=_#/+\-()]"
_LABEL = r"[\p{L}\p{N}_](?:[\p{L}\p{N}_-]*[\p{L}\p{N}_])?"
_URL = regex.compile(
    rf"(?P<proto>https?://)(?P<host>(?:{_LABEL}\.)+{_LABEL})(?::[0-9]{{1,5}})?"
    rf"(?P<path>/(?:{_PATH_CHARS}*{_PATH_END})?)?"
    rf"|(?<![\p{{L}}\p{{N}}@.\-_/])(?P<bare>(?:[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?\.)+(?:{_TLDS}))"
    rf"(?![a-z0-9])(?P<bpath>/(?:{_PATH_CHARS}*{_PATH_END})?)?",
    regex.IGNORECASE,
)
_CLUSTER = regex.compile(r"\X")
_EMOJI_CHAR = regex.compile(r"[\p{Extended_Pictographic}\p{Regional_Indicator}\u20e3\ufe0f]")


@dataclass(frozen=True)
class TweetParse:
    weighted_length: int
    valid: bool
    permillage: int


def _label_ok(label: str) -> bool:
    if not label or label.startswith("-") or label.endswith("-"):
        return False
    if label.isascii():
        return len(label) <= 63
    try:
        encoded = codecs.encode(label, "punycode")
    except UnicodeError:
        return False
    return len(encoded) + 4 <= 63


def extract_url_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _URL.finditer(text):
        host = m.group("host") or m.group("bare") or ""
        if all(_label_ok(label) for label in host.split(".")):
            spans.append(m.span())
    return spans


def _is_emoji(cluster: str) -> bool:
    return bool(_EMOJI_CHAR.search(cluster))


def _char_weight(ch: str) -> int:
    code = ord(ch)
    for lo, hi, weight in _RANGES:
        if lo <= code <= hi:
            return weight
    return DEFAULT_WEIGHT


_LIGHT = regex.compile(r"[\u0000-\u10ff\u2000-\u200d\u2010-\u201f\u2032-\u2037]+")


def _segment_weight(segment: str) -> tuple[int, bool]:
    """Weight of text without URLs; fast when it holds no emoji."""
    if _EMOJI_CHAR.search(segment) is None:
        heavy = len(_LIGHT.sub("", segment))
        valid = not any(c in segment for c in _INVALID)
        return (len(segment) - heavy) * 100 + heavy * DEFAULT_WEIGHT, valid
    total, valid, pos = 0, True, 0
    while pos < len(segment):
        m = _CLUSTER.match(segment, pos)
        cluster = m.group() if m else segment[pos]
        if _is_emoji(cluster):
            total += DEFAULT_WEIGHT
        else:
            for ch in cluster:
                valid = valid and ch not in _INVALID
                total += _char_weight(ch)
        pos += len(cluster)
    return total, valid


@lru_cache(maxsize=256)
def parse_tweet(text: str) -> TweetParse:
    text = unicodedata.normalize("NFC", text)
    total, pos = 0, 0
    valid = bool(text.strip())
    for start, end in extract_url_spans(text):
        weight, ok = _segment_weight(text[pos:start])
        total += weight + URL_LENGTH * SCALE
        valid = valid and ok
        pos = end
    weight, ok = _segment_weight(text[pos:])
    total += weight
    valid = valid and ok
    weighted = total // SCALE
    valid = valid and weighted <= MAX_WEIGHTED_LENGTH
    return TweetParse(weighted, valid, weighted * 1000 // MAX_WEIGHTED_LENGTH)


def weighted_length(text: str) -> int:
    return parse_tweet(text).weighted_length
