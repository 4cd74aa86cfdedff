"""Every page every role reaches speaks Ukrainian: no English fragments, no internal codes.

The walk reuses the URL-by-role table of test_url_access.py: each row a role gets 200 for is
rendered in Ukrainian and searched for fragments a Ukrainian reader should never meet.
"""

import io
import json
import re
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from league.tests.access_matrix import ROLES
from league.tests.test_url_access import ROWS

ENGLISH_FRAGMENTS = [
    "Select an option",
    "Choose",
    "breadcrumb",
    "CHANGES",
    "by selecting them",
    "IDENTIFIED[",
    "age=adult",
    "sex=male",
    "None",
    "---------",
    "Завдання 0",
]
QUARTER_CODE = re.compile(r"(?<![\w/.-])Q[1-4](?![\w])")


class _ReadableText(HTMLParser):
    """What a person reads or hears: text and the attributes screen readers speak,
    not class names, scripts or styles."""

    SPOKEN = {"aria-label", "title", "alt", "placeholder"}

    def __init__(self):
        super().__init__()
        self.parts = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skipping += 1
        self.parts += [value for name, value in attrs if name in self.SPOKEN and value]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data)


def english_in(html: str) -> list[str]:
    parser = _ReadableText()
    parser.feed(html)
    text = "\n".join(parser.parts)
    found = [fragment for fragment in ENGLISH_FRAGMENTS if fragment in text]
    found += QUARTER_CODE.findall(text)
    return found


def test_the_checker_finds_each_fragment():
    assert english_in("<option>- Select an option -</option>") == ["Select an option"]
    assert english_in('<nav aria-label="breadcrumb">') == ["breadcrumb"]
    assert english_in("<th>Q3</th>") == ["Q3"]
    assert english_in("<td>IDENTIFIED[sex=male]</td>") == ["IDENTIFIED[", "sex=male"]
    assert english_in("<td>None</td>") == ["None"]
    assert english_in('<th class="breadcrumb">III кв. 2026</th><script>var None;</script>') == []


# Validation rules are written in indicator codes (`IDENTIFIED[sex=*] <= IDENTIFIED`):
# there the code is what staff edit, not a label standing in for one.
CODES_ARE_THE_DATA = {"monitoring.ValidationRule"}


def release(response) -> None:
    """Close what a download holds open (its file), not the response itself: closing the
    response would also close the database connection the test's transaction runs on."""
    for closer in response._resource_closers:
        closer()
    response._resource_closers.clear()


HTML_ROWS = [
    row
    for row in ROWS
    if row.method == "get"
    and "format=" not in row.query
    # rules are written in codes (CODES_ARE_THE_DATA)
    and row.name != "admin:monitoring_validationrule_changelist"
]


@pytest.mark.django_db
@pytest.mark.parametrize("row", HTML_ROWS, ids=lambda row: row.name + row.query)
def test_every_page_of_every_role_is_ukrainian(row, cast, client_for):
    failures = []
    url = reverse(row.name, kwargs=row.kwargs(cast)) + row.query
    for role in ROLES:
        if row.expect[role] != 200:
            continue
        client = client_for(role)
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        release(response)
        if "html" not in response.get("Content-Type", ""):
            continue
        found = english_in(response.content.decode())
        if found:
            failures.append((role, url, found))
    assert failures == []


@pytest.mark.django_db
def test_every_admin_page_of_the_demo_data_is_ukrainian(client, settings):
    """Changelist, add, change and history pages of every registered model, on demo data
    that holds approved reports with breakdowns, plans, round tables and their history."""
    settings.DEBUG = True
    call_command("seed_demo", password="demo-pass-123", stdout=io.StringIO())
    from league.models import User

    client.force_login(User.objects.get(username="demo-admin"))
    failures = []
    with translation.override("uk"):
        for model, model_admin in admin.site._registry.items():
            if model._meta.label in CODES_ARE_THE_DATA:
                continue
            info = (model._meta.app_label, model._meta.model_name)
            urls = [reverse("admin:{}_{}_changelist".format(*info))]
            if model_admin.has_add_permission(_request_of(client)):
                urls.append(reverse("admin:{}_{}_add".format(*info)))
            first = model._default_manager.order_by("-pk").first()
            if first is not None:
                urls.append(reverse("admin:{}_{}_change".format(*info), args=[first.pk]))
                urls.append(reverse("admin:{}_{}_history".format(*info), args=[first.pk]))
            for url in urls:
                response = client.get(url)
                if response.status_code != 200:
                    failures.append((url, response.status_code))
                    continue
                found = english_in(response.content.decode())
                if found:
                    failures.append((url, found))
    assert failures == []


@pytest.mark.django_db
def test_every_page_of_every_role_is_ukrainian_on_the_demo_data(client, settings):
    """The same walk on the demo data: approved reports with breakdowns, plans with their
    history, round tables with participants and commitments fill the pages that the
    bare cast leaves empty. The demo accounts play the cast's roles."""
    from communities.models import Community, Oblast
    from league.demo import KONOTOP_CITY, SUMY_CITY
    from league.models import User
    from monitoring.models import Indicator, MonitoringReport, ReportStatus

    settings.DEBUG = True
    call_command("seed_demo", password="demo-pass-123", stdout=io.StringIO())
    users = {user.username: user for user in User.objects.all()}
    community_a = Community.objects.get(katottg=SUMY_CITY)
    cast = SimpleNamespace(
        oblast=Oblast.objects.get(),
        raion=community_a.raion,
        community_a=community_a,
        community_b=Community.objects.get(katottg=KONOTOP_CITY),
        admin=users["demo-admin"],
        staff=users["demo-staff"],
        worker_a=users["demo-worker"],
        worker_b=users["demo-worker2"],
        council=users["demo-council"],
    )
    approved = MonitoringReport.objects.filter(
        community=community_a, status=ReportStatus.APPROVED
    ).latest("period__year", "period__quarter")
    identified = Indicator.objects.get(code="IDENTIFIED")
    extra = [
        (reverse("monitoring:report_detail", args=[approved.pk]), ["worker_a", "staff"]),
        (reverse("monitoring:report_history", args=[approved.pk]), ["worker_a", "staff"]),
        (
            reverse("monitoring:aggregates")
            + f"?year={approved.period.year}&indicator={identified.pk}&oblast={cast.oblast.pk}",
            ["staff"],
        ),
        (reverse("communities:detail", args=[community_a.pk]), ["worker_a", "staff", "council"]),
    ]
    failures = []
    for row in HTML_ROWS:
        roles = [role for role in ROLES if row.expect[role] == 200 and role != "anonymous"]
        if not roles or row.name == "admin:monitoring_validationrule_changelist":
            continue  # rules are written in codes (CODES_ARE_THE_DATA)
        try:
            with transaction.atomic():
                kwargs = row.kwargs(cast)
        except IntegrityError:
            continue  # its object clashes with the demo's (one plan a year): walked above
        extra.append((reverse(row.name, kwargs=kwargs) + row.query, roles))
    for url, roles in extra:
        for role in roles:
            client.force_login(getattr(cast, role))
            response = client.get(url)
            release(response)
            if response.status_code != 200:
                failures.append((role, url, response.status_code))
            elif "html" in response.get("Content-Type", ""):
                found = english_in(response.content.decode())
                if found:
                    failures.append((role, url, found))
    assert failures == []


def test_the_admins_javascript_strings_are_ukrainian(client, cast):
    """The multi-select picker and the time-zone note come from the djangojs catalogue."""
    client.force_login(cast.admin)
    with translation.override("uk"):
        response = client.get(reverse("admin:jsi18n"))
    assert response.status_code == 200
    found = re.search(r"const newcatalog = (\{.*?\});\n", response.content.decode(), re.S)
    catalog = json.loads(found.group(1))
    assert catalog["Choose all %s"] == "Вибрати всі: %s"
    assert catalog["Remove all %s"] == "Прибрати всі: %s"
    picker_help = 'Choose %s by selecting them and then select the "Choose" arrow button.'
    assert catalog[picker_help].startswith("Виділіть потрібні")
    note = "Note: Enter times in the %(timezone)s timezone. (You are %(offset)s hour ahead.)"
    assert "часовим поясом" in catalog[note][0]
    assert catalog["server"] == "сервера"


def _request_of(client):
    from django.test import RequestFactory

    from league.models import User

    request = RequestFactory().get("/admin/")
    request.user = User.objects.get(username="demo-admin")
    return request


def test_our_catalogue_corrects_djangos_ukrainian():
    """LOCALE_PATHS are merged last, so our entries win over Django's own."""
    with translation.override("uk"):
        assert translation.gettext("- Select an option -") == "— Оберіть —"
        assert translation.gettext("Select %s to change") % "групу" == "Оберіть, що змінити: групу"
        hold = translation.gettext(
            "Hold down “Control”, or “Command” on a Mac, to select more than one."
        )
        assert "Натисність" not in hold and hold.startswith("Утримуйте")
        numeric = translation.gettext("Your password can’t be entirely numeric.")
        assert numeric == "Пароль не може складатися лише з цифр."
