"""The plan workflow and the writes behind the pages."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from communities.plans import rules
from communities.plans import selectors as plan_selectors
from communities.plans import services as plan_services
from communities.plans.models import BudgetLine, IdentificationPlan, MeasureUpdate, PlanMeasure
from communities.plans.tests.factories import (
    AdoptedPlanFactory,
    BudgetLineFactory,
    IdentificationPlanFactory,
    LocalProgrammeFactory,
    PlanMeasureFactory,
)
from league import access

Status = IdentificationPlan.Status


def today():
    # Read when the test runs, never when the module is imported.
    return timezone.localdate()


@pytest.mark.parametrize(
    ("role", "status", "allowed"),
    [
        ("worker_a", Status.NOT_STARTED, [Status.DRAFTING]),
        ("worker_a", Status.DRAFTING, [Status.NOT_STARTED]),
        ("worker_a", Status.SUBMITTED, []),
        ("worker_a", Status.ADOPTED, []),
        ("council", Status.DRAFTING, []),
        (
            "staff",
            Status.DRAFTING,
            [Status.NOT_STARTED, Status.SUBMITTED, Status.ADOPTED, Status.EXPIRED],
        ),
        (
            "admin",
            Status.ADOPTED,
            [Status.NOT_STARTED, Status.DRAFTING, Status.SUBMITTED, Status.EXPIRED],
        ),
    ],
)
def test_who_may_move_a_plan_where(cast, role, status, allowed):
    plan = IdentificationPlanFactory.build(community=cast.community_a, status=status)
    assert rules.allowed_statuses(getattr(cast, role), plan) == allowed


def test_a_worker_may_not_submit_or_adopt(cast):
    plan = IdentificationPlanFactory(community=cast.community_a)
    for status in (Status.SUBMITTED, Status.ADOPTED):
        with pytest.raises(plan_services.PlanRuleError) as error:
            plan_services.plan_change_status(
                plan=plan,
                status=status,
                decision_number="1",
                decision_date=datetime.date(2018, 1, 1),
                changed_by=cast.worker_a,
            )
        assert error.value.code == "status_not_allowed"
    plan.refresh_from_db()
    assert plan.status == Status.DRAFTING


def test_adopting_without_a_decision_is_refused_and_nothing_changes(cast):
    plan = IdentificationPlanFactory(community=cast.community_a, status=Status.SUBMITTED)
    with pytest.raises(ValidationError) as error:
        plan_services.plan_change_status(plan=plan, status=Status.ADOPTED, changed_by=cast.staff)
    assert {"decision_number", "decision_date"} <= set(error.value.message_dict)
    plan.refresh_from_db()
    assert plan.status == Status.SUBMITTED
    assert plan.history.count() == 1


def test_staff_adopt_a_plan_and_the_history_says_who_and_why(cast):
    plan = IdentificationPlanFactory(community=cast.community_a, status=Status.SUBMITTED)
    plan_services.plan_change_status(
        plan=plan,
        status=Status.ADOPTED,
        decision_number="15/VII",
        decision_date=datetime.date(2018, 5, 17),
        decision_body="15 сесія міської ради",
        note="Рішення сесії",
        changed_by=cast.staff,
    )
    plan.refresh_from_db()
    assert (plan.status, plan.decision_number) == (Status.ADOPTED, "15/VII")
    latest = plan.history.latest()
    assert latest.history_user == cast.staff
    assert latest.history_change_reason == "Рішення сесії"


def test_recording_done_without_evidence_writes_nothing(cast):
    measure = PlanMeasureFactory(plan__community=cast.community_a)
    update = MeasureUpdate(measure=measure, status=PlanMeasure.Status.DONE, date=today())
    with pytest.raises(ValidationError):
        plan_services.measure_record_update(update=update, recorded_by=cast.worker_a)
    measure.refresh_from_db()
    assert measure.status == PlanMeasure.Status.PLANNED
    assert not MeasureUpdate.objects.exists()


def test_recording_a_change_logs_it_and_sets_the_measure_status(cast):
    measure = PlanMeasureFactory(plan__community=cast.community_a)
    update = MeasureUpdate(
        measure=measure,
        status=PlanMeasure.Status.DONE,
        date=today(),
        note="Проведено навчання",
        evidence_url="https://example.org/news/1",
    )
    plan_services.measure_record_update(update=update, recorded_by=cast.worker_a)
    measure.refresh_from_db()
    assert measure.status == PlanMeasure.Status.DONE
    assert update.recorded_by == cast.worker_a
    assert measure.history.latest().history_user == cast.worker_a
    assert list(measure.updates.values_list("note", flat=True)) == ["Проведено навчання"]


@pytest.mark.parametrize(
    ("role", "status", "edit", "record"),
    [
        ("worker_a", Status.DRAFTING, True, True),
        ("worker_a", Status.ADOPTED, False, True),
        ("worker_a", Status.EXPIRED, False, False),
        ("staff", Status.ADOPTED, True, True),
        ("staff", Status.EXPIRED, True, True),
        ("council", Status.DRAFTING, False, False),
    ],
)
def test_what_a_role_may_change_depends_on_the_plan_status(cast, role, status, edit, record):
    plan = AdoptedPlanFactory.build(community=cast.community_a, status=status)
    user = getattr(cast, role)
    assert access.allows(user, "plans.edit_content", plan) is edit
    assert access.allows(user, "plans.record_progress", plan) is record


def test_money_is_summed_exactly_as_decimals(cast):
    programme = LocalProgrammeFactory(community=cast.community_a, start_year=2019, end_year=2019)
    # Amounts that a float would not add up exactly: 0.1 + 0.2 != 0.3 in binary.
    for planned, spent in [("0.10", "0.10"), ("0.20", "0.20"), ("1234567.33", "0.01")]:
        plan_services.budget_line_save(
            line=BudgetLine(
                programme=programme,
                year=2019,
                purpose=BudgetLine.Purpose.PREVENTION,
                planned=Decimal(planned),
                spent=Decimal(spent),
            ),
            changed_by=cast.staff,
        )
    (year,) = plan_selectors.programme_totals_by_year(programme)
    assert year["planned"] == Decimal("1234567.63")
    assert year["spent"] == Decimal("0.31")
    (row,) = plan_selectors.programme_list_for_community(cast.community_a, 2019)
    assert row.planned_year == Decimal("1234567.63")
    assert row.spent_total == Decimal("0.31")
    overview = plan_selectors.plan_overview_for_user(cast.staff, 2019)
    assert overview.get(pk=cast.community_a.pk).money_planned == Decimal("1234567.63")
    totals = plan_selectors.plan_overview_totals(overview)
    assert totals["money_planned"] == Decimal("1234567.63")
    assert totals["money_spent"] == Decimal("0.31")
    assert str(totals["money_spent"]) == "0.31"


def test_deleting_a_budget_line_is_recorded(cast):
    line = BudgetLineFactory(programme__community=cast.community_a)
    plan_services.budget_line_delete(line=line, deleted_by=cast.worker_a)
    assert not BudgetLine.objects.exists()
    assert BudgetLine.history.latest().history_type == "-"
    assert BudgetLine.history.latest().history_user == cast.worker_a
