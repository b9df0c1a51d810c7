"""Exports: the 運用計画書 as a PDF laid out like a city form (Japanese font embedded), and the
registry as an Excel sheet."""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from django.utils import timezone

from . import fiscal, selectors
from .models import AccountStatus, OperationPlan, Organisation, PlanStatus, ReplyPolicy, Role

# IPAex Gothic ships with Hasshin (hasshin/registry/fonts, IPA Font License v1.0, which allows
# redistribution and embedding), so PDFs work on any machine; reportlab embeds the glyph subset.
FONT_CANDIDATES = (str(Path(__file__).parent / "fonts" / "ipaexg.ttf"),)
FONT = "HasshinJP"


class FontMissing(RuntimeError):
    pass


@lru_cache(maxsize=1)
def _register_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for candidate in FONT_CANDIDATES:
        if Path(candidate).exists():
            pdfmetrics.registerFont(TTFont(FONT, candidate))
            return candidate
    raise FontMissing(f"Japanese font missing: {', '.join(FONT_CANDIDATES)}")


def _p(text: str, style) -> object:
    from reportlab.platypus import Paragraph

    return Paragraph(escape(str(text or "")).replace("\n", "<br/>"), style)


def plan_rows(plan: OperationPlan) -> list[tuple[str, str]]:
    """The form's rows, in the order cities file them (G4.1–G4.5, G6.1)."""
    account = plan.account
    start, end = plan.term
    pack = plan.organisation.pack.data
    rec = pack.cadence.recommended.get(account.service)
    managers = "、".join(f"{m.title} {m}" for m in account.managers()) or "—"
    persona = [
        (
            "年代",
            "、".join(plan.age_group_labels())
            + ("（市民全体）" if plan.target_all_citizens else ""),
        ),
        ("家族構成", plan.target_family),
        ("職業", plan.target_occupation),
        ("居住場所", plan.target_residence),
        ("趣味", plan.target_hobbies),
        ("ライフスタイル", plan.target_lifestyle),
        ("潜在意識", plan.target_latent),
    ]
    return [
        ("所管課等", f"{account.division.department.name} {account.division.name}"),
        ("運用管理責任者", managers),
        ("サービス", account.get_service_display()),
        ("アカウント名", account.display_name),
        ("ハンドル・URL", f"{account.handle or '（開設前）'}\n{account.url or ''}".strip()),
        (
            "運用期間",
            f"{start:%Y年%-m月%-d日}〜{end:%Y年%-m月%-d日}（{fiscal.wareki_label(plan.fiscal_year)}）",
        ),
        ("１ 発信すべき理由（なぜ）", plan.purpose),
        ("　ソーシャルメディアを選ぶ理由", plan.why_social_media),
        ("　情報が届きにくい人", plan.left_out),
        ("　その人たちへの代替手段", plan.alternative_channel),
        ("２ 発信内容（何を）", plan.content_plan),
        ("　タイミング（いつ）", plan.timing),
        ("３ ターゲット（誰に）", "\n".join(f"{k}：{v}" for k, v in persona if v)),
        ("４ サービスの選定理由（どのように）", plan.service_reason),
        (
            "５ 発信頻度",
            f"月{plan.posts_per_month}回程度"
            + (f"（{plan.frequency_note}）" if plan.frequency_note else "")
            + (f"\n参考：{rec.label}" if rec else ""),
        ),
        ("運用時間", plan.operating_hours),
        ("コメントへの返信", ReplyPolicy(plan.reply_policy).label),
        ("フォロー・引用の方針", plan.follow_policy),
        ("運用担当者", "、".join(str(u) for u in account.operators.all()) or "—"),
        ("委託事業者・指定管理者", account.contractor_name or "なし"),
        ("緊急連絡先", str(account.emergency_contact or "—")),
        ("問い合わせ先", plan.contact),
        (
            "要機密情報・個人情報の取扱い",
            ("あり：" + plan.sensitive_data_description) if plan.handles_sensitive_data else "なし",
        ),
    ]


def _stamps(plan: OperationPlan) -> list[tuple[str, str]]:
    """決裁欄: one box per step of the chain, with who decided and when."""
    boxes = []
    approved = {}
    for e in plan.events.filter(kind__in=("approved", "opened", "skipped"), version=plan.version):
        approved.setdefault(e.step_id, []).append(e)
    for step in plan.chain:
        done = approved.get(step["id"], [])
        text = "\n".join(
            f"{e.actor.display_name if e.actor else '省略'}\n"
            f"{timezone.localtime(e.created_at):%-m/%-d}"
            for e in done
        )
        boxes.append((step["label"], text))
    return boxes


def plan_pdf(plan: OperationPlan) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

    _register_font()
    org = plan.organisation
    base = ParagraphStyle("jp", fontName=FONT, fontSize=9, leading=13, wordWrap="CJK")
    label = ParagraphStyle("label", parent=base, fontSize=8.5)
    title = ParagraphStyle("title", parent=base, fontSize=15, leading=20, alignment=1)
    right = ParagraphStyle("right", parent=base, alignment=2)
    small = ParagraphStyle("small", parent=base, fontSize=7, leading=9, alignment=1)

    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=str(plan),
        author=org.name,
        subject="運用計画書",
    )
    width = A4[0] - 36 * mm
    status = PlanStatus(plan.status).label
    story = [
        _p(f"{fiscal.wareki_label(plan.fiscal_year)}　第{plan.version}版　（{status}）", right),
        Spacer(1, 3 * mm),
        _p(f"{org.name}ソーシャルメディア運用計画書", title),
        Spacer(1, 4 * mm),
    ]
    stamps = _stamps(plan)
    if stamps:
        col = width / max(len(stamps), 1)
        stamp_table = Table(
            [[_p(lbl, small) for lbl, _t in stamps], [_p(t, small) for _l, t in stamps]],
            colWidths=[col] * len(stamps),
            rowHeights=[None, 16 * mm],
        )
        stamp_table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ]
            )
        )
        story += [stamp_table, Spacer(1, 5 * mm)]
    submitted = timezone.localtime(plan.submitted_at) if plan.submitted_at else None
    story.append(
        _p(f"提出日：{submitted:%Y年%-m月%-d日}" if submitted else "提出日：（未提出）", right)
    )
    story.append(Spacer(1, 2 * mm))
    rows = [[_p(k, label), _p(v, base)] for k, v in plan_rows(plan)]
    table = Table(rows, colWidths=[45 * mm, width - 45 * mm])
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f0f0f0")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    story.append(table)
    story.append(Spacer(1, 4 * mm))
    story.append(_p(f"アカウントのプロフィールに記載する内容：{plan.account.profile_text}", base))
    story.append(
        _p(
            f"※ {org.pack.data.pack.name}に基づく。出力日時 {timezone.localtime():%Y-%m-%d %H:%M}",
            small,
        )
    )
    doc.build(story)
    return buf.getvalue()


REGISTRY_COLUMNS = [
    "サービス",
    "アカウント名",
    "ハンドル・ID",
    "ページのURL",
    "部",
    "所管課等",
    "運用管理責任者",
    "状態",
    "市公式アカウント",
    "今年度の計画書",
    "計画書未承認",
    "予定頻度（月）",
    "委託事業者・指定管理者",
    "緊急連絡先",
    "二段階認証",
    "パスワード最終変更日",
    "パスワード変更期限",
    "プロフィール文",
]


def registry_xlsx(org: Organisation) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    fy = fiscal.current_fiscal_year()
    security = {r["account"].pk: r for r in selectors.security_rows(org)}
    wb = Workbook()
    ws = wb.active
    ws.title = "アカウント台帳"
    ws.append([f"{org.name} ソーシャルメディアアカウント台帳（{fiscal.label(fy)}）"])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([f"出力日時 {timezone.localtime():%Y-%m-%d %H:%M}"])
    ws.append(REGISTRY_COLUMNS)
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE6F0")
    for account in selectors.accounts(org).exclude(status=AccountStatus.DECLINED):
        plan = selectors.plan_for_year(account, fy)
        missing = account.status == AccountStatus.ACTIVE and (
            plan is None or plan.status != PlanStatus.APPROVED
        )
        sec = security.get(account.pk)
        s = sec["security"] if sec else None
        ws.append(
            [
                str(account.get_service_display()),
                account.display_name,
                account.handle,
                account.url,
                account.division.department.name,
                account.division.name,
                "、".join(str(m) for m in account.managers()),
                str(AccountStatus(account.status).label),
                "○" if account.is_city_wide else "",
                str(PlanStatus(plan.status).label) if plan else "なし",
                "要対応" if missing else "",
                plan.posts_per_month if plan else None,
                account.contractor_name,
                str(account.emergency_contact or ""),
                ("有効" if s.two_factor_enabled else "無効")
                if s and s.two_factor_attested_at
                else "未確認",
                s.password_changed_on if s else None,
                sec["due"] if sec else None,
                account.profile_text,
            ]
        )
    widths = [12, 24, 18, 40, 16, 16, 16, 18, 10, 12, 10, 10, 20, 14, 10, 14, 14, 50]
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    for row in ws.iter_rows(min_row=header_row + 1):
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            if cell.column in (16, 17):
                cell.number_format = "yyyy-mm-dd"
    ws.freeze_panes = ws.cell(row=header_row + 1, column=3)
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(REGISTRY_COLUMNS))}{ws.max_row}"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


__all__ = ["FontMissing", "Role", "plan_pdf", "registry_xlsx"]
