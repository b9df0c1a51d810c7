"""Guideline checker vs Presidio (ja_ginza + a JP phone recognizer), one process, one run.

    UV_PROJECT_ENVIRONMENT=/tmp/bench-venv .venv/bin/uv sync --frozen --group bench
    /tmp/bench-venv/bin/python bench/checker_vs_presidio.py [--devset PATH] [--rounds 5]

Prints, for both tools over the same devset texts: model load time, posts/s, p50/p99 latency
per post, and the process's peak RSS after each phase (the checker runs first, so its figure
is not inflated by spaCy). Goals: >= 200x Presidio's throughput, p99 <= 5 ms, load <= 0.5 s.
Timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DEVSET = ROOT.parent / "shared/data/checks-devset.jsonl"
JP_PHONE = r"(?<!\d)0\d{1,4}[-‐－ー・.\s]?\d{1,4}[-‐－ー・.\s]?\d{3,4}(?!\d)"
GINZA_TO_PRESIDIO = {
    "Person": "PERSON",
    "Province": "LOCATION",
    "City": "LOCATION",
    "County": "LOCATION",
    "GPE": "LOCATION",
    "Country": "LOCATION",
    "Address": "LOCATION",
}


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_posts(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - started


def measure(
    run_one: Callable[[dict[str, Any]], Any], posts: list[dict[str, Any]], rounds: int
) -> dict[str, float]:
    latencies: list[float] = []
    started = time.perf_counter()
    for _ in range(rounds):
        for post in posts:
            t0 = time.perf_counter()
            run_one(post)
            latencies.append(time.perf_counter() - t0)
    total = time.perf_counter() - started
    latencies.sort()
    return {
        "posts": len(latencies),
        "posts_per_s": len(latencies) / total,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
    }


def load_checker() -> tuple[Callable[[dict[str, Any]], Any], dict[str, float]]:
    """Returns the checker and its load phases: checker (import + dictionary + lexicons) and
    policy pack (TOML + schema + holiday tables), which the web app loads once at start."""
    t0 = time.perf_counter()
    from hasshin.checks import CheckInput, run_checks, warm_up

    t1 = time.perf_counter()
    from hasshin.policy import load_pack

    pack = load_pack("joetsu")
    t2 = time.perf_counter()
    warm_up(pack, calendar=False)
    t3 = time.perf_counter()
    years = sorted({int(p["at"][:4]) for p in load_posts(DEFAULT_DEVSET) if p.get("at")})
    for year in years:
        pack.calendar.outside_reason(datetime(year, 6, 1, 12, tzinfo=pack.calendar.tz))
    t4 = time.perf_counter()
    phases = {"checker": (t1 - t0) + (t3 - t2), "pack": t2 - t1, "holidays": t4 - t3}

    def run_one(post: dict[str, Any]) -> Any:
        at = post.get("at")
        check_input = CheckInput(
            text=post["text"],
            platform=post.get("platform", "x"),
            at=datetime.fromisoformat(at) if at else None,
            urgent=bool(post.get("urgent")),
        )
        return run_checks(check_input, pack)

    return run_one, phases


def _offline_tldextract() -> None:
    """Presidio's email recognizer calls tldextract.extract, which would fetch the suffix list."""
    import tldextract

    offline = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
    tldextract.extract = offline


def load_presidio() -> Callable[[dict[str, Any]], Any]:
    _offline_tldextract()
    from presidio_analyzer import AnalyzerEngine, Pattern, PatternRecognizer, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    from presidio_analyzer.predefined_recognizers import EmailRecognizer, SpacyRecognizer

    config: dict[str, Any] = {
        "nlp_engine_name": "spacy",
        "models": [{"lang_code": "ja", "model_name": "ja_ginza"}],
        "ner_model_configuration": {"model_to_presidio_entity_mapping": GINZA_TO_PRESIDIO},
    }
    nlp_engine = NlpEngineProvider(nlp_configuration=config).create_engine()
    registry = RecognizerRegistry(supported_languages=["ja"])
    registry.add_recognizer(
        PatternRecognizer(
            supported_entity="PHONE_NUMBER",
            supported_language="ja",
            patterns=[Pattern("jp_phone", JP_PHONE, 0.6)],
            context=["電話", "TEL", "連絡先", "携帯"],
        )
    )
    registry.add_recognizer(EmailRecognizer(supported_language="ja"))
    registry.add_recognizer(
        SpacyRecognizer(supported_language="ja", supported_entities=["PERSON", "LOCATION"])
    )
    analyzer = AnalyzerEngine(nlp_engine=nlp_engine, registry=registry, supported_languages=["ja"])
    analyzer.analyze(text="上越市の佐藤さん 090-1234-5678", language="ja")

    def run_one(post: dict[str, Any]) -> Any:
        return analyzer.analyze(text=post["text"], language="ja")

    return run_one


def report(name: str, load_s: float, stats: dict[str, float], rss: float) -> None:
    print(
        f"{name:10} load {load_s:6.3f} s | {stats['posts_per_s']:9.1f} posts/s | "
        f"p50 {stats['p50_ms']:7.3f} ms | p99 {stats['p99_ms']:7.3f} ms | "
        f"peak RSS {rss:7.1f} MB | {int(stats['posts'])} posts"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="checker vs Presidio")
    parser.add_argument("--devset", type=Path, default=DEFAULT_DEVSET)
    parser.add_argument("--rounds", type=int, default=5, help="passes over the devset (checker)")
    parser.add_argument("--presidio-rounds", type=int, default=1)
    args = parser.parse_args(argv)
    posts = load_posts(args.devset)
    print(f"devset: {args.devset} ({len(posts)} posts), python {sys.version.split()[0]}")

    checker, phases = load_checker()
    checker_load = phases["checker"]
    checker_stats = measure(checker, posts, args.rounds)
    checker_rss = peak_rss_mb()
    report("checker", checker_load, checker_stats, checker_rss)
    print(
        f"           (policy pack load {phases['pack']:.3f} s, holiday tables for the devset's "
        f"years {phases['holidays']:.3f} s: loaded once per process by the app, not per check)"
    )

    presidio, presidio_load = timed(load_presidio)
    presidio_stats = measure(presidio, posts, args.presidio_rounds)
    presidio_rss = peak_rss_mb()
    report("presidio", presidio_load, presidio_stats, presidio_rss)

    ratio = checker_stats["posts_per_s"] / presidio_stats["posts_per_s"]
    print(f"throughput ratio: {ratio:.0f}x (goal >= 200x)")
    print(
        f"checker p99 {checker_stats['p99_ms']:.2f} ms (goal <= 5 ms), "
        f"load {checker_load:.3f} s (goal <= 0.5 s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
