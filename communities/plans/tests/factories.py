import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from communities.plans.models import (
    BudgetLine,
    IdentificationPlan,
    LocalProgramme,
    MeasureUpdate,
    PlanMeasure,
    ServiceContract,
)
from communities.tests.factories import CommunityFactory

# A minimal PDF: enough for the content check in league/uploads.py.
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class IdentificationPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IdentificationPlan

    community = factory.SubFactory(CommunityFactory)
    start_year = 2018
    end_year = 2020
    status = IdentificationPlan.Status.DRAFTING


class AdoptedPlanFactory(IdentificationPlanFactory):
    status = IdentificationPlan.Status.ADOPTED
    decision_number = "12/3"
    decision_date = datetime.date(2018, 3, 15)
    decision_body = "Сесія міської ради"


class PlanMeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanMeasure

    plan = factory.SubFactory(IdentificationPlanFactory)
    category = PlanMeasure.Category.IDENTIFICATION
    description = factory.Sequence(lambda number: f"Захід {number}: навчання фахівців ЦНАП")
    responsible = "Служба у справах дітей"
    deadline = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=400))
    status = PlanMeasure.Status.PLANNED


class MeasureUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeasureUpdate

    measure = factory.SubFactory(PlanMeasureFactory)
    status = PlanMeasure.Status.IN_PROGRESS
    date = datetime.date(2019, 5, 1)
    note = "Розпочато"


class LocalProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalProgramme

    community = factory.SubFactory(CommunityFactory)
    kind = LocalProgramme.Kind.SOCIAL
    name = factory.Sequence(lambda number: f"Програма соціального захисту {number}")
    start_year = 2018
    end_year = factory.LazyFunction(lambda: timezone.localdate().year + 4)


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    programme = factory.SubFactory(LocalProgrammeFactory)
    year = 2019
    purpose = BudgetLine.Purpose.PREVENTION
    planned = Decimal("10000.00")
    spent = Decimal("0.00")


class ServiceContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceContract

    community = factory.SubFactory(CommunityFactory)
    service = "Соціальний супровід постраждалих"
    provider_name = "ГО «Професійна Ліга соціальних працівників Сумщини»"
    provider_edrpou = "12345678"
    amount = Decimal("50000.00")
    contract_date = datetime.date(2019, 2, 1)
    period_start = datetime.date(2019, 2, 1)
    period_end = datetime.date(2019, 12, 31)
    status = ServiceContract.Status.CONTRACTED
    people_served = 3
