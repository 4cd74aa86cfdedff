"""The admin: a page for every model, open to NGO staff, with the history of changes."""

import pytest
from django.urls import reverse

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
from roundtables.tests.factories import CommitmentFactory, ParticipationFactory

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
