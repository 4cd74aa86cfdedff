"""Ids read from a query string or a form outside a form field (the oblast or raion a page
narrows to, the versions of an attendance sheet): «²» and other Unicode digits pass
`str.isdigit()` but not int(), and twenty digits overflow a 64-bit key. Each was a server
error; `league.forms.posted_id` now reads them all."""

import pytest
from django.urls import reverse

from communities.tests.factories import CommunityFactory, OblastFactory, RaionFactory
from league.campaign.tests.factories import StrategyFactory
from league.forms import posted_id
from monitoring.tests.factories import ReportFactory, period_for
from roundtables.tests.factories import RoundTableFactory

HOSTILE = ["²", "٣", "1" * 20, "9" * 5000, "-1", "1.5", " 1", "0x1f"]


@pytest.mark.parametrize("value", HOSTILE)
def test_posted_id_reads_only_ascii_keys_within_64_bits(value):
    assert posted_id(value) is None


def test_posted_id_reads_a_key():
    assert posted_id("42") == 42 and posted_id(7) == 7 and posted_id(None) is None


@pytest.fixture
def two_oblasts(cast):
    kharkiv = OblastFactory(katottg="UA63000000000041885", name="Харківська")
    CommunityFactory(raion=RaionFactory(oblast=kharkiv, name="Далекий"), name="Омега")
    ReportFactory(community=cast.community_a, period=period_for(2025, 1))
    return kharkiv


PAGES = [
    ("staff", "communities:list", "oblast"),
    ("staff", "communities:plan_overview", "oblast"),
    ("staff", "communities:measure_overdue", "oblast"),
    ("staff", "monitoring:report_list", "oblast"),
    ("staff", "monitoring:completeness", "oblast"),
    ("staff", "monitoring:aggregates", "oblast"),
    ("staff", "timeline:timeline", "raion"),
    ("staff", "campaign:activity_list", "raion"),
    ("staff", "advocacy:meeting_create", "raion"),
]


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize(("role", "name", "parameter"), PAGES)
def test_a_hostile_id_in_the_query_string_is_no_server_error(
    two_oblasts, client_for, role, name, parameter, value
):
    response = client_for(role).get(reverse(name), {parameter: value})

    assert response.status_code == 200


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_raion_on_the_agreements_page_is_no_server_error(cast, client_for, value):
    strategy = StrategyFactory(oblast=cast.oblast)
    url = reverse("campaign:agreement_summary", args=[strategy.pk])

    assert client_for("staff").get(url, {"raion": value}).status_code == 200


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_version_on_an_attendance_sheet_is_no_server_error(cast, client_for, value):
    round_table = RoundTableFactory(venue_community=cast.community_a, invited=[cast.community_a])
    url = reverse("roundtables:attendance", args=[round_table.pk])
    sheet = {"walkin-TOTAL_FORMS": 0, "walkin-INITIAL_FORMS": 0, f"version-{value}": value}

    response = client_for("staff").post(url, sheet)

    assert response.status_code in (200, 302, 400)  # 400: a field name too long to parse
