import datetime
from decimal import Decimal

import factory

from communities.tests.factories import OblastFactory
from league.targets.models import Indicator, Objective, Project


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    oblast = factory.SubFactory(OblastFactory)
    title = "Зміцнення громадського контролю"
    goal = "Доступ до допомоги в кожній громаді"
    starts_on = datetime.date(2016, 10, 1)


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    project = factory.SubFactory(ProjectFactory)
    number = factory.Sequence(lambda number: number)
    title = "Сприяти ідентифікації на рівні громад"


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    project = factory.SubFactory(ProjectFactory)
    code = factory.Sequence(lambda number: f"ind-{number}")
    name = factory.Sequence(lambda number: f"Показник {number}")
    baseline = Decimal(0)
    target = Decimal(18)
