"""Fault injection for the publishing engine: real worker processes killed at each step.

Run as ``python -m tests.platforms.crash_harness --runs 1000`` (test_engine_crash.py does).
It uses its own file-based SQLite database in ``--data-dir`` and its own sandbox process.

A run is one delivery (X, Facebook, Instagram, LINE or YouTube; unique text). Runs go in
batches: the parent (Django loaded) puts random faults in the sandbox (5xx, 429 with
Retry-After, a hang longer than the connector's timeout, a dropped connection, and "accept,
then drop the connection"), forks one worker child per run, and each child claims a due
delivery and processes it, dying with ``os._exit`` at the crash point the parent chose
(``after_claim``, ``before_request``: sending committed; ``after_response``: the service
answered, nothing recorded; ``after_record``), or not at all. Then recovery rounds, each a
fresh forked worker that may itself be killed, run the engine with the clock moved past the
claim leases, until every delivery has settled. Finally the sandbox's ``/_sandbox/posts`` is
compared with the database: duplicates (a text published twice), lost (nothing published
and not flagged, or recorded as sent but absent) and unknown (flagged "check by hand").
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

KINDS = ("x", "facebook", "instagram", "line", "youtube")
CRASH_POINTS = ("after_claim", "before_request", "after_response", "after_record")
PUBLISH_PATHS = {
    "x": r"^/2/tweets$",
    "facebook": r"/feed$",
    "instagram": r"/media(_publish)?$",
    "line": r"/v2/bot/message/broadcast$",
    "youtube": r"/upload/youtube/v3/videos",
}
LOOKUP_PATHS = {
    "x": r"^/2/users/[^/]+/tweets$",
    "facebook": r"/feed$",
    "instagram": r"/media$",
    "youtube": r"/youtube/v3/(search|playlistItems|channels)",
}
TIMEOUT = 0.2
HANG = 0.45
# Fake-clock steps: within a recovery worker, answered failures (5xx, 429) are retried at
# +STEP; unanswered ones (timeouts, drops) wait SETTLE, i.e. the next round, and the parent
# lets real time pass for a hung request first.
STEP = timedelta(seconds=2)
SETTLE = timedelta(minutes=10)
ROUND = timedelta(minutes=15)


def setup_django(data_dir: Path) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "hasshin.settings",
            "HASSHIN_ENV": "test",
            "HASSHIN_DATA_DIR": str(data_dir),
            "DATABASE_URL": "",
            "HASSHIN_SANDBOX": "true",
        }
    )
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("migrate", verbosity=0, interactive=False)


def start_sandbox_process() -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "hasshin.platforms.sandbox", "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    line = proc.stdout.readline() if proc.stdout else ""
    if "listening on" not in line:
        proc.kill()
        raise SystemExit(f"sandbox did not start: {line!r}")
    return proc, line.rsplit(" ", 1)[-1].strip()


class HarnessSource:
    """Deliveries made by the harness: always approved; media where the service needs it."""

    def new_targets(self):
        return iter(())

    def snapshots(self, target_ids):
        return {}

    def recheck(self, *, target_id, text, service, at):
        return []

    def on_sent(self, *, post_id, all_sent):
        return None

    def media(self, *, target_id, service):
        from hasshin.platforms.base import MediaItem

        if service == "youtube":
            return [MediaItem(mime="video/mp4", data=b"\0\0\0\x18ftypmp42" + b"\0" * 200)]
        if service == "instagram":
            return [
                MediaItem(
                    mime="image/jpeg",
                    data=b"\xff\xd8\xff" + b"\0" * 64,
                    url=f"https://city.example.jp/m/{service}.jpg",
                    alt_text="写真",
                )
            ]
        return []


def make_accounts() -> dict[str, int]:
    from hasshin.platforms.services import credential_store
    from hasshin.registry.models import SocialAccount
    from hasshin.registry.services import department_create, division_create, organisation_create

    org = organisation_create(
        name="試験市",
        slug="crash-test",
        local_government_code="999999",
        website="https://city.example.jp/",
        policy_pack="joetsu",
        require_two_factor=False,
    )
    division = division_create(department=department_create(organisation=org, name="部"), name="課")
    creds = {
        "x": {"access_token": "crash-x"},
        "facebook": {"page_id": "5550001", "page_access_token": "crash-fb"},
        "instagram": {"ig_user_id": "17841400000000009", "access_token": "crash-ig"},
        "line": {"channel_access_token": "crash-line"},
        "youtube": {"access_token": "crash-yt"},
    }
    out = {}
    for kind in KINDS:
        account = SocialAccount.objects.create(
            organisation=org, division=division, service=kind, display_name=f"試験 {kind}"
        )
        credential_store(account=account, actor=None, values=creds[kind])
        out[kind] = account.pk
    return out


def warm_up(accounts: dict[str, int]) -> None:
    """Import and initialise every connector once in the parent, so forked children do not
    each pay for it (line-bot-sdk's first use takes seconds)."""
    from hasshin.platforms.base import PublishRequest
    from hasshin.platforms.engine import build_connector

    for kind, account_id in accounts.items():
        connector = build_connector(kind, account_id)
        connector.check_connection()
        if kind == "line":
            connector.messages(PublishRequest(idempotency_key="warm", text="warm"))  # type: ignore[attr-defined]


def random_faults(rng: random.Random, kinds: list[str]) -> list[dict]:
    faults = []
    for kind in kinds:
        if rng.random() < 0.35:
            continue
        lookup = kind in LOOKUP_PATHS and rng.random() < 0.25
        path = LOOKUP_PATHS[kind] if lookup else PUBLISH_PATHS[kind]
        method = "GET" if lookup else "POST"
        action = rng.choice(["500", "503", "429", "hang", "drop", "drop_after_accept"])
        rule: dict = {"path": path, "method": method, "count": rng.choice([1, 1, 2])}
        if action in ("500", "503"):
            rule.update(action="status", status=int(action))
        elif action == "429":
            rule.update(action="status", status=429, retry_after="1")
        elif action == "hang":
            rule.update(action="hang", seconds=HANG)
        else:
            rule.update(action=action)
        faults.append(rule)
    return faults


def fork_worker(crash_at: str | None, *, now=None, single: bool) -> int:
    """A child process: one worker pass, killed (os._exit) at ``crash_at`` if it gets there."""
    from django.db import connections

    connections.close_all()
    pid = os.fork()
    if pid:
        return pid
    code = 0
    try:
        from hasshin.platforms import engine

        def hook(name: str, delivery_id: int) -> None:
            if name == crash_at:
                os._exit(137)  # killed: no cleanup, no commit of anything in progress

        engine.set_crash_hook(hook)
        worker = f"w{os.getpid()}"
        if single:
            for pk in engine.claim_due(worker=worker, limit=1, now=now):
                engine.process(pk, worker=worker, now=now)
        else:
            for step in range(10):
                if not engine.run_once(now=now + STEP * step, worker=worker):
                    break
    except BaseException:
        import traceback

        traceback.print_exc()
        code = 1
    finally:
        os._exit(code)


def hangs_left(url: str) -> int:
    import requests

    faults = requests.get(f"{url}/_sandbox/faults", timeout=5).json()["faults"]
    return sum(f["count"] for f in faults if f["action"] == "hang")


def wait_all(pids: list[int]) -> Counter:
    exits: Counter = Counter()
    for pid in pids:
        _, status = os.waitpid(pid, 0)
        exits[os.waitstatus_to_exitcode(status)] += 1
    return exits


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--parallel", type=int, default=20)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--data-dir", type=Path, required=True)
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    args.data_dir.mkdir(parents=True, exist_ok=True)
    setup_django(args.data_dir)

    import requests
    from django.conf import settings
    from django.utils import timezone

    from hasshin.platforms.engine import new_idempotency_key
    from hasshin.platforms.engine_source import use_source
    from hasshin.platforms.models import Delivery, DeliveryState

    sandbox, url = start_sandbox_process()
    started = time.monotonic()
    try:
        settings.HASSHIN_SANDBOX_URL = url
        settings.HASSHIN_PUBLISH = {
            "timeout": TIMEOUT,
            "lease": timedelta(minutes=2),
            "backoff_base": 0.01,
            "settle": SETTLE.total_seconds(),
            "max_attempts": 30,
            "poll_interval": 0.0,
        }
        use_source(HarnessSource())
        accounts = make_accounts()
        warm_up(accounts)
        crashes: Counter = Counter()
        faults_used: Counter = Counter()
        exits: Counter = Counter()
        rounds_max = 0
        phase: Counter = Counter()
        run = 0
        while run < args.runs:
            size = min(args.parallel, args.runs - run)
            kinds = [rng.choice(KINDS) for _ in range(size)]
            now = timezone.now()
            batch = []
            for kind in kinds:
                run += 1
                batch.append(
                    Delivery.objects.create(
                        organisation_id=1,
                        account_id=accounts[kind],
                        service=kind,
                        text=f"試験投稿 {run}（{seed}）：{kind} のお知らせです。",
                        title=f"試験 {run}" if kind == "youtube" else "",
                        scheduled_at=now,
                        next_attempt_at=now,
                        urgent=True,
                        urgent_reason="試験",
                        idempotency_key=new_idempotency_key(),
                    ).pk
                )
            plan = random_faults(rng, kinds)
            for f in plan:
                faults_used[f.get("status") or f["action"]] += 1
            requests.post(f"{url}/_sandbox/faults", json={"faults": plan}, timeout=5)
            points = [rng.choice((None, *CRASH_POINTS)) for _ in range(size)]
            crashes.update(p or "none" for p in points)
            t = time.monotonic()
            exits += wait_all([fork_worker(p, single=True) for p in points])
            phase["first"] += time.monotonic() - t
            # Requests still hanging in the sandbox finish before anyone looks them up (the
            # engine's settle time; here the clock is moved forward, so wait for real).
            before = sum(f["count"] for f in plan if f["action"] == "hang")
            hangs = hangs_left(url)
            if hangs < before:  # a hang was hit: let the hung request finish
                time.sleep(HANG)
                phase["sleep"] += HANG
            pending = set(batch)
            for i in range(1, 40):
                later = timezone.now() + ROUND * i
                crash_at = rng.choice(CRASH_POINTS) if rng.random() < 0.2 and i < 30 else None
                if crash_at:
                    crashes[f"recovery:{crash_at}"] += 1
                t = time.monotonic()
                exits += wait_all([fork_worker(crash_at, now=later, single=False)])
                phase["recovery"] += time.monotonic() - t
                open_states = (
                    DeliveryState.SENT,
                    DeliveryState.UNKNOWN,
                    DeliveryState.FAILED_PERMANENT,
                )
                pending = set(
                    Delivery.objects.filter(pk__in=batch)
                    .exclude(state__in=open_states)
                    .values_list("pk", flat=True)
                )
                if not pending:
                    rounds_max = max(rounds_max, i)
                    break
                if hangs and hangs_left(url) < hangs:  # a hang was hit in this round
                    time.sleep(HANG)
                    phase["sleep"] += HANG
                hangs = hangs_left(url)
            requests.delete(f"{url}/_sandbox/faults", timeout=5)

        posts = requests.get(f"{url}/_sandbox/posts", timeout=30).json()["posts"]
        by_text = Counter(p["text"].strip() for p in posts)
        states: Counter = Counter()
        duplicates = lost = unknown_published = 0
        for d in Delivery.objects.all():
            n = by_text.get(d.text, 0)
            states[d.state] += 1
            duplicates += max(0, n - 1)
            if d.state == DeliveryState.UNKNOWN:
                unknown_published += n
            elif d.state == DeliveryState.SENT and n == 0:
                lost += 1
            elif d.state != DeliveryState.SENT and n == 0:
                lost += 1  # neither published nor flagged for a person
            elif d.state != DeliveryState.SENT and n > 0:
                lost += 1  # published but recorded as not: a retry would post it again
        report = {
            "seed": seed,
            "runs": args.runs,
            "duplicates": duplicates,
            "lost": lost,
            "unknown": states.get(DeliveryState.UNKNOWN, 0),
            "unknown_actually_published": unknown_published,
            "states": dict(states),
            "sandbox_posts": len(posts),
            "crashes": dict(crashes),
            "faults": dict(faults_used),
            "worker_exit_codes": {str(k): v for k, v in exits.items()},
            "max_recovery_rounds": rounds_max,
            "seconds": round(time.monotonic() - started, 1),
            "phase_seconds": {k: round(v, 1) for k, v in phase.items()},
        }
        print(json.dumps(report, ensure_ascii=False), flush=True)
    finally:
        sandbox.kill()
        sandbox.wait()


if __name__ == "__main__":
    main()
