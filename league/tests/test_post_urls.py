"""Every URL that accepts POST, from the URL conf: a create is once-only, an edit checks
its version. Not a list kept by hand: the URLs come from the resolver, the forms from the
pages themselves.

For each URL whose view takes POST, the pages of the access table (tests/access_rows.py)
are opened as the roles that may use them, and every form posting to that URL must carry
the one-time token of a create (`form_token`, league.once) or the version of an edit
(`version`, league.domain.save_versioned). A form with a token is then sent as a repeat of
a saved one: it must land where the first went before anything is validated. The only
exceptions are the actions in ACTIONS, each with why a repeat cannot create twice or lose
an edit.
"""

import uuid
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse

from league.models import FormSubmission
from league.tests.test_ukrainian_pages import release
from league.tests.test_url_access import ROWS

# POST URLs that are not a create or an edit of a record two people change, and why a
# repeat of one neither duplicates nor loses anything.
ACTIONS = {
    # Django's own and the person's own session.
    "login": "signs in: no record",
    "logout": "signs out: a repeat finds no session",
    "password_change": "sets the person's own password to what they typed: a repeat sets it again",
    "set_language": "a cookie of the person's own browser",
    "notifications:preferences": "the person's own choices, edited by no one else: a repeat "
    "saves the same choices",
    "reports:verify": "reads the register; writes nothing",
    # State changes: the service locks the row and checks its current state, so a repeat
    # finds the change already made and refuses or repeats nothing.
    "communities:plan_status": "plan_change_status locks the plan and logs a change only from "
    "the status it finds",
    "monitoring:report_approve": "the workflow locks the report; approving an approved one is "
    "refused",
    "monitoring:report_return": "the workflow locks the report; returning a returned one is "
    "refused",
    "monitoring:report_reopen": "the workflow locks the report; reopening needs an approved one",
    "campaign:strategy_status": "strategy_change_status locks the strategy; a move its status "
    "does not allow is refused",
    "advocacy:follow_up_done": "follow_up_mark_done locks the follow-up and keeps its first date",
    "roundtables:participation_status": "participation_set_status locks the participation and "
    "records the status it is given: a repeat records the same",
    # Deletes behind a confirmation page: a repeat finds nothing to delete (404).
    "communities:contact_delete": "a delete: a repeat finds nothing (404)",
    "communities:budgetline_delete": "a delete: a repeat finds nothing (404)",
    "roundtables:participation_remove": "a delete: a repeat finds nothing (404)",
    "roundtables:resolution_delete": "a delete: a repeat finds nothing (404)",
    "roundtables:attachment_delete": "a delete: a repeat finds nothing (404)",
    # Imports of a whole file, all or nothing, that bring records to what the file says.
    "monitoring:import": "reports_import leaves alone every report whose figures the file "
    "does not change: a repeat changes nothing, and each report it changes is saved "
    "against its version",
    "roundtables:participant_import": "participants_import finds the people and invitations "
    "the first import made (same name and community) and adds none",
}
ONCE_ONLY = "form_token"
VERSION = "version"
SEEING_ROLES = ("admin", "staff", "worker_a")
FIELDS = ("input", "select", "textarea", "button")


def view_methods(callback) -> set[str] | None:
    """The methods a view takes: a class-based view's handlers, or the list its
    `require_http_methods` decorator closes over; None when it does not say."""
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return {name.upper() for name in view_class.http_method_names if hasattr(view_class, name)}
    function = callback
    while function is not None:
        for cell in function.__closure__ or ():
            try:
                value = cell.cell_contents
            except ValueError:
                continue
            if (
                isinstance(value, list | tuple)
                and value
                and all(isinstance(item, str) and item.isupper() for item in value)
            ):
                return set(value)
        function = getattr(function, "__wrapped__", None)
    return None


def _views(patterns, namespace=None):
    """(name, view) of every named URL pattern, as test_url_access names them."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or namespace
            if pattern.namespace and namespace:
                inner = f"{namespace}:{pattern.namespace}"
            yield from _views(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern.callback


def post_url_names() -> set[str]:
    names = set()
    for name, callback in _views(get_resolver().url_patterns):
        if name.startswith("admin:"):
            continue
        methods = view_methods(callback)
        if methods is None:
            # Django's own function views (set_language) take any method; ours must say.
            assert callback.__module__.startswith("django."), f"{name}: say its methods"
            methods = {"POST"}
        if "POST" in methods:
            names.add(name)
    return names


class Forms(HTMLParser):
    """The POST forms of a page: where each posts, and its named fields and values."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._open: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and (attributes.get("method") or "").lower() == "post":
            self._open = {"action": attributes.get("action") or "", "fields": {}}
            self.forms.append(self._open)
        elif self._open is not None and tag in FIELDS and attributes.get("name"):
            self._open["fields"].setdefault(attributes["name"], attributes.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._open = None


def posted_to(page_url: str, action: str) -> str | None:
    path = urlsplit(action).path or urlsplit(page_url).path
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def carries(fields: dict, name: str) -> str | None:
    """The field named `name`, prefixed (`person-form_token`) or one per row
    (`version-12` on the attendance sheet)."""
    return next(
        (
            key
            for key in fields
            if key == name or key.endswith(f"-{name}") or key.startswith(f"{name}-")
        ),
        None,
    )


def test_every_action_named_is_a_post_url():
    """No stale excuse: each entry of ACTIONS names a URL that still takes POST."""
    assert set(ACTIONS) - post_url_names() == set()
    assert all(reason.strip() for reason in ACTIONS.values())


@pytest.mark.django_db
def test_every_post_form_is_once_only_or_versioned(cast, client_for):
    found: dict[str, list] = {name: [] for name in post_url_names() - set(ACTIONS)}
    for row in ROWS:
        if row.method != "get" or not row.own_view or row.name.startswith("admin:"):
            continue
        # Each row's objects are made once and rolled back after, as each row's own test.
        with transaction.atomic():
            url = reverse(row.name, kwargs=row.kwargs(cast)) + row.query
            for role in SEEING_ROLES:
                if row.expect[role] == 200:
                    _check_forms_of(url, role, client_for(role), getattr(cast, role), found)
            transaction.set_rollback(True)
    unseen = sorted(name for name, forms in found.items() if not forms)
    assert not unseen, f"no page shows a form posting to these (show one, or classify): {unseen}"
    bare = sorted(
        f"{name} on {page} as {role}"
        for name, forms in found.items()
        for role, page, verdict in forms
        if verdict == "bare"
    )
    assert not bare, "forms without a one-time token or a version:\n" + "\n".join(bare)
    ignored = sorted(
        f"{name} on {page} as {role}"
        for name, forms in found.items()
        for role, page, verdict in forms
        if verdict == "repeat not recognised"
    )
    assert not ignored, "a repeat of these creates missed the first:\n" + "\n".join(ignored)


def _check_forms_of(url: str, role: str, client, user, found: dict) -> None:
    """Each POST form of the page at `url`, as `role` sees it: its verdict under the name
    of the URL it posts to."""
    response = client.get(url)
    release(response)  # a download's file closed, the test's connection left open
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return
    parser = Forms()
    parser.feed(response.content.decode())
    for form in parser.forms:
        target = posted_to(url, form["action"])
        if target not in found:
            continue
        fields = form["fields"]
        if carries(fields, ONCE_ONLY):
            landed = _lands_where_the_first_went(client, user, form["action"] or url, fields)
            verdict = "once-only" if landed else "repeat not recognised"
        else:
            verdict = "versioned" if carries(fields, VERSION) else "bare"
        found[target].append((role, url, verdict))


def _lands_where_the_first_went(client, user, action: str, fields: dict) -> bool:
    """Send the form as the page shows it, as a repeat of a create already saved."""
    token_field = carries(fields, ONCE_ONLY)
    token = uuid.uuid4()
    FormSubmission.objects.create(token=token, user=user, url="/first-went-here/")
    data = {key: value for key, value in fields.items() if key != "csrfmiddlewaretoken"}
    data[token_field] = str(token)
    response = client.post(action, data)
    return response.status_code == 302 and response.url == "/first-went-here/"
