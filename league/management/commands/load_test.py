"""Put the main pages under concurrent load on a portal running on this machine.

Only 127.0.0.1 (or localhost) is accepted, and both the number of requests and the time
are bounded. A session for a staff account is written straight into the database the
server uses, so no password is needed; it is deleted at the end. Start the server as in
production (gunicorn, DEBUG off) with the same DATABASE_URL, for example:

    gunicorn league.wsgi --bind 127.0.0.1:8002 --workers 4 --timeout 60
    python manage.py load_test --url http://127.0.0.1:8002 --clients 50 --requests 2000

See docs/performance.md for the figures on the reference machine.
"""

import http.client
import statistics
import threading
import time
from importlib import import_module
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from league.models import User

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
MAX_REQUESTS = 20_000
MAX_SECONDS = 600


def main_pages() -> list[tuple[str, str]]:
    return [
        ("start page", reverse("home")),
        ("community list", reverse("communities:list")),
        ("round tables", reverse("roundtables:list")),
        ("commitments", reverse("roundtables:commitment_list")),
        ("participants register", reverse("roundtables:person_list")),
        ("plans and money", reverse("communities:plan_overview")),
        ("monitoring reports", reverse("monitoring:report_list")),
        ("completeness matrix", reverse("monitoring:completeness")),
        ("aggregates", reverse("monitoring:aggregates")),
    ]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


class Command(BaseCommand):
    help = "Time the main pages under N concurrent clients against a local server."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000")
        parser.add_argument("--clients", type=int, default=50)
        parser.add_argument("--requests", type=int, default=2000, help="In all, at most 20,000.")
        parser.add_argument("--seconds", type=int, default=120, help="At most 600.")
        parser.add_argument("--username", default="demo-staff")
        parser.add_argument(
            "--warmup",
            type=int,
            default=100,
            help="Requests made first and not timed: each worker's first requests load "
            "templates and translations, which is not the steady state being measured.",
        )

    def handle(self, *args, url, clients, requests, seconds, username, warmup, **options):
        parts = urlsplit(url)
        if parts.scheme != "http" or parts.hostname not in LOCAL_HOSTS:
            raise CommandError("Only a server on this machine: http://127.0.0.1:PORT.")
        if not (0 < requests <= MAX_REQUESTS and 0 < seconds <= MAX_SECONDS) or not (
            0 <= warmup <= MAX_REQUESTS
        ):
            raise CommandError(f"At most {MAX_REQUESTS} requests and {MAX_SECONDS} seconds.")
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active account {username!r}.")
        session = import_module(settings.SESSION_ENGINE).SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.save()
        try:
            if warmup:
                self._run(parts, session.session_key, clients, warmup, seconds)
            results = self._run(parts, session.session_key, clients, requests, seconds)
        finally:
            session.delete()
        self._report(results, clients)

    def _run(self, parts, session_key, clients, requests, seconds):
        pages = main_pages()
        headers = {
            "Cookie": f"{settings.SESSION_COOKIE_NAME}={session_key}",
            # The server trusts the proxy's header: without it, DEBUG off redirects to HTTPS.
            "X-Forwarded-Proto": "https",
            "Host": parts.hostname,
        }
        results: list[tuple[str, float, int]] = []
        lock = threading.Lock()
        counter = iter(range(requests))
        deadline = time.monotonic() + seconds

        def client():
            connection = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=60)
            while time.monotonic() < deadline:
                with lock:
                    number = next(counter, None)
                if number is None:
                    break
                label, path = pages[number % len(pages)]
                started = time.perf_counter()
                try:
                    connection.request("GET", path, headers=headers)
                    response = connection.getresponse()
                    response.read()
                    status = response.status
                except (OSError, http.client.HTTPException):
                    connection.close()
                    connection = http.client.HTTPConnection(
                        parts.hostname, parts.port or 80, timeout=60
                    )
                    status = 0
                elapsed = time.perf_counter() - started
                with lock:
                    results.append((label, elapsed * 1000, status))
            connection.close()

        self.started = time.monotonic()
        threads = [threading.Thread(target=client) for _ in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.elapsed = time.monotonic() - self.started
        return results

    def _report(self, results, clients):
        if not results:
            raise CommandError("No request was made.")
        failed = sum(1 for _label, _ms, status in results if status != 200)
        timings = [ms for _label, ms, _status in results]
        self.stdout.write(
            f"{len(results)} requests from {clients} clients in {self.elapsed:.1f} s: "
            f"{len(results) / self.elapsed:.1f} requests/s, {failed} not 200; "
            f"median {statistics.median(timings):.0f} ms, p95 {percentile(timings, 0.95):.0f} ms"
        )
        self.stdout.write("| page | requests | median ms | p95 ms | not 200 |")
        self.stdout.write("|---|---|---|---|---|")
        for label, _path in main_pages():
            mine = [(ms, status) for name, ms, status in results if name == label]
            if not mine:
                continue
            times = [ms for ms, _status in mine]
            errors = sum(1 for _ms, status in mine if status != 200)
            self.stdout.write(
                f"| {label} | {len(mine)} | {statistics.median(times):.0f} "
                f"| {percentile(times, 0.95):.0f} | {errors} |"
            )
