"""G6.2.4 / G6.2.6 / G5.5: links. Each link gets one finding, the most specific one.

Order: ``link.shortener`` (a maintained list plus the pack's ``links.extra_shorteners``), else
``link.obscene`` (host words of adult sites, the pack's ``links.blocked_hosts``), else
``link.untrusted`` (host not ending in one of the pack's ``links.trusted_host_suffixes``;
punycode and look-alikes of trusted hosts are called out in the message).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import regex

from ..context import CheckContext
from ..lexicon import builtin_data
from ..registry import Hit, Rule, register
from .pii import find_emails

_TLDS = (
    "com|net|org|jp|ly|gd|co|io|me|info|xyz|tv|to|cc|gl|at|in|ee|be|biz|site|online|top|club|"
    "app|dev|us|uk|de|fr|tk|ml|ga|cf|gq|ws|la|link|click|live|shop|store|blog|news|tokyo|"
    "nagoya|osaka|niigata|asia|mobi|pro|page|fun|vip|xxx|sex|porn|adult|moe|work|jobs|edu|gov|int"
)
_HOST_CHARS = r"[A-Za-z0-9\p{L}](?:[A-Za-z0-9\p{L}-]{0,62})"
_URL = regex.compile(
    rf"(?:https?://[^\s<>\"'「」『』（）()、。，,！!？]+)"
    rf"|(?<![A-Za-z0-9@._%+-])(?:{_HOST_CHARS}\.)+(?:{_TLDS})(?![A-Za-z0-9-])(?:/[^\s<>\"'「」『』（）()、。，,！!？]*)?",
    regex.IGNORECASE,
)
_OBSCENE_PREFIXES = ("ero", "hentai", "porn", "xxx", "fuzoku", "adult", "sexy")
_TRAILING = ".,:;!?)]}'\"…"


@dataclass(frozen=True)
class Link:
    start: int
    end: int
    host: str
    kind: str  # shortener | obscene | untrusted | trusted
    note: str = ""


def _host_of(url: str) -> str:
    rest = url.split("://", 1)[1] if "://" in url else url
    host = regex.split(r"[/?#]", rest, maxsplit=1)[0]
    host = host.rsplit("@", 1)[-1].split(":", 1)[0]
    return host.lower().rstrip(".")


def _under(host: str, suffix: str) -> bool:
    suffix = suffix.lower().strip()
    if suffix.startswith("."):
        return host.endswith(suffix)
    return host == suffix or host.endswith("." + suffix)


@lru_cache(maxsize=1)
def _builtin_lists() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    data = builtin_data()
    shorteners = frozenset(data["link.shortener"]["hosts"])
    obscene_words = frozenset(data["link.obscene"]["host_words"])
    obscene_tlds = frozenset(data["link.obscene"]["tlds"])
    return shorteners, obscene_words, obscene_tlds


def _obscene_host(host: str, words: frozenset[str], tlds: frozenset[str]) -> bool:
    if host.rsplit(".", 1)[-1] in tlds:
        return True
    for part in regex.split(r"[.-]", host):
        if part in words or any(part.startswith(w) for w in _OBSCENE_PREFIXES):
            return True
    return False


@lru_cache(maxsize=1)
def _path_words() -> frozenset[str]:
    table = builtin_data()["link.obscene"]
    # Host words such as adult or sex are too common in paths (/adult-vaccine/); not used here.
    return frozenset(table.get("path_words", []))


def _obscene_path(url: str, host: str) -> bool:
    """An adult section of a general host: dmm.co.jp/digital/videoa/, example.com/r18/."""
    path = url.lower().split(host, 1)[-1]
    if len(path) < 3:
        return False
    words = _path_words()
    return any(part in words for part in regex.split(r"[/?=&#._+-]", path) if part)


def _classify(host: str, pack: Any) -> tuple[str, str]:
    shorteners, words, tlds = _builtin_lists()
    links = pack.data.links if pack is not None else None
    extra = {h.lower() for h in links.extra_shorteners} if links else set()
    if any(_under(host, s) for s in shorteners | extra):
        return "shortener", ""
    blocked = [h.lower() for h in links.blocked_hosts] if links else []
    if any(_under(host, b) for b in blocked) or _obscene_host(host, words, tlds):
        return "obscene", ""
    trusted = list(links.trusted_host_suffixes) if links else []
    idn = "xn--" in host or not host.isascii()
    if not idn and any(_under(host, t) for t in trusted):
        return "trusted", ""
    note = ""
    if idn:
        note = "punycode"
    elif any(
        t.strip(".").replace(".", "") in host.replace(".", "").replace("-", "") for t in trusted
    ):
        note = "lookalike"
    return "untrusted", note


def find_links(ctx: CheckContext) -> list[Link]:
    if "links" in ctx.cache:
        return ctx.cache["links"]
    emails = [(s, e) for s, e, _ in find_emails(ctx)]
    out: list[Link] = []
    for m in _URL.finditer(ctx.norm):
        s, e = m.span()
        while e > s and ctx.norm[e - 1] in _TRAILING:
            e -= 1
        if any(a <= s < b for a, b in emails):
            continue
        host = _host_of(ctx.norm[s:e])
        if "." not in host:
            continue
        kind, note = _classify(host, ctx.pack)
        if kind in ("untrusted", "trusted") and _obscene_path(ctx.norm[s:e], host):
            kind, note = "obscene", ""
        out.append(Link(s, e, host, kind, note))
    ctx.cache["links"] = out
    return out


class _LinkRule(Rule):
    kind = ""

    def check(self, ctx: CheckContext) -> Iterable[Hit]:
        hits = []
        for link in find_links(ctx):
            if link.kind != self.kind:
                continue
            message = message_en = None
            if link.note == "punycode":
                message = "国際化ドメイン（punycode）のリンクです。正規のサイトか確認してください。"
                message_en = "An internationalised (punycode) host; check it is the genuine site."
            elif link.note == "lookalike":
                message = (
                    "市の公式サイトに似せた別のドメインです。なりすましサイトの可能性があります。"
                )
                message_en = "A host that imitates the city's own domain; possibly a fake site."
            hits.append(Hit(link.start, link.end, message, message_en))
        return hits


@register
class Shortener(_LinkRule):
    """A URL shortener (G6.2.4): the destination cannot be seen before clicking.

    Hosts from the maintained list in ``data/lexicons.toml`` (bit.ly, t.co, tinyurl.com, ow.ly,
    is.gd, buff.ly, x.gd, lin.ee …) plus the pack's ``links.extra_shorteners``; with or
    without ``https://``.
    """

    id = "link.shortener"
    clause = "G6.2.4"
    severity = "error"
    order = 50
    kind = "shortener"
    message_ja = "短縮URLは使用できません。リンク先の正式なURLを記載してください。"
    message_en = "URL shorteners are not allowed; give the full address of the page."


@register
class ObsceneLink(_LinkRule):
    """A link to an adult or obscene site (G5.5), or a host the pack blocks.

    Host words such as ero, hentai, av, fuzoku, porn in the host's labels, adult TLDs (.xxx,
    .sex, .porn, .adult) and the pack's ``links.blocked_hosts``.
    """

    id = "link.obscene"
    clause = "G5.5"
    severity = "error"
    order = 51
    kind = "obscene"
    message_ja = "わいせつなサイトへのリンクです。掲載できません。"
    message_en = "A link to an obscene site; it must not be posted."


@register
class UntrustedLink(_LinkRule):
    """A link to a host outside the trusted list (G6.2.6).

    Trust is by host ending, not registered domain: ``city.joetsu.lg.jp`` trusts that host and
    its subdomains, ``.lg.jp`` every host under lg.jp; ``www.city.joetsu.niigata.jp.evil.net``
    and ``joetsu-lg.jp`` are not trusted. Punycode hosts are never trusted.
    """

    id = "link.untrusted"
    clause = "G6.2.6"
    severity = "error"
    order = 52
    kind = "untrusted"
    message_ja = "信頼できるドメイン以外へのリンクです。リンク先の信頼性を確認してください。"
    message_en = "A link to a host outside the trusted list; make sure the page is trustworthy."
