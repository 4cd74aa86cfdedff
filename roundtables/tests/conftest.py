import datetime

import pytest
from django.utils import timezone

from communities.tests.factories import CommunityFactory, OblastFactory, RaionFactory
from roundtables.models import (
    Commitment,
    Participation,
    Person,
    Resolution,
    person_name_key,
)
from roundtables.tests.factories import RoundTableFactory, RoundTableSeriesFactory


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def round_table_a(cast):
    """Held ten days ago in community A, inviting only A."""
    return RoundTableFactory(venue_community=cast.community_a, invited=[cast.community_a])


@pytest.fixture
def round_table_b(cast):
    """Held in community B, inviting only B: out of worker_a's sight."""
    return RoundTableFactory(venue_community=cast.community_b, invited=[cast.community_b])


@pytest.fixture
def other_oblast_round_table(db):
    """A round table of another oblast: out of the council official's sight."""
    oblast = OblastFactory(name="Чернігівська", katottg="UA74000000000025378")
    community = CommunityFactory(raion=RaionFactory(oblast=oblast), katottg="UA74000000000000001")
    series = RoundTableSeriesFactory(oblast=oblast, title="Чернігівська серія")
    return RoundTableFactory(series=series, venue_community=community, invited=[community])


@pytest.fixture
def eighteen_round_tables(cast):
    """18 round tables of 40 participants each (and two commitments each), built in
    bulk: enough rows that a query per round table or per person would show."""
    communities = [cast.community_a, cast.community_b] + [
        CommunityFactory(raion=cast.raion) for _ in range(8)
    ]
    series = RoundTableSeriesFactory(oblast=cast.oblast)
    start = timezone.now() - datetime.timedelta(days=400)
    round_tables = [
        RoundTableFactory(
            series=series,
            number=number,
            starts_at=start + datetime.timedelta(days=20 * number),
            venue_community=communities[number % 10],
            invited=[communities[number % 10], communities[(number + 1) % 10], cast.community_a],
        )
        for number in range(1, 19)
    ]
    people = Person.objects.bulk_create(
        Person(
            full_name=f"Учасник {number}",
            name_key=person_name_key(f"Учасник {number}"),
            position="Староста",
            community=communities[number % 10],
            category=Person.Category.values[number % len(Person.Category.values)],
            phone=f"+380 50 000 {number:04d}",
            consent_to_contacts=True,
        )
        for number in range(720)
    )
    Participation.objects.bulk_create(
        Participation(
            round_table=round_table,
            person=people[index * 40 + seat],
            status=Participation.Status.ATTENDED if seat % 4 else Participation.Status.ABSENT,
        )
        for index, round_table in enumerate(round_tables)
        for seat in range(40)
    )
    resolutions = Resolution.objects.bulk_create(
        Resolution(round_table=round_table, number=1, text="Рекомендувати громадам…")
        for round_table in round_tables
    )
    Commitment.objects.bulk_create(
        Commitment(
            resolution=resolution,
            text=f"Зобов'язання {index}-{community.pk}",
            community=community,
            responsible="Виконком",
            due_date=timezone.localdate() + datetime.timedelta(days=index * 30 - 200),
            status=Commitment.Status.values[index % 4],
        )
        for index, resolution in enumerate(resolutions)
        for community in (cast.community_a, cast.community_b)
    )
    return round_tables
