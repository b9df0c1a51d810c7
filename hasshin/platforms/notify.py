"""Email to the author, the account's managers (and operators for manual posts) when a
delivery needs someone: failed, refused, unknown, or waiting to be posted by hand.

Sent after commit (console backend by default); a mail failure never affects publishing.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _


def delivery_needs_attention(delivery_id: int) -> None:
    """Call inside the transaction of the change; mails after it commits."""
    transaction.on_commit(lambda: _send(delivery_id))


def recipients(delivery) -> list[str]:
    people = list(delivery.account.managers())
    if delivery.author_id:
        people.append(delivery.author)
    if delivery.state == "manual_pending":
        people += list(delivery.account.operators.filter(is_active=True))
    return sorted({p.email for p in people if p.email})


def _send(delivery_id: int) -> None:
    from .models import Delivery, DeliveryState

    delivery = Delivery.objects.select_related("account", "author").filter(pk=delivery_id).first()
    if delivery is None:
        return
    try:
        link = settings.HASSHIN_SITE_URL + reverse("platforms:delivery", args=[delivery.pk])
    except Exception:  # urls not loaded (worker-only process): still send the message
        link = ""
    state = DeliveryState(delivery.state).label
    subject = _("【発信】%(account)s への配信：%(state)s") % {
        "account": delivery.account,
        "state": state,
    }
    lines = [subject, ""]
    if delivery.state == DeliveryState.MANUAL_PENDING:
        lines += [_("次の本文を手動で投稿し、投稿のURLを記録してください。"), "", delivery.text, ""]
    if delivery.last_error:
        lines += [_("理由：%(error)s") % {"error": delivery.last_error}]
    if delivery.last_service_message:
        lines += [_("サービスからのメッセージ：%(m)s") % {"m": delivery.last_service_message}]
    if link:
        lines += ["", link]
    to = recipients(delivery)
    if to:
        send_mail(subject, "\n".join(lines), None, to, fail_silently=True)
