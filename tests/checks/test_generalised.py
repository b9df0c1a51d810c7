"""Grammatical constructions behind the content and undecided-policy rules (G5.4, G5.5).

Each case is worded independently of the labelled sets: a construction (a rhetorical
"can't even" question, a concessive "even with a fence", a hearsay frame, a policy change
"expected") rather than a wording copied from a post.
Negatives are ordinary municipal sentences sharing words with the construction.
"""

from __future__ import annotations

import pytest

POSITIVE = [
    ("content.disrespect", "ゴミの分け方すら分からないんでしょうか。"),
    ("content.disrespect", "頭の弱い落書きはもうやめてください。"),
    ("content.disrespect", "あそこの人たちって駐車が下手すぎません？笑"),
    ("content.disrespect", "会議で的外れな発言しかしない委員の皆さまの珍回答集です（笑）"),
    ("content.disrespect", "勝手に花壇に入るな！"),
    ("content.disrespect", "とっとと帰れ。"),
    ("content.disrespect", "傘くらい自分で片付けられないんですか？"),
    ("content.disrespect", "あの係の職員は本当に使い物にならない。"),
    ("content.disrespect", "券売機の使い方もわからない客が多くて疲れます。"),
    ("content.illegal", "壊れた自転車は林道の脇に置いていけば処分費用がかかりません。"),
    ("content.illegal", "定期券なしでも、改札に人がいない時間なら平気です。"),
    ("content.illegal", "揚げ物の油は排水口に流せば手間いらずです。"),
    ("content.obscene", "女子更衣室がのぞける穴を見つけました。"),
    ("content.obscene", "受付の人のミニスカートがたまりません。"),
    ("content.rumor", "来週から給食が止まると誰かが言っていました。"),
    ("content.discrimination", "外国籍の家庭が多い学区は学力が下がるので避けたいです。"),
    ("content.violence", "あいつの車に石を投げてやりたい。"),
    ("content.political", "この町を変えられるのは○○党しかありません。"),
    ("confidential.undecided", "支所の統合は、まだ庁内の議論の途中です。"),
    ("confidential.undecided", "新しい公園の名前は今のところ案にすぎません。"),
    ("content.disrespect", "列に割り込んできた客は本当に横柄だった。"),
    ("content.disrespect", "あの住民たちはずるくて卑怯です。"),
    ("content.disrespect", "敬語すら知らない職員に対応されました。"),
    ("content.illegal", "使い終わった灯油は側溝に流してしまえば片付きます。"),
    ("content.illegal", "有料の映画を海外サイトからダウンロードしました。皆さんも見られますよ。"),
    ("content.illegal", "所得は少なめに申告するのがコツです。"),
    ("confidential.undecided", "敬老祝金の見直しは、庁内で詰めている最中です。"),
    ("confidential.undecided", "温水プールの廃止は、まだ公表できません。"),
    ("content.disrespect", "河原でバーベキューする大学生どもは片付けもしない。"),
    ("content.disrespect", "自治会の当番ひとつできない住民が多すぎます。"),
    ("content.illegal", "ビール一杯くらいなら運転しても平気です。"),
    ("content.illegal", "歩道に車を停めても怒られないですよ。"),
    ("content.illegal", "他人の山でもタケノコを採っていいんです、誰にも気づかれません。"),
    ("content.obscene", "大人の出会いを探すなら夏祭りがおすすめ。"),
    ("content.rumor", "テレビで見たんですが、あの店は潰れるとか。"),
    ("content.discrimination", "あの国の人は約束の時間に遅れてしまうので困ります。"),
    ("content.violence", "次に見かけたらバットで追い返してやります。"),
    ("content.political", "今度の選挙は新人の方に投票したほうがいいですよ。"),
    ("confidential.undecided", "公民館の統合は、調整の最終段階にあります。"),
    ("confidential.undecided", "体育館の建て替え方針が固まりつつあります。"),
    ("content.illegal", "禁止の看板が出ていても、夜ならちょっとくらいなら平気です。"),
    ("content.illegal", "屋根から下ろした雪は側溝へ押し出してしまえば楽ですよ。"),
    ("content.illegal", "カラスは空気銃で撃つのが一番早いです。"),
    ("content.illegal", "ライブのチケットは高く売ればお小遣いになります。"),
    ("content.discrimination", "外国籍の人は地域になじみにくいので、自治会の役員は対象外です。"),
    ("content.discrimination", "あの地区の出身者は昔から素行が悪いと言われます。"),
    ("content.rumor", "裏は取れていませんが、駅前のスーパーが閉店すると聞きました。"),
    ("content.rumor", "市内の某病院で院長が辞めたと、商店街の間で言われているそうです。"),
    ("content.obscene", "海水浴場のビキニの女の子に見とれてしまいました。"),
    ("content.obscene", "今夜はホテルで一緒に過ごしたいな。続きはDMで。"),
    ("content.violence", "これ以上しつこいなら、こっちも黙っていないぞ。"),
    ("content.violence", "あいつの車を見つけたら壊してやりたい。"),
    ("content.political", "地域のことを分かっているのは現職候補のほうだと思います。"),
    ("confidential.undecided", "北部の二つの小学校は来年度末で統合される見通しです。"),
    ("confidential.undecided", "内部の検討資料によれば、バス路線の再編が進んでいます。"),
    ("confidential.undecided", "庁舎の建て替えを検討しています。まだ決まっていませんが。"),
    ("confidential.undecided", "図書館の民営化はまだ正式決定前の段階です。"),
]

NEGATIVE = [
    "自転車の放置は禁止されています。駐輪場をご利用ください。",
    "定期券の販売窓口の時間が変わります。",
    "揚げ物の油は固めて燃やすごみに出してください。",
    "更衣室とシャワー室を改修しました。",
    "学力向上のための学習支援を行っています。",
    "公園の名前の候補を募集しています。",
    "利用者の皆様にはご迷惑をおかけします。",
    "側溝に落ち葉を流さないでください。",
    "海外サイトからの不審なメールにご注意ください。皆さんも気をつけましょう。",
    "工事は順調に進んでいます。",
    "子どもは入場無料です。私どもの職員がご案内します。",
    "子育て世代向けの講座を開きます。早めにお申し込みください。",
    "女の人も男の人も参加できる料理教室です。",
    "防犯カメラの映像を確認したところ、けが人はいませんでした。",
    "方針が固まり次第、市報でお知らせします。",
    "申込書にご記入のうえ、窓口までお越しください。",
    "離婚協議中の方は、子ども家庭課へご相談ください。",
    "ご検討されている方は、説明会へお越しください。",
    "日程は調整中です。決まり次第お知らせします。",
    "4月から下水道使用料が1割程度上がる見通しです。",
    "柵を乗り越えないでください。転落の危険があります。",
    "雪を道路に出すことは法律で禁止されています。",
    "101歳の今も元気に畑仕事をされているそうです。",
    "市民プール、今年も子どもたちでにぎわいました。",
    "窓口でおかしな質問をしてしまいました（笑）",
    "選挙の投票日は10月5日です。期日前投票もご利用ください。",
    "犬のしつけ教室を開きます。申込は動物愛護センターまで。",
    "公式サイトから無料で資料をダウンロードできます。",
]


@pytest.mark.parametrize(("rule", "text"), POSITIVE)
def test_construction_is_flagged(found, rule: str, text: str) -> None:
    assert found(rule, text), (rule, text)


@pytest.mark.parametrize("text", NEGATIVE)
def test_ordinary_sentence_is_not_flagged(check, text: str) -> None:
    flagged = [
        (f.rule, f.text) for f in check(text).findings if f.family in ("content", "confidential")
    ]
    assert flagged == [], flagged
