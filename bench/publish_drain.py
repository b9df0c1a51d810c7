"""Publishing engine drain: N due posts sent by several `manage.py worker` processes on
PostgreSQL against the loopback sandbox, compared with one worker in the same run.

    .venv/bin/python bench/publish_drain.py [--posts 10000] [--workers 4] [--baseline-workers 1]
        [--baseline-posts N] [--max-seconds 3600] [--fsync] [--profile] [--keep]

What it does (everything on 127.0.0.1, all in a temporary directory removed on exit):

1. Starts a throw-away PostgreSQL cluster (initdb/pg_ctl of Debian's postgresql-15, run as the
   ``postgres`` user when we are root; ``fsync=off`` unless ``--fsync``: a benchmark, not a
   database worth keeping), with pg_stat_statements loaded to count statements.
2. ``manage.py migrate`` and ``manage.py load_demo`` into a template database.
3. Makes the posts as the product does: a few through the services (``post_create`` →
   ``post_submit`` → ``post_approve``, which schedules them), the rest bulk-created as copies of
   those rows (Post, PostTarget with approved_text, the PostTransition rows; not the audit
   events, which the engine never reads). One target each, alternating over the demo's active
   accounts with an HTTP connector that need no media (上越市's X and LINE). Urgent with a
   reason, so the send-time working-hours re-check passes whenever the bench runs; every text
   is unique and passes the checker (a sample is checked before the run).
4. For each phase (``--workers`` first, then ``--baseline-workers``) a fresh copy of the
   template database and a reset sandbox: the workers start and their own ``sync_deliveries``
   turns the scheduled targets into pending deliveries (timed: "sync"); then, in one
   transaction, the posts, their targets and the pending deliveries are rescheduled to T0 =
   now (what ``post_schedule`` and the engine's ``_follow`` would do), and the bench waits
   until no delivery of the set is pending, claimed, sending or failed_temporary.
5. Reports per phase: wall time T0 → last delivery settled, posts/s, schedule lateness
   (sent_at − scheduled_at) p50/p99/max, duplicates (sandbox posts per text and per LINE
   retry key > 1), lost (deliveries not sent, or recorded sent but absent from the sandbox),
   statements and transactions per delivery, CPU seconds of workers, PostgreSQL and sandbox.
   Then the throughput ratio of the two phases.

``--profile`` runs the workers under cProfile and prints the hottest functions and the
statements the engine issues most often.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import pstats
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from psycopg import sql

REPO = Path(__file__).resolve().parent.parent
PG_BIN = Path("/usr/lib/postgresql/15/bin")
PYTHON = sys.executable
OPEN_STATES = ("pending", "claimed", "sending", "failed_temporary")
TEXTS = (
    "市民プラザの休館日のお知らせ（第{n}報）です。詳しくは市のホームページをご覧ください。"
    "https://www.city.joetsu.niigata.jp/",
    "高田城址公園の桜の開花状況（第{n}報）をお知らせします。#上越",
    "大雪に関する道路情報（第{n}報）です。外出の際はご注意ください。",
    "上越市からのお知らせ 第{n}号：ごみの収集日が変わります。",
)
URGENT_REASON = "大雪警報の発表に伴う周知（災害関連）"
HTTP_TEXT_SERVICES = ("x", "line", "facebook")  # HTTP connectors that can send text alone


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S', time.gmtime())}Z] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    """utime + stime of a live process (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_busy() -> tuple[float, float]:
    """(busy, total) jiffies of the whole machine."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


# --- the PostgreSQL cluster -----------------------------------------------------------------


class Cluster:
    def __init__(self, root: Path, fsync: bool) -> None:
        self.root = root
        self.data = root / "pg"
        self.sock = root / "pg-sock"
        self.port = free_port()
        self.fsync = fsync
        self.started = False
        self.as_postgres = os.geteuid() == 0

    def _run(self, args: list[str], **kw) -> subprocess.CompletedProcess:
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_postgres else []
        return subprocess.run(prefix + args, check=True, capture_output=True, text=True, **kw)

    def start(self) -> None:
        for d in (self.data, self.sock):
            d.mkdir(mode=0o700)
            if self.as_postgres:
                shutil.chown(d, "postgres", "postgres")
        self._run(
            [
                str(PG_BIN / "initdb"),
                "-D",
                str(self.data),
                "-U",
                "hasshin",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-locale",
                "--no-sync",
            ]
        )
        options = [
            "-c listen_addresses=127.0.0.1",
            f"-p {self.port}",
            f"-c unix_socket_directories={self.sock}",
            f"-c fsync={'on' if self.fsync else 'off'}",
            "-c max_connections=60",
            "-c shared_preload_libraries=pg_stat_statements",
            "-c pg_stat_statements.max=2000",
        ]
        self._run(
            [
                str(PG_BIN / "pg_ctl"),
                "-D",
                str(self.data),
                "-l",
                str(self.sock / "postgres.log"),
                "-w",
                "-t",
                "60",
                "-o",
                " ".join(options),
                "start",
            ]
        )
        self.started = True

    def stop(self) -> None:
        if not self.started:
            return
        self.started = False
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            self._run(
                [str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"],
                timeout=60,
            )

    def url(self, db: str) -> str:
        return f"postgres://hasshin@127.0.0.1:{self.port}/{db}"

    def connect(self, db: str = "postgres"):
        import psycopg

        return psycopg.connect(
            host="127.0.0.1", port=self.port, user="hasshin", dbname=db, autocommit=True
        )

    def backends_cpu(self) -> float:
        """CPU seconds of the live server processes (backends of finished sessions excluded)."""
        try:
            postmaster = int((self.data / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, PermissionError):
            return float("nan")
        total = cpu_seconds(postmaster)
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError, IndexError, ValueError):
                fields = stat.read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == postmaster:
                    total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        return total


# --- processes ------------------------------------------------------------------------------


class Processes:
    """Every process the bench starts, stopped (TERM, then KILL) on exit."""

    def __init__(self) -> None:
        self.procs: list[subprocess.Popen] = []

    def start(self, args: list[str], env: dict[str, str], logfile: Path, **kw) -> subprocess.Popen:
        out = logfile.open("ab")
        proc = subprocess.Popen(
            args,
            cwd=REPO,
            env=env,
            stdout=kw.pop("stdout", out),
            stderr=out,
            start_new_session=True,
            **kw,
        )
        self.procs.append(proc)
        return proc

    def stop(self, procs: list[subprocess.Popen] | None = None, grace: float = 30.0) -> None:
        procs = list(self.procs if procs is None else procs)
        for p in procs:
            if p.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    p.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + grace
        for p in procs:
            try:
                p.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    p.kill()
                p.wait(timeout=10)
            if p in self.procs:
                self.procs.remove(p)


def hasshin_env(root: Path, database_url: str, sandbox_port: int | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HASSHIN_")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "hasshin.settings",
            "DATABASE_URL": database_url,
            "HASSHIN_DATA_DIR": str(root / "data"),
            "HASSHIN_ENV": "development",
            "HASSHIN_DEBUG": "false",  # DEBUG keeps every query in memory: not what runs
            "HASSHIN_LOG_LEVEL": "WARNING",
            "HASSHIN_WORKER": "external",
            "HASSHIN_SANDBOX": "true",
        }
    )
    if sandbox_port:
        env["HASSHIN_SANDBOX_PORT"] = str(sandbox_port)
    return env


def manage(env: dict[str, str], *args: str, logfile: Path) -> None:
    with logfile.open("ab") as out:
        result = subprocess.run(
            [PYTHON, "manage.py", *args], cwd=REPO, env=env, stdout=out, stderr=out, timeout=900
        )
    if result.returncode:
        tail = logfile.read_text(errors="replace")[-3000:]
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{tail}")


# --- making the posts -----------------------------------------------------------------------


@dataclass
class PostSet:
    ids: list[int]
    by_service: Counter
    via_services: int
    calendar: object = None
    tables: dict[str, str] = field(default_factory=dict)


def make_posts(count: int) -> PostSet:
    """Runs in this process with Django set up on the template database."""
    import django

    django.setup()
    from django.db import connections, transaction
    from django.utils import timezone

    from hasshin.platforms.models import Delivery
    from hasshin.posts import selectors, services
    from hasshin.posts.checking import check_text
    from hasshin.posts.models import Post, PostTarget, PostTransition
    from hasshin.registry.models import AccountStatus, User

    author = User.objects.get(username="koho-tanto")
    approver = User.objects.get(username="koho-kacho")
    accounts = list(
        selectors.operated_accounts(author)
        .filter(service__in=HTTP_TEXT_SERVICES, status=AccountStatus.ACTIVE)
        .order_by("id")
    )
    if not accounts:
        raise SystemExit("the demo has no active X/LINE/Facebook account operated by koho-tanto")
    org = author.organisation
    placeholder = timezone.now() + timedelta(hours=1)  # approval needs a time ahead

    def text(n: int) -> str:
        return TEXTS[n % len(TEXTS)].format(n=n)

    # The services, for real, once per (account, text template): the rows to copy.
    templates: dict[int, Post] = {}
    made: list[int] = []
    for n in range(min(count, len(accounts) * len(TEXTS))):
        account = accounts[n % len(accounts)]
        post = services.post_create(
            author=author,
            accounts=[account],
            title=f"お知らせ {n}",
            body=text(n),
            scheduled_at=placeholder,
            urgent=True,
            urgent_reason=URGENT_REASON,
        )
        services.post_submit(post=post, actor=author, acknowledge_warnings=True)
        post = services.post_approve(post=post, actor=approver, version=post.version)
        if post.state != "scheduled":
            raise SystemExit(f"a service-made post ended {post.state}, not scheduled")
        templates.setdefault(account.pk, post)
        made.append(post.pk)

    # The rest: copies of those rows, as the same service calls would have written them.
    rest = range(len(made), count)
    for n in list(rest)[:: max(1, len(rest) // 40)]:  # the checker passes a spread sample
        report = check_text(
            text=text(n),
            service=accounts[n % len(accounts)].service,
            pack=org.pack,
            at=timezone.now(),
            urgent=True,
            urgent_reason=URGENT_REASON,
            title=f"お知らせ {n}",
            media=[],
        )
        errors = [f for f in report["findings"] if f["severity"] == "error"]
        if errors:
            raise SystemExit(f"text {n} fails the checker: {errors}")
    target_of = {pk: tpl.targets.get() for pk, tpl in templates.items()}
    steps_of = {pk: list(tpl.transitions.order_by("id")) for pk, tpl in templates.items()}
    ids = list(made)
    for start in range(len(made), count, 1000):
        numbers = range(start, min(count, start + 1000))
        with transaction.atomic():
            posts = [
                _copy_post(templates[accounts[n % len(accounts)].pk], n, text(n)) for n in numbers
            ]
            Post.objects.bulk_create(posts)
            targets, steps = [], []
            for n, post in zip(numbers, posts, strict=True):
                account_id = accounts[n % len(accounts)].pk
                t = target_of[account_id]
                targets.append(
                    PostTarget(
                        post=post,
                        account_id=t.account_id,
                        text=post.body,
                        scheduled_at=t.scheduled_at,
                        approved_text=post.body,
                        approved_by_id=t.approved_by_id,
                        approved_at=t.approved_at,
                    )
                )
                steps += [
                    PostTransition(
                        organisation_id=s.organisation_id,
                        post=post,
                        from_state=s.from_state,
                        to_state=s.to_state,
                        actor_id=s.actor_id,
                        comment=s.comment,
                        version=s.version,
                    )
                    for s in steps_of[account_id]
                ]
                ids.append(post.pk)
            PostTarget.objects.bulk_create(targets)
            PostTransition.objects.bulk_create(steps)
    by_service = Counter(accounts[n % len(accounts)].service for n in range(count))
    tables = {
        "post": Post._meta.db_table,
        "target": PostTarget._meta.db_table,
        "delivery": Delivery._meta.db_table,
        "attempt": Delivery.attempt_rows.rel.related_model._meta.db_table,
    }
    calendar = org.pack.calendar
    connections.close_all()
    return PostSet(ids, by_service, len(made), calendar, tables)


def _copy_post(tpl, n: int, body: str):
    """A Post row as post_create → post_submit → post_approve left ``tpl``, with its own text."""
    from hasshin.posts.models import Post

    return Post(
        organisation_id=tpl.organisation_id,
        author_id=tpl.author_id,
        title=f"お知らせ {n}",
        body=body,
        texts={},
        scheduled_at=tpl.scheduled_at,
        urgent=tpl.urgent,
        urgent_reason=tpl.urgent_reason,
        kind=tpl.kind,
        state=tpl.state,
        version=tpl.version,
        approved_by_id=tpl.approved_by_id,
        approved_at=tpl.approved_at,
        out_of_hours_reason=tpl.out_of_hours_reason,
    )


# --- one phase ------------------------------------------------------------------------------


@dataclass
class Result:
    label: str
    workers: int
    posts: int
    sync_s: float = float("nan")
    wall_s: float = float("nan")
    rate: float = float("nan")
    steady_rate: float = float("nan")
    first_send_s: float = float("nan")
    p50: float = float("nan")
    p99: float = float("nan")
    lmax: float = float("nan")
    states: dict = field(default_factory=dict)
    duplicates_text: int = 0
    duplicates_key: int = 0
    lost_unsent: int = 0
    lost_absent: int = 0
    extra: int = 0
    retries: int = 0
    statements: float = float("nan")
    transactions: float = float("nan")
    cpu_workers: float = float("nan")
    cpu_pg: float = float("nan")
    cpu_sandbox: float = float("nan")
    machine_busy: float = float("nan")
    finished: bool = False
    lock_s: float = float("nan")
    top_statements: list = field(default_factory=list)
    top_by_time: list = field(default_factory=list)
    profile: Path | None = None


class Marked:
    """The bench's own SQL, marked so that it is left out of the engine's statement counts."""

    MARK = "/* bench */ "

    def __init__(self, conn, tables: dict[str, str]) -> None:
        self.conn = conn
        self.tables = {k: sql.Identifier(v) for k, v in tables.items()}
        self.count = 0

    def execute(self, query: str, params=None):
        """``query`` names the tables as {delivery}, {post}, {target}, {attempt}."""
        self.count += 1
        return self.conn.execute(sql.SQL(self.MARK + query).format(**self.tables), params)

    def transaction(self):
        return self.conn.transaction()

    def close(self) -> None:
        self.conn.close()


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.root = Path(tempfile.mkdtemp(prefix="hasshin-bench-"))
        self.root.chmod(0o711)  # postgres must reach its own directories below
        (self.root / "data").mkdir(mode=0o700)
        (self.root / "logs").mkdir()
        self.cluster = Cluster(self.root, fsync=args.fsync)
        self.procs = Processes()
        self.sandbox: subprocess.Popen | None = None
        self.sandbox_url = ""

    def close(self) -> None:
        self.procs.stop(grace=15)
        self.cluster.stop()
        if self.args.keep:
            log(f"kept {self.root}")
        else:
            shutil.rmtree(self.root, ignore_errors=True)

    def logs(self, name: str) -> Path:
        return self.root / "logs" / name

    def start_sandbox(self) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("HASSHIN_")}
        self.sandbox = self.procs.start(
            [PYTHON, "-m", "hasshin.platforms.sandbox", "--port", "0"],
            env,
            self.logs("sandbox.log"),
            stdout=subprocess.PIPE,
        )
        assert self.sandbox.stdout is not None
        line = self.sandbox.stdout.readline().decode()
        if "listening on" not in line:
            raise SystemExit(f"sandbox did not start: {line!r}")
        self.sandbox_url = line.rsplit(" ", 1)[-1].strip()
        if not self.sandbox_url.startswith("http://127.0.0.1:"):
            raise SystemExit(f"sandbox not on loopback: {self.sandbox_url}")

    def sandbox_call(self, method: str, path: str):
        import requests

        resp = requests.request(method, f"{self.sandbox_url}{path}", timeout=120)
        resp.raise_for_status()
        return resp.json()

    def prepare(self) -> PostSet:
        log(f"PostgreSQL 15 on 127.0.0.1:{self.cluster.port}, fsync={self.args.fsync} …")
        self.cluster.start()
        with self.cluster.connect() as conn:
            conn.execute("CREATE DATABASE bench_template")
        with self.cluster.connect("bench_template") as conn:
            conn.execute("CREATE EXTENSION pg_stat_statements")
        env = hasshin_env(self.root, self.cluster.url("bench_template"))
        t = time.monotonic()
        manage(env, "migrate", "--no-input", "-v", "0", logfile=self.logs("setup.log"))
        log(f"migrate: {time.monotonic() - t:.1f} s")
        t = time.monotonic()
        manage(env, "load_demo", logfile=self.logs("setup.log"))
        log(f"load_demo: {time.monotonic() - t:.1f} s")
        os.environ.update(env)
        t = time.monotonic()
        count = max(self.args.posts, self.args.baseline_posts)
        posts = make_posts(count)
        log(
            f"{count} scheduled posts ({posts.via_services} through the services, the rest "
            f"bulk copies; {dict(posts.by_service)}): {time.monotonic() - t:.1f} s"
        )
        with self.cluster.connect("bench_template") as conn:
            conn.execute("VACUUM ANALYZE")
        return posts

    def run_phase(self, label: str, workers: int, count: int, posts: PostSet) -> Result:
        args = self.args
        res = Result(label, workers, count)
        db = "bench_" + label.replace("-", "_")
        with self.cluster.connect() as conn:
            conn.execute(f"CREATE DATABASE {db} TEMPLATE bench_template")
        self.sandbox_call("POST", "/_sandbox/reset")
        port = int(self.sandbox_url.rsplit(":", 1)[1])
        env = hasshin_env(self.root, self.cluster.url(db), port)
        lo, hi = posts.ids[0], posts.ids[-1]
        chosen = posts.ids[:count]
        tables = posts.tables
        deadline = time.monotonic() + args.max_seconds
        procs = []
        for i in range(workers):
            cmd = [PYTHON, "manage.py", "worker"]
            if args.profile:
                cmd = [
                    PYTHON,
                    "-m",
                    "cProfile",
                    "-o",
                    str(self.root / f"{label}-{i}.prof"),
                    *cmd[1:],
                ]
            procs.append(self.procs.start(cmd, env, self.logs(f"{label}-worker-{i}.log")))
        conn = Marked(self.cluster.connect(db), tables)
        try:
            # 1. the workers' sync_deliveries turns the scheduled targets into deliveries
            t = time.monotonic()
            while True:
                (n,) = conn.execute(
                    "SELECT count(*) FROM {delivery} WHERE post_id BETWEEN %s AND %s",
                    (lo, hi),
                ).fetchone()
                if n >= len(posts.ids):
                    break
                self._check_alive(procs, label)
                if time.monotonic() > deadline:
                    raise SystemExit(f"{label}: only {n} deliveries after {args.max_seconds} s")
                time.sleep(0.25)
            res.sync_s = time.monotonic() - t
            log(f"{label}: {n} deliveries made by the workers' sync in {res.sync_s:.1f} s")
            time.sleep(1.0)
            # 2. reschedule the chosen posts to now, in one transaction
            conn.execute("SELECT pg_stat_statements_reset()")
            xact0 = self._xacts(conn, db)
            busy0 = machine_busy()
            cpu0 = self._cpu(procs)
            t0 = datetime.now(UTC)
            out_of_hours = posts.calendar.outside_reason(t0) or ""  # type: ignore[attr-defined]
            with conn.transaction():
                conn.execute(
                    "UPDATE {post} SET scheduled_at = %s, out_of_hours_reason = %s,"
                    " updated_at = %s WHERE id = ANY(%s)",
                    (t0, out_of_hours, t0, chosen),
                )
                conn.execute(
                    "UPDATE {target} SET scheduled_at = %s WHERE post_id = ANY(%s)",
                    (t0, chosen),
                )
                moved = conn.execute(
                    "UPDATE {delivery} SET scheduled_at = %s, next_attempt_at = %s"
                    " WHERE post_id = ANY(%s) AND state = 'pending'",
                    (t0, t0, chosen),
                ).rowcount
            if moved != count:
                raise SystemExit(f"{label}: {moved} pending deliveries rescheduled, not {count}")
            start = time.monotonic()
            log(f"{label}: {count} deliveries due at T0, draining with {workers} worker(s) …")
            # 3. drain
            last_report = start
            while time.monotonic() < deadline:
                (left,) = conn.execute(
                    "SELECT count(*) FROM {delivery} WHERE post_id = ANY(%s) AND state = ANY(%s)",
                    (chosen, list(OPEN_STATES)),
                ).fetchone()
                if left == 0:
                    res.finished = True
                    break
                self._check_alive(procs, label)
                if time.monotonic() - last_report > 30:
                    last_report = time.monotonic()
                    log(f"{label}: {count - left} settled, {left} open")
                time.sleep(0.25)
            busy1 = machine_busy()
            res.machine_busy = (busy1[0] - busy0[0]) / max(1, busy1[1] - busy0[1])
            cpu1 = self._cpu(procs)
            res.cpu_workers, res.cpu_pg, res.cpu_sandbox = (
                b - a for a, b in zip(cpu0, cpu1, strict=True)
            )
            own = conn.count
            res.transactions = (self._xacts(conn, db) - xact0 - own) / count
            self._statements(conn, db, res, count)
            self._collect(conn, res, chosen, t0, tables)
        finally:
            conn.close()
            self.procs.stop(procs)
        if args.profile:
            res.profile = self._merge_profiles(label, workers)
        self._sandbox_check(res, chosen, db, tables)
        if not res.finished:
            log(f"{label}: NOT drained within --max-seconds {args.max_seconds}: {res.states}")
        return res

    def _cpu(self, procs: list[subprocess.Popen]) -> tuple[float, float, float]:
        """CPU seconds so far of the workers, the PostgreSQL server and the sandbox."""
        sandbox = cpu_seconds(self.sandbox.pid) if self.sandbox else float("nan")
        return sum(cpu_seconds(p.pid) for p in procs), self.cluster.backends_cpu(), sandbox

    def _check_alive(self, procs: list[subprocess.Popen], label: str) -> None:
        dead = [p for p in procs if p.poll() is not None]
        if dead:
            i = procs.index(dead[0])
            tail = self.logs(f"{label}-worker-{i}.log").read_text(errors="replace")[-3000:]
            raise SystemExit(f"{label}: worker {i} exited ({dead[0].returncode}):\n{tail}")

    @staticmethod
    def _xacts(conn, db: str) -> int:
        conn.execute("SELECT pg_stat_clear_snapshot()")
        (n,) = conn.execute(
            "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = %s", (db,)
        ).fetchone()
        return int(n)

    def _statements(self, conn, db: str, res: Result, count: int) -> None:
        rows = conn.execute(
            "SELECT s.calls, s.total_exec_time, s.query FROM pg_stat_statements s"
            " JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = %s"
            " ORDER BY s.calls DESC",
            (db,),
        ).fetchall()
        engine = [r for r in rows if Marked.MARK.strip() not in r[2]]
        res.statements = sum(r[0] for r in engine) / count
        res.lock_s = sum(r[1] for r in engine if "FOR UPDATE" in r[2]) / 1000
        res.top_by_time = [
            (r[0] / count, r[1], " ".join(r[2].split()))
            for r in sorted(engine, key=lambda r: -r[1])[:8]
        ]
        res.top_statements = [(r[0] / count, r[1], " ".join(r[2].split())) for r in engine[:15]]

    def _collect(self, conn, res: Result, chosen: list[int], t0: datetime, tables) -> None:
        rows = conn.execute(
            "SELECT state, count(*) FROM {delivery} WHERE post_id = ANY(%s) GROUP BY state",
            (chosen,),
        ).fetchall()
        res.states = {s: n for s, n in rows}
        late, sent = [], []
        for scheduled, sent_at in conn.execute(
            "SELECT scheduled_at, sent_at FROM {delivery} WHERE post_id = ANY(%s)"
            " AND state = 'sent'",
            (chosen,),
        ):
            late.append((sent_at - scheduled).total_seconds())
            sent.append(sent_at)
        (end,) = conn.execute(
            "SELECT max(updated_at) FROM {delivery} WHERE post_id = ANY(%s)",
            (chosen,),
        ).fetchone()
        if res.finished and end is not None:
            res.wall_s = (end - t0).total_seconds()
            res.rate = len(sent) / res.wall_s
        if len(sent) > 1:
            res.first_send_s = (min(sent) - t0).total_seconds()
            res.steady_rate = (len(sent) - 1) / (max(sent) - min(sent)).total_seconds()
        res.p50, res.p99 = percentile(late, 0.5), percentile(late, 0.99)
        res.lmax = max(late) if late else float("nan")
        (res.retries,) = conn.execute(
            "SELECT count(*) - count(DISTINCT a.delivery_id) FROM {attempt} a"
            " JOIN {delivery} d ON d.id = a.delivery_id WHERE d.post_id = ANY(%s)",
            (chosen,),
        ).fetchone()

    def _sandbox_check(self, res: Result, chosen: list[int], db: str, tables) -> None:
        published = self.sandbox_call("GET", "/_sandbox/posts")["posts"]
        by_text = Counter(p["text"].strip() for p in published)
        by_key = Counter(p["retry_key"] for p in published if p.get("retry_key"))
        res.duplicates_text = sum(n - 1 for n in by_text.values() if n > 1)
        res.duplicates_key = sum(n - 1 for n in by_key.values() if n > 1)
        with self.cluster.connect(db) as raw:
            deliveries = (
                Marked(raw, tables)
                .execute("SELECT text, state FROM {delivery} WHERE post_id = ANY(%s)", (chosen,))
                .fetchall()
            )
        texts = {t.strip() for t, _ in deliveries}
        res.lost_unsent = sum(1 for _, s in deliveries if s != "sent")
        res.lost_absent = sum(1 for t, s in deliveries if s == "sent" and not by_text[t.strip()])
        res.extra = sum(n for t, n in by_text.items() if t not in texts)

    def _merge_profiles(self, label: str, workers: int) -> Path | None:
        files = [self.root / f"{label}-{i}.prof" for i in range(workers)]
        files = [f for f in files if f.exists()]
        if not files:
            return None
        stats = pstats.Stats(*map(str, files))
        out = Path(tempfile.gettempdir()) / f"hasshin-publish-drain-{label}.prof"
        stats.dump_stats(out)
        return out


# --- report ---------------------------------------------------------------------------------


def table(results: list[Result]) -> str:
    rows = [
        ("workers", lambda r: f"{r.workers}"),
        ("due posts", lambda r: f"{r.posts:,}"),
        ("drained", lambda r: "yes" if r.finished else "NO (timed out)"),
        ("sync: targets → deliveries (s)", lambda r: f"{r.sync_s:.1f}"),
        ("wall T0 → last settled (s)", lambda r: f"{r.wall_s:.1f}"),
        ("posts/s (sent / wall)", lambda r: f"{r.rate:.1f}"),
        ("posts/s (first → last send)", lambda r: f"{r.steady_rate:.1f}"),
        ("first send after T0 (s)", lambda r: f"{r.first_send_s:.2f}"),
        ("lateness p50 (s)", lambda r: f"{r.p50:.1f}"),
        ("lateness p99 (s)", lambda r: f"{r.p99:.1f}"),
        ("lateness max (s)", lambda r: f"{r.lmax:.1f}"),
        ("states", lambda r: " ".join(f"{k}={v}" for k, v in sorted(r.states.items()))),
        ("duplicates (per text / LINE key)", lambda r: f"{r.duplicates_text} / {r.duplicates_key}"),
        ("lost (not sent / sent but absent)", lambda r: f"{r.lost_unsent} / {r.lost_absent}"),
        ("sandbox posts not from the set", lambda r: f"{r.extra}"),
        ("extra attempts (retries)", lambda r: f"{r.retries}"),
        ("SQL statements per delivery", lambda r: f"{r.statements:.1f}"),
        ("transactions per delivery", lambda r: f"{r.transactions:.1f}"),
        ("time in SELECT … FOR UPDATE (s)", lambda r: f"{r.lock_s:.1f}"),
        (
            "drain CPU s: workers / postgres / sandbox",
            lambda r: f"{r.cpu_workers:.0f} / {r.cpu_pg:.0f} / {r.cpu_sandbox:.0f}",
        ),
        ("drain worker CPU ms per delivery", lambda r: f"{1000 * r.cpu_workers / r.posts:.1f}"),
        ("machine busy during drain", lambda r: f"{100 * r.machine_busy:.0f} %"),
    ]
    width = max(len(name) for name, _ in rows)
    cols = [max(18, *(len(fmt(r)) for _, fmt in rows)) for r in results]
    lines = [
        " " * width + "  " + "  ".join(r.label.rjust(c) for r, c in zip(results, cols, strict=True))
    ]
    for name, fmt in rows:
        cells = "  ".join(fmt(r).rjust(c) for r, c in zip(results, cols, strict=True))
        lines.append(f"{name.ljust(width)}  {cells}")
    return "\n".join(lines)


def print_profile(res: Result) -> None:
    """The engine's statements (pg_stat_statements) and, with --profile, the workers' cProfile."""
    print(f"\n{res.label}: statements per delivery (top 15 by calls; total ms)")
    for per, total, query in res.top_statements:
        print(f"  {per:6.2f}  {total:9.0f}  {query[:150]}")
    print(f"\n{res.label}: statements by total time (calls per delivery; total ms)")
    for per, total, query in res.top_by_time:
        print(f"  {per:6.2f}  {total:9.0f}  {query[:150]}")
    if res.profile:
        print(f"\n{res.label}: cProfile of the workers, by cumulative time ({res.profile})")
        stats = pstats.Stats(str(res.profile))
        stats.sort_stats("cumulative").print_stats(r"hasshin|requests|linebot|psycopg", 30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--baseline-workers", type=int, default=1)
    parser.add_argument(
        "--baseline-posts", type=int, default=None, help="default: the same as --posts"
    )
    parser.add_argument("--max-seconds", type=float, default=3600, help="per phase")
    parser.add_argument("--fsync", action="store_true", help="keep fsync on (default off)")
    parser.add_argument("--profile", action="store_true", help="cProfile the workers")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()
    args.baseline_posts = args.baseline_posts or args.posts
    if not (PG_BIN / "initdb").exists():
        raise SystemExit(f"{PG_BIN}/initdb not found (Debian's postgresql-15 is needed)")

    def interrupted(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGINT, interrupted)  # also when started with SIGINT ignored (nohup &)
    started = time.monotonic()
    bench = Bench(args)
    try:
        log(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; dir {bench.root}")
        bench.start_sandbox()
        log(f"sandbox {bench.sandbox_url}")
        posts = bench.prepare()
        results = [bench.run_phase(f"{args.workers}w", args.workers, args.posts, posts)]
        results.append(
            bench.run_phase(
                f"{args.baseline_workers}w-baseline",
                args.baseline_workers,
                args.baseline_posts,
                posts,
            )
        )
    except KeyboardInterrupt:
        log("interrupted: stopping workers, sandbox and PostgreSQL")
        raise SystemExit(130) from None
    finally:
        bench.close()
    print()
    print(table(results))
    a, b = results
    ratio = a.rate / b.rate if b.rate else float("nan")
    print(
        f"\nthroughput {a.label} / {b.label}: {ratio:.2f}×"
        f"  (load average now {os.getloadavg()[0]:.1f}; bench took "
        f"{time.monotonic() - started:.0f} s; fsync={'on' if args.fsync else 'off'})"
    )
    for res in results:
        print_profile(res)
    ok = all(r.finished and r.duplicates_text == r.duplicates_key == 0 for r in results)
    summary = {
        r.label: {
            "posts_per_s": round(r.rate, 1),
            "p50_s": round(r.p50, 2),
            "p99_s": round(r.p99, 2),
            "duplicates": r.duplicates_text + r.duplicates_key,
            "lost": r.lost_unsent + r.lost_absent,
        }
        for r in results
    }
    print(json.dumps({"ratio": round(ratio, 2), **summary}, ensure_ascii=False))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
