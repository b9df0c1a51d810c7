import signal
import threading

from django.core.management.base import BaseCommand

from hasshin.core.worker import run_due_jobs, run_forever


class Command(BaseCommand):
    help = "Run the background worker (publishing, reminders). Several may run at once."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="run due jobs once and exit")

    def handle(self, *args, **options):
        if options["once"]:
            self.stdout.write(f"done: {run_due_jobs()}")
            return
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        signal.signal(signal.SIGINT, lambda *_: stop.set())
        run_forever(stop)
