"""Reads for the publishing pages: always scoped to the organisation."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from hasshin.registry.models import Role, SocialAccount, User

from .models import ATTENTION_STATES, Delivery, DeliveryState


def managed_division_ids(user: User) -> set[int]:
    return set(
        user.role_assignments.filter(role=Role.MANAGER, division__isnull=False).values_list(
            "division_id", flat=True
        )
    )


def can_manage_account(user: User, account: SocialAccount) -> bool:
    """Credentials and retries: the account's 運用管理責任者, or a system administrator."""
    if account.organisation_id != user.organisation_id:
        return False
    return user.has_role(Role.ADMIN) or account.division_id in managed_division_ids(user)


def can_record_manual(user: User, account: SocialAccount) -> bool:
    if account.organisation_id != user.organisation_id:
        return False
    return can_manage_account(user, account) or account.operators.filter(pk=user.pk).exists()


def deliveries(user: User) -> QuerySet[Delivery]:
    return Delivery.objects.filter(organisation_id=user.organisation_id).select_related(
        "account", "author"
    )


def delivery_get(user: User, pk: int) -> Delivery:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(deliveries(user), pk=pk)


def needing_me(user: User) -> QuerySet[Delivery]:
    """Deliveries someone must act on that this person is concerned with."""
    mine = Q(author=user) | Q(account__division_id__in=managed_division_ids(user))
    if user.has_role(Role.ADMIN):
        mine = Q()
    manual = Q(state=DeliveryState.MANUAL_PENDING, account__operators=user)
    return deliveries(user).filter(state__in=ATTENTION_STATES).filter(mine | manual).distinct()


def accounts(user: User) -> QuerySet[SocialAccount]:
    return SocialAccount.objects.filter(organisation_id=user.organisation_id).select_related(
        "division", "credential"
    )
