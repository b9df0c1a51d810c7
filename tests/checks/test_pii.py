"""G5.3: personal information of private individuals."""

from __future__ import annotations

import pytest

from hasshin.checks.rules.pii import is_valid_my_number


def test_g5_3_private_mobile_number_is_flagged(found) -> None:
    assert found("pii.phone", "詳しくは実行委員（090-2231-8874）まで") == ["090-2231-8874"]


def test_g5_3_full_width_and_dotted_phones_are_flagged(found) -> None:
    assert found("pii.phone", "連絡先：０８０－６６１２－３０７９") == [
        "０８０－６６１２－３０７９"
    ]
    assert found("pii.phone", "ＴＥＬ ０７０・２２１８・６６４０") == ["０７０・２２１８・６６４０"]
    assert found("pii.phone", "OBの先輩（080.3345.9012）") == ["080.3345.9012"]
    assert found("pii.phone", "実行委員の 090 6621 0483 まで") == ["090 6621 0483"]


def test_g5_3_official_city_numbers_are_not_personal(found) -> None:
    assert found("pii.phone", "問い合わせ：税務課（０２５）５２６－５１１１") == []
    assert found("pii.phone", "市民課（025 526 5111）まで") == []
    assert found("pii.phone", "生涯学習推進課（025-545-9245）") == []


def test_g5_3_other_public_bodies_and_short_codes_are_not_personal(found) -> None:
    assert found("pii.phone", "上越警察署（025-525-0110）へ") == []
    assert found("pii.phone", "#8000 や #7119、119番へ") == []


def test_g5_3_private_business_number_outside_city_range_is_flagged(found) -> None:
    text = "運営委託先の株式会社ゆきぐに企画（025-283-4410）"
    assert found("pii.phone", text) == ["025-283-4410"]


def test_g5_3_private_mail_is_flagged_and_city_mail_is_not(found) -> None:
    assert found("pii.email", "担当 tanaka_chousa@docomo.ne.jp まで") == [
        "tanaka_chousa@docomo.ne.jp"
    ]
    assert found("pii.email", "当選者には yukiguni.present＠icloud.com から") == [
        "yukiguni.present＠icloud.com"
    ]
    assert found("pii.email", "メール：zeimu@city.joetsu.lg.jp") == []
    assert found("pii.email", "県 kikaku@pref.niigata.lg.jp") == []


def test_g5_3_my_number_check_digit() -> None:
    assert is_valid_my_number("123456789018")
    assert not is_valid_my_number("123456789012")


def test_g5_3_my_number_grouped_or_labelled_is_flagged(found) -> None:
    assert found("pii.my_number", "番号 3829 1047 5563 のカード") == ["3829 1047 5563"]
    assert found("pii.my_number", "個人番号：７２０４３９１８６６５２") == [
        "７２０４３９１８６６５２"
    ]
    assert found("pii.my_number", "整理番号なし 123456789018 です") == ["123456789018"]


def test_g5_3_isbn_and_plain_twelve_digits_are_not_my_number(found) -> None:
    assert found("pii.my_number", "ISBN 978-4-86132-455-0") == []
    assert found("pii.my_number", "受付 123456789012 件") == []


def test_g5_3_name_with_honorific_is_flagged(found) -> None:
    assert found("pii.person_name", "代表の青木さくらさん（18）") == ["青木さくら"]
    assert found("pii.person_name", "石井健太郎様、書類に不備") == ["石井健太郎"]
    assert found("pii.person_name", "大島颯太くん（5歳）") == ["大島颯太"]
    assert found("pii.person_name", "小学生の佐々木はるとくん") == ["佐々木はると"]


def test_g5_3_name_in_form_field_is_flagged(found) -> None:
    assert found("pii.person_name", "氏名：清水 直樹\n生年月日：1979年2月14日") == ["清水 直樹"]


def test_g5_3_surname_only_with_honorific_is_flagged(found) -> None:
    assert found("pii.person_name", "上越市東雲町1丁目9-14の斉藤様宅前") == ["斉藤"]


def test_g5_3_same_person_is_reported_once(found) -> None:
    text = "小野寺和子さんのお宅では体験ができます。申込は小野寺さんへ。"
    assert found("pii.person_name", text) == ["小野寺和子"]


def test_g5_3_officials_acting_in_office_are_not_personal(found) -> None:
    assert found("pii.person_name", "出演：健康づくり推進課 保健師 青山由紀") == []
    assert found("pii.person_name", "議長 渡辺健二による開会宣言") == []
    assert found("pii.person_name", "副市長の高野誠一が出席しました") == []
    assert found("pii.person_name", "市民課の田中さんが説明します") == []
    assert found("pii.person_name", "1. 田中一郎 議員") == []
    assert found("pii.person_name", "知事選は山本たかし候補") == []


def test_g5_3_historical_figures_are_not_personal(found) -> None:
    assert found("pii.person_name", "上杉謙信の居城、春日山城跡。謙信公ゆかりの地") == []


def test_g5_3_birth_date_is_flagged(found) -> None:
    assert found("pii.birthdate", "長島キヨさん（大正15年6月9日生まれ）") == ["大正15年6月9日"]
    assert found("pii.birthdate", "石井様（昭和63年11月2日生）") == ["昭和63年11月2日"]


def test_g5_3_eligibility_ranges_are_not_birth_dates(found) -> None:
    text = "対象：平成22年4月2日から平成23年4月1日までに生まれた女性"
    assert found("pii.birthdate", text) == []
    assert found("pii.birthdate", "平成17年4月2日～平成18年4月1日に生まれた方") == []


def test_g5_3_private_address_is_flagged(found) -> None:
    assert found("pii.address", "上越市春日野2丁目5-11在住") == ["上越市春日野2丁目5-11"]
    assert found("pii.address", "町内会長宅（上越市仲町四丁目二番八号）") == [
        "上越市仲町四丁目二番八号"
    ]
    assert found("pii.address", "代表者の自宅（上越市五智３丁目８－２０）") == [
        "上越市五智３丁目８－２０"
    ]


def test_g5_3_public_venue_and_city_hall_addresses_are_not_personal(found) -> None:
    assert found("pii.address", "会場：上越市民プラザ（上越市土橋1914番地3）") == []
    assert found("pii.address", "上越文化会館（上越市新光町1-9-10）") == []
    assert found("pii.address", "木田庁舎（上越市木田一丁目1番3号）") == []
    assert found("pii.address", "上越市春日新田一丁目の一部で断水") == []


def test_g5_3_sensitive_fact_about_named_person_is_flagged(found) -> None:
    text = "生活保護を受給中の村上聡様、書類に不備がありました。"
    assert found("pii.sensitive", text) == ["生活保護を受給中"]
    assert found("pii.sensitive", "杉本トミさん（86歳・要介護2）") == ["要介護2"]


def test_g5_3_general_welfare_information_is_not_sensitive(found) -> None:
    text = "要介護3以上の認定を受けている方、身体障害者手帳1・2級をお持ちの方が対象です。"
    assert found("pii.sensitive", text) == []


# ---------------------------------------------------------------- generalisation fixes


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("申請された山口健太氏は、書類をお持ちください。", "山口健太"),
        ("逮捕された会社員の川村拓也容疑者は否認しています。", "川村拓也"),
        ("田中 浩さん・ハルさんご夫妻をお祝いしました。", "ハル"),
    ],
)
def test_names_with_other_suffixes_and_given_names(found, text: str, name: str) -> None:
    assert name in found("pii.person_name", text)


def test_a_later_given_name_mention_is_not_a_second_person(found) -> None:
    text = "表彰された大島 茂さん（茂さんは長年の功労者）をご紹介します。"
    assert found("pii.person_name", text) == ["大島 茂"]


@pytest.mark.parametrize(
    "text",
    [
        "ステージには人気シンガーソングライター・KAZUHAさんが登場します。",
        "講演会の講師は作家の村上春子さんです。",
        "議長の渡辺さんが開会のあいさつをしました。",
    ],
)
def test_public_figures_and_officials_are_not_private_names(found, text: str) -> None:
    assert found("pii.person_name", text) == []


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("お問い合わせは担当の携帯（℡080-3321-4567）まで。", "080-3321-4567"),
        ("連絡先 TEL:090 1122 3344 山田", "090 1122 3344"),
        ("電話０９０－７７８８－１２３４（平日のみ）", "０９０－７７８８－１２３４"),
    ],
)
def test_phone_after_a_label_or_in_full_width(found, text: str, phone: str) -> None:
    assert found("pii.phone", text) == [phone]


@pytest.mark.parametrize(
    "text",
    [
        "対象：平成22年4月2日〜平成23年4月1日生まれの方",
        "対象は昭和31年4月2日から昭和32年4月1日までに生まれた方です。",
        "2019年4月2日以降生まれのお子さんが対象です。",
        "令和2年4月1日生まれの方まで受けられます。",
    ],
)
def test_eligibility_ranges_are_not_birthdates(found, text: str) -> None:
    assert found("pii.birthdate", text) == []


def test_a_person_birthdate_is_still_found(found) -> None:
    text = "受賞した佐藤さん（昭和40年5月6日生まれ）に話を伺いました。"
    assert found("pii.birthdate", text) == ["昭和40年5月6日"]


def test_address_of_a_person_moving_in_or_out(found) -> None:
    assert found("pii.address", "大阪府堺市堺区南瓦町3番1号から転入された方、ご連絡ください。")
    assert found("pii.address", "東京都練馬区豊玉北6丁目12番1号へ転居された方の書類です。")


def test_facility_address_under_a_label_is_not_private(found) -> None:
    text = "【上越市立歴史博物館】\n開館時間を延長します。\n住所：上越市本城町7番7号"
    assert found("pii.address", text) == []


def test_sensitive_fact_anchored_by_a_birthdate(found) -> None:
    text = "保護された女性（昭和60年1月2日生、市内在住）は、現在うつ病の治療中です。"
    assert found("pii.sensitive", text)
    assert found("pii.sensitive", "市民税課の案内です。うつ病の治療中の方も申請できます。") == []


@pytest.mark.parametrize(
    "text",
    [
        "二つの課を統合する方向で調整しています。",
        "駅前広場の再整備は、庁内で検討されています。",
        "新しい補助制度は現在検討段階です。",
        "新センターの運営事業者が内定しました。",
        "配置図（案）を共有します。",
        "この計画はまだ公表されていません。",
    ],
)
def test_undecided_policy_wordings(found, text: str) -> None:
    assert found("confidential.undecided", text)


@pytest.mark.parametrize(
    "text",
    [
        "マイホームの購入をご検討中の方へ、補助金のご案内です。",
        "防災計画の検討委員会を開催しました。",
        "ぜひご検討ください。",
        "総合計画（案）へのご意見を募集します。",
    ],
)
def test_ordinary_consideration_is_not_undecided(found, text: str) -> None:
    assert found("confidential.undecided", text) == []


def test_g5_3_delivery_and_property_labels_make_an_address_a_residence(found) -> None:
    # Where a letter or parcel goes, or where a private property lies, is someone's address.
    assert found("pii.address", "お届け先：上越市大町3丁目8-12") == ["上越市大町3丁目8-12"]
    assert found("pii.address", "物件所在地：上越市安塚区安塚456-1（土地のみ）") == [
        "上越市安塚区安塚456-1"
    ]


def test_g5_3_an_apartment_after_the_house_number_makes_it_a_residence(found) -> None:
    text = "上越市西本町4丁目2-5 コーポ西本町103号室に空き部屋があります。"
    assert found("pii.address", text) == ["上越市西本町4丁目2-5"]
    assert found("pii.address", "会場：上越市本城町4丁目1-1 上越文化会館") == []


def test_g5_3_a_city_number_in_a_four_digit_area_code_is_official(found) -> None:
    # 0255 is the area code of the city's eastern districts; 025-578-… is written as the city's.
    assert found("pii.phone", "問い合わせ：板倉区総合事務所 025-578-2211") == []


def test_g5_3_the_format_example_of_another_number_is_not_a_my_number(found) -> None:
    text = "整理番号（12桁、例：202609150042）をご記入ください。"
    assert found("pii.my_number", text) == []
    assert found("pii.my_number", "個人番号（例：1234 5678 9012）") != []


def test_g5_3_a_mascot_is_not_a_person(found) -> None:
    assert found("pii.person_name", "マスコットキャラクター「ユキノさん」が来場します。") == []
    assert found("pii.person_name", "町内会の佐藤さんが来場します。") == ["佐藤"]


def test_g5_3_name_after_a_form_label_and_a_space(found) -> None:
    text = "申請者 藤井正男（昭和22年9月14日生）の申請書を添付しました。"
    assert found("pii.person_name", text) == ["藤井正男"]
    # A label and a space before a word that is not a full name is no form entry.
    assert found("pii.person_name", "対象者 全員に通知を送りました。") == []


def test_g5_3_town_and_house_number_is_an_address_when_someone_lives_there(found) -> None:
    text = "高田地区担当 伊藤恵子さん（南城町2-4-9在住）を紹介します。"
    assert found("pii.address", text) == ["南城町2-4-9"]
    assert found("pii.address", "会場は本町3-1-15の商工会議所です。") == []
