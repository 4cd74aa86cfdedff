"""The admin: a page for every model, open to NGO staff, with the history of changes."""

import pytest
from django.urls import reverse

from league.tests.admin_forms import change_form_data
from roundtables import services
from roundtables.models import (
    AgendaItem,
    Attachment,
    Commitment,
    CommitmentUpdate,
    Participation,
    Person,
    Resolution,
    RoundTable,
    RoundTableSeries,
)
from roundtables.tests.factories import (
    CommitmentFactory,
    ParticipationFactory,
    RoundTableFactory,
    RoundTableSeriesFactory,
)

pytestmark = pytest.mark.django_db
MODELS = [
    RoundTableSeries,
    RoundTable,
    AgendaItem,
    Person,
    Participation,
    Resolution,
    Commitment,
    CommitmentUpdate,
    Attachment,
]


def admin_url(model, action="changelist", *args):
    return reverse(f"admin:roundtables_{model._meta.model_name}_{action}", args=args)


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_staff_open_every_models_admin_page(client_for, round_table_a, model):
    CommitmentFactory(resolution__round_table=round_table_a)
    ParticipationFactory(round_table=round_table_a)
    assert client_for("staff").get(admin_url(model)).status_code == 200
    assert client_for("worker_a").get(admin_url(model)).status_code == 302


def test_attachments_are_added_through_the_portal_only(client_for):
    assert client_for("staff").get(admin_url(Attachment, "add")).status_code == 403


def test_staff_read_who_changed_what_and_when(client_for, cast, round_table_a):
    round_table_a.title = "Нова назва"
    services.round_table_save(
        round_table=round_table_a,
        invited_communities=[cast.community_a],
        facilitators=[cast.staff],
        agenda=[],
        changed_by=cast.staff,
        version=round_table_a.version,
    )
    response = client_for("staff").get(admin_url(RoundTable, "history", round_table_a.pk))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Нова назва" in page and str(cast.staff) in page


def _add_data(client, series, community, **changes):
    data = change_form_data(client.get(admin_url(RoundTable, "add")))
    data.update(
        series=series.pk,
        title="Круглий стіл в адмінці",
        starts_at_0="2017-05-04",
        starts_at_1="10:00:00",
        venue_community=community.pk,
        venue_address="вул. Соборна, 1",
        invited_communities=[community.pk],
        facilitators=[],
        status="planned",
        number="7",
    )
    data.update(changes)
    return data


def test_the_admin_gives_a_new_round_table_the_series_next_number(client_for, cast):
    series = RoundTableSeriesFactory(oblast=cast.oblast, title="Серія для адмінки", target=18)
    RoundTableFactory(series=series, number=3, venue_community=cast.community_a)
    client = client_for("staff")
    page = client.get(admin_url(RoundTable, "add")).content.decode()
    assert 'name="number"' not in page
    response = client.post(
        admin_url(RoundTable, "add"), _add_data(client, series, cast.community_a)
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    created = RoundTable.objects.get(title="Круглий стіл в адмінці")
    assert created.number == 4  # one past the series' highest, not the 7 posted
    assert {record.history_user for record in created.history.all()} == {cast.staff}
    assert list(created.invited_communities.all()) == [cast.community_a]


def test_the_admin_asks_before_a_round_table_beyond_the_target(client_for, cast):
    series = RoundTableSeriesFactory(oblast=cast.oblast, title="Коротка серія", target=1)
    RoundTableFactory(series=series, number=1, venue_community=cast.community_a)
    client = client_for("staff")
    data = _add_data(client, series, cast.community_a)
    refused = client.post(admin_url(RoundTable, "add"), data)
    assert refused.status_code == 200
    assert "This would be round table No 2" in refused.content.decode()
    assert series.round_tables.count() == 1
    confirmed = client.post(admin_url(RoundTable, "add"), {**data, "beyond_target": "on"})
    assert confirmed.status_code == 302
    assert sorted(series.round_tables.values_list("number", flat=True)) == [1, 2]


def test_the_admin_keeps_a_round_tables_number(client_for, cast, round_table_a):
    client = client_for("staff")
    url = admin_url(RoundTable, "change", round_table_a.pk)
    page = client.get(url)
    assert 'name="number"' not in page.content.decode()
    assert 'name="beyond_target"' not in page.content.decode()
    data = change_form_data(page)
    data.update(number=round_table_a.number + 5, title="Нова назва в адмінці")
    assert client.post(url, data).status_code == 302
    number = round_table_a.number
    round_table_a.refresh_from_db()
    assert (round_table_a.number, round_table_a.title) == (number, "Нова назва в адмінці")
    assert round_table_a.version == 2
