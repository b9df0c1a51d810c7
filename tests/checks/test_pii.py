"""G5.3: personal information of private individuals."""

from __future__ import annotations

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
