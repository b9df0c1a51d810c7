"""G5.4 confidential information and G5.5 inappropriate content."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "marker"),
    [
        ("【秘】高田城址公園の有料化について", "【秘】"),
        ("【庁内限り】判断基準を共有します", "【庁内限り】"),
        ("関係者外秘：配置図を共有します", "関係者外秘"),
        ("内部資料につき転載禁止ですが", "内部資料"),
        ("（取扱注意）職員の配置案です", "（取扱注意）"),
    ],
)
def test_g5_4_confidential_markers(found, text: str, marker: str) -> None:
    assert found("confidential.marker", text) == [marker]


def test_g5_4_words_with_hi_are_not_markers(found) -> None:
    assert found("confidential.marker", "秘蔵の古文書を特別公開。謙信公の秘話も紹介。") == []


def test_g5_4_undecided_policy(found) -> None:
    assert found("confidential.undecided", "新しい体育館は現在検討中の案です。")
    assert found("confidential.undecided", "まだ非公表の予定ですが、お知らせします！")
    assert found("confidential.undecided", "組織改編案（未決定）をお知らせします。")


def test_g5_4_public_comment_drafts_are_not_undecided(found) -> None:
    assert found("confidential.undecided", "「活用方針（案）」への意見を募集します。") == []
    assert found("confidential.undecided", "お早めにご検討ください。") == []


def test_g5_5_consecutive_sentences_form_one_finding(found) -> None:
    text = (
        "第2子以降を無償化する検討中の案があります。まだ正式決定ではありませんが、ご期待ください。"
    )
    assert len(found("confidential.undecided", text)) == 1


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        ("content.disrespect", "字も読めない保護者が多いのかと呆れています。"),
        ("content.disrespect", "何度お願いしても車をどかさない人って、ほんとバカなの？"),
        ("content.disrespect", "分別もできないなんて、あほかと思います。"),
        ("content.discrimination", "ベトナム人は時間にルーズなので、早めに伝えています。"),
        ("content.discrimination", "重機の運転は女には無理なので、男性限定です。"),
        ("content.discrimination", "ルール違反が多いのは、だいたいアパートに住む外国人です。"),
        ("content.discrimination", "車いすの方は手間がかかるので参加をご遠慮ください。"),
        ("content.illegal", "国道沿いに路上駐車しても大丈夫です。"),
        ("content.illegal", "経費は多めに書いておけばまずバレません。"),
        ("content.illegal", "少しくらいなら飲んだ後に運転しても大丈夫ですよ。"),
        ("content.rumor", "有名な俳優さんが来るという噂です！"),
        ("content.rumor", "大型ショッピングモールができるらしい！？"),
        ("content.obscene", "胸元がエロい女の子を眺めながら一杯やるのが最高です。"),
        ("content.political", "次の市議選では上越みらい党の候補者に投票しましょう！"),
        ("content.political", "市としては現職知事の再選を期待しています。"),
        ("content.violence", "見つけたら同じ目にあわせてやる。"),
        ("content.violence", "次やったらただじゃおきませんからね。"),
    ],
)
def test_g5_5_inappropriate_content_is_flagged(found, rule: str, text: str) -> None:
    assert found(rule, text), (rule, text)


@pytest.mark.parametrize(
    "text",
    [
        "夏のバカンスは直江津の海へ。",
        "上越らしい風景と素晴らしい夕日。",
        "不法投棄は犯罪です。見つけたら通報してください。",
        "二十歳未満の飲酒は法律で禁止されています。",
        "「除雪車が出動しない」という情報が出回っていますが、事実ではありません。",
        "投票に行きましょう。期日前投票もご利用ください。",
        "外国人住民の皆さん向けに、ごみの出し方ガイドを作りました。",
        "障がいのあるお子さんも安心して過ごせるよう保育士を加配しています。",
        "高齢者の方は無理をせず、外出はご遠慮ください。",
        "エッチング体験教室を開催します。",
        "暴力は犯罪です。殴られたら警察へ。",
        "性別・年齢・経験は問いません。",
    ],
)
def test_g5_5_ordinary_posts_are_not_flagged(check, text: str) -> None:
    assert [f.rule for f in check(text).findings if f.family == "content"] == []
