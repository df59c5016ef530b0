import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from config.settings import env_bool


@pytest.mark.parametrize(
    ("raw", "expected"), [("true", True), ("1", True), ("Off", False), ("no", False), ("", None)]
)
def test_booleans_are_parsed_strictly(monkeypatch, raw, expected):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert env_bool("SOME_FLAG", None) is expected


def test_a_misspelt_boolean_is_refused(monkeypatch):
    monkeypatch.setenv("DEBUG", "flase")
    with pytest.raises(ImproperlyConfigured, match="DEBUG must be true or false, not 'flase'"):
        env_bool("DEBUG", False)


def test_production_refuses_to_start_without_a_secret_key():
    environment = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "Set SECRET_KEY (or DEBUG=true for local development)." in result.stderr


def test_production_serves_hashed_static_files_and_secure_cookies():
    environment = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "x" * 50,
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
    }
    script = (
        "import config.settings as s; print(s.STORAGES['staticfiles']['BACKEND'], "
        "s.SESSION_COOKIE_SECURE, s.ALLOWED_HOSTS)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == [
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "True",
        "[]",
    ]


def test_the_system_checks_pass():
    from django.core.management import call_command

    call_command("check", fail_level="WARNING")
