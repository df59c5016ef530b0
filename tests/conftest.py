from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import SeedWorld, make_user

SEED_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "seed-deir-ez-zor.json"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """PBKDF2's many rounds protect stored passwords in production; here they
    cost a quarter of the suite's time, spent logging in test accounts."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def editor(db):
    return make_user("editor")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def world(db):
    return SeedWorld()
