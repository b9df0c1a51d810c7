from django.core.management.base import BaseCommand, CommandError

from hasshin.audit.models import AuditEvent
from hasshin.audit.services import verify_chains


class Command(BaseCommand):
    help = "Verify the hash chains of the audit trail; exit 1 on any tampering."

    def handle(self, *args, **options):
        problems = list(verify_chains())
        for p in problems:
            self.stderr.write(f"{p.chain} #{p.seq}: {p.problem}")
        if problems:
            raise CommandError(f"audit trail tampered with: {len(problems)} problem(s)")
        count = AuditEvent.objects.count()
        self.stdout.write(self.style.SUCCESS(f"audit trail intact: {count} events verified"))
