"""The demo: the 18 round tables of Sumy oblast, safe to load twice."""

import pytest
from django.db.models import Count, F
from django.utils import timezone

from communities.services import reference_data_load
from league.demo import demo_accounts_seed
from roundtables import demo
from roundtables.models import (
    Commitment,
    CommitmentUpdate,
    Participation,
    Person,
    Resolution,
    RoundTable,
    RoundTableSeries,
)

pytestmark = pytest.mark.django_db

MODELS = [
    RoundTableSeries,
    RoundTable,
    Person,
    Participation,
    Resolution,
    Commitment,
    CommitmentUpdate,
]


@pytest.fixture
def seeded(db):
    reference_data_load()
    demo_accounts_seed(password="a-long-demo-password")
    demo.seed()


def test_the_demo_is_the_18_round_tables_with_their_people_and_commitments(seeded):
    series = RoundTableSeries.objects.get()
    assert series.target == 18
    round_tables = list(
        RoundTable.objects.prefetch_related("invited_communities", "former_raion__communities")
    )
    assert len(round_tables) == 18
    assert len({round_table.former_raion_id for round_table in round_tables}) == 18
    now = timezone.now()
    statuses = [round_table.status for round_table in round_tables]
    assert statuses.count("postponed") == 1 and statuses.count("planned") >= 2
    assert statuses.count("held") >= 12
    for round_table in round_tables:
        round_table.full_clean()  # held ones lie in the past
        invited = set(round_table.invited_communities.all())
        assert set(round_table.former_raion.communities.all()) <= invited
        assert round_table.venue_community in invited
        if round_table.status == "planned":
            assert round_table.starts_at > now
    held_dates = sorted(r.starts_at.date() for r in round_tables if r.status == "held")
    assert held_dates[0].year == 2016 and held_dates[-1].year == 2018

    # Participants come from the invited communities, and one person across round tables
    # is one record.
    assert not Participation.objects.exclude(
        round_table__invited_communities=F("person__community")
    ).exists()
    assert Person.objects.annotate(times=Count("participations")).filter(times__gt=1).exists()

    # Commitments in every status, some overdue, some still in time, with a dated log.
    assert set(Commitment.objects.values_list("status", flat=True)) == set(Commitment.Status.values)
    assert Commitment.objects.overdue().exists()
    assert Commitment.objects.filter(status="open").not_overdue().exists()
    assert CommitmentUpdate.objects.filter(status_after="done").exists()
    assert not CommitmentUpdate.objects.filter(date__gt=timezone.localdate()).exists()
    # The demo social workers' communities (Sumy, Konotop) have commitments to follow.
    for code in ("UA59080270000073662", "UA59020070000032449"):
        assert Commitment.objects.filter(community__katottg=code).exists()


def test_seeding_twice_duplicates_nothing(seeded):
    before = {model: model.objects.count() for model in MODELS}
    demo.seed()
    assert {model: model.objects.count() for model in MODELS} == before
