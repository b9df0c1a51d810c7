"""Live check round trip under 10 concurrent editors vs a plain Django view, one process, one run.

    .venv/bin/python bench/live_check.py [--editors 10] [--requests 60] [--chars 280]

Each editor is a thread with its own logged-in session (as the server runs: one process,
several threads, one SQLite file in WAL mode). Every request POSTs the editor form as it is
while someone types a 280-character post aimed at an X account and a Facebook account, so
the checker runs once per service. Timing is server-side: from the request entering Django's
handler (all middleware: sessions, auth, OTP, organisation) to the response, no network.

Baseline, in the same run and the same threads: ``baseline`` below, a plain Django view behind
the same middleware that does only the live check's DB reads (the user's operated accounts,
the organisation's policy pack) and renders a small template. Printed: p50/p95/p99/max for
both and the ratios. Goal: live check p95 <= 100 ms. Timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hasshin.settings")
os.environ.setdefault("HASSHIN_ENV", "test")
os.environ.setdefault("HASSHIN_DATA_DIR", tempfile.mkdtemp(prefix="hasshin-bench-"))
os.environ.setdefault("HASSHIN_LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.template import engines  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import include, path  # noqa: E402

from hasshin.core.permissions import org_view  # noqa: E402
from hasshin.posts import selectors  # noqa: E402
from hasshin.posts.checking import warm_up  # noqa: E402

_BASELINE_TEMPLATE = engines["django"].from_string(
    "<p>{{ n }} accounts, pack {{ pack }}</p>"
    "{% for a in accounts %}<span>{{ a.display_name }}</span>{% endfor %}"
)


@org_view()
def baseline(request):
    """The peer: same middleware and DB reads as the live check, no checker, tiny template."""
    accounts = list(selectors.operated_accounts(request.user))
    pack = request.organisation.pack
    return HttpResponse(
        _BASELINE_TEMPLATE.render({"accounts": accounts, "n": len(accounts), "pack": pack.id})
    )


urlpatterns = [
    path("bench/baseline/", baseline),
    path("", include("hasshin.urls")),
]

SENTENCES = [
    "高田城址公園の観桜会が4月1日から始まります。",
    "期間中は約4000本の桜がライトアップされ、お堀に映る夜桜は日本三大夜桜のひとつです。",
    "会場周辺は大変混雑しますので、公共交通機関をご利用ください。",
    "臨時駐車場とシャトルバスの時刻は市ホームページでご確認いただけます。",
    "屋台の出店は午後9時までです。",
    "ごみは各自でお持ち帰りいただくようご協力をお願いします。",
    "詳しくは https://www.city.joetsu.niigata.jp/ をご覧ください。",
    "#上越 #高田城址公園 #観桜会",
]


def post_text(chars: int, variant: int) -> str:
    """A realistic post of exactly ``chars`` characters; ``variant`` changes the last words."""
    text = ""
    i = variant
    while len(text) < chars:
        text += SENTENCES[i % len(SENTENCES)]
        i += 1
    return text[: chars - 3] + f"{variant % 1000:03d}"


def setup() -> tuple[int, list[int]]:
    from hasshin.registry.demo import load_demo
    from hasshin.registry.models import Division, SocialAccount, User

    call_command("migrate", verbosity=0)
    orgs = {o.slug: o for o in load_demo()}
    org = orgs["joetsu"]
    division = Division.objects.get(organisation=org, name="観光振興課")
    operator = User.objects.get(username="kanko-tanto")
    ids = []
    for service, name in (("x", "上越観光ナビ（bench）"), ("facebook", "上越観光（bench）")):
        account = SocialAccount.objects.create(
            organisation=org,
            division=division,
            service=service,
            display_name=name,
            status="active",
        )
        account.operators.add(operator)
        ids.append(account.pk)
    return operator.pk, ids


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def run(name: str, editors: int, requests: int, make_request, interval: float = 0.0) -> list[float]:
    """``editors`` threads each send ``requests`` requests, one every ``interval`` seconds
    (staggered; 0 = back to back); returns server-side ms per request."""
    samples: list[float] = []
    lock = threading.Lock()
    start = threading.Barrier(editors)

    def editor(index: int) -> None:
        client = make_client()
        local: list[float] = []
        start.wait()
        began = time.perf_counter() + interval * index / editors
        for n in range(requests):
            pause = began + n * interval - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            t0 = time.perf_counter()
            resp = make_request(client, index * requests + n)
            local.append((time.perf_counter() - t0) * 1000)
            if resp.status_code != 200:
                raise RuntimeError(f"{name}: HTTP {resp.status_code}")
        connection.close()
        with lock:
            samples.extend(local)

    threads = [threading.Thread(target=editor, args=(i,)) for i in range(editors)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return samples


def make_client() -> Client:
    from hasshin.registry.models import User

    client = Client()
    client.force_login(User.objects.get(pk=OPERATOR))
    return client


OPERATOR = 0


def main() -> None:
    global OPERATOR
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--editors", type=int, default=10)
    parser.add_argument("--requests", type=int, default=60, help="per editor")
    parser.add_argument("--chars", type=int, default=280)
    parser.add_argument(
        "--interval",
        type=float,
        default=1.0,
        help="seconds between one editor's live checks (htmx fires 350 ms after typing stops)",
    )
    args = parser.parse_args()

    settings.ROOT_URLCONF = __name__
    OPERATOR, account_ids = setup()
    started = time.perf_counter()
    warm_up()
    print(f"checker warm-up: {(time.perf_counter() - started) * 1000:.0f} ms")
    sample = post_text(args.chars, 0)
    print(
        f"post: {len(sample)} characters, targets: X + Facebook, editors: {args.editors}, "
        f"requests per editor: {args.requests}"
    )

    def live(client: Client, n: int):
        return client.post(
            "/posts/check/",
            {
                "accounts": account_ids,
                "body": post_text(args.chars, n),
                "scheduled_at": "2030-06-04T10:00",
                "title": "観桜会のお知らせ",
            },
        )

    def base(client: Client, n: int):
        return client.get("/bench/baseline/")

    run("warm", 2, 5, live)  # first requests pay for template loading
    run("warm", 2, 5, base)
    n, every = args.requests, args.interval
    paced = {
        "baseline (plain view, same DB reads)": run("baseline", args.editors, n, base, every),
        "live check": run("live check", args.editors, n, live, every),
    }
    report(f"{args.editors} editors, one request each per {every:g} s", paced)
    # The same load with no pause at all: every editor back to back, the process saturated.
    saturated = {
        "baseline (plain view, same DB reads)": run("baseline", args.editors, n, base),
        "live check": run("live check", args.editors, n, live),
    }
    report(f"{args.editors} editors back to back (saturation, not a typing pattern)", saturated)
    lv = paced["live check"]
    verdict = "meets" if pct(lv, 95) <= 100 else "MISSES"
    print(
        f"\nlive check p95 {pct(lv, 95):.1f} ms at one check per editor per {every:g} s: "
        f"{verdict} the 100 ms goal"
    )


def report(title: str, results: dict[str, list[float]]) -> None:
    print(f"\n{title}")
    print(f"{'':38} {'n':>5} {'p50':>8} {'p95':>8} {'p99':>8} {'max':>8}  (ms, server-side)")
    for label, s in results.items():
        print(
            f"{label:38} {len(s):5d} {statistics.median(s):8.1f} {pct(s, 95):8.1f} "
            f"{pct(s, 99):8.1f} {max(s):8.1f}"
        )
    b, lv = results.values()
    print(
        f"ratio live/baseline: p50 {statistics.median(lv) / statistics.median(b):.1f}x, "
        f"p95 {pct(lv, 95) / pct(b, 95):.1f}x"
    )


if __name__ == "__main__":
    main()
