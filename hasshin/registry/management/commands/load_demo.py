from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from hasshin.registry.demo import DEMO_PASSWORD, load_demo
from hasshin.registry.models import Organisation


class Command(BaseCommand):
    help = "Load the demo cities (上越市, さくら町) with one person per role."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing when any organisation exists"
        )

    def handle(self, *args, **options):
        if options["if_empty"] and Organisation.objects.exists():
            self.stdout.write("demo data already present")
            return
        # The demo's notification mails go nowhere: nobody is waiting for them at set-up.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            orgs = load_demo()
        names = "、".join(o.name for o in orgs)
        self.stdout.write(self.style.SUCCESS(f"demo loaded: {names} (password {DEMO_PASSWORD})"))
