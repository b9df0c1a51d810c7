"""The post workflow: its states and the one table of allowed transitions.

draft → submitted → approved | returned; returned → submitted; approved ⇄ scheduled;
editing a submitted, approved or scheduled post sends it back to draft (reopen);
scheduled → published is made by the publishing engine.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hasshin.core.permissions import DomainError


class PostState(models.TextChoices):
    DRAFT = "draft", _("下書き")
    SUBMITTED = "submitted", _("承認待ち")
    RETURNED = "returned", _("差し戻し")
    APPROVED = "approved", _("承認済み")
    SCHEDULED = "scheduled", _("予約済み")
    PUBLISHED = "published", _("発信済み")


S = PostState

# (from, to) → the name of the step, used as the audit verb ``post.<step>``.
TRANSITIONS: dict[tuple[str, str], str] = {
    (S.DRAFT, S.SUBMITTED): "submitted",
    (S.RETURNED, S.SUBMITTED): "submitted",
    (S.SUBMITTED, S.APPROVED): "approved",
    (S.SUBMITTED, S.RETURNED): "returned",
    (S.SUBMITTED, S.DRAFT): "reopened",
    (S.APPROVED, S.DRAFT): "reopened",
    (S.SCHEDULED, S.DRAFT): "reopened",
    (S.APPROVED, S.SCHEDULED): "scheduled",
    (S.SCHEDULED, S.APPROVED): "unscheduled",
    (S.SCHEDULED, S.PUBLISHED): "published",
}

# States whose content may be changed in place; others must be reopened first.
EDITABLE = frozenset({S.DRAFT, S.RETURNED})
# States in which an approval is in force or being sought: a change of content resets them.
RESET_ON_EDIT = frozenset({S.SUBMITTED, S.APPROVED, S.SCHEDULED})


def step_for(current: str, target: str) -> str:
    """The step name for ``current → target``, or DomainError when it is not allowed."""
    step = TRANSITIONS.get((current, target))
    if step is None:
        raise DomainError(
            gettext("「%(from)s」の投稿を「%(to)s」にすることはできません。")
            % {"from": S(current).label, "to": S(target).label}
        )
    return step


def allowed_targets(current: str) -> list[str]:
    return [to for (frm, to) in TRANSITIONS if frm == current]
