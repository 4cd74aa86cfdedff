import datetime

import factory
from django.utils import timezone

from communities.tests.factories import CommunityFactory
from monitoring.models import (
    DataValue,
    Indicator,
    MonitoringReport,
    ReportingPeriod,
    ReportStatus,
    quarter_of,
)


def current_quarter() -> tuple[int, int]:
    return quarter_of(timezone.localdate())


def period_for(year: int, quarter: int, **dates) -> ReportingPeriod:
    """The stored period of a quarter, created with default dates (or those given)."""
    period = ReportingPeriod.objects.filter(year=year, quarter=quarter).first()
    if period is None:
        period = ReportingPeriod.for_quarter(year, quarter)
    for name, value in dates.items():
        setattr(period, name, value)
    period.save()
    return period


class ReportingPeriodFactory(factory.django.DjangoModelFactory):
    """The current quarter, with the default dates."""

    class Meta:
        model = ReportingPeriod
        django_get_or_create = ["year", "quarter"]

    year = factory.LazyFunction(lambda: current_quarter()[0])
    quarter = factory.LazyFunction(lambda: current_quarter()[1])
    starts_on = factory.LazyAttribute(
        lambda o: ReportingPeriod.for_quarter(o.year, o.quarter).starts_on
    )
    ends_on = factory.LazyAttribute(
        lambda o: ReportingPeriod.for_quarter(o.year, o.quarter).ends_on
    )
    deadline = factory.LazyAttribute(
        lambda o: ReportingPeriod.for_quarter(o.year, o.quarter).deadline
    )
    entry_opens_on = factory.LazyAttribute(lambda o: o.starts_on)
    entry_closes_on = factory.LazyAttribute(
        lambda o: ReportingPeriod.for_quarter(o.year, o.quarter).entry_closes_on
    )


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda number: f"TEST_{number}")
    name_uk = factory.Sequence(lambda number: f"Показник {number}")
    name_en = factory.Sequence(lambda number: f"Indicator {number}")
    section = Indicator.Section.PREVENTION
    value_type = Indicator.ValueType.PEOPLE
    order = 900


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonitoringReport

    community = factory.SubFactory(CommunityFactory)
    period = factory.SubFactory(ReportingPeriodFactory)
    status = ReportStatus.DRAFT
    first_submitted_at = factory.LazyAttribute(
        lambda o: (
            None
            if o.status == ReportStatus.DRAFT
            else timezone.make_aware(datetime.datetime.combine(o.period.deadline, datetime.time(9)))
        )
    )


class DataValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DataValue

    report = factory.SubFactory(ReportFactory)
    indicator = factory.SubFactory(IndicatorFactory)
    value = 0
