"""The /verify/ rate limit is one count per client address, shared by every worker
process (in the database) and taken behind the trusted proxy (league/reports/throttle.py)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from league.reports.models import VerifyCount
from league.reports.tests.factories import IssuedReportFactory

ROOT = Path(__file__).resolve().parents[3]
PROXY = "10.0.0.1"


@pytest.fixture
def issued(db):
    return IssuedReportFactory()


def check(client, report, forwarded_for=None):
    extra = {"REMOTE_ADDR": PROXY}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.get(reverse("reports:verify"), {"sha256": report.sha256}, **extra).status_code


def test_behind_the_proxy_one_busy_client_does_not_lock_out_the_others(issued, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.VERIFY_RATE_LIMIT = 3
    busy, other = Client(), Client()
    assert [check(busy, issued, "203.0.113.7") for _ in range(4)] == [200, 200, 200, 429]
    # Another visitor, through the same proxy, still checks.
    assert check(other, issued, "198.51.100.9") == 200
    # Writing another address in front of the proxy's entry does not escape the limit.
    assert check(busy, issued, "192.0.2.55, 203.0.113.7") == 429
    counts = dict(VerifyCount.objects.values_list("address", "count"))
    assert counts == {"203.0.113.7": 3, "198.51.100.9": 1}


def test_without_a_trusted_proxy_the_header_is_not_believed(issued, settings):
    settings.VERIFY_RATE_LIMIT = 2
    client = Client()
    statuses = [check(client, issued, f"192.0.2.{number}") for number in range(3)]
    assert statuses == [200, 200, 429]
    assert list(VerifyCount.objects.values_list("address", flat=True)) == [PROXY]


def test_a_new_hour_starts_a_new_count_and_clears_the_old_ones(db, settings):
    from league.reports.throttle import address_over_limit

    settings.VERIFY_RATE_LIMIT = 1
    now = timezone.now()
    assert [address_over_limit("192.0.2.1", now=now) for _ in range(2)] == [False, True]
    later = now + timezone.timedelta(hours=1)
    assert address_over_limit("192.0.2.1", now=later) is False
    assert list(VerifyCount.objects.values_list("hour", flat=True)) == [
        later.replace(minute=0, second=0, microsecond=0)
    ]
    settings.VERIFY_RATE_LIMIT = 0
    assert address_over_limit("192.0.2.2", now=later) is True


WORKER = """
import sys, django
django.setup()
from django.db import connection
from django.utils.dateparse import parse_datetime
from league.reports.models import VerifyCount
from league.reports.throttle import address_over_limit
if sys.argv[1] == "create":
    with connection.schema_editor() as editor:
        editor.create_model(VerifyCount)
else:
    now = parse_datetime(sys.argv[2])
    print(sum(not address_over_limit("203.0.113.7", now=now) for _ in range(10)))
"""


def test_two_worker_processes_share_one_count(tmp_path):
    """Two processes (as two gunicorn workers) check 10 times each for one client with a
    limit of 12: together they let exactly 12 through, not 12 each."""
    env = {
        **{key: value for key, value in os.environ.items() if key != "DATABASE_URL"},
        "DJANGO_SETTINGS_MODULE": "league.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'shared.sqlite3'}",
        "VERIFY_RATE_LIMIT": "12",
    }

    def worker(*args):
        return subprocess.Popen(
            [sys.executable, "-c", WORKER, *args],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    created = worker("create")
    _stdout, stderr = created.communicate(timeout=120)
    assert created.returncode == 0, stderr
    now = timezone.now().isoformat()
    workers = [worker("check", now), worker("check", now)]
    outputs = [process.communicate(timeout=120) for process in workers]
    assert [process.returncode for process in workers] == [0, 0], outputs
    allowed = [int(stdout) for stdout, _stderr in outputs]
    assert sum(allowed) == 12
