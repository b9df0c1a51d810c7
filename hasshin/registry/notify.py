"""Email to whoever must act next on a plan (console backend by default)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import OperationPlan, PlanStatus, User
from .workflow import step_signatures


def plan_url(plan: OperationPlan) -> str:
    return f"{settings.HASSHIN_SITE_URL}{reverse('registry:plan_detail', args=[plan.pk])}"


def next_actors(plan: OperationPlan) -> list[User]:
    """The people who can act on the plan's current step (and have not yet signed it)."""
    step = plan.step()
    if plan.status != PlanStatus.IN_REVIEW or step is None:
        return []
    signed = step_signatures(plan, step["id"])
    roles = [r for r in step["roles"] if r not in signed]
    return list(
        User.objects.filter(organisation=plan.organisation, is_active=True)
        # One filter() call, so role and scope apply to the same assignment row.
        .filter(Q(role_assignments__role__in=roles) & _scoped(plan))
        .exclude(email="")
        .distinct()
    )


def _scoped(plan: OperationPlan) -> Q:
    acc = plan.account
    return (
        Q(role_assignments__division__isnull=True, role_assignments__department__isnull=True)
        | Q(role_assignments__division_id=acc.division_id)
        | Q(role_assignments__department_id=acc.division.department_id)
    )


def _send(subject: str, body: str, plan: OperationPlan, recipients: list[str]) -> None:
    if not recipients:
        return
    pk = plan.pk

    def deliver() -> None:
        # The link is built after commit, outside the transaction.
        link = plan_url(OperationPlan(pk=pk))
        send_mail(subject, f"{body}\n{link}", None, recipients, fail_silently=True)

    transaction.on_commit(deliver)


def notify_plan(plan: OperationPlan) -> None:
    """After a change: tell the next actors, or the drafter when the plan comes back."""
    title = str(plan)
    if plan.status == PlanStatus.IN_REVIEW:
        step = plan.step() or {"label": ""}
        _send(
            _("【発信】運用計画書の手続をお願いします：%(title)s") % {"title": title},
            _("「%(step)s」の手続をお願いします。") % {"step": step["label"]},
            plan,
            [u.email for u in next_actors(plan)],
        )
    else:
        status = PlanStatus(plan.status).label
        _send(
            _("【発信】運用計画書が「%(status)s」になりました：%(title)s")
            % {"status": status, "title": title},
            _("運用計画書が「%(status)s」になりました。") % {"status": status},
            plan,
            [plan.created_by.email] if plan.created_by.email else [],
        )
