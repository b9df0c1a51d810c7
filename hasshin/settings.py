"""Hasshin settings. Everything comes from the environment (see hasshin/env.py)."""

from __future__ import annotations

import base64
import hashlib
import secrets
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from hasshin.env import Env

BASE_DIR = Path(__file__).resolve().parent.parent
env = Env()

HASSHIN_ENV = env.choice("HASSHIN_ENV", ("development", "test", "production"))
if "pytest" in sys.modules and HASSHIN_ENV == "development":
    HASSHIN_ENV = "test"
PRODUCTION = HASSHIN_ENV == "production"

DATA_DIR = (BASE_DIR / env.str("HASSHIN_DATA_DIR")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _local_secret(name: str) -> str:
    """A random secret kept in the data directory, for development and tests only."""
    path = DATA_DIR / f".{name}"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = env.str("HASSHIN_SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("HASSHIN_SECRET_KEY is required when HASSHIN_ENV=production")
    SECRET_KEY = _local_secret("secret_key")

HASSHIN_CREDENTIAL_KEYS = env.list("HASSHIN_CREDENTIAL_KEYS")
if not HASSHIN_CREDENTIAL_KEYS:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "HASSHIN_CREDENTIAL_KEYS is required when HASSHIN_ENV=production "
            "(generate one: python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())')"
        )
    digest = hashlib.sha256(_local_secret("credential_seed").encode()).digest()
    HASSHIN_CREDENTIAL_KEYS = [base64.urlsafe_b64encode(digest).decode()]
for _key in HASSHIN_CREDENTIAL_KEYS:
    try:
        if len(base64.urlsafe_b64decode(_key.encode())) != 32:
            raise ValueError
    except ValueError:
        raise ImproperlyConfigured(
            "HASSHIN_CREDENTIAL_KEYS holds a value that is not a 32-byte urlsafe base64 Fernet key"
        ) from None

DEBUG = env.bool("HASSHIN_DEBUG", default=HASSHIN_ENV == "development")
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("HASSHIN_DEBUG must not be true when HASSHIN_ENV=production")
ALLOWED_HOSTS = env.list("HASSHIN_ALLOWED_HOSTS")
if HASSHIN_ENV == "test":
    ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]
CSRF_TRUSTED_ORIGINS = env.list("HASSHIN_CSRF_TRUSTED_ORIGINS")
HASSHIN_SITE_URL = env.str("HASSHIN_SITE_URL").rstrip("/")
HASSHIN_DEFAULT_POLICY_PACK = env.str("HASSHIN_DEFAULT_POLICY_PACK")
HASSHIN_SANDBOX = env.bool("HASSHIN_SANDBOX", default=not PRODUCTION)
HASSHIN_SANDBOX_PORT = env.int("HASSHIN_SANDBOX_PORT", 1, 65535)
HASSHIN_WORKER = env.choice("HASSHIN_WORKER", ("embedded", "external"))
# Publishing engine tuning (hasshin/platforms/engine.py EngineConfig fields), a sandbox on another
# address, and per-service base URL overrides (e.g. an outbound proxy). Python settings, not env.
HASSHIN_PUBLISH: dict = {}
HASSHIN_SANDBOX_URL = ""
HASSHIN_PLATFORM_BASE_URLS: dict = {}

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_htmx",
    "ninja",
    "hasshin.core",
    "hasshin.audit",
    "hasshin.registry",
    "hasshin.public",
    "hasshin.platforms",
    "hasshin.api",
    "hasshin.posts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "hasshin.core.middleware.OrganisationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "hasshin.urls"
WSGI_APPLICATION = "hasshin.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "hasshin" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "hasshin.core.context_processors.hasshin",
            ],
        },
    }
]

DATABASE_URL = env.str("DATABASE_URL")
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
    if DATABASE_URL
    else {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "hasshin.sqlite3",
        # WAL and a busy timeout let the embedded worker and the web process share the file.
        "OPTIONS": {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "registry.User"
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "core:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if HASSHIN_ENV == "test":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", "日本語"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "hasshin" / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "hasshin" / "static"]
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "media/"
if HASSHIN_ENV == "test":
    import tempfile

    MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="hasshin-media-"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

_email = env.str("HASSHIN_EMAIL_URL")
if _email.startswith("console:"):
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
elif _email.startswith(("smtp://", "smtps://")):
    from urllib.parse import unquote, urlsplit

    _u = urlsplit(_email)
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _u.hostname or "localhost"
    EMAIL_PORT = _u.port or (465 if _u.scheme == "smtps" else 25)
    EMAIL_HOST_USER = unquote(_u.username or "")
    EMAIL_HOST_PASSWORD = unquote(_u.password or "")
    EMAIL_USE_SSL = _u.scheme == "smtps"
    EMAIL_USE_TLS = _u.scheme == "smtp" and EMAIL_PORT == 587
else:
    raise ImproperlyConfigured(f"HASSHIN_EMAIL_URL={_email!r}: expected console: or smtp://…")
if HASSHIN_ENV == "test":
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DEFAULT_FROM_EMAIL = env.str("HASSHIN_DEFAULT_FROM_EMAIL")

OTP_TOTP_ISSUER = "Hasshin"

SECURE_COOKIES = env.bool("HASSHIN_SECURE_COOKIES", default=PRODUCTION)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 9  # one working day
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {
        "handlers": ["console"],
        "level": env.choice("HASSHIN_LOG_LEVEL", ("DEBUG", "INFO", "WARNING", "ERROR")),
    },
}
