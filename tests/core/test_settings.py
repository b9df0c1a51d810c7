import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from hasshin.env import VARIABLES, Env

ROOT = Path(__file__).resolve().parents[2]


def test_unknown_hasshin_variable_fails_with_its_name():
    with pytest.raises(ImproperlyConfigured, match="HASSHIN_DEBGU"):
        Env({"HASSHIN_DEBGU": "true"})


@pytest.mark.parametrize(
    ("name", "value", "call"),
    [
        ("HASSHIN_DEBUG", "maybe", lambda e: e.bool("HASSHIN_DEBUG", default=False)),
        ("HASSHIN_SANDBOX_PORT", "99999", lambda e: e.int("HASSHIN_SANDBOX_PORT", 1, 65535)),
        ("HASSHIN_ENV", "staging", lambda e: e.choice("HASSHIN_ENV", ("development", "test"))),
    ],
)
def test_invalid_values_fail_with_the_variable_name(name, value, call):
    with pytest.raises(ImproperlyConfigured, match=name):
        call(Env({name: value}))


def test_every_variable_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name in VARIABLES if f"`{name}`" not in readme]
    assert missing == []


def _manage(*args, **env):
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("HASSHIN_")}
    full_env.pop("DATABASE_URL", None)
    full_env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by browser tests in this process
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_requires_a_secret_key(tmp_path):
    result = _manage("check", HASSHIN_ENV="production", HASSHIN_DATA_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "HASSHIN_SECRET_KEY is required" in result.stderr


def test_check_deploy_is_clean_in_production(tmp_path):
    from cryptography.fernet import Fernet

    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        HASSHIN_ENV="production",
        HASSHIN_SECRET_KEY="x" * 20 + "-production-secret-key-with-entropy-1234567890",
        HASSHIN_CREDENTIAL_KEYS=Fernet.generate_key().decode(),
        HASSHIN_ALLOWED_HOSTS="sns.city.example.lg.jp",
        HASSHIN_DATA_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr + result.stdout
