"""Credentials at rest: Fernet tokens under keys from ``settings.HASSHIN_CREDENTIAL_KEYS``
(urlsafe base64 Fernet keys, newest first). Encryption uses the newest key; decryption tries
them all, so keys can be rotated: add a new key in front, ``rotate()`` stored tokens, then
drop the old key. Values are never logged, and errors never include them."""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


class CredentialError(Exception):
    pass


def _fernet() -> MultiFernet:
    keys = list(getattr(settings, "HASSHIN_CREDENTIAL_KEYS", []) or [])
    if not keys:
        raise CredentialError("HASSHIN_CREDENTIAL_KEYS is empty: no key to encrypt credentials")
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except (ValueError, TypeError) as exc:
        raise CredentialError("HASSHIN_CREDENTIAL_KEYS holds an invalid Fernet key") from exc


def encrypt(plaintext: str) -> str:
    return _fernet().encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError):
        raise CredentialError(
            "stored credential cannot be decrypted with the configured keys"
        ) from None


def rotate(token: str) -> str:
    """Re-encrypt under the newest key (the timestamp is kept)."""
    try:
        return _fernet().rotate(token.encode("ascii")).decode("ascii")
    except (InvalidToken, UnicodeError):
        raise CredentialError(
            "stored credential cannot be decrypted with the configured keys"
        ) from None
