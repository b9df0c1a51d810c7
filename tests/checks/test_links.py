"""G6.2.4 / G6.2.6 / G5.5: one finding per link, the most specific rule."""

from __future__ import annotations


def _links(check, text: str) -> list[tuple[str, str]]:
    return [(f.rule, f.text) for f in check(text).findings if f.rule.startswith("link.")]


def test_g6_2_4_shorteners_with_and_without_scheme(check) -> None:
    assert _links(check, "動画はこちら👇\nhttps://t.co/Jk3dQ9xLmz") == [
        ("link.shortener", "https://t.co/Jk3dQ9xLmz")
    ]
    assert _links(check, "詳細は x.gd/kyoryoku で") == [("link.shortener", "x.gd/kyoryoku")]
    assert _links(check, "速報 ow.ly/kokusei25\n#国勢調査") == [
        ("link.shortener", "ow.ly/kokusei25")
    ]


def test_g6_2_6_trusted_hosts_by_suffix(check) -> None:
    assert _links(check, "https://www.city.joetsu.niigata.jp/site/snow/") == []
    assert _links(check, "https://city.joetsu.lg.jp/e-shinsei/") == []
    assert _links(check, "県 https://www.pref.niigata.lg.jp/sec/tokei/") == []
    assert _links(check, "https://www.jma.go.jp/bosai/map.html#5/37.1/138.2/&elem=all") == []
    assert _links(check, "市ホームページ www.city.joetsu.niigata.jp から") == []


def test_g6_2_6_lookalike_and_foreign_hosts_are_untrusted(check) -> None:
    for url in (
        "https://www.city-joetsu.jp/suido/dansui",
        "https://www.city.joetsu.niigata.jp.joetsu-info.net/present",
        "https://joetsu-lg.jp/stamp-rally/",
        "https://docs.google.com/forms/d/e/1FAIpQLSf3gomiApp/viewform",
    ):
        assert _links(check, f"こちら {url}") == [("link.untrusted", url)]


def test_g6_2_6_punycode_host_is_never_trusted(check) -> None:
    assert _links(check, "https://xn--eckwd4c7c.lg.jp/") == [
        ("link.untrusted", "https://xn--eckwd4c7c.lg.jp/")
    ]


def test_g5_5_obscene_hosts(check) -> None:
    assert _links(check, "写真 https://ero-gazou-matome.com/kenshinsai2026") == [
        ("link.obscene", "https://ero-gazou-matome.com/kenshinsai2026")
    ]
    assert _links(check, "動画はこちら av-sample.xyz/naoetsu") == [
        ("link.obscene", "av-sample.xyz/naoetsu")
    ]


def test_mail_domains_are_not_links(check) -> None:
    assert _links(check, "tokei@city.joetsu.lg.jp / sato.ken@joetsu-farm.co.jp") == []


def test_pack_extra_shorteners_and_blocked_hosts(pack) -> None:
    from hasshin.checks import CheckInput, run_checks

    text = "a https://go.example.jp/x b https://bad.example.com/"
    data = pack.data.model_copy(
        update={
            "links": pack.data.links.model_copy(
                update={"extra_shorteners": ["go.example.jp"], "blocked_hosts": ["bad.example.com"]}
            )
        }
    )
    custom = type(pack)(data=data, source="test")
    rules = [f.rule for f in run_checks(CheckInput(text=text), custom).findings]
    assert rules == ["link.shortener", "link.obscene"]
