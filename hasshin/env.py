"""Strict settings from the environment, in the style of healthchecks' envbool/envint.

Every variable Hasshin reads is declared in ``VARIABLES`` (the configuration reference in the
README is checked against it by a test). A value that does not parse, or an unknown
``HASSHIN_*`` variable (a typo), stops start-up with a message that names the variable.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Variable:
    name: str
    default: str
    help: str


VARIABLES: dict[str, Variable] = {
    v.name: v
    for v in [
        Variable("HASSHIN_ENV", "development", "development | test | production"),
        Variable("HASSHIN_SECRET_KEY", "", "Django secret key (required in production)"),
        Variable("HASSHIN_DEBUG", "", "true/false; defaults to true only in development"),
        Variable("HASSHIN_ALLOWED_HOSTS", "127.0.0.1,localhost", "comma-separated host names"),
        Variable("HASSHIN_CSRF_TRUSTED_ORIGINS", "", "comma-separated origins (https://…)"),
        Variable("DATABASE_URL", "", "database URL; empty = SQLite file var/hasshin.sqlite3"),
        Variable("HASSHIN_DATA_DIR", "var", "where SQLite, uploads and backups live"),
        Variable(
            "HASSHIN_CREDENTIAL_KEYS",
            "",
            "Fernet keys for platform tokens, comma-separated, newest first (production: required)",
        ),
        Variable("HASSHIN_DEFAULT_POLICY_PACK", "joetsu", "policy pack for new organisations"),
        Variable("HASSHIN_EMAIL_URL", "console:", "console: | smtp://user:pass@host:port"),
        Variable("HASSHIN_DEFAULT_FROM_EMAIL", "hasshin@localhost", "sender of notifications"),
        Variable("HASSHIN_SITE_URL", "http://127.0.0.1:8000", "absolute URL used in mails"),
        Variable("HASSHIN_SANDBOX", "", "true: publish to the loopback sandbox services"),
        Variable("HASSHIN_SANDBOX_PORT", "8765", "port of the loopback sandbox services"),
        Variable("HASSHIN_WORKER", "embedded", "embedded (thread in `serve`) | external"),
        Variable("HASSHIN_LOG_LEVEL", "INFO", "DEBUG | INFO | WARNING | ERROR"),
        Variable("HASSHIN_SECURE_COOKIES", "", "true/false; defaults to true in production"),
    ]
}


class Env:
    def __init__(self, environ: Mapping[str, str] | None = None):
        self.environ = os.environ if environ is None else environ
        unknown = sorted(k for k in self.environ if k.startswith("HASSHIN_") and k not in VARIABLES)
        if unknown:
            raise ImproperlyConfigured(
                f"Unknown setting(s) {', '.join(unknown)}. Known: {', '.join(sorted(VARIABLES))}"
            )

    def _raw(self, name: str) -> str:
        return self.environ.get(name, VARIABLES[name].default).strip()

    def _parse(self, name: str, parse: Callable[[str], Any], expected: str) -> Any:
        raw = self._raw(name)
        try:
            return parse(raw)
        except (ValueError, TypeError) as exc:
            raise ImproperlyConfigured(f"{name}={raw!r} is invalid: expected {expected}") from exc

    def str(self, name: str) -> str:
        return self._raw(name)

    def bool(self, name: str, default: bool) -> bool:
        def parse(raw: str) -> bool:
            if raw == "":
                return default
            table = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}
            return table[raw.lower()] if raw.lower() in table else _fail()

        return self._parse(name, parse, "true or false")

    def int(self, name: str, lo: int, hi: int) -> int:
        def parse(raw: str) -> int:
            value = int(raw)
            if not lo <= value <= hi:
                raise ValueError
            return value

        return self._parse(name, parse, f"an integer from {lo} to {hi}")

    def choice(self, name: str, choices: tuple[str, ...]) -> str:
        def parse(raw: str) -> str:
            return raw if raw in choices else _fail()

        return self._parse(name, parse, " | ".join(choices))

    def list(self, name: str) -> list[str]:
        return [item.strip() for item in self._raw(name).split(",") if item.strip()]


def _fail() -> Any:
    raise ValueError
