"""Production behaviour: throttling behind the proxy, the health probe over plain HTTP,
private caching, idle sessions, HSTS preload as a choice, and the error pages."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from league.middleware import LAST_ACTIVITY_KEY
from league.tests.forms import post_form
from league.tests.test_settings import run_django
from roundtables.tests.factories import PDF_BYTES, RoundTableFactory

PASSWORD = "a-long-test-password"
PROXY = "10.0.0.1"  # the reverse proxy: REMOTE_ADDR of every request that came through it


def post_login(client, username, password, forwarded_for=None, remote_addr=PROXY):
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


# Log-in throttling behind the reverse proxy


def test_behind_the_proxy_one_locked_out_client_does_not_lock_another(settings, cast):
    settings.TRUSTED_PROXY_COUNT = 1
    attacker, colleague = Client(), Client()
    for _attempt in range(5):
        post_login(attacker, cast.worker_a.username, "wrong", forwarded_for="203.0.113.7")
    assert post_login(attacker, cast.worker_a.username, PASSWORD, "203.0.113.7").status_code == 429
    # The same account from another person's phone, through the same proxy, still opens.
    response = post_login(colleague, cast.worker_a.username, PASSWORD, "198.51.100.9")
    assert response.status_code == 302
    assert colleague.session["_auth_user_id"] == str(cast.worker_a.pk)


def test_behind_the_proxy_a_client_cannot_escape_its_lock_by_writing_the_header(settings, cast):
    settings.TRUSTED_PROXY_COUNT = 1
    client = Client()
    for _attempt in range(5):
        post_login(client, cast.worker_a.username, "wrong", forwarded_for="203.0.113.7")
    # The client prepends an address of its choice; the proxy appends the real one.
    response = post_login(client, cast.worker_a.username, PASSWORD, "192.0.2.55, 203.0.113.7")
    assert response.status_code == 429


def test_without_a_trusted_proxy_the_header_is_not_believed(settings, cast):
    assert settings.TRUSTED_PROXY_COUNT == 0
    client = Client()
    # Every failure claims another address; all of them come from one REMOTE_ADDR.
    for attempt in range(5):
        post_login(
            client, cast.worker_a.username, "wrong", f"192.0.2.{attempt}", remote_addr="203.0.113.7"
        )
    response = post_login(
        client, cast.worker_a.username, PASSWORD, "198.51.100.9", remote_addr="203.0.113.7"
    )
    assert response.status_code == 429
    # Someone else at another address is not affected.
    other = post_login(Client(), cast.worker_a.username, PASSWORD, remote_addr="198.51.100.9")
    assert other.status_code == 302


def test_a_malformed_header_falls_back_to_the_proxy_address(settings, rf):
    from league.middleware import client_ip

    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="not-an-ip")) == PROXY
    assert client_ip(rf.get("/", REMOTE_ADDR=PROXY)) == PROXY
    settings.TRUSTED_PROXY_COUNT = 2
    chain = "192.0.2.1, 203.0.113.7, 10.0.0.9"
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=chain)
    assert client_ip(request) == "203.0.113.7"
    settings.TRUSTED_PROXY_HEADER = "X-Real-IP"
    assert client_ip(rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_REAL_IP="203.0.113.8")) == PROXY
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_REAL_IP="203.0.113.8")) == "203.0.113.8"


def test_the_old_proxy_variable_is_refused_loudly():
    result = run_django({"AXES_PROXY_COUNT": "1"})
    assert result.returncode != 0
    assert "AXES_PROXY_COUNT is now TRUSTED_PROXY_COUNT" in result.stderr


# The health probe over plain HTTP


def test_healthz_answers_plain_http_while_pages_redirect_to_https(settings, client, db):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    login = client.get(reverse("login"))
    assert login.status_code == 301
    assert login.url == "https://testserver/accounts/login/"


def test_healthz_is_exempt_in_a_production_process():
    probe = (
        "import django; django.setup(); from django.test import Client; c = Client();"
        "h = c.get('/healthz', HTTP_HOST='portal.example.org');"
        "p = c.get('/accounts/login/', HTTP_HOST='portal.example.org');"
        "print(h.status_code, p.status_code, p['Location'])"
    )
    result = run_django(
        {
            "DEBUG": "false",
            "SECRET_KEY": "x" * 50,
            "ALLOWED_HOSTS": "portal.example.org",
            "DATABASE_URL": "sqlite://:memory:",
        },
        probe,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["200", "301", "https://portal.example.org/accounts/login/"]


# Private caching


def test_a_signed_in_page_is_not_stored_by_any_cache(client, cast):
    client.force_login(cast.worker_a)
    response = client.get(reverse("communities:list"))
    assert response.status_code == 200
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives


def test_a_downloaded_file_is_not_stored_by_any_cache(client, cast):
    round_table = RoundTableFactory(venue_community=cast.community_a, invited=[cast.community_a])
    client.force_login(cast.staff)
    upload = SimpleUploadedFile("minutes.pdf", PDF_BYTES, content_type="application/pdf")
    url = reverse("roundtables:attachment_upload", args=[round_table.pk])
    post_form(client, url, {"kind": "minutes", "file": upload, "description": ""})
    attachment = round_table.attachments.get()
    response = client.get(reverse("roundtables:attachment_download", args=[attachment.pk]))
    assert b"".join(response.streaming_content) == PDF_BYTES
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives


def test_anonymous_responses_keep_what_their_view_chose(client, db):
    # The log-in page is never_cache by Django itself; a redirect to it carries nothing.
    assert "no-store" in client.get(reverse("login"))["Cache-Control"]
    assert not client.get(reverse("communities:list")).has_header("Cache-Control")


# Sessions: end with the browser, or after SESSION_IDLE_MINUTES without activity


def test_the_session_cookie_lasts_only_while_the_browser_is_open(client, cast):
    response = post_login(client, cast.worker_a.username, PASSWORD)
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["expires"] == "" and cookie["max-age"] == ""


def test_the_idle_time_comes_from_the_environment():
    code = "from django.conf import settings as s; print(s.SESSION_COOKIE_AGE)"
    assert run_django({}, code).stdout.split() == ["1800"]
    assert run_django({"SESSION_IDLE_MINUTES": "10"}, code).stdout.split() == ["600"]
    refused = run_django({"SESSION_IDLE_MINUTES": "0"}, code)
    assert refused.returncode != 0 and "SESSION_IDLE_MINUTES" in refused.stderr


def session_row(client) -> Session:
    return Session.objects.get(session_key=client.cookies["sessionid"].value)


def test_an_idle_session_ends_and_the_person_signs_in_again(client, cast):
    client.force_login(cast.worker_a)
    # What the database holds once SESSION_IDLE_MINUTES have passed without a request.
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(reverse("communities:list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_activity_slides_the_idle_time_out(client, cast, settings):
    client.force_login(cast.worker_a)
    # The person was last active two minutes ago; the session would end 28 minutes from now.
    session = client.session
    session[LAST_ACTIVITY_KEY] -= 120
    session.save()
    almost_over = timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - 120)
    Session.objects.update(expire_date=almost_over)
    before = timezone.now()
    assert client.get(reverse("communities:list")).status_code == 200
    expiry = session_row(client).expire_date
    assert expiry >= before + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)


def test_activity_within_the_minute_costs_no_write(client, cast):
    response = post_login(client, cast.worker_a.username, PASSWORD)
    assert response.status_code == 302
    stamped = client.session[LAST_ACTIVITY_KEY]
    expiry = session_row(client).expire_date
    assert client.get(reverse("communities:list")).status_code == 200
    assert session_row(client).expire_date == expiry
    assert client.session[LAST_ACTIVITY_KEY] == stamped


# HSTS preload is the deployer's explicit choice


def production_env(**extra):
    return {
        "DEBUG": "false",
        "SECRET_KEY": "ci-only-secret-key-that-is-long-and-random-enough-0123456789abcdef",
        "ALLOWED_HOSTS": "portal.example.org",
        "CSRF_TRUSTED_ORIGINS": "https://portal.example.org",
        "DATABASE_URL": "sqlite://:memory:",
        "SITE_URL": "https://portal.example.org",
        **extra,
    }


@pytest.mark.parametrize(
    ("preload", "expected"), [("", "False ['security.W021']"), ("true", "True []")]
)
def test_hsts_preload_is_off_unless_chosen_and_only_then_is_w021_silenced(preload, expected):
    code = (
        "from django.conf import settings as s;"
        "print(s.SECURE_HSTS_PRELOAD, s.SILENCED_SYSTEM_CHECKS)"
    )
    result = run_django(production_env(SECURE_HSTS_PRELOAD=preload), code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


@pytest.mark.parametrize("preload", ["false", "true"])
def test_the_deploy_check_is_clean_either_way(preload, monkeypatch):
    # Set by conftest for the browser tests in this process, never in a deployment.
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)
    code = (
        "import django, sys; django.setup(); from django.core.management import call_command;"
        "call_command('check', deploy=True, fail_level='WARNING')"
    )
    result = run_django(production_env(SECURE_HSTS_PRELOAD=preload), code)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("site_url", [None, "http://portal.example.org", "https://localhost"])
def test_the_deploy_check_refuses_a_site_url_left_at_a_development_address(site_url, monkeypatch):
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)
    monkeypatch.delenv("SITE_URL", raising=False)
    env = production_env()
    if site_url is None:
        del env["SITE_URL"]  # the development default, http://127.0.0.1:8000
    else:
        env["SITE_URL"] = site_url
    code = (
        "import django; django.setup(); from django.core.management import call_command;"
        "call_command('check', deploy=True)"
    )
    result = run_django(env, code)
    assert result.returncode != 0
    assert "league.E001" in result.stderr and "SITE_URL" in result.stderr


def test_in_development_links_point_where_runserver_listens(monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    result = run_django({}, "from django.conf import settings as s; print(s.SITE_URL)")
    assert result.stdout.strip() == "http://127.0.0.1:8000"


# Error pages, with DEBUG off


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    return settings


def test_404_is_in_ukrainian_inside_the_layout_with_a_way_home(production, client, cast):
    client.force_login(cast.worker_a)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Сторінку не знайдено" in page
    assert 'href="/"' in page and "На стартову сторінку" in page
    assert "Вийти" in page  # the portal's navigation bar, as on every page


def test_403_says_what_the_person_may_do_instead(production, client, cast):
    client.force_login(cast.outsider)  # an account without a role
    response = client.get(reverse("home"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "Доступ заборонено" in page
    assert "зверніться до адміністратора організації" in page
    assert 'href="/"' in page and "Вийти" in page


@pytest.mark.urls("league.tests.error_urls")
def test_500_renders_without_touching_the_database(production, cast, django_assert_num_queries):
    client = Client(raise_request_exception=False)
    client.force_login(cast.worker_a)  # a session that the page would load if it asked
    with django_assert_num_queries(0):
        response = client.get("/fail/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Помилка сервера" in page and '<html lang="uk">' in page
    assert "RuntimeError" not in page


def test_env_example_documents_every_variable_the_settings_read(settings):
    import re

    source = (settings.BASE_DIR / "league" / "settings.py").read_text()
    names = set(re.findall(r'env_(?:str|bool|int|list)\(\s*"([A-Z_]+)"', source))
    example = (settings.BASE_DIR / ".env.example").read_text()
    documented = set(re.findall(r"^([A-Z_]+)=", example, re.MULTILINE))
    assert {"TRUSTED_PROXY_COUNT", "SESSION_IDLE_MINUTES", "SECURE_HSTS_PRELOAD"} <= names
    assert names - documented == set()


def test_a_refusal_is_logged_in_one_line_without_a_traceback(production, client, cast, caplog):
    """A 403 is an everyday answer: one warning line, not a stack that looks like a fault."""
    client.force_login(cast.outsider)
    client.get(reverse("home"))
    client.get("/no-such-page/")
    refusals = [record for record in caplog.records if record.name == "django.request"]
    assert [record.status_code for record in refusals] == [403, 404]
    assert all(record.exc_info is None for record in refusals)
    assert "Traceback" not in caplog.text
    assert len(caplog.text.strip().splitlines()) == 2


@pytest.mark.urls("league.tests.error_urls")
def test_a_server_error_keeps_its_traceback(production, cast, caplog):
    client = Client(raise_request_exception=False)
    client.get("/fail/")
    assert "Traceback" in caplog.text and "RuntimeError" in caplog.text


@pytest.mark.parametrize(
    "url", ["/", "/public/", "/healthz", "/no-such-page/", "/static/css/portal.css"]
)
def test_every_response_carries_a_permissions_policy(client, db, url):
    response = client.get(url)
    response.close()  # a static file is streamed from disk
    assert response.status_code in {200, 302, 404}
    policy = response.headers["Permissions-Policy"]
    assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy


def test_400_is_in_ukrainian_inside_the_layout(production, client, db):
    response = client.get("/", HTTP_HOST="not-our-host.example")  # DisallowedHost
    assert response.status_code == 400
    page = response.content.decode()
    assert "Хибний запит" in page and "На стартову сторінку" in page
    assert "Bad Request" not in page


def test_a_refused_form_says_in_ukrainian_what_to_do(production, db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Форма застаріла" in page and "оновіть сторінку" in page
    assert "CSRF" not in page and "Forbidden" not in page
