"""Acceptance: workers really killed (separate processes) at each step, the sandbox failing
with 5xx, 429, timeouts, dropped connections and accept-then-drop; 0 duplicates, 0 lost.

The runs happen in tests/platforms/crash_harness.py (its own SQLite file and sandbox
process, so it works beside pytest-django and under xdist). CRASH_RUNS sets the
number of runs (default 1000)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_no_duplicate_and_no_lost_post_when_workers_are_killed(tmp_path):
    runs = int(os.environ.get("CRASH_RUNS", "1000"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.platforms.crash_harness",
            "--runs",
            str(runs),
            "--data-dir",
            str(tmp_path),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    print("\nfault injection:", json.dumps(report, ensure_ascii=False))
    assert report["runs"] == runs
    assert report["duplicates"] == 0, report
    assert report["lost"] == 0, report
    assert report["sandbox_posts"] + report["unknown"] >= runs
    assert sum(v for k, v in report["crashes"].items() if k != "none") > runs / 2
