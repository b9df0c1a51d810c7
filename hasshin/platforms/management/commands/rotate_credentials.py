"""Re-encrypt every stored credential under the newest key of HASSHIN_CREDENTIAL_KEYS.

Key rotation: put a new key first in HASSHIN_CREDENTIAL_KEYS (keeping the old one after it),
run this command, then remove the old key. Values are never printed."""

from django.core.management.base import BaseCommand
from django.db import transaction

from hasshin.audit.services import audit_record
from hasshin.platforms import secrets
from hasshin.platforms.models import AccountCredential


class Command(BaseCommand):
    help = "Re-encrypt stored account credentials under the newest credential key."

    def handle(self, *args, **options):
        done = 0
        for pk in AccountCredential.objects.values_list("pk", flat=True):
            with transaction.atomic():
                cred = AccountCredential.objects.select_for_update().get(pk=pk)
                cred.encrypted = secrets.rotate(cred.encrypted)
                cred.save(update_fields=["encrypted"])
                audit_record(
                    verb="credential.rotated",
                    organisation=cred.organisation,
                    obj=cred.account,
                )
            done += 1
        self.stdout.write(f"re-encrypted {done} credential(s) under the newest key")
