"""The background worker: a loop that runs registered periodic jobs.

Embedded (a thread started by ``manage.py serve``) on the default SQLite set-up, or one or
more ``manage.py worker`` processes on PostgreSQL. Jobs must be safe to run concurrently in
several workers: they claim their rows with row locks or conditional updates.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import close_old_connections
from django.utils import translation

log = logging.getLogger("hasshin.worker")


@dataclass
class Job:
    name: str
    fn: Callable[[], int]
    every: float
    next_run: float = field(default=0.0)


_JOBS: dict[str, Job] = {}


def periodic(name: str, every: float) -> Callable[[Callable[[], int]], Callable[[], int]]:
    """Register ``fn`` to run every ``every`` seconds. It returns how much work it did."""

    def decorator(fn: Callable[[], int]) -> Callable[[], int]:
        _JOBS[name] = Job(name, fn, every)
        return fn

    return decorator


def run_due_jobs(now: float | None = None) -> int:
    now = time.monotonic() if now is None else now
    done = 0
    for job in list(_JOBS.values()):
        if now < job.next_run:
            continue
        close_old_connections()
        try:
            # What a job stores or mails is read by staff: in the site's language, whatever
            # language a request on this thread used last.
            with translation.override(settings.LANGUAGE_CODE):
                done += job.fn() or 0
        except Exception:
            # A failing job is logged and retried on its next turn; it never kills the worker.
            log.exception("job %s failed", job.name)
        finally:
            job.next_run = time.monotonic() + job.every
    return done


def run_forever(stop: threading.Event, tick: float = 1.0) -> None:
    log.info("worker started with jobs: %s", ", ".join(sorted(_JOBS)) or "(none)")
    while not stop.is_set():
        run_due_jobs()
        stop.wait(tick)
    close_old_connections()


def start_embedded() -> threading.Event:
    stop = threading.Event()
    threading.Thread(target=run_forever, args=(stop,), name="hasshin-worker", daemon=True).start()
    return stop
