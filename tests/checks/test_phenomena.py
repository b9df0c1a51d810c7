"""Phenomena found on the third labelled set (heldout2), tested in new wording.

Each family below was widened from the miss to the linguistic phenomenon behind it; the
sentences here are written independently of every labelled set. Positives are other members of
the phenomenon, negatives are ordinary municipal posts that share its words.
"""

from __future__ import annotations

import pytest

POSITIVE = {
    "content.disrespect": [
        # Rhetorical questions of contempt.
        "掲示板の注意書きが読めないのか、何度言っても同じ場所に自転車を置く人がいます。",
        "ごみの出し方くらい覚える気がないのでしょうか。",
        # Futility aimed at people.
        "若い人たちに挨拶を期待しても無駄ですね。",
        "あの地区の人には何度説明しても通じません。",
        # Insult vocabulary.
        "去年の担当者は本当にヘタクソでした。",
        "あんな青二才に町の将来は任せられません。",
        "窓口で怒鳴っていた恥知らずな客には驚きました。",
        # Contemptuous labels for people and mockery by comparison.
        "くだらない連中の苦情には付き合っていられません。",
        "自分勝手な住民が多くて困ります。",
        "隣町みたいに道路整備が下手じゃないので安心してください。",
        "雪国の暮らしをナメないでほしいですね。",
        "何様のつもりで窓口に来ているのでしょう。",
    ],
    "content.discrimination": [
        # Stereotyping constructions.
        "外国人ってどうせ日本のごみ出しルールは守れません。",
        "移住者なんかに伝統行事は任せられません。",
        "母子家庭の子はやっぱり勉強が遅れがちなので支援が必要です。",
        # Exclusion and preference.
        "家族向け住宅の入居は、両親のそろったちゃんとした家庭を優先いたします。",
        "力仕事なので女子には向かないため、男子のみ募集します。",
        "ベトナムからの実習生はマナーが悪いので、宿の予約は慎重にご判断ください。",
        # Derogation of disability, education and origin.
        "障がいのある人を受け入れると作業の能率が落ちるので難しいです。",
        "親の学歴が低い家庭が多い地域なので、成績が悪いのも仕方ありません。",
        "あの地区は部落出身の人が多いので、家を買うなら避けたほうがいいでしょう。",
        "キチガイみたいな騒ぎ方をしないでください。",
    ],
    "content.illegal": [
        "ガスのメーターに細工すれば料金がタダになるそうです。",
        "収入を少なめに申告しても、まず調べられないので大丈夫です。",
        "このサイトならアニメが無料で見放題ですよ。",
        "落ち葉は畑で燃やしちゃってOKです。",
        "粗大ごみは夜中にこっそり出しちゃいましょう。",
        "通行止めの柵をくぐれば近道で早いですよ。",
        "申請書の人数を多めに書いても誰も何も言いません。",
        "車検切れの車でも近所なら平気ですよ。",
    ],
    "content.obscene": [
        "ミスコンの写真は胸の谷間がよく見えるアングルを選びました。",
        "人妻ものが好きな方にぴったりの企画です。",
        "浴衣からちら見えする太ももがたまりません。",
        "夜のおかずにちょうどいい写真集ですね。",
        "合コンで気に入った子はそのまま部屋にお持ち帰りしちゃいましょう。",
        "水着コンテストはお色気たっぷりでした。",
        "思わずナニを想像してしまうポスターです。",
        "受付のお姉さんのお尻が丸見えでした。",
    ],
    "content.political": [
        "来月の市長選に向けた総決起集会を開きます。",
        "現市政の刷新をめざして、皆さんのご支援をお願いします。",
        "〇〇党の候補に投票しなければ、道路の予算はつきません。",
        "あの会派は反対のための反対ばかりで無責任です。",
        "共産党の主張なんて信じてはいけません。",
        "自民党を勝たせるしかありません。",
        "野党の言うことなんてでたらめばかりです。",
        "次の市議選では現職を応援してください。",
    ],
    "content.rumor": [
        "駅前のスーパーが閉店するとの情報が入ってきました。",
        "市民プールで事故があったという話が届いています。詳細はまだわかりません。",
        "断水が明日まで続くらしいので、拡散をお願いします。",
        "ネットの書き込みによると、新しい工場ができるそうです。",
        "真相は不明ですが、給食に異物が入っていたそうです。",
        "知人から聞いた話では、来年から有料になるようです。",
        "確証はないけど、橋の工事が遅れているみたいだよ。",
        "市長が辞めるかもしれないらしいけど、本当かどうかはわかりません。",
    ],
    "content.violence": [
        "お前の勤務先はもう突き止めてある。",
        "自宅まで押しかけますから首を洗って待っていてください。",
        "次に騒いだらつまみ出してやるぞ。",
        "こんな施設はぶっ壊してやる。",
        "命が惜しければ二度と来るな。",
        "文句を言う奴は叩き潰す。",
        "あいつを病院送りにしてやる。",
        "こっちは本気です、覚悟しておけ。",
    ],
    "confidential.marker": [
        "秘　人事異動の内示一覧（12月1日時点）",
        "この資料は課内限りでお願いします。",
        "市民には絶対に漏らさないでください。",
        "添付ファイルは外部への持ち出し禁止です。",
        "メールの転送禁止でお願いします。",
        "機密資料のため取扱厳重注意。",
    ],
    "confidential.undecided": [
        "支所の統廃合についてのたたき台がまとまりました。",
        "給食費の改定について原案を作成しました。",
    ],
}

NEGATIVE = [
    "神秘的な雪景色をお楽しみください。",
    "秘めた思いを手紙にする講座です。",
    "郷土の土人形に絵付けをしてみましょう。",
    "同和問題の解消に向けた人権講演会を開催します。差別のない社会を目指しましょう。",
    "外国人の方も無理なく参加できる、やさしい日本語の講座です。",
    "高齢者の方は無理をせず、外出はご遠慮ください。",
    "女子サッカーの全国大会で市内の中学校が優勝しました。",
    "男性の育児休業取得を応援しています。",
    "ごみは収集日の朝8時までに出してください。",
    "ガスメーターの検針員が伺います。",
    "図書館の資料は館内で無料で閲覧できます。",
    "落ち葉や剪定枝の焼却は禁止されています。燃やさず可燃ごみに出してください。",
    "パンのお持ち帰りもできます。",
    "太ももの筋肉を伸ばすストレッチを紹介します。",
    "ビルの谷間から見える夕日がきれいです。",
    "市長選挙の投票日は4月20日です。期日前投票もご利用ください。",
    "選挙の結果は選挙管理委員会のホームページで公表します。",
    "噂やデマに惑わされず、正確な情報は市のホームページでご確認ください。",
    "「バスの本数を増やしてほしい」という声が寄せられました。",
    "使い終わった電池は、回収ボックスへお持ちください。",
    "このように記入してください。",
    "ご協力ください。",
    "市民の皆さんのご意見をお聞かせください。素案への意見を募集しています。",
    "期待してお待ちください。",
    "無断転載禁止（写真の著作権は上越市に帰属します）",
    "天気予報によると、明日は雪になるそうです。",
    "こちらのサイトの動画は無料でご覧いただけます。",
    # Ordinary posts that share words with the widened families.
    "障害のある方を優先してご案内します。",
    "女性限定のヨガ教室、参加者募集中です。",
    "男性のみ対象の健康講座を開きます。",
    "外国人住民の皆さんのための生活相談会を開きます。",
    "障がい者スポーツ大会で市内の選手が活躍しました。",
    "高齢の方は熱中症になりがちです。こまめに水分をとりましょう。",
    "生活保護の申請は福祉課で受け付けています。",
    "糖尿病の重症化予防のための教室です。",
    "妊娠中の方は母子健康手帳を受け取ってください。",
    "刑務所の作業製品の展示即売会を開催します。",
    "クマの目撃情報がありました。近づかないでください。",
    "給食のおかずは地元の野菜を使っています。",
    "ボディソープの詰め替えをご持参ください。",
    "塗装がはげている遊具は使用を中止しています。",
    "お釜で炊いたご飯の試食会です。",
    "ちびっこ広場がオープンしました。",
    "花火大会の会場では、ごみはお持ち帰りください。",
    "期日前投票所は市役所1階です。投票をお願いします。",
    "候補者の政見放送は〇日から始まります。",
    "市議会の各会派の代表質問の日程です。",
    "選挙公報は各戸に配布します。",
    "秘書広報課からのお知らせです。",
    "うわさに惑わされず、市の情報をご確認ください。",
    "詳しくは市のホームページをご覧ください。",
    "このサイトでは市内の観光動画を無料で見放題です。",
    "防波堤の柵を乗り越えるのは危険ですので絶対にやめましょう。",
    "庭でのバーベキューは近所に配慮してください。",
    "落ち葉は燃やさずに可燃ごみに出してください。",
    "市長は「下手な言い訳はしない」と述べました。",
    "何度言っても聞かない子どもたちに、先生は根気強く教えていました。",
    "読み聞かせボランティアの皆さん、いつもありがとうございます。",
    "外国人観光客の皆さんへ、多言語のパンフレットを用意しました。",
    "マナーを守って楽しく利用しましょう。",
    "ローアングルから撮影した高田城の桜です。",
    "夜道は暗いので気をつけてお帰りください。",
    "雪をぶっ飛ばせ！除雪機の実演会です。",
    "住所を特定されないよう、SNSへの投稿には注意しましょう。",
    "韓国や中国からの観光客が増えています。多言語案内を充実させます。",
    "シングルマザーの方への支援制度をご紹介します。",
    "学区の再編について説明会を開きます。",
    "親の学歴と子どもの学力の関係についての講演会です。",
    "女子の部、男子の部に分かれて競技します。",
    "ひとり親家庭の方は児童扶養手当を申請できます。",
    "転送されたメールのURLは開かないでください。",
]


@pytest.mark.parametrize(
    ("rule", "text"),
    [(rule, text) for rule, texts in POSITIVE.items() for text in texts],
)
def test_phenomenon_member_is_flagged(found, rule: str, text: str) -> None:
    assert found(rule, text), (rule, text)


@pytest.mark.parametrize("text", NEGATIVE)
def test_ordinary_post_sharing_words_is_not_flagged(check, text: str) -> None:
    flagged = [(f.rule, f.text) for f in check(text).findings if f.severity != "info"]
    assert flagged == [], flagged


@pytest.mark.parametrize("rule", [r for r in POSITIVE if r.startswith("content.")])
def test_each_content_phenomenon_has_eight_members(rule: str) -> None:
    assert len(POSITIVE[rule]) >= 8


# ---------------------------------------------------------------- personal information


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("【送付先】\n・森 和也 様\n・川端 千尋 様", "森 和也"),
        ("名簿\n1 高橋 由紀 上越市寺町2丁目3-4\n2 野村 聡 上越市本町5丁目6-7", "高橋 由紀"),
        ("(1) 今村 さやか 090-1111-2222", "今村 さやか"),
    ],
)
def test_names_in_roster_lines_and_spaced_honorifics(found, text: str, name: str) -> None:
    assert name in found("pii.person_name", text)


@pytest.mark.parametrize(
    "text",
    [
        "移住した山本さんご一家の暮らしを紹介します。",
        "農園を営む田中さんご夫婦にお話を伺いました。",
        "1 開会\n2 市長あいさつ\n3 議事",
    ],
)
def test_households_and_agendas_are_not_names(found, text: str) -> None:
    assert found("pii.person_name", text) == []


def test_residence_cue_before_an_address(found) -> None:
    text = "取材したご夫婦のお家はこちら 上越市南城町2丁目5-8 ぜひ訪ねてみて！"
    assert found("pii.address", text) == ["上越市南城町2丁目5-8"]


def test_a_sample_form_has_no_personal_data(check) -> None:
    text = "【記入例】\n氏名：上越 花子\n生年月日：平成2年5月6日\n住所：上越市本城町3丁目2-1"
    rules = {f.rule for f in check(text).findings}
    assert not rules & {"pii.birthdate", "pii.address", "pii.person_name"}


def test_a_real_form_used_as_sample_still_counts(found) -> None:
    text = "記入例です（実際の申請者の書類を使っています）。生年月日：昭和50年1月2日"
    assert found("pii.birthdate", text)


@pytest.mark.parametrize("label", ["受付番号", "お客様番号", "法人番号", "注文番号"])
def test_other_labelled_numbers_are_not_my_number(found, label: str) -> None:
    # 2026 0715 0123 has a valid check digit; its label says what kind of number it is.
    assert found("pii.my_number", f"{label} 202607150123 の件でご連絡します。") == []


def test_my_number_label_still_wins(found) -> None:
    assert found("pii.my_number", "個人番号 202607150123 をお控えください。")


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("ボランティアの木村花子さん、ありがとう！心臓の病気は落ち着きましたか？", "心臓の病気"),
        ("〇〇小学校の5年生女子児童が補導されました。", "補導"),
        ("生活保護費を受け取っていない方は次のとおりです。\n・中田 一郎 様", "生活保護費"),
        ("森下和夫さん（72）は糖尿病で通院しています。", "糖尿病"),
        ("近所の石川さんの娘さんは妊娠中だそうです。", "妊娠"),
    ],
)
def test_sensitive_facts_near_a_person(found, text: str, fact: str) -> None:
    assert any(fact in f for f in found("pii.sensitive", text)), found("pii.sensitive", text)


@pytest.mark.parametrize(
    "text",
    [
        "一人暮らしの高齢者の皆さんへ、見守りサービスのご案内です。",
        "糖尿病予防教室を開きます。講師は市の保健師です。",
        "ひとり暮らしの吉川トシさん（90）に、町内会からお花を届けました。",
    ],
)
def test_no_sensitive_fact_without_a_person_or_a_fact(found, text: str) -> None:
    assert found("pii.sensitive", text) == []


@pytest.mark.parametrize(
    ("url", "rule"),
    [
        ("https://www.dmm.co.jp/digital/videoc/-/detail/", "link.obscene"),
        ("https://example.com/r18/gallery", "link.obscene"),
        ("https://example.com/adult-vaccine/info", "link.untrusted"),
        ("https://example.com/nsfw/pics", "link.obscene"),
    ],
)
def test_adult_sections_of_general_hosts(check, url: str, rule: str) -> None:
    rules = [f.rule for f in check(f"詳しくはこちら {url}").findings if f.rule.startswith("link.")]
    assert rules == [rule]
