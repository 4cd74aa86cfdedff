import os
import subprocess
import sys

from django.conf import settings
from django.urls import reverse

PROBE = (
    "import django; django.setup();"
    "from django.test import Client;"
    "response = Client().get('/healthz', HTTP_HOST='localhost');"
    "print(response.status_code, response.content.decode())"
)


def test_healthz_answers_ok_without_login(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_is_unreachable():
    # A real portal process pointed at a PostgreSQL port where nothing listens.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "league.settings"}
    env["DATABASE_URL"] = "postgres://nobody:nothing@127.0.0.1:9/none?connect_timeout=2"
    env.pop("DEBUG", None)
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == '503 {"status": "error", "database": "unavailable"}'
