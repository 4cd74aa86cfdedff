"""Settings come from the environment and fail loudly on bad values."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from league.settings import env_bool, env_int, env_list

ROOT = settings.BASE_DIR


def run_django(env_overrides: dict[str, str], code: str = "import django; django.setup()"):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "DATABASE_URL"}
    }
    env.update({"DJANGO_SETTINGS_MODULE": "league.settings", **env_overrides})
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_missing_secret_key_with_debug_off_stops_start_up():
    result = run_django({"DEBUG": "false"})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_settings_are_secure():
    code = (
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS,"
        " s.ALLOWED_HOSTS, s.DATABASES['default']['ENGINE'],"
        " s.STORAGES['staticfiles']['BACKEND'], 'default-src' in s.SECURE_CSP)"
    )
    result = run_django(
        {
            "DEBUG": "false",
            "SECRET_KEY": "x" * 50,
            "ALLOWED_HOSTS": "portal.example.org",
            "DATABASE_URL": "postgres://portal:portal@db.example.org:5432/portal",
        },
        code,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "True",
        "True",
        "31536000",
        "['portal.example.org']",
        "django.db.backends.postgresql",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "True",
    ]


def test_sqlite_is_the_default_database():
    result = run_django({}, "from django.conf import settings as s; print(s.DATABASES)")
    assert "django.db.backends.sqlite3" in result.stdout


def test_helpers_read_typed_values(monkeypatch):
    monkeypatch.setenv("FLAG", "yes")
    monkeypatch.setenv("NUMBER", "12")
    monkeypatch.setenv("HOSTS", "a.example.org, b.example.org,")
    assert env_bool("FLAG", default=False) is True
    assert env_int("NUMBER", 1) == 12
    assert env_list("HOSTS") == ["a.example.org", "b.example.org"]
    assert env_bool("UNSET_FLAG", default=True) is True


@pytest.mark.parametrize(("helper", "raw"), [(env_bool, "maybe"), (env_int, "ten")])
def test_helpers_refuse_bad_values(monkeypatch, helper, raw):
    monkeypatch.setenv("BAD", raw)
    with pytest.raises(ImproperlyConfigured, match="BAD"):
        helper("BAD", 1) if helper is env_int else helper("BAD", default=True)


def test_pages_carry_a_content_security_policy(client, cast):
    client.force_login(cast.staff)
    response = client.get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
