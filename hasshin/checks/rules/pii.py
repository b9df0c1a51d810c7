"""G5.3: personal information of private individuals (names, phones, mails, addresses …)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

import phonenumbers
import regex

from ..context import CheckContext
from ..morph import Token
from ..normalize import normalize
from ..registry import Hit, Rule, register

# ---------------------------------------------------------------- person names

_HONORIFICS = frozenset(
    {"さん", "様", "さま", "ちゃん", "くん", "君", "殿", "サン", "チャン", "クン", "氏"}
)
# Words after a name that make its bearer a private person in the news: 堀内大輔容疑者.
_CASE_ROLES = frozenset({"容疑者", "被告", "被告人", "受刑者", "被疑者"})
_LATIN = regex.compile(r"^[A-Za-z][A-Za-z .'-]*$")
# Labels after which a bare name is a form field: 氏名：清水 直樹.
_NAME_LABELS = regex.compile(
    r"(?:氏名|お名前|名前|申請者|申込者|届出人|患者|被保険者|受給者|世帯主|保護者名|対象者)"
    r"\s*(?:[:：]|は)\s*$"
)
# The same labels followed by a space: 申請者 藤井正男 (then only a full name counts).
_NAME_LABELS_SPACED = regex.compile(
    r"(?:氏名|お名前|名前|申請者|申込者|届出人|患者|被保険者|受給者|世帯主|保護者名|対象者)[ 　]+$"
)
_SKIPPABLE = frozenset({" ", "　", "の", "・", ":", "：", "、", "「", "『"})
_NAME_RUN_MAX = 4


def _name_part(tok: Token) -> bool:
    if tok.is_person_name:
        return True
    # Given names Sudachi splits: ヨシ + 子, 陽 + 葵; a short suffix/noun glued to a name part.
    return tok.pos[0] in ("接尾辞", "名詞") and len(tok.surface) == 1 and tok.pos[1] != "数詞"


def _run_before(tokens: list[Token], end_index: int) -> tuple[int, int] | None:
    """Token index range [i, end_index) of a name run ending right before ``end_index``."""
    i = end_index
    while i > 1 and tokens[i - 1].surface in (" ", "　") and tokens[i - 2].is_person_name:
        i -= 1  # 斎藤 修 様: a list entry with a space before the honorific
    end_index = i
    parts = 0
    while i > 0 and parts < _NAME_RUN_MAX:
        tok = tokens[i - 1]
        if tok.surface in (" ", "　") and parts and i >= 2 and tokens[i - 2].is_person_name:
            i -= 1
            continue
        if not _name_part(tok):
            break
        i -= 1
        parts += 1
    while i < end_index and not tokens[i].is_person_name:
        i += 1  # a run must start with a real name part
    if i >= end_index or not any(t.is_person_name for t in tokens[i:end_index]):
        return None
    return i, end_index


_KANA = regex.compile(r"^[\p{Hiragana}\p{Katakana}ー]+$")


def _kana_given_name(tokens: list[Token], end_index: int) -> tuple[int, int] | None:
    """佐々木 + はると + くん: a surname followed by a kana given name Sudachi splits up."""
    chars = 0
    for i in range(end_index - 1, max(-1, end_index - 5), -1):
        tok = tokens[i]
        if tok.is_surname:
            return (i, end_index) if chars else None
        if not _KANA.match(tok.surface):
            return None
        chars += len(tok.surface)
        if chars > 5:
            return None
    return None


def _run_after(tokens: list[Token], start_index: int) -> tuple[int, int] | None:
    j = start_index
    while j < len(tokens) and tokens[j].surface in (" ", "　"):
        j += 1
    k = j
    parts = 0
    while k < len(tokens) and parts < _NAME_RUN_MAX:
        tok = tokens[k]
        if tok.is_person_name or (parts and _name_part(tok) and not tok.is_surname):
            k += 1
            parts += 1
        elif tok.surface in (" ", "　") and parts and k + 1 < len(tokens):
            if not tokens[k + 1].is_person_name:
                break
            k += 1
        else:
            break
    return (j, k) if parts else None


def _is_official(ctx: CheckContext, tokens: list[Token], start: int, end: int) -> bool:
    """A title of office right before (議長 渡辺, 保健師の青山) or after (田中議員) the name."""
    i = start - 1
    while i >= 0 and tokens[i].surface in _SKIPPABLE:
        i -= 1
    if i >= 0:
        word_end = tokens[i].end
        for _s, e in ctx.matches("names.official_titles", max(0, word_end - 8), word_end):
            if e == word_end:
                return True
    j = end
    while j < len(tokens) and tokens[j].surface in (" ", "　"):
        j += 1
    if j < len(tokens):
        first = tokens[j].start
        for s, _e in ctx.matches("names.official_titles", first, first + 8):
            if s == first:
                return True
    return False


# A roster line: "1 小林 正人 上越市…", "・荒井 昌子 様": a full name opening a list entry.
_ROSTER_HEAD = regex.compile(
    r"(?:^|\n)[ \t　]*(?:[0-9]{1,3}[.)）:：]?|[・●○◆■□\-*]|[(（][0-9]{1,3}[)）])[ \t　]*$"
)
_HOUSEHOLD = regex.compile(r"(?:さん|様|さま)\s*(?:ご|御)?(?:一家|家族|夫婦|夫妻|親子|兄弟|姉妹)")


def _roster_line(ctx: CheckContext, tok: Token) -> bool:
    head = ctx.norm[max(0, tok.start - 12) : tok.start]
    return bool(_ROSTER_HEAD.search(head))


def _household(ctx: CheckContext, tokens: list[Token], j: int) -> bool:
    return bool(_HOUSEHOLD.match(ctx.norm, tokens[j - 1].end))


def find_person_names(ctx: CheckContext) -> list[tuple[int, int]]:
    if "names" in ctx.cache:
        return ctx.cache["names"]
    tokens = ctx.tokens
    spans: list[tuple[int, int]] = []
    for idx, tok in enumerate(tokens):
        run: tuple[int, int] | None = None
        if (tok.surface in _HONORIFICS or tok.surface in _CASE_ROLES) and idx > 0:
            run = _run_before(tokens, idx) or _kana_given_name(tokens, idx)
        elif tok.surface in (":", "：", "は") or tok.pos[0] == "補助記号":
            head = ctx.norm[max(0, tok.end - 12) : tok.end]
            if _NAME_LABELS.search(head):
                run = _run_after(tokens, idx + 1)
        elif tok.surface.isspace():
            head = ctx.norm[max(0, tok.end - 12) : tok.end]
            if _NAME_LABELS_SPACED.search(head):
                run = _run_after(tokens, idx + 1)
                if run and not any(t.pos[3] == "名" for t in tokens[run[0] : run[1]]):
                    run = None  # 患者 数: only a surname and a given name make a form entry
        elif tok.is_surname and _roster_line(ctx, tok):
            run = _run_after(tokens, idx)
            if run and not any(t.pos[3] == "名" for t in tokens[run[0] : run[1]]):
                run = None
        if run is None:
            continue
        i, j = run
        if j - i == 1 and tokens[i].is_surname and _household(ctx, tokens, j):
            continue  # 米山さんご一家, 鈴木さんご夫婦: a household, named by surname only
        if _is_official(ctx, tokens, i, j):
            continue
        if _LATIN.match(ctx.norm[tokens[i].start : tokens[j - 1].end]):
            continue  # YUKINE さん: a stage name in capitals, not a private person's name
        spans.append((tokens[i].start, tokens[j - 1].end))
    spans = _first_mention_only(ctx, spans)
    ctx.cache["names"] = spans
    return spans


def _first_mention_only(ctx: CheckContext, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """One finding per person: 小野寺和子さん … 小野寺さん … 和子さん is reported once."""
    seen: list[str] = []
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        name = ctx.norm[s:e].replace(" ", "").replace("　", "")
        if any(name in prev for prev in seen):
            continue
        seen.append(name)
        out.append((s, e))
    return out


@register
class PersonName(Rule):
    """A private individual's name (G5.3).

    Found with SudachiPy: a run of 人名 morphemes followed by an honorific (さん, 様, ちゃん,
    くん, 殿) or standing in a form field (氏名：, 申請者：). Not reported: officials acting in
    office (a title such as 市長, 課長, 保健師, 議員, 候補 right before or after the name),
    historical and stage names without honorifics, and later mentions of the same person.
    A full name opening a roster line (1 小林 正人 …, ・荒井 昌子 様) is a name; a surname
    naming a household (米山さんご一家, 鈴木さんご夫婦) and a filled-in 記入例 are not.
    """

    id = "pii.person_name"
    clause = "G5.3"
    severity = "error"
    order = 10
    message_ja = "個人の氏名が含まれています。本人の同意がない限り掲載しないでください。"
    message_en = "A private individual's name; do not publish it without their consent."

    def check(self, ctx: CheckContext) -> Iterable[Hit]:
        return [Hit(s, e) for s, e in find_person_names(ctx)]


# ---------------------------------------------------------------- my number

_MY_NUMBER = regex.compile(r"(?<![0-9-])([0-9]{4})([ -]?)([0-9]{4})\2([0-9]{4})(?![0-9]|-[0-9])")
_MY_NUMBER_CONTEXT = regex.compile(
    r"(?:個人番号|マイナンバー|my\s*number|通知カード|番号)", regex.IGNORECASE
)


def my_number_check_digit(digits: str) -> int:
    """Check digit of an 11-digit My Number body (総務省令 第5条)."""
    body = [int(d) for d in digits[:11]]
    total = 0
    for n in range(1, 12):
        p = body[11 - n]
        q = n + 1 if n <= 6 else n - 5
        total += p * q
    remainder = total % 11
    return 0 if remainder <= 1 else 11 - remainder


def is_valid_my_number(digits: str) -> bool:
    return (
        len(digits) == 12 and digits.isdigit() and my_number_check_digit(digits) == int(digits[11])
    )


# Another kind of number labelled right before it: 申込番号 202607150123, 法人番号, 受付番号.
_OTHER_NUMBER = regex.compile(
    r"(?:申込|申し込み|受付|受理|整理|管理|注文|予約|問い合わせ|問合せ|お客様|顧客|会員|伝票|請求|"
    r"口座|法人|事業所|登録|証明書|証書|契約|案件|照会|追跡|お問い合わせ|送り状|商品|製造|識別)"
    r"\s*(?:番号|no\.?|ナンバー|コード|id)\s*(?:は|[:：])?\s*$",
    regex.IGNORECASE,
)
_EXAMPLE = regex.compile(r"(?:例|記入例|サンプル)\s*[:：]?\s*$")
_OTHER_LABEL = regex.compile(
    _OTHER_NUMBER.pattern.replace(r"\s*(?:は|[:：])?\s*$", ""), regex.IGNORECASE
)
_PERSONAL_NUMBER = regex.compile(r"個人番号|マイナンバー|my\s*number|通知カード", regex.IGNORECASE)


def find_my_numbers(ctx: CheckContext) -> list[tuple[int, int]]:
    if "my_number" in ctx.cache:
        return ctx.cache["my_number"]
    out: list[tuple[int, int]] = []
    for m in _MY_NUMBER.finditer(ctx.norm):
        head = ctx.norm[max(0, m.start() - 14) : m.start()]
        if _OTHER_NUMBER.search(head) and not _PERSONAL_NUMBER.search(head):
            continue
        if _EXAMPLE.search(head) and _OTHER_LABEL.search(
            ctx.norm, max(0, m.start() - 24), m.start()
        ):
            continue  # 受付番号（12桁の数字、例：202609150042）: the format of another number
        digits = m.group(1) + m.group(3) + m.group(4)
        sentence_start, _ = ctx.sentence_of(m.start())
        window = max(0, sentence_start - 40, m.start() - 60)
        context = bool(_MY_NUMBER_CONTEXT.search(ctx.norm, window, m.start()))
        grouped = bool(m.group(2))
        phone_like = digits.startswith("0")
        if context or (not phone_like and (grouped or is_valid_my_number(digits))):
            out.append(m.span())
    ctx.cache["my_number"] = out
    return out


@register
class MyNumber(Rule):
    """A 12-digit individual number (マイナンバー, G5.3).

    Twelve digits grouped 4-4-4 (spaces or hyphens), twelve plain digits whose last digit is
    the statutory check digit, or any 12-digit number introduced as 個人番号/マイナンバー/番号.
    No other public number has this shape (phones have 10–11 digits, ISBN/JAN 13, 法人番号
    13). Numbers starting with 0 and no label are left to the phone rule.
    """

    id = "pii.my_number"
    clause = "G5.3"
    severity = "error"
    order = 12
    message_ja = "マイナンバー（個人番号）が含まれています。絶対に掲載しないでください。"
    message_en = "An individual number (My Number); never publish it."

    def check(self, ctx: CheckContext) -> Iterable[Hit]:
        return [Hit(s, e) for s, e in find_my_numbers(ctx)]


# ---------------------------------------------------------------- phones

_PUBLIC_BODY = regex.compile(
    r"(?:警察|交番|県庁|新潟県|県(?:の|立)|消防|税務署|年金事務所|ハローワーク|法務局|保健所|"
    r"役所|役場|省|気象台|国道事務所|振興局|労働基準監督署|児童相談所|社会福祉協議会|社協)"
)


# ℡ becomes "TEL" under NFKC; a label glued to the digits hides the number from the matcher.
_PHONE_LABEL = regex.compile(
    r"(?i)(?:tel|fax|phone|mobile|携帯|電話|でんわ|℡|☎|📞|☏)(?=[:.]?\s*[+(0-9])"
)


def _phone_text(norm: str) -> str:
    """``norm`` with phone labels blanked (same length, so offsets still hold)."""
    return _PHONE_LABEL.sub(lambda m: " " * len(m.group()), norm)


def _skip_blanked_label(text: str, s: int, e: int) -> tuple[int, int]:
    """（℡090-… matched as "(   090-…)": start at the digits."""
    head = text[s:e]
    lead = len(head) - len(head.lstrip("( "))
    if lead and " " in head[:lead]:
        s += lead
        if text[e - 1 : e] == ")" and "(" not in text[s:e]:
            e -= 1
    return s, e


def _official_phone(number: Any, prefixes: list[str], written: str = "") -> bool:
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    digits = "".join(c for c in national if c.isdigit())
    # 025-578-2211 is written as the city writes it, though its national format is 0255-78-….
    written = regex.sub(r"[\s()（）]", "", written)
    for prefix in prefixes:
        if "-" in prefix and (national.startswith(prefix) or written.startswith(prefix)):
            return True
        if "-" not in prefix and digits.startswith(prefix):
            return True
    return False


def _trim_brackets(text: str, s: int, e: int) -> tuple[int, int]:
    """（090-1234-5678 → 090-1234-5678; keep (025)526-5111 whole."""
    span = text[s:e]
    if span.startswith("(") and ")" not in span:
        s += 1
    if span.endswith(")") and "(" not in text[s:e]:
        e -= 1
    return s, e


@register
class Phone(Rule):
    """A phone number that is not the organisation's own contact (G5.3).

    Found with phonenumbers' PhoneNumberMatcher (region JP, Leniency.VALID) on the
    normalised text, so ０９０－…, 090 6621 0483 and 070・2218・6640 are all seen. Numbers
    matching the pack's ``contacts.official_phone_prefixes`` (compared in national format,
    e.g. 025-5…) and numbers introduced as another public body's (警察, 県庁, 消防 …) are
    official contacts, not personal information. Short codes (#8000, 110) are never phones.
    """

    id = "pii.phone"
    clause = "G5.3"
    severity = "error"
    order = 20
    message_ja = "個人・民間の電話番号が含まれています。市の公式連絡先以外は掲載しないでください。"
    message_en = (
        "A private phone number; only the city's official contact numbers may be published."
    )

    def check(self, ctx: CheckContext) -> Iterator[Hit]:
        prefixes = list(ctx.pack.data.contacts.official_phone_prefixes) if ctx.pack else []
        taken = find_my_numbers(ctx)
        text = _phone_text(ctx.norm)
        matcher = phonenumbers.PhoneNumberMatcher(
            text, "JP", leniency=phonenumbers.Leniency.VALID, max_tries=200
        )
        for match in matcher:
            s, e = _skip_blanked_label(text, match.start, match.end)
            s, e = _trim_brackets(ctx.norm, s, e)
            if any(s < b and a < e for a, b in taken):
                continue
            if _official_phone(match.number, prefixes, ctx.norm[s:e]):
                continue
            line_start = ctx.norm.rfind("\n", 0, s) + 1
            if _PUBLIC_BODY.search(ctx.norm, max(line_start, s - 25), s):
                continue
            yield Hit(s, e)


# ---------------------------------------------------------------- mail

_EMAIL = regex.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}[A-Za-z]{2,24}(?![A-Za-z0-9-])"
)


def _host_under(host: str, suffix: str) -> bool:
    suffix = suffix.lower().strip()
    if suffix.startswith("."):
        return host.endswith(suffix)
    return host == suffix or host.endswith("." + suffix)


def _official_mail(domain: str, pack: Any) -> bool:
    if pack is None:
        return False
    contacts = pack.data.contacts
    if any(_host_under(domain, d) for d in contacts.official_mail_domains):
        return True
    # Other public bodies' addresses (…@pref.niigata.lg.jp, …@mhlw.go.jp) are not personal.
    return any(
        s.startswith(".") and _host_under(domain, s) for s in pack.data.links.trusted_host_suffixes
    )


def find_emails(ctx: CheckContext) -> list[tuple[int, int, bool]]:
    if "emails" in ctx.cache:
        return ctx.cache["emails"]
    out = []
    for m in _EMAIL.finditer(ctx.norm):
        domain = m.group().rsplit("@", 1)[1].lower()
        out.append((m.start(), m.end(), _official_mail(domain, ctx.pack)))
    ctx.cache["emails"] = out
    return out


@register
class Email(Rule):
    """A mail address that is not the organisation's (G5.3).

    Full-width ＠ and letters are normalised first. Addresses under the pack's
    ``contacts.official_mail_domains`` or under a public suffix it trusts (.lg.jp, .go.jp) are
    official; staff's private, contractors' and free-mail addresses are reported.
    """

    id = "pii.email"
    clause = "G5.3"
    severity = "error"
    order = 20
    message_ja = (
        "個人・民間のメールアドレスが含まれています。市の公式アドレス以外は掲載しないでください。"
    )
    message_en = "A mail address that is not the city's; only official addresses may be published."

    def check(self, ctx: CheckContext) -> Iterable[Hit]:
        return [Hit(s, e) for s, e, official in find_emails(ctx) if not official]


# ---------------------------------------------------------------- sample forms

# 記入例 / 見本 / 例: a filled-in example of a form shows made-up data, not a person's.
_SAMPLE = regex.compile(
    r"記入例|記載例|書き方の例|見本|サンプル|例[:：]|架空の|実際の内容に置き換え"
)
# …unless it is a real form: 実際の申請書を使っています, ご本人の番号を記入例として.
_REAL_SAMPLE = regex.compile(r"実際の(?!内容に置き換え|ものとは)|本人の|お借りし|そのまま使")


def sample_form(ctx: CheckContext) -> bool:
    if "sample" not in ctx.cache:
        ctx.cache["sample"] = bool(_SAMPLE.search(ctx.norm)) and not _REAL_SAMPLE.search(ctx.norm)
    return bool(ctx.cache["sample"])


# ---------------------------------------------------------------- birth dates

_DATE = (
    r"(?:(?:明治|大正|昭和|平成|令和)\s*(?:元|[0-9]{1,2})\s*年|(?:19|20)[0-9]{2}\s*年)"
    r"\s*[0-9]{1,2}\s*月\s*[0-9]{1,2}\s*日"
    r"|(?:19|20)[0-9]{2}[/.-][0-9]{1,2}[/.-][0-9]{1,2}"
    r"|[MTSHR][0-9]{1,2}\.[0-9]{1,2}\.[0-9]{1,2}"
)
_BIRTH_AFTER = regex.compile(rf"({_DATE})(?=\s*(?:生まれ|生|うまれ|誕生))")
_BIRTH_BEFORE = regex.compile(rf"(?:生年月日|誕生日|生日)\s*(?:[:：]|は)?\s*({_DATE})")


@register
class Birthdate(Rule):
    """A private individual's date of birth (G5.3).

    A full date (和暦 or 西暦) immediately followed by 生まれ/生, or labelled 生年月日/誕生日.
    Eligibility ranges such as 平成22年4月2日から平成23年4月1日までに生まれた方,
    昭和36年4月2日〜昭和37年4月1日生まれの方 or 〜以降に生まれた方 are not birth dates of a
    person and are not reported.
    """

    id = "pii.birthdate"
    clause = "G5.3"
    severity = "error"
    order = 20
    message_ja = "個人の生年月日が含まれています。掲載しないでください。"
    message_en = "A private individual's date of birth; do not publish it."

    def check(self, ctx: CheckContext) -> Iterator[Hit]:
        if sample_form(ctx):
            return
        for m in _BIRTH_BEFORE.finditer(ctx.norm):
            yield Hit(m.start(1), m.end(1))
        for m in _BIRTH_AFTER.finditer(ctx.norm):
            if not _eligibility(ctx.norm, m.start(1), m.end(1)):
                yield Hit(m.start(1), m.end(1))


def _eligibility(norm: str, start: int, end: int) -> bool:
    """平成22年4月2日〜平成23年4月1日生まれの方: a range of birth dates, i.e. who may apply."""
    if _RANGE_BEFORE.search(norm, max(0, start - 30), start):
        return True
    return bool(_GROUP_AFTER.match(norm, end))


_RANGE_BEFORE = regex.compile(rf"(?:{_DATE})\s*(?:[~〜～ー―-]|から)\s*$")
_GROUP_AFTER = regex.compile(
    r"\s*(?:[~〜～-]|から|以降|以前|まで|より(?:前|後))"
    r"|\s*(?:生まれ|生)(?:の|た)?(?:方|人|皆さん|皆様|児童|生徒|お子さん|子ども|世代|年齢)"
)


# ---------------------------------------------------------------- addresses

_NUM = r"(?:[0-9]+|[一二三四五六七八九十〇]+)"
_HOUSE = (
    rf"(?:{_NUM}\s*丁目\s*{_NUM}\s*(?:番地?|-)\s*(?:{_NUM}\s*号?)?(?:-[0-9]+)?"
    rf"|{_NUM}\s*丁目\s*[0-9]+(?:-[0-9]+)*"
    rf"|{_NUM}\s*丁目\s*{_NUM}\s*番地?"
    rf"|{_NUM}\s*番地\s*(?:{_NUM}\s*号?|-[0-9]+)?"
    rf"|{_NUM}\s*番\s*{_NUM}\s*号?"
    r"|[0-9]+(?:-[0-9]+){0,3})"
)
_NOT_AFTER = r"(?![0-9]|\s*(?:[年月日時分秒歳人件円個回万億%世代名台階]|か月|ヶ月|カ月))"
_ADDRESS = regex.compile(
    r"(?:(?:[一-龥]{2,3}[都道府県])?[一-龥々ヶ]{1,6}?[市郡](?:[一-龥々ヶ]{1,4}?[区町村])?"
    r"|東京都[一-龥々ヶ]{1,4}?区)"
    rf"[一-龥々ヶぁ-んァ-ヴー]{{1,10}}?{_HOUSE}{_NOT_AFTER}"
    rf"|(?<![一-龥々ヶ])[一-龥々ヶ]{{2,6}}?{_NUM}\s*丁目\s*{_NUM}\s*(?:番地?|-)\s*(?:{_NUM}\s*号?)?"
    rf"{_NOT_AFTER}"
)
# A town and house number without the city (南城町2-4-9): an address only when the text says
# someone lives there (南城町2-4-9在住, 自宅は大町3-1-15).
_TOWN_ADDRESS = regex.compile(
    r"(?<![一-龥々ヶ])(?:大字)?[一-龥々ヶ]{1,5}[町村]\s*[0-9]+(?:-[0-9]+){1,3}" + _NOT_AFTER
)
_RESIDENCE_BEFORE = regex.compile(
    r"(?:自宅|お宅|(?<!住)宅|住所|在住|お住まい|住まい|様方|さん方|住む|現住所|転居先|転入元|転出先"
    r"|(?:宛先|送付先|送り先|お?届け先|返送先|配達先|物件(?:所在地|の場所)?)(?:\s*[:：])?"
    r"|(?:お|ご)?(?:家|実家|新居)(?:は|の場所は)(?:こちら|ここ)?)"
    r"[\s📍:：(（]*$"
)
# A bare form label (住所：) says nothing about whose address it is.
_BARE_LABEL = regex.compile(r"(?<![現])住所\s*[（(]?\s*[:：]?\s*$")
_RESIDENCE_AFTER = regex.compile(
    r"^\s*[)）]?\s*(?:に|で)?\s*(?:在住|お住まい|住む|住んで|にお住まい|の(?:[^\s、。]{1,8}?)(?:様|さん)?(?:の)?(?:お?宅|方)"
    r"|から(?:の)?(?:転入|転居|引っ越|移り住|移住)|(?:に|へ)(?:転居|転出|引っ越|移り住|移住)"
    r"|[\p{Han}\p{Katakana}ー]{0,8}(?:ハイツ|コーポ|アパート|マンション|荘|レジデンス|メゾン|ハイム|コート)"
    r"|[^\s、。]{0,12}[0-9]+号室)"
)


@lru_cache(maxsize=256)
def _squash(text: str) -> str:
    return regex.sub(r"\s+", "", normalize(text).norm)


def find_addresses(ctx: CheckContext) -> list[tuple[int, int]]:
    if "addresses" in ctx.cache:
        return ctx.cache["addresses"]
    if sample_form(ctx):
        ctx.cache["addresses"] = []
        return []
    official = []
    if ctx.pack is not None:
        official = [_squash(a) for a in ctx.pack.data.contacts.official_addresses]
    names = find_person_names(ctx)
    out: list[tuple[int, int]] = []
    for m in _ADDRESS.finditer(ctx.norm):
        s, e = m.span()
        while e > s and ctx.norm[e - 1] in " \t　":
            e -= 1  # 2丁目5-8 ぜひ…: the space after the number is not part of it
        squashed = _squash(m.group())
        if any(squashed == o or squashed.endswith(o) or o.endswith(squashed) for o in official):
            continue
        line_start = ctx.norm.rfind("\n", 0, s) + 1
        before = ctx.norm[max(line_start, s - 20) : s]
        after = ctx.norm[e : e + 20]
        residence = _RESIDENCE_BEFORE.search(before) or _RESIDENCE_AFTER.search(after)
        if residence and _BARE_LABEL.search(before) and not _RESIDENCE_AFTER.search(after):
            # 【上越市立水族博物館】… 住所：…: the post is about a facility.
            residence = None if ctx.has("address.venue", 0, s) else residence
        if residence:
            out.append((s, e))
            continue
        if ctx.has("address.venue", max(line_start, s - 20), s):
            continue
        ss, se = ctx.sentence_of(s)
        if any(ss <= a < se for a, _ in names):
            out.append((s, e))
    for m in _TOWN_ADDRESS.finditer(ctx.norm):
        s, e = m.span()
        if any(a < e and s < b for a, b in out):
            continue
        line_start = ctx.norm.rfind("\n", 0, s) + 1
        before = ctx.norm[max(line_start, s - 20) : s]
        if _RESIDENCE_AFTER.search(ctx.norm[e : e + 20]) or (
            _RESIDENCE_BEFORE.search(before) and not _BARE_LABEL.search(before)
        ):
            out.append((s, e))
    out.sort()
    ctx.cache["addresses"] = out
    return out


@register
class PrivateAddress(Rule):
    """A private residence address (G5.3).

    An address with a house number (丁目・番地・号 or 1-2-3, in any digits; 市/郡/東京都の区) is
    reported when the text says someone lives there (自宅, お宅, 在住, お住まい, ○○様宅,
    〜から転入, 〜へ転居), labels it as where mail or a parcel goes or where a private property
    lies (宛先：, お届け先：, 物件所在地：), follows it with an apartment (コーポ…, ハイツ…,
    103号室), or names a private person in the same sentence. A bare 住所： label
    in a post about a facility (会館, 博物館 … earlier in the post) is the facility's address.
    Public facilities and venues (会館, 図書館, プラザ, 会場 … right before the address) and
    the pack's ``contacts.official_addresses`` are not personal information.
    """

    id = "pii.address"
    clause = "G5.3"
    severity = "error"
    order = 30
    message_ja = "個人の住所が含まれています。公共施設以外の住所は掲載しないでください。"
    message_en = "A private residence address; only public facilities' addresses may be published."

    def check(self, ctx: CheckContext) -> Iterable[Hit]:
        return [Hit(s, e) for s, e in find_addresses(ctx)]


# ---------------------------------------------------------------- sensitive facts


@register
class SensitiveFact(Rule):
    """Health, disability, criminal record or welfare status of an identifiable person (G5.3).

    A term from the ``pii.sensitive`` lexicon (要介護, 障害者手帳, 生活保護, 前科, 入院, うつ病,
    治療中, 車いすで生活 …) in the same sentence as a reported private name, address or birth
    date (救助された男性（昭和55年3月9日生）は…治療中), in the sentence after it
    (…さん、ありがとう！お体のがんは大丈夫ですか), or in a list header (…方は次のとおりです)
    before it; a person identified by description (〇〇中学校の2年生男子生徒) counts too.
    General explanations of services (要介護3以上の方) name nobody and are not reported;
    circumstances such as 一人暮らし or 逮捕され are only part of a fact, never one alone.
    """

    id = "pii.sensitive"
    clause = "G5.3"
    severity = "error"
    order = 40
    message_ja = "特定の個人の健康・障害・犯罪歴・福祉などの要配慮個人情報が含まれています。"
    message_en = (
        "Sensitive personal information (health, disability, record, welfare) about a person."
    )

    def check(self, ctx: CheckContext) -> Iterator[Hit]:
        anchors = find_person_names(ctx) + find_addresses(ctx) + _birthdates(ctx)
        anchors += [m.span() for m in _DESCRIBED.finditer(ctx.norm)]
        if not anchors:
            return
        # The fact may sit in the sentence of the name or the one next to it:
        # 鈴木和子さん、いつもありがとう！お体のがんは大丈夫ですか？
        sentences: set[int] = set()
        for a, _ in anchors:
            i = ctx.sentence_index(a)
            sentences.update((i, i + 1))
            if i > 0 and _LIST_HEADER.search(ctx.norm, *ctx.sentences[i - 1]):
                sentences.add(
                    i - 1
                )  # 生活保護費を受け取っていない方は次のとおりです。\n・斎藤 修 様
        spans = [
            (s, e) for s, e in ctx.matches("pii.sensitive") if ctx.sentence_index(s) in sentences
        ]
        weak = [
            (s, e) for s, e in ctx.matches("sensitive.weak") if ctx.sentence_index(s) in sentences
        ]
        joined = _join_close(spans + weak, gap=8)
        # 一人暮らし alone is no fact; joined to one (寝たきりで一人暮らし) it is part of it.
        strong = [(s, e) for s, e in joined if any(s <= a and b <= e for a, b in spans)]
        yield from (Hit(s, e) for s, e in strong)


_LIST_HEADER = regex.compile(
    r"次の(?:とおり|通り|方)|以下の(?:とおり|通り|方)|下記の(?:とおり|通り|方)"
)

# A person identified by description rather than name: 〇〇中学校の2年生男子生徒,
# 保育園に通ってる双子の兄.
_DESCRIBED = regex.compile(
    r"(?:学校|学園|高校|保育園|幼稚園|こども園|地区|区|町内)の\s*(?:[0-9一二三四五六]\s*年生?\s*の?\s*)"
    r"(?:男子|女子|男性|女性|男の子|女の子)(?:生徒|児童)?"
    r"|(?:通って(?:る|いる)|住んで(?:る|いる))[^。！？\n]{0,8}(?:双子|兄弟|姉妹)?の?(?:兄|姉|弟|妹|息子|娘|お子さん)"
    r"|(?:隣|向かい|近所)(?:の家)?の(?:おじいさん|おばあさん|奥さん|ご主人|息子さん|娘さん)"
)


def _birthdates(ctx: CheckContext) -> list[tuple[int, int]]:
    hits = ctx.hits.get("pii.birthdate", [])
    return [(h.start, h.end) for h in hits if not h.whole_post]


def _join_close(spans: list[tuple[int, int]], gap: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s - out[-1][1] <= gap:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out
