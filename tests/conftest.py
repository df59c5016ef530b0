from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import SeedWorld, make_user

SEED_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "seed-deir-ez-zor.json"


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
