"""Round-table forms that stop mistakes: the number is assigned (beyond the target only
with a confirmation), the single series is preselected, and a commitment is not due
before its meeting."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from league.tests.forms import post_form
from roundtables import services
from roundtables.models import Commitment, RoundTable
from roundtables.tests.factories import (
    ResolutionFactory,
    RoundTableFactory,
    RoundTableSeriesFactory,
)
from roundtables.tests.test_roundtable_views import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def series(cast):
    series = RoundTableSeriesFactory(oblast=cast.oblast, target=3)
    for number in (1, 2):
        RoundTableFactory(series=series, number=number, venue_community=cast.community_a)
    return series


def test_the_number_is_assigned_not_typed(client_for, cast, series):
    client = client_for("staff")
    form = client.get(reverse("roundtables:create")).context["form"]
    assert "number" not in form.fields
    assert form.initial["series"] == series.pk  # the only series, preselected
    assert "this will be No 3 of 3" in form.fields["series"].help_text
    response = client.post(reverse("roundtables:create"), form_data(cast, series, number=9))
    assert response.status_code == 302
    assert RoundTable.objects.latest("pk").number == 3


def test_a_number_beyond_the_target_needs_a_confirmation(client_for, cast, series):
    RoundTableFactory(series=series, number=3, venue_community=cast.community_a)
    client = client_for("staff")
    response = client.post(reverse("roundtables:create"), form_data(cast, series))
    assert response.status_code == 200
    assert "This would be round table No 4, beyond the series&#x27; target of 3." in (
        response.content.decode()
    )
    assert RoundTable.objects.count() == 3
    response = client.post(
        reverse("roundtables:create"), form_data(cast, series, beyond_target="on")
    )
    assert response.status_code == 302
    assert RoundTable.objects.latest("pk").number == 4


def test_the_service_numbers_under_a_lock_and_refuses_beyond_the_target(cast, series):
    def new():
        return RoundTable(
            series=series,
            title="Ще один",
            starts_at=timezone.now() - datetime.timedelta(days=1),
            status=RoundTable.Status.HELD,
            venue_community=cast.community_a,
            venue_address="вул. Соборна, 1",
        )

    saved = services.round_table_save(
        round_table=new(),
        invited_communities=[cast.community_a],
        facilitators=[],
        agenda=[],
        changed_by=cast.staff,
    )
    assert saved.number == 3
    with pytest.raises(services.RoundTableError) as refused:
        services.round_table_save(
            round_table=new(),
            invited_communities=[cast.community_a],
            facilitators=[],
            agenda=[],
            changed_by=cast.staff,
        )
    assert refused.value.code == "beyond_target"
    assert RoundTable.objects.count() == 3


def test_editing_keeps_the_number_and_series(client_for, cast, series):
    round_table = series.round_tables.get(number=2)
    other = RoundTableSeriesFactory(oblast=cast.oblast, title="Інша серія")
    response = client_for("staff").post(
        reverse("roundtables:update", args=[round_table.pk]),
        form_data(cast, other, number=17, title="Нова назва"),
    )
    assert response.status_code == 302
    round_table.refresh_from_db()
    assert (round_table.series, round_table.number, round_table.title) == (series, 2, "Нова назва")


def test_a_commitment_is_not_due_before_its_meeting(client_for, cast, round_table_a):
    resolution = ResolutionFactory(round_table=round_table_a)
    meeting_day = timezone.localdate(round_table_a.starts_at)
    data = {
        "text": "Визначити координатора",
        "community": cast.community_a.pk,
        "responsible": "Виконком",
        "due_date": (meeting_day - datetime.timedelta(days=1)).isoformat(),
    }
    url = reverse("roundtables:commitment_create", args=[resolution.pk])
    response = post_form(client_for("staff"), url, data)
    assert response.status_code == 200
    assert "The due date cannot be before the round table" in response.content.decode()
    assert not Commitment.objects.exists()
    data["due_date"] = meeting_day.isoformat()  # the day itself is fine
    assert post_form(client_for("staff"), url, data).status_code == 302
    assert Commitment.objects.count() == 1
