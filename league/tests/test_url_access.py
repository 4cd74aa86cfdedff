"""Every named URL of the project against every role. A URL without a row fails."""

from importlib import import_module

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from league.tests.access_matrix import ROLES

APPS_WITH_ROWS = [
    "league",
    "communities",
    "roundtables",
    "monitoring",
    "league.campaign",
    "league.advocacy",
    "league.targets",
    "league.notifications",
    "league.timeline",
    "league.reports",
]
# Django's generated admin pages per model are covered by a few rows above and by the
# admin's own policy tests; every other named URL must have a row.
IGNORED_NAMESPACES = {"admin"}


def _rows():
    rows = []
    for app in APPS_WITH_ROWS:
        try:
            module = import_module(f"{app}.tests.access_rows")
        except ModuleNotFoundError:
            continue
        rows.extend(module.ROWS)
    return rows


ROWS = _rows()


def _named_patterns(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or namespace
            if pattern.namespace and namespace:
                inner = f"{namespace}:{pattern.namespace}"
            yield from _named_patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_url_pattern_has_a_row():
    covered = {row.name for row in ROWS}
    patterns = {
        name
        for name in _named_patterns(get_resolver().url_patterns)
        if name.split(":")[0] not in IGNORED_NAMESPACES
    }
    assert patterns - covered == set(), "add these URLs to an app's tests/access_rows.py"
    assert covered - patterns - {row.name for row in ROWS if row.name.startswith("admin:")} == set()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.name)
def test_url_answers_each_role_as_expected(row, role, cast, client_for):
    client = client_for(role)
    url = reverse(row.name, kwargs=row.kwargs(cast)) + row.query
    response = getattr(client, row.method)(url, row.data(cast))
    response.close()  # a file download holds its file open until closed
    expected = row.expect[role]
    assert response.status_code == expected, f"{row.method.upper()} {url} as {role}"
    if role == "anonymous" and expected == 302 and row.method == "get":
        assert "login" in response.url


@pytest.mark.django_db
@pytest.mark.parametrize("row", [row for row in ROWS if row.own_view], ids=lambda row: row.name)
def test_url_refuses_a_wrong_method(row, cast, client_for):
    """State changes are POST-only; nothing answers PUT."""
    client = client_for("admin")
    url = reverse(row.name, kwargs=row.kwargs(cast)) + row.query
    wrong = client.get if row.method == "post" else client.put
    assert wrong(url).status_code == 405


def _head_role(row) -> str:
    """Anonymous where the page is public, else the administrator, who reaches the most."""
    return "anonymous" if row.expect["anonymous"] != 302 else "admin"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "row", [row for row in ROWS if row.method == "get"], ids=lambda row: row.name
)
def test_head_is_answered_wherever_get_is(row, cast, client_for):
    """Uptime monitors and link checkers ask with HEAD: it gets GET's status, no body."""
    role = _head_role(row)
    url = reverse(row.name, kwargs=row.kwargs(cast)) + row.query
    response = client_for(role).head(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    response.close()
    assert response.status_code == row.expect[role], f"HEAD {url} as {role}"
    assert body == b""
