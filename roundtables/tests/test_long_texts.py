"""Texts printed in the protocol PDF have limits: forms, services and the model agree,
so a protocol of a million characters cannot be stored to take the server's time."""

import time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from roundtables import services
from roundtables.forms import AgendaFormSet, CommitmentStatusForm
from roundtables.models import (
    AGENDA_MAX_ITEMS,
    COMMITMENT_MAX_CHARS,
    MINUTES_MAX_CHARS,
    RESOLUTION_MAX_CHARS,
    Commitment,
    Resolution,
    RoundTable,
)
from roundtables.tests.factories import CommitmentFactory, ResolutionFactory

pytestmark = pytest.mark.django_db


def test_minutes_past_the_limit_are_refused_by_the_service_and_nothing_saved(round_table_a, cast):
    round_table_a.minutes = "а" * (MINUTES_MAX_CHARS + 1)
    with pytest.raises(ValidationError) as refused:
        services.round_table_save(
            round_table=round_table_a,
            invited_communities=round_table_a.invited_communities.all(),
            facilitators=[],
            agenda=[],
            changed_by=cast.staff,
        )
    assert "minutes" in refused.value.message_dict
    assert RoundTable.objects.get(pk=round_table_a.pk).minutes == ""


def test_a_resolution_past_the_limit_is_refused_with_a_message_and_not_saved(
    client_for, round_table_a
):
    url = reverse("roundtables:resolution_create", args=[round_table_a.pk])
    text = "р" * (RESOLUTION_MAX_CHARS + 1)
    response = client_for("staff").post(url, {"number": 1, "text": text})
    assert response.status_code == 200
    assert f"at most {RESOLUTION_MAX_CHARS} characters" in response.content.decode()
    assert not Resolution.objects.exists()


def test_a_commitment_past_the_limit_is_refused_by_the_model(round_table_a, cast):
    commitment = CommitmentFactory.build(
        resolution=ResolutionFactory(round_table=round_table_a),
        community=cast.community_a,
        text="з" * (COMMITMENT_MAX_CHARS + 1),
    )
    with pytest.raises(ValidationError):
        services.commitment_save(commitment=commitment, changed_by=cast.staff)
    assert not Commitment.objects.exists()


def test_a_status_note_past_the_limit_is_refused_by_the_form():
    form = CommitmentStatusForm(data={"status": "done", "date": "2024-01-01", "note": "н" * 2001})
    assert not form.is_valid() and "note" in form.errors


def test_an_agenda_past_the_limit_is_refused_by_the_form_and_the_service(round_table_a, cast):
    count = AGENDA_MAX_ITEMS + 1
    data = {"form-TOTAL_FORMS": count, "form-INITIAL_FORMS": 0}
    data.update({f"form-{index}-title": f"Питання {index}" for index in range(count)})
    assert not AgendaFormSet(data).is_valid()
    with pytest.raises(services.RoundTableError, match=str(AGENDA_MAX_ITEMS)):
        services.round_table_save(
            round_table=round_table_a,
            invited_communities=round_table_a.invited_communities.all(),
            facilitators=[],
            agenda=[services.AgendaLine(f"Питання {index}") for index in range(count)],
            changed_by=cast.staff,
        )
    assert not round_table_a.agenda_items.exists()


def test_a_protocol_at_every_limit_still_prints_quickly(client_for, round_table_a, cast):
    paragraph = "Учасники обговорили механізм взаємодії. " * 10
    round_table_a.minutes = "\n\n".join([paragraph] * 200)[:MINUTES_MAX_CHARS]
    round_table_a.full_clean()
    round_table_a.save()
    for number in range(1, 6):
        resolution = ResolutionFactory(
            round_table=round_table_a, number=number, text="р " * (RESOLUTION_MAX_CHARS // 2)
        )
        CommitmentFactory(
            resolution=resolution,
            community=cast.community_a,
            text="з " * (COMMITMENT_MAX_CHARS // 2),
        )
    started = time.process_time()  # this process's CPU: a loaded machine does not count
    response = client_for("staff").get(reverse("roundtables:protocol_pdf", args=[round_table_a.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert time.process_time() - started < 10
