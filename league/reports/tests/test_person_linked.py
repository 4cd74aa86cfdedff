"""Person-linked indicators (the catalogue's flag) are protected wherever figures leave
the NGO: referrals and every breakdown on the council page, in its spreadsheet and in the
public CSV/JSON (docs/disclosure.md, "Person-linked")."""

import io
import json
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from communities.tests.factories import CommunityFactory
from league.models import User
from league.reports import services
from league.reports.models import IssuedReport
from league.reports.tests.conftest import YEAR, add_report, make_release
from league.tests.factories import UserFactory
from monitoring.models import Indicator
from monitoring.tests.factories import period_for

RANGE = {"first_year": YEAR, "first_quarter": 1, "last_year": YEAR, "last_quarter": 2}
REFERRALS = "Переадресації до інших суб'єктів національного механізму взаємодії"
SMALL = {1, 2, 3, 4, "1", "2", "3", "4"}


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()


@pytest.fixture
def referred(small_oblast):
    """One referral in a quarter, in a community of its own raion."""
    add_report(
        CommunityFactory(raion=small_oblast["c"].raion, name="Буринь"),
        period_for(YEAR, 2),
        "approved",
        {"REFERRALS": 1, "IDENTIFIED": 1, ("IDENTIFIED", "sex", "female"): 1},
    )
    return small_oblast


def test_the_catalogue_marks_every_count_of_people_and_the_referrals(catalogue):
    linked = {code for code, indicator in catalogue.items() if indicator.person_linked}

    assert linked == {
        code
        for code, indicator in catalogue.items()
        if indicator.value_type == Indicator.ValueType.PEOPLE
    } | {"REFERRALS"}
    assert not catalogue["PREVENTION_EVENTS"].person_linked  # events about no one person
    assert not catalogue["BUDGET_SPENT"].person_linked


def test_money_cannot_be_person_linked(catalogue):
    from django.core.exceptions import ValidationError

    budget = catalogue["BUDGET_SPENT"]
    budget.person_linked = True
    with translation.override("en"), pytest.raises(ValidationError, match="Only a count"):
        budget.full_clean()


def _rows(page: str, label: str) -> list[str]:
    found = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", page, re.S):
        if label in row.replace("&#x27;", "'"):
            found.append(row)
    return found


def test_referrals_and_breakdowns_are_protected_on_the_council_page(client, referred):
    from league.reports.tests.test_monitoring_view import cells

    make_release(referred["oblast"])
    council = UserFactory(role=User.Role.COUNCIL, oblast=referred["oblast"])
    client.force_login(council)

    page = client.get(reverse("reports:monitoring"), {"period": f"{YEAR}-H1"}).content.decode()

    rows = _rows(page, REFERRALS)
    assert rows, "the referrals row is on the page"
    figures = [figure for row in rows for figure in cells(row)]
    assert "&lt;5" in figures and not SMALL & set(figures)
    forms = re.search(r'<section id="forms">(.*?)</section>', page, re.S)
    assert not SMALL & set(cells(forms.group(1)))


def test_referrals_are_exact_for_staff(client, referred):
    from league.reports.tests.test_monitoring_view import cells

    client.force_login(UserFactory(role=User.Role.STAFF))
    page = client.get(
        reverse("reports:monitoring"), {**RANGE, "oblast": referred["oblast"].pk}
    ).content.decode()

    assert "1" in [figure for row in _rows(page, REFERRALS) for figure in cells(row)]


def test_referrals_and_breakdowns_are_protected_in_the_spreadsheet_and_open_data(client, referred):
    staff = UserFactory(role=User.Role.STAFF)
    report = services.report_issue(
        kind=IssuedReport.Kind.MONITORING,
        params={"oblast": referred["oblast"].pk, "first": [YEAR, 1], "last": [YEAR, 2]},
        issued_by=staff,
        base_url="http://testserver/",
    )
    client.force_login(UserFactory(role=User.Role.COUNCIL, oblast=referred["oblast"]))

    response = client.get(reverse("reports:issued_xlsx", args=[report.pk]))

    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    referral_rows = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            if row and row[0] == REFERRALS:
                referral_rows.append(row[1:])
            elif row and sheet.title.startswith(("People identified, by form", "Особи")):
                assert not SMALL & set(row[1:]), row
    assert referral_rows and all(not SMALL & set(row) for row in referral_rows)
    assert any("<5" in row for row in referral_rows)
    client.logout()
    public = json.loads(client.get(reverse("reports:public_json")).content)
    public_referrals = [row for row in public["oblast-figures"] if row["indicator"] == REFERRALS]
    assert public_referrals and "<5" in {row["marker"] for row in public_referrals}
    assert not SMALL & {row["value"] for row in public_referrals}
