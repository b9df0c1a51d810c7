from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.test import override_settings

from hasshin.platforms import secrets

OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()


@override_settings(HASSHIN_CREDENTIAL_KEYS=[NEW])
def test_encrypted_credential_decrypts_to_the_original_and_hides_it():
    token = secrets.encrypt("channel-access-token-値")
    assert "channel-access-token" not in token
    assert secrets.decrypt(token) == "channel-access-token-値"


def test_rotation_moves_a_credential_to_the_newest_key():
    with override_settings(HASSHIN_CREDENTIAL_KEYS=[OLD]):
        token = secrets.encrypt("oauth-token")
    with override_settings(HASSHIN_CREDENTIAL_KEYS=[NEW, OLD]):
        assert secrets.decrypt(token) == "oauth-token"
        rotated = secrets.rotate(token)
    with override_settings(HASSHIN_CREDENTIAL_KEYS=[NEW]):
        assert secrets.decrypt(rotated) == "oauth-token"
        with pytest.raises(secrets.CredentialError) as info:
            secrets.decrypt(token)
    assert "oauth-token" not in str(info.value)


@override_settings(HASSHIN_CREDENTIAL_KEYS=[])
def test_encrypting_without_keys_is_refused():
    with pytest.raises(secrets.CredentialError):
        secrets.encrypt("x")
