"""Demo city data: 上越市 with one person per role, and さくら町 to show isolation.

Logins are documented in the README. Every demo password is DEMO_PASSWORD.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from .models import Organisation, Role
from .services import (
    department_create,
    division_create,
    organisation_create,
    role_assign,
    user_create,
)

DEMO_PASSWORD = "hasshin-demo"  # noqa: S105 - documented demo login, never used in production

# (department, [(division, function, phone)])
JOETSU_STRUCTURE = [
    (
        "総務管理部",
        [
            ("情報政策室", "info_policy", "025-520-5622"),
            ("広報対話課", "pr", "025-520-5600"),
            ("人事課", "", "025-520-5610"),
        ],
    ),
    ("防災危機管理部", [("危機管理課", "", "025-520-5680")]),
    ("産業観光交流部", [("観光振興課", "", "025-526-5111")]),
    ("こども・家庭応援部", [("子育て支援課", "", "025-520-5720")]),
]

# username, name, title, division, [(role, scope)] where scope is "division" | "department" | None
JOETSU_PEOPLE = [
    ("admin", "管理 太郎", "システム管理者", "情報政策室", [(Role.ADMIN, None)]),
    ("kanko-tanto", "観光 花子", "主任", "観光振興課", [(Role.OPERATOR, "division")]),
    ("kanko-itaku", "委託 次郎", "ディレクター", "観光振興課", [(Role.CONTRACTOR, "division")]),
    ("kanko-kacho", "山田 一郎", "観光振興課長", "観光振興課", [(Role.MANAGER, "division")]),
    ("sangyo-bucho", "佐藤 健", "産業観光交流部長", "観光振興課", [(Role.DIRECTOR, "department")]),
    ("kosodate-tanto", "子育 さくら", "主事", "子育て支援課", [(Role.OPERATOR, "division")]),
    ("kosodate-kacho", "鈴木 恵子", "子育て支援課長", "子育て支援課", [(Role.MANAGER, "division")]),
    ("kiki-kacho", "高橋 誠", "危機管理課長", "危機管理課", [(Role.MANAGER, "division")]),
    ("johoseisaku", "伊藤 直樹", "情報政策室長", "情報政策室", [(Role.INFO_POLICY, None)]),
    (
        "koho-kacho",
        "渡辺 美紀",
        "広報対話課長",
        "広報対話課",
        [(Role.PR, None), (Role.MANAGER, "division")],
    ),
    ("koho-tanto", "中村 翔", "主任", "広報対話課", [(Role.OPERATOR, "division")]),
    (
        "somu-bucho",
        "小林 修",
        "総務管理部長",
        "人事課",
        [(Role.GA_DIRECTOR, None), (Role.DIRECTOR, "department")],
    ),
    ("kansa", "加藤 由美", "監査委員事務局", "人事課", [(Role.AUDITOR, None)]),
]

SAKURA_PEOPLE = [
    ("sakura-admin", "桜井 管理", "情報係長", "総務課", [(Role.ADMIN, None)]),
    ("sakura-tanto", "桜田 担当", "主事", "総務課", [(Role.OPERATOR, "division")]),
    (
        "sakura-kacho",
        "桜木 課長",
        "総務課長",
        "総務課",
        [(Role.MANAGER, "division"), (Role.PR, None), (Role.DIRECTOR, "department")],
    ),
]


DemoExtension = Callable[[dict[str, Organisation]], None]
_EXTENSIONS: list[DemoExtension] = []


def demo_extension(fn: DemoExtension) -> DemoExtension:
    """Register a function that adds one feature's demo data (accounts, plans, posts…)."""
    if fn not in _EXTENSIONS:
        _EXTENSIONS.append(fn)
    return fn


def _people(org: Organisation, divisions: dict, people: list) -> None:
    for username, name, title, div_name, roles in people:
        division = divisions[div_name]
        company = (
            "株式会社にいがたPRワークス" if any(r == Role.CONTRACTOR for r, _ in roles) else ""
        )
        user = user_create(
            organisation=org,
            username=username,
            password=DEMO_PASSWORD,
            display_name=name,
            division=division,
            title=title,
            email=f"{username}@example.invalid",
            company=company,
        )
        for role, scope in roles:
            role_assign(
                user=user,
                role=role,
                division=division if scope == "division" else None,
                department=division.department if scope == "department" else None,
            )


@transaction.atomic
def load_demo() -> list[Organisation]:
    joetsu = organisation_create(
        name="上越市",
        name_en="Joetsu City",
        slug="joetsu",
        local_government_code="152226",
        website="https://www.city.joetsu.niigata.jp/",
        policy_pack="joetsu",
        require_two_factor=False,
    )
    divisions = {}
    for dept_name, divs in JOETSU_STRUCTURE:
        dept = department_create(organisation=joetsu, name=dept_name)
        for div_name, function, phone in divs:
            divisions[div_name] = division_create(
                department=dept,
                name=div_name,
                function=function,
                phone=phone,
            )
    _people(joetsu, divisions, JOETSU_PEOPLE)

    sakura = organisation_create(
        name="さくら町",
        name_en="Sakura Town (fictional)",
        slug="sakura",
        local_government_code="990019",
        website="https://www.town.sakura.example.lg.jp/",
        policy_pack="sample-town",
        require_two_factor=False,
    )
    dept = department_create(organisation=sakura, name="総務部")
    sakura_divs = {"総務課": division_create(department=dept, name="総務課", function="pr")}
    _people(sakura, sakura_divs, SAKURA_PEOPLE)
    orgs = {"joetsu": joetsu, "sakura": sakura}
    for extend in _EXTENSIONS:
        extend(orgs)
    return list(orgs.values())
