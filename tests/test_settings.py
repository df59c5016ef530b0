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


def test_the_deploy_checks_pass_in_production_behind_tls():
    environment = {
        # Not the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE: no deployment sets it.
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DEBUG": "false",
        "SECRET_KEY": "k" * 20 + "production-only-secret-key-of-sufficient-length",
        "ALLOWED_HOSTS": "records.example.org",
        "BEHIND_TLS_PROXY": "true",
        "ZEAL": "false",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "System check identified no issues (1 silenced).\n"


def test_production_behind_tls_sends_hsts_and_redirects_to_https():
    environment = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "x" * 50,
        "BEHIND_TLS_PROXY": "true",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
    }
    script = (
        "import config.settings as s; print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, "
        "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_PROXY_SSL_HEADER)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout == "True 31536000 True ('HTTP_X_FORWARDED_PROTO', 'https')\n"


def test_every_page_carries_a_content_security_policy(client, db):
    response = client.get("/admin/login/")

    directives = sorted(response["Content-Security-Policy"].split("; "))
    assert directives == [
        "base-uri 'self'",
        "connect-src 'self'",
        "default-src 'self'",
        "font-src 'self' data:",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "img-src 'self' data:",
        "object-src 'none'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
    ]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
