"""Rules of plans, measures, programmes, budget lines and contracts, in the model and
in the database."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from communities.plans.models import (
    IdentificationPlan,
    MeasureUpdate,
    PlanMeasure,
    ServiceContract,
    edrpou_validator,
)
from communities.plans.tests.factories import (
    AdoptedPlanFactory,
    BudgetLineFactory,
    IdentificationPlanFactory,
    LocalProgrammeFactory,
    PlanMeasureFactory,
    ServiceContractFactory,
)
from communities.tests.factories import CommunityFactory
from league.tests.clock import today

pytestmark = pytest.mark.django_db


def test_an_adopted_plan_needs_a_decision_number_and_date():
    plan = IdentificationPlanFactory.build(
        community=CommunityFactory(), status=IdentificationPlan.Status.ADOPTED
    )
    with pytest.raises(ValidationError) as error:
        plan.full_clean()
    assert set(error.value.message_dict) == {"decision_number", "decision_date"}

    plan.decision_number = "7/12"
    plan.decision_date = datetime.date(2018, 4, 2)
    plan.full_clean()


def test_the_database_refuses_an_adopted_plan_without_decision():
    plan = IdentificationPlanFactory(status=IdentificationPlan.Status.DRAFTING)
    with pytest.raises(IntegrityError), transaction.atomic():
        IdentificationPlan.objects.filter(pk=plan.pk).update(
            status=IdentificationPlan.Status.ADOPTED
        )


def test_plan_years_in_order_and_periods_of_a_community_do_not_overlap():
    existing = IdentificationPlanFactory(start_year=2018, end_year=2020)
    backwards = IdentificationPlan(community=existing.community, start_year=2023, end_year=2021)
    with pytest.raises(ValidationError) as error:
        backwards.full_clean()
    assert "end_year" in error.value.message_dict

    overlapping = IdentificationPlan(community=existing.community, start_year=2020, end_year=2022)
    with pytest.raises(ValidationError, match="2018–2020"):
        overlapping.full_clean()

    IdentificationPlan(community=existing.community, start_year=2021, end_year=2023).full_clean()
    IdentificationPlan(community=CommunityFactory(), start_year=2019, end_year=2019).full_clean()


def test_a_decision_date_cannot_be_in_the_future():
    plan = AdoptedPlanFactory.build(
        community=CommunityFactory(), decision_date=today() + datetime.timedelta(days=1)
    )
    with pytest.raises(ValidationError) as error:
        plan.full_clean()
    assert "decision_date" in error.value.message_dict


def test_a_measure_marked_done_needs_evidence():
    measure = PlanMeasureFactory()
    update = MeasureUpdate(measure=measure, status=PlanMeasure.Status.DONE, date=today())
    with pytest.raises(ValidationError) as error:
        update.full_clean()
    assert "evidence_url" in error.value.message_dict

    update.evidence_url = "https://example.org/report"
    update.full_clean()
    # Other changes need no evidence.
    MeasureUpdate(measure=measure, status=PlanMeasure.Status.IN_PROGRESS, date=today()).full_clean()


def test_the_database_refuses_a_done_update_without_evidence():
    measure = PlanMeasureFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        MeasureUpdate.objects.create(measure=measure, status=PlanMeasure.Status.DONE, date=today())


@pytest.mark.parametrize(
    ("status", "deadline_in_days", "overdue"),
    [
        (PlanMeasure.Status.PLANNED, -1, True),
        (PlanMeasure.Status.IN_PROGRESS, -30, True),
        (PlanMeasure.Status.PLANNED, 0, False),
        (PlanMeasure.Status.PLANNED, 1, False),
        (PlanMeasure.Status.DONE, -30, False),
        (PlanMeasure.Status.NOT_DONE, -30, False),
    ],
)
def test_overdue_is_derived_from_deadline_and_status(status, deadline_in_days, overdue):
    deadline = today() + datetime.timedelta(days=deadline_in_days)
    measure = PlanMeasureFactory(status=status, deadline=deadline)
    assert measure.is_overdue is overdue
    assert PlanMeasure.objects.overdue().filter(pk=measure.pk).exists() is overdue


@pytest.mark.parametrize("code", ["1234567", "123456789", "1234567a", "12 34567", ""])
def test_edrpou_must_be_eight_digits(code):
    with pytest.raises(ValidationError) as error:
        edrpou_validator(code)
    assert error.value.code == "invalid_edrpou"
    contract = ServiceContractFactory.build(community=CommunityFactory(), provider_edrpou=code)
    with pytest.raises(ValidationError) as error:
        contract.full_clean()
    assert "provider_edrpou" in error.value.message_dict


def test_edrpou_of_eight_digits_is_accepted_and_others_refused_by_the_database():
    contract = ServiceContractFactory(provider_edrpou="00032129")
    contract.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceContract.objects.filter(pk=contract.pk).update(provider_edrpou="0003212X")


def test_a_signed_contract_needs_its_date_and_an_announced_one_served_nobody():
    community = CommunityFactory()
    signed = ServiceContractFactory.build(community=community, contract_date=None)
    with pytest.raises(ValidationError) as error:
        signed.full_clean()
    assert "contract_date" in error.value.message_dict

    announced = ServiceContractFactory.build(
        community=community, status=ServiceContract.Status.ANNOUNCED, contract_date=None
    )
    with pytest.raises(ValidationError) as error:
        announced.full_clean()
    assert "people_served" in error.value.message_dict
    announced.people_served = 0
    announced.full_clean()


def test_a_budget_line_stays_within_its_programme_and_community():
    programme = LocalProgrammeFactory(start_year=2018, end_year=2020)
    line = BudgetLineFactory.build(programme=programme, year=2021)
    with pytest.raises(ValidationError) as error:
        line.full_clean()
    assert "year" in error.value.message_dict

    foreign_measure = PlanMeasureFactory()  # a plan of another community
    line = BudgetLineFactory.build(programme=programme, year=2019, measure=foreign_measure)
    with pytest.raises(ValidationError) as error:
        line.full_clean()
    assert "measure" in error.value.message_dict

    own_measure = PlanMeasureFactory(plan__community=programme.community)
    BudgetLineFactory.build(programme=programme, year=2019, measure=own_measure).full_clean()


def test_money_is_decimal_and_never_negative():
    line = BudgetLineFactory(planned=Decimal("1234.56"), spent=Decimal("0.01"))
    line.refresh_from_db()
    assert line.planned == Decimal("1234.56")
    assert isinstance(line.planned, Decimal)
    line.planned = Decimal("-0.01")
    with pytest.raises(ValidationError) as error:
        line.full_clean()
    assert "planned" in error.value.message_dict


def test_every_model_keeps_its_history():
    measure = PlanMeasureFactory()
    measure.description = "Змінений опис"
    measure.save()
    assert measure.history.count() == 2
    assert measure.plan.history.count() == 1
    for model in (
        IdentificationPlan,
        PlanMeasure,
        MeasureUpdate,
        ServiceContract,
        BudgetLineFactory._meta.model,
        LocalProgrammeFactory._meta.model,
    ):
        assert hasattr(model, "history"), model
