from collections import Counter

import pytest

from communities.plans import demo as plan_demo
from communities.plans.models import (
    BudgetLine,
    IdentificationPlan,
    LocalProgramme,
    MeasureUpdate,
    PlanMeasure,
    ServiceContract,
)
from communities.services import reference_data_load

MODELS = [
    IdentificationPlan,
    PlanMeasure,
    MeasureUpdate,
    LocalProgramme,
    BudgetLine,
    ServiceContract,
]


@pytest.mark.django_db
def test_seed_covers_every_status_and_is_idempotent():
    reference_data_load()
    plan_demo.seed()
    counts = {model: model.objects.count() for model in MODELS}
    plan_demo.seed()
    assert {model: model.objects.count() for model in MODELS} == counts

    statuses = Counter(IdentificationPlan.objects.values_list("status", flat=True))
    assert set(statuses) == set(IdentificationPlan.Status.values)
    assert sum(statuses.values()) == 51
    assert statuses["drafting"] + statuses["adopted"] > 51 / 2
    assert PlanMeasure.objects.overdue().exists()
    assert PlanMeasure.objects.filter(status=PlanMeasure.Status.DONE).exists()
    assert len(set(BudgetLine.objects.values_list("year", flat=True))) >= 3
    assert 2 <= ServiceContract.objects.count() <= 3
    for model in MODELS:
        for instance in model.objects.all()[:20]:
            instance.full_clean()
