import sys

from django.core.management.base import BaseCommand, CommandError

from hasshin.audit.export import iter_csv, iter_jsonl
from hasshin.audit.models import AuditEvent
from hasshin.registry.models import Organisation


class Command(BaseCommand):
    help = "Export the audit trail as CSV or JSON lines to standard output."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv", "jsonl"], default="csv")
        parser.add_argument("--organisation", help="slug; default: all organisations")

    def handle(self, *args, **options):
        events = AuditEvent.objects.order_by("chain_id", "seq")
        if options["organisation"]:
            try:
                org = Organisation.objects.get(slug=options["organisation"])
            except Organisation.DoesNotExist:
                raise CommandError(f"unknown organisation {options['organisation']!r}") from None
            events = events.filter(organisation=org)
        writer = iter_csv if options["format"] == "csv" else iter_jsonl
        for chunk in writer(events.iterator(chunk_size=2000)):
            sys.stdout.write(chunk)
