"""Pages with community pickers cost the same at 51 and at 1,000 communities: the same
queries and the same options drawn (docs/performance.md has the timings)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communities.models import Community, Oblast, Raion
from monitoring.catalogue import catalogue_load
from roundtables.models import Person, RoundTable, person_name_key
from roundtables.tests.factories import CommitmentFactory, ResolutionFactory, RoundTableFactory

PAGES = [
    ("roundtables:list", {}),
    ("roundtables:create", {}),
    ("roundtables:update", "round_table"),
    ("roundtables:attendance", "round_table"),
    ("roundtables:participant_add", "round_table"),
    ("roundtables:person_list", {}),
    ("roundtables:person_create", {}),
    ("roundtables:commitment_list", {}),
    ("monitoring:report_list", {}),
    ("monitoring:extension_create", {}),
    ("monitoring:aggregates", {}),
]


def grow(cast, round_table, total: int) -> None:
    """Communities up to `total` in another oblast, each with a person and invited to the
    round table: what once made the filters and forms list them all."""
    missing = total - Community.objects.count()
    oblast, _created = Oblast.objects.get_or_create(
        katottg="UA05000000000000000", defaults={"name": "Вінницька"}
    )
    raions = [Raion.objects.get_or_create(oblast=oblast, name=f"Район {n}")[0] for n in range(10)]
    Community.objects.bulk_create(
        Community(
            katottg=f"UA59{total:05d}{n:010d}",
            name=f"Громада {total}-{n}",
            type=Community.Type.RURAL,
            raion=raions[n % 10],
            centre=f"Село {n}",
        )
        for n in range(missing)
    )
    added = list(Community.objects.filter(name__startswith=f"Громада {total}-"))
    Person.objects.bulk_create(
        Person(
            full_name=f"Петренко Іван {c.pk}",
            name_key=person_name_key(f"Петренко Іван {c.pk}"),
            position="Голова",
            community=c,
        )
        for c in added
    )
    round_table.invited_communities.add(*added)


@pytest.fixture
def round_table(cast):
    catalogue_load()
    table = RoundTableFactory(venue_community=cast.community_a, invited=[cast.community_a])
    CommitmentFactory(resolution=ResolutionFactory(round_table=table), community=cast.community_a)
    return table


def url_of(name, kwargs, round_table):
    return reverse(name, kwargs={"pk": round_table.pk} if kwargs == "round_table" else None)


def measure(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), options_offered(response)


def options_offered(response) -> int:
    """Options drawn in the page's selects, not counting those already chosen."""
    html = response.content.decode()
    return html.count("<option") - html.count(" selected>")


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_the_page_costs_the_same_at_51_and_1000_communities(
    name, kwargs, client_for, cast, round_table, django_assert_num_queries
):
    client = client_for("staff")
    url = url_of(name, kwargs, round_table)
    grow(cast, round_table, 51)
    client.get(url)  # session and caches warmed
    queries, options = measure(client, url)

    grow(cast, round_table, 1000)
    assert Community.objects.count() == 1000
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert options_offered(response) == options
    assert RoundTable.objects.get().invited_communities.count() == 999
