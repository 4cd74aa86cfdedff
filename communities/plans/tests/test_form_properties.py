"""Property-based: whatever is typed or uploaded into the forms of plans, measures,
programmes, budget lines and contracts, the page saves valid rows or shows the form again
with a message and writes nothing; never a server error."""

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from communities.plans.models import (
    BudgetLine,
    IdentificationPlan,
    LocalProgramme,
    MeasureUpdate,
    PlanMeasure,
    ServiceContract,
)
from communities.plans.tests.factories import (
    BudgetLineFactory,
    IdentificationPlanFactory,
    LocalProgrammeFactory,
    PlanMeasureFactory,
    ServiceContractFactory,
)
from league.tests.form_fuzz import (
    any_text,
    choice,
    post_everywhere,
    recent_date,
    submission,
)

pytestmark = pytest.mark.django_db

YEAR = st.integers(min_value=2015, max_value=2035).map(str)
MONEY = st.decimals(min_value=0, max_value=10**9, places=2).map(str)


@pytest.fixture
def plan_objects(cast):
    plan = IdentificationPlanFactory(community=cast.community_a)
    measure = PlanMeasureFactory(plan=plan)
    programme = LocalProgrammeFactory(community=cast.community_a)
    line = BudgetLineFactory(programme=programme, measure=measure)
    contract = ServiceContractFactory(community=cast.community_a)
    return plan, measure, programme, line, contract


PLAN = {"start_year": YEAR, "end_year": YEAR, "notes": any_text()}


@settings(max_examples=30)
@given(data=submission(PLAN))
def test_the_plan_forms_save_or_refuse_cleanly(data, cast, client_for, plan_objects):
    plan = plan_objects[0]
    urls = [
        reverse("communities:plan_create", kwargs={"pk": cast.community_a.pk}),
        reverse("communities:plan_update", kwargs={"pk": plan.pk}),
    ]
    post_everywhere(client_for("worker_a"), urls, data, [IdentificationPlan])


PLAN_STATUS = {
    "status": choice(IdentificationPlan.Status.values),
    "decision_number": st.sampled_from(["", "12/3", "№ 45-VIII"]),
    "decision_date": recent_date(),
    "decision_body": st.sampled_from(["", "Сесія міської ради"]),
    "note": any_text(),
}


@settings(max_examples=30)
@given(data=submission(PLAN_STATUS, files=("decision_document",)))
@pytest.mark.parametrize("role", ["worker_a", "staff"])
def test_the_plan_status_form_saves_or_refuses_cleanly(data, role, client_for, plan_objects):
    url = reverse("communities:plan_status", kwargs={"pk": plan_objects[0].pk})
    post_everywhere(client_for(role), [url], data, [IdentificationPlan])


MEASURE = {
    "category": choice(PlanMeasure.Category.values),
    "description": st.sampled_from(["Навчання фахівців ЦНАП", "Інформаційна кампанія"]),
    "responsible": st.sampled_from(["Служба у справах дітей", ""]),
    "partners": st.sampled_from(["", "ГО «Ліга»"]),
    "deadline": recent_date(),
}


@settings(max_examples=30)
@given(data=submission(MEASURE))
def test_the_measure_forms_save_or_refuse_cleanly(data, client_for, plan_objects):
    plan, measure = plan_objects[:2]
    urls = [
        reverse("communities:measure_create", kwargs={"pk": plan.pk}),
        reverse("communities:measure_update", kwargs={"pk": measure.pk}),
    ]
    post_everywhere(client_for("worker_a"), urls, data, [PlanMeasure])


MEASURE_UPDATE = {
    "status": choice(PlanMeasure.Status.values),
    "date": recent_date(),
    "note": any_text(),
    "evidence_url": st.sampled_from(["", "https://example.org/report", "javascript:alert(1)"]),
}


@settings(max_examples=30)
@given(data=submission(MEASURE_UPDATE, files=("evidence_file",)))
def test_the_measure_status_form_saves_or_refuses_cleanly(data, client_for, plan_objects):
    url = reverse("communities:measure_status", kwargs={"pk": plan_objects[1].pk})
    post_everywhere(client_for("worker_a"), [url], data, [PlanMeasure, MeasureUpdate])


PROGRAMME = {
    "kind": choice(LocalProgramme.Kind.values),
    "name": st.sampled_from(["Програма соціального захисту", "Програма розвитку"]),
    "start_year": YEAR,
    "end_year": YEAR,
    "decision_number": st.sampled_from(["", "7/12"]),
    "decision_date": recent_date(),
    "decision_body": st.sampled_from(["", "Сесія селищної ради"]),
}


@settings(max_examples=30)
@given(data=submission(PROGRAMME))
def test_the_programme_forms_save_or_refuse_cleanly(data, cast, client_for, plan_objects):
    programme = plan_objects[2]
    urls = [
        reverse("communities:programme_create", kwargs={"pk": cast.community_a.pk}),
        reverse("communities:programme_update", kwargs={"pk": programme.pk}),
    ]
    post_everywhere(client_for("worker_a"), urls, data, [LocalProgramme])


@settings(max_examples=30)
@given(data=st.data())
def test_the_budget_line_forms_save_or_refuse_cleanly(data, client_for, plan_objects):
    _plan, measure, programme, line, _contract = plan_objects
    fields = {
        "year": YEAR,
        "purpose": choice(BudgetLine.Purpose.values),
        "planned": MONEY,
        "spent": MONEY,
        "measure": st.sampled_from(["", str(measure.pk), str(measure.pk + 1000)]),
        "note": any_text(),
    }
    urls = [
        reverse("communities:budgetline_create", kwargs={"pk": programme.pk}),
        reverse("communities:budgetline_update", kwargs={"pk": line.pk}),
    ]
    post_everywhere(client_for("worker_a"), urls, data.draw(submission(fields)), [BudgetLine])


CONTRACT = {
    "service": st.sampled_from(["Соціальний супровід", "Притулок"]),
    "provider_name": st.sampled_from(["ГО «Ліга»", "БФ «Надія»"]),
    "provider_edrpou": st.sampled_from(["12345678", "", "1234567"]),
    "amount": MONEY,
    "status": choice(ServiceContract.Status.values),
    "contract_date": recent_date(),
    "period_start": recent_date(),
    "period_end": recent_date(),
    "people_served": st.integers(min_value=0, max_value=500).map(str),
    "notes": any_text(),
}


@settings(max_examples=30)
@given(data=submission(CONTRACT))
def test_the_contract_forms_save_or_refuse_cleanly(data, cast, client_for, plan_objects):
    urls = [
        reverse("communities:contract_create", kwargs={"pk": cast.community_a.pk}),
        reverse("communities:contract_update", kwargs={"pk": plan_objects[4].pk}),
    ]
    post_everywhere(client_for("worker_a"), urls, data, [ServiceContract])


@settings(max_examples=30)
@given(
    query=st.dictionaries(
        st.sampled_from(["year", "raion", "plan_status", "has_money", "category", "page"]),
        any_text(),
        max_size=4,
    )
)
def test_the_plan_overviews_take_any_query(query, client_for, plan_objects):
    client = client_for("council")
    for name in ("communities:plan_overview", "communities:measure_overdue"):
        assert client.get(reverse(name), query).status_code in (200, 400)
