"""Writes for organisations, divisions, people and roles. Each is atomic and audited."""

from __future__ import annotations

from django.db import transaction

from hasshin.audit.services import audit_record
from hasshin.policy import load_pack

from .models import Department, Division, Organisation, Role, RoleAssignment, User


@transaction.atomic
def organisation_create(
    *,
    name: str,
    slug: str,
    local_government_code: str,
    website: str,
    policy_pack: str,
    name_en: str = "",
    require_two_factor: bool = True,
    actor: User | None = None,
) -> Organisation:
    load_pack(policy_pack)  # fails with a clear message if the pack is missing or invalid
    org = Organisation.objects.create(
        name=name,
        name_en=name_en,
        slug=slug,
        local_government_code=local_government_code,
        website=website,
        policy_pack=policy_pack,
        require_two_factor=require_two_factor,
    )
    audit_record(
        verb="organisation.created",
        organisation=org,
        actor=actor,
        obj=org,
        details={"policy_pack": policy_pack},
    )
    return org


@transaction.atomic
def department_create(
    *, organisation: Organisation, name: str, name_en: str = "", actor: User | None = None
) -> Department:
    dept = Department.objects.create(organisation=organisation, name=name, name_en=name_en)
    audit_record(verb="department.created", organisation=organisation, actor=actor, obj=dept)
    return dept


@transaction.atomic
def division_create(
    *,
    department: Department,
    name: str,
    name_en: str = "",
    function: str = "",
    phone: str = "",
    email: str = "",
    actor: User | None = None,
) -> Division:
    div = Division.objects.create(
        organisation=department.organisation,
        department=department,
        name=name,
        name_en=name_en,
        function=function,
        phone=phone,
        email=email,
    )
    audit_record(verb="division.created", organisation=div.organisation, actor=actor, obj=div)
    return div


@transaction.atomic
def user_create(
    *,
    organisation: Organisation,
    username: str,
    password: str,
    display_name: str,
    division: Division | None = None,
    title: str = "",
    email: str = "",
    company: str = "",
    actor: User | None = None,
) -> User:
    if division is not None and division.organisation_id != organisation.pk:
        raise ValueError("division belongs to another organisation")
    user = User.objects.create_user(
        username=username,
        password=password,
        email=email,
        organisation=organisation,
        division=division,
        display_name=display_name,
        title=title,
        company=company,
    )
    audit_record(verb="user.created", organisation=organisation, actor=actor, obj=user)
    return user


@transaction.atomic
def role_assign(
    *,
    user: User,
    role: Role | str,
    division: Division | None = None,
    department: Department | None = None,
    actor: User | None = None,
) -> RoleAssignment:
    org = user.organisation
    for scope in (division, department):
        if scope is not None and scope.organisation_id != org.pk:
            raise ValueError("scope belongs to another organisation")
    assignment, _created = RoleAssignment.objects.get_or_create(
        organisation=org, user=user, role=role, division=division, department=department
    )
    user.__dict__.pop("_role_cache", None)
    audit_record(
        verb="role.assigned",
        organisation=org,
        actor=actor,
        obj=user,
        details={
            "role": str(role),
            "division": getattr(division, "pk", None),
            "department": getattr(department, "pk", None),
        },
    )
    return assignment
