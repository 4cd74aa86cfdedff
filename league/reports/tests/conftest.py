import datetime

import pytest
from django.utils import timezone

from communities.tests.factories import CommunityFactory, OblastFactory, RaionFactory
from league.models import User
from league.tests.factories import UserFactory
from monitoring.catalogue import catalogue_load
from monitoring.models import DataValue, Indicator
from monitoring.tests.factories import ReportFactory, period_for

YEAR = 2025


@pytest.fixture
def catalogue(db):
    catalogue_load()
    return {indicator.code: indicator for indicator in Indicator.objects.all()}


def add_report(community, period, status, figures, *, late=False):
    """A report with figures {code: value} or {(code, dimension, option): value}."""
    report = ReportFactory(community=community, period=period, status=status)
    if late:
        report.first_submitted_at = timezone.make_aware(
            datetime.datetime.combine(
                period.deadline + datetime.timedelta(days=3), datetime.time(9)
            )
        )
        report.save()
    indicators = {indicator.code: indicator for indicator in Indicator.objects.all()}
    for key, value in figures.items():
        code, dimension, option = key if isinstance(key, tuple) else (key, "", "")
        DataValue.objects.create(
            report=report,
            indicator=indicators[code],
            dimension=dimension,
            option=option,
            value=value,
        )
    return report


@pytest.fixture
def small_oblast(catalogue):
    """Two raions, three communities, two quarters of 2025, with every count small
    somewhere. Community names are real ones so that transliteration shows."""
    oblast = OblastFactory()
    north = RaionFactory(oblast=oblast, name="Конотопський")
    south = RaionFactory(oblast=oblast, name="Роменський")
    a = CommunityFactory(raion=north, name="Бурин")
    b = CommunityFactory(raion=north, name="Знам'янка")
    c = CommunityFactory(raion=south, name="Згорани")
    q1, q2 = period_for(YEAR, 1), period_for(YEAR, 2)
    add_report(
        a,
        q1,
        "approved",
        {
            "IDENTIFIED": 12,
            ("IDENTIFIED", "exploitation", "labour"): 10,
            ("IDENTIFIED", "exploitation", "sexual"): 2,
            "HELP_MEDICAL": 6,
            "BUDGET_SPENT": 1500,
            "PREVENTION_EVENTS": 3,
        },
    )
    add_report(
        b,
        q1,
        "approved",
        {
            "IDENTIFIED": 3,
            ("IDENTIFIED", "exploitation", "labour"): 3,
            "HELP_MEDICAL": 2,
        },
        late=True,
    )
    add_report(
        c,
        q1,
        "approved",
        {
            "IDENTIFIED": 9,
            ("IDENTIFIED", "exploitation", "labour"): 9,
            "HELP_MEDICAL": 7,
        },
    )
    add_report(a, q2, "approved", {"IDENTIFIED": 7, ("IDENTIFIED", "exploitation", "labour"): 7})
    # Not approved: never counted.
    add_report(c, q2, "submitted", {"IDENTIFIED": 50})
    return {"oblast": oblast, "a": a, "b": b, "c": c, "north": north, "south": south}


def make_release(oblast):
    """The oblast's release, as staff make it (the task, run here at once): what council
    officials, issued reports and the public read."""
    from league.reports import services

    staff = UserFactory(role=User.Role.STAFF)
    release = services.release_request(oblast=oblast, requested_by=staff)
    return services.release_make(release_id=release.pk)
