"""Run Hasshin as one process: web app (waitress), embedded worker and sandbox services."""

import logging

from django.conf import settings
from django.contrib.staticfiles.management.commands import collectstatic
from django.core.management import call_command
from django.core.management.base import BaseCommand

from hasshin.core.worker import start_embedded

log = logging.getLogger("hasshin")


class Command(BaseCommand):
    help = "Serve the web app with the embedded worker (and the sandbox services in demo mode)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args, **options):
        from waitress import serve

        from hasshin.wsgi import application

        if settings.PRODUCTION:
            call_command(collectstatic.Command(), interactive=False, verbosity=0)
        if settings.HASSHIN_SANDBOX:
            from hasshin.platforms.sandbox import start_sandbox

            url, _stop = start_sandbox(port=settings.HASSHIN_SANDBOX_PORT)
            self.stdout.write(f"sandbox services on {url}")
        if settings.HASSHIN_WORKER == "embedded":
            start_embedded()
            self.stdout.write("embedded worker started")
        url = f"http://{options['host']}:{options['port']}/"
        self.stdout.write(self.style.SUCCESS(f"Hasshin is running on {url}"))
        serve(
            application,
            host=options["host"],
            port=options["port"],
            threads=options["threads"],
            ident="hasshin",
        )
