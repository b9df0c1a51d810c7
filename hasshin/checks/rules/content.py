"""G5.4 confidential information and G5.5 inappropriate content, from lexicons with context.

Matches come from ``data/lexicons.toml`` (extendable per pack). Content findings cover the
sentence that carries the wording, and consecutive flagged sentences of one rule form one
finding, so the approver sees the whole statement that needs rewriting.
"""

from __future__ import annotations

from collections.abc import Iterable

import regex

from ..classifier import model
from ..context import CheckContext
from ..registry import Hit, Rule, register

_TRIM = regex.compile(r"^[\s【】\[\]「」『』()（）・#＃]+|[\s]+$")
_BRACKETS = {
    "【": "】",
    "[": "]",
    "［": "］",
    "〔": "〕",
    "(": ")",
    "（": "）",
    "<": ">",
    "《": "》",
}


_DRAFT = regex.compile(r"[(（]\s*案\s*[)）]")
# 統合する素案がまとまりました: an internal draft, unless it is put out for comment.
_INTERNAL_DRAFT = regex.compile(
    r"(?:素案|原案|試案|たたき台|叩き台|骨子案|草案|案)(?:が|を)(?:まとま|固ま|作成し|作り|取りまとめ|練って|詰めて)"
)
_PUBLIC_DRAFT = regex.compile(r"意見|パブリックコメント|パブコメ|縦覧|説明会|募集|閲覧|公開")


def _sentence_span(ctx: CheckContext, pos: int) -> tuple[int, int]:
    s, e = ctx.sentence_of(pos)
    text = ctx.norm[s:e]
    lead = len(text) - len(text.lstrip(" \t　"))
    trail = len(text) - len(text.rstrip(" \t　\n"))
    return s + lead, e - trail


def sentence_hits(ctx: CheckContext, positions: Iterable[int]) -> list[Hit]:
    """One hit per run of consecutive sentences that contain a match."""
    indexes = sorted({ctx.sentence_index(p) for p in positions})
    runs: list[list[int]] = []
    for i in indexes:
        if runs and i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    hits = []
    for run in runs:
        start, _ = _sentence_span(ctx, ctx.sentences[run[0]][0])
        _, end = _sentence_span(ctx, ctx.sentences[run[-1]][0])
        if end > start:
            hits.append(Hit(start, end))
    return hits


def cooccurring(ctx: CheckContext, first: str, second: str) -> list[int]:
    """Positions of ``second`` matches with a ``first`` match in the same sentence.

    ``second`` is looked up first: callers pass the rarer list there, so the commoner one is
    only searched for when it could matter."""
    out: list[int] = []
    seconds = ctx.matches(second)
    if not seconds:
        return out
    firsts = ctx.matches(first)
    if not firsts:
        return out
    for s, e in seconds:
        ss, se = ctx.sentence_of(s)
        if any(ss <= a < se and (b <= s or a >= e) for a, b in firsts):
            out.append(s)
    return out


def model_flags(ctx: CheckContext) -> list[dict[str, float]]:
    """The sentence classifier's verdict on each sentence (computed once per check)."""
    flags = ctx.cache.get("content_model")
    if flags is None:
        scorer = model()
        flags = [scorer.flagged(ctx.folded[s:e]) for s, e in ctx.sentences]
        ctx.cache["content_model"] = flags
    return flags


def model_hits(
    ctx: CheckContext, rule: Rule, covered: set[int], excuses: tuple[str, ...] = ()
) -> list[Hit]:
    """Warnings for sentences the classifier flags for ``rule`` that no lexicon rule found.

    They are warnings, not errors: the operator confirms or rewrites them. A sentence that
    carries one of the rule's ``excuses`` (a warning about the law, a correction of a rumour)
    is left alone, as the lexicon rule would leave it."""
    if ctx.pack is None or not ctx.pack.data.lexicons.content_model:
        return []
    hits = []
    for index, flags in enumerate(model_flags(ctx)):
        probability = flags.get(rule.id)
        if probability is None or index in covered:
            continue
        ss, se = ctx.sentences[index]
        if any(ctx.has(key, ss, se) for key in excuses):
            continue
        start, end = _sentence_span(ctx, ss)
        if end > start:
            hits.append(
                Hit(
                    start,
                    end,
                    message=(
                        f"{rule.message_ja}"
                        f"（文の表現から自動で推定しました。確度 {probability:.0%}）"
                    ),
                    message_en=(
                        f"{rule.message_en} (estimated from the sentence's wording, "
                        f"confidence {probability:.0%})"
                    ),
                    severity="warning",
                )
            )
    return hits


class _SentenceRule(Rule):
    severity = "error"
    order = 60
    # Lexicon keys that excuse a sentence the classifier flags (see model_hits).
    excuses: tuple[str, ...] = ()

    def positions(self, ctx: CheckContext) -> list[int]:
        return [s for s, _e in ctx.matches(self.id)]

    def check(self, ctx: CheckContext) -> Iterable[Hit]:
        positions = self.positions(ctx)
        covered = {ctx.sentence_index(p) for p in positions}
        return sentence_hits(ctx, positions) + model_hits(ctx, self, covered, self.excuses)


@register
class ConfidentialMarker(Rule):
    """Text marked or described as secret or internal (G5.4).

    秘 in brackets (【秘】, ㊙), 極秘, 部外秘, 関係者外秘, 取扱注意, 庁内限り, 内部資料 …
    Words such as 秘蔵 or 秘話 are not markers. The finding covers the marker with its brackets.
    """

    id = "confidential.marker"
    clause = "G5.4"
    severity = "error"
    order = 60
    message_ja = "秘密・内部限りの表示がある情報です。ソーシャルメディアには掲載できません。"
    message_en = "Marked as secret or internal; it cannot go on social media."

    def check(self, ctx: CheckContext) -> Iterable[Hit]:
        hits = []
        for s, e in ctx.matches(self.id):
            if (
                s > 0
                and ctx.norm[s - 1] in _BRACKETS
                and ctx.norm[e : e + 1] == _BRACKETS[ctx.norm[s - 1]]
            ):
                s, e = s - 1, e + 1
            hits.append(Hit(s, e))
        covered = {ctx.sentence_index(h.start) for h in hits}
        return hits + model_hits(ctx, self, covered)


@register
class ConfidentialUndecided(_SentenceRule):
    """Policy still being decided, presented as such (意思形成過程, G5.4).

    検討中, 検討段階, 未決定, 非公表, 公表前, 内定しました, 方向で調整しています, 内部で検討
    されています, 正式決定ではありません, a draft marked （案） … The reader's own
    consideration (ご検討ください, ご検討中の方へ) and published drafts for public comment
    (素案, （案）への意見を募集) are not reported; a draft that has just been drawn up
    internally (統合する素案がまとまりました, 原案を作成しました) is, unless the post puts it out
    for comment.
    """

    id = "confidential.undecided"
    clause = "G5.4"
    message_ja = (
        "意思形成過程にある（未決定・非公表の）内容です。正式決定・公表後に発信してください。"
    )
    message_en = "A policy still being decided or not yet announced; wait until it is official."

    def positions(self, ctx: CheckContext) -> list[int]:
        out = [s for s, _e in ctx.matches(self.id)]
        drafts = [m.start() for m in _DRAFT.finditer(ctx.norm)]
        drafts += [m.start() for m in _INTERNAL_DRAFT.finditer(ctx.norm)]
        if drafts and not _PUBLIC_DRAFT.search(ctx.norm):
            out.extend(drafts)  # 配置図（案）: a draft not put out for comment
        return out


@register
class Disrespect(_SentenceRule):
    """Insulting, contemptuous or mocking wording (不敬な言い方, G5.5).

    Insults matched as whole words or dictionary forms (バカ but not バカンス, 無能, 役立たず,
    税金泥棒, 老害, うざい/ウザかった, 黙れ, ざまあみろ …), derogatory labels for groups of
    people (クレーマーの皆さん, おばちゃん軍団), mockery ending in 笑, and exasperation aimed at
    people (年寄りにはうんざり, 〜の人たちにはいい加減にしてほしい): a people word and a
    contempt word in one sentence.
    """

    id = "content.disrespect"
    clause = "G5.5"
    message_ja = "相手を見下す・侮辱する表現があります。公式発信にふさわしい表現に改めてください。"
    message_en = "Insulting or contemptuous wording; rephrase it as befits official speech."

    def positions(self, ctx: CheckContext) -> list[int]:
        direct = [s for s, _e in ctx.matches(self.id)]
        return direct + cooccurring(ctx, "disrespect.target", "disrespect.contempt")


@register
class Discrimination(_SentenceRule):
    """Discrimination by race, nationality, creed, sex, disability or origin (G5.5).

    Slurs, role stereotypes (女には無理, 本来お母さんの役目) and background checks on origin
    (出身かどうか調べる) directly, and a protected group (nationality, race, sex, sexual
    orientation, disability, origin, creed, welfare status: 外国人, 同性カップル, 障害のある方,
    特定の宗教を信仰している人, 生活保護を受けている人 …) with, in the same sentence, a
    generalisation or exclusion (ルーズ, 悪影響, ご遠慮いただいています, なれないようにすべき,
    近づけないほうがいい, 〜だと議論がまとまらない …), stereotyping constructions (〜は
    どうせ…, 〜なんかに, 〜のくせに, 〜になりがち), preference for "normal" families and
    derogation by education or origin. Slurs are whole words (土人 is not in 土人形).
    Human-rights education (同和問題の解消, 差別が残っています) is not reported.
    """

    id = "content.discrimination"
    clause = "G5.5"
    message_ja = "人種・国籍・性別・障害・出身などによる差別的な表現があります。"
    message_en = "Discriminatory wording (race, nationality, sex, disability, origin …)."

    excuses = ("discrimination.benign",)

    def positions(self, ctx: CheckContext) -> list[int]:
        found = [s for s, _e in ctx.matches(self.id)]
        found += cooccurring(ctx, "discrimination.group", "discrimination.judgement")
        out = []
        for pos in found:
            ss, se = ctx.sentence_of(pos)
            if not ctx.has("discrimination.benign", ss, se):
                out.append(pos)  # 同和問題（部落差別）は…差別が残っています: education, not a slur
        return out


@register
class Illegal(_SentenceRule):
    """Illegal acts, or inciting them (違法行為やその煽動, G5.5).

    An act that is an offence (drink-driving, 不法投棄, 脱税, 万引き, 無断で/勝手に/こっそり,
    trespass over a fence, のぞき, 届け出ずに, 海賊版 …) with, in the same sentence, a cue that
    encourages or minimises it (大丈夫, OK, バレない, 見つかりません, チャンス, 一番乗り,
    〜てしまえば, 〜しちゃえ, みんなやってる, 少しくらいなら …), or in the sentence right
    after it (…からダウンロードしました。皆さんも見られますよ). Warnings that state the law
    (不法投棄は犯罪です, 二十歳未満の飲酒は法律で禁止, 絶対にやめましょう) are not reported.
    """

    id = "content.illegal"
    clause = "G5.5"
    message_ja = "違法行為を勧める・容認する表現があります。"
    message_en = "Wording that encourages or condones an illegal act."

    excuses = ("illegal.warning",)

    def positions(self, ctx: CheckContext) -> list[int]:
        out: list[int] = []
        acts = ctx.matches(self.id)
        if not acts:
            return out
        permissions = ctx.matches("illegal.permission")
        for s, e in acts:
            i = ctx.sentence_index(s)
            ss, se = ctx.sentences[i]
            if ctx.has("illegal.warning", ss, se):
                continue  # 不法投棄は犯罪です / バレないと思っても違反です: a warning
            strong = _self_sufficient(ctx.folded[s:e]) or any(
                s <= a and b <= e for a, b in permissions
            )
            if strong or any(ss <= a < se and not (s <= a < e) for a, _b in permissions):
                out.append(s)
                continue
            # …海外サイトからダウンロードしました。皆さんも同じ方法で見られますよ: the cue may
            # come in the next sentence, which is then part of the statement.
            if i + 1 < len(ctx.sentences):
                ns, ne = ctx.sentences[i + 1]
                later = [a for a, _b in permissions if ns <= a < ne]
                if later and not ctx.has("illegal.warning", ns, ne):
                    out.extend((s, later[0]))
        return out


def _self_sufficient(matched: str) -> bool:
    """Phrases that already say 'nobody will know' or 'nobody checks' need no second cue."""
    return any(w in matched for w in ("ばれ", "取り締まり", "取締まり"))


@register
class Rumor(_SentenceRule):
    """An unverified rumour passed on as such (単なる噂, G5.5).

    噂です, という話を聞きました, らしい (the auxiliary, not the suffix in 上越らしい) …
    Sentences that deny a rumour (事実ではありません, デマ) are corrections, not rumours.
    """

    id = "content.rumor"
    clause = "G5.5"
    message_ja = (
        "確認されていない噂を伝える表現があります。事実確認した情報だけを発信してください。"
    )
    message_en = "An unverified rumour; post only information that has been confirmed."

    excuses = ("rumor.debunk",)

    def positions(self, ctx: CheckContext) -> list[int]:
        candidates = [s for s, _e in ctx.matches(self.id)]
        for tok in ctx.tokens:
            if tok.surface == "らしい" and tok.pos[0] == "助動詞":
                candidates.append(tok.start)
        out = []
        for pos in candidates:
            ss, se = ctx.sentence_of(pos)
            if not ctx.has("rumor.debunk", ss, se) and not _in_hashtag(ctx, pos):
                out.append(pos)
        return out


def _in_hashtag(ctx: CheckContext, pos: int) -> bool:
    line_start = ctx.norm.rfind("\n", 0, pos) + 1
    word_start = max(ctx.norm.rfind(" ", line_start, pos), line_start - 1) + 1
    return ctx.norm[word_start : word_start + 1] in ("#", "＃")


@register
class Obscene(_SentenceRule):
    """Obscene content in the text (わいせつ, 公序良俗, G5.5).

    Sexual words matched as whole words (エロ, 巨乳, ムラムラ, エッチ but not エッチング) and
    leering phrases (胸元が, 露出の多い, 目の保養 …).
    """

    id = "content.obscene"
    clause = "G5.5"
    message_ja = "わいせつ・性的な表現があります。公式発信にふさわしくありません。"
    message_en = "Obscene or sexual wording, unfit for official speech."


@register
class Political(_SentenceRule):
    """Taking sides in elections or party politics (公平・中立, premise of G5).

    Calls to vote for or against a candidate or party, support for a party or for a
    candidate's re-election, rejection of a party's positions, and any request for or pledge of
    support (応援をお願いします, 推薦します, 選ぶべき, 後援会への入会を) in the sentence of a
    party or candidate or right after it. Neutral election information (投票日, 期日前投票,
    選挙公報, 選挙に行こう) is not reported.
    """

    id = "content.political"
    clause = "G5"
    message_ja = "選挙や政党について特定の立場に立つ表現があります。公平・中立を保ってください。"
    message_en = "Takes sides in an election or party politics; stay neutral."

    def positions(self, ctx: CheckContext) -> list[int]:
        out = [s for s, _e in ctx.matches(self.id)]
        endorsements = ctx.matches("political.endorse")
        if not endorsements:
            return out
        actors = [ctx.sentence_index(a) for a, _b in ctx.matches("political.actor")]
        for s, _e in endorsements:
            i = ctx.sentence_index(s)
            ss, se = ctx.sentences[i]
            if ctx.has("political.neutral", ss, se):
                continue
            if any(i - 1 <= a <= i for a in actors):
                out.append(s)
        return out


@register
class Violence(_SentenceRule):
    """Threats, violence and other content against public order (G5.5).

    Violent verbs in any conjugation (殺す, 殴る, ぶちのめす, 痛めつける, 焼き払う …, from
    Sudachi dictionary forms), threats (痛い目にあわせ, ただじゃおかない, 覚悟してください,
    〜してやる), exposure (顔写真をネットに晒す) and veiled threats (夜道には気をつけて,
    住所は把握しています). Passive reports (殴られる被害), warnings (暴力は犯罪です) and
    ordinary objects (ストレスをぶっ飛ばせ, 菌を殺す) are not reported; 殺処分, 必殺技 and
    爆弾低気圧 are other words.
    """

    id = "content.violence"
    clause = "G5.5"
    message_ja = "脅迫・暴力的な表現があります。公式発信にふさわしくありません。"
    message_en = "Threatening or violent wording, unfit for official speech."

    excuses = ("violence.benign",)

    def positions(self, ctx: CheckContext) -> list[int]:
        out = []
        for s, _e in ctx.matches(self.id):
            ss, se = ctx.sentence_of(s)
            if not ctx.has("violence.benign", ss, se):
                out.append(s)
        return out
