"""URL-by-role rows for plans, programmes and contracts (imported by access_rows.py)."""

from communities.plans.tests.factories import (
    AdoptedPlanFactory,
    BudgetLineFactory,
    IdentificationPlanFactory,
    LocalProgrammeFactory,
    MeasureUpdateFactory,
    PlanMeasureFactory,
    ServiceContractFactory,
)
from league.tests.access_matrix import Row, confirmed, everyone, expect

# Objects of community A: worker_b gets 404 (nothing reveals they exist), council 403 on edits.
EDIT_A = expect(worker_a=200, worker_b=404, staff=200, council=403, admin=200)
VIEW_A = expect(worker_a=200, worker_b=404, staff=200, council=200, admin=200)
# An adopted plan has left the draft stage: only staff change it.
EDIT_ADOPTED_A = expect(worker_a=403, worker_b=404, staff=200, council=403, admin=200)
ADMIN_PAGE = expect(worker_a=302, worker_b=302, staff=200, council=302, admin=200)


def community_a(cast):
    return {"pk": cast.community_a.pk}


def draft_plan_of_a(cast):
    return {"pk": IdentificationPlanFactory(community=cast.community_a).pk}


def adopted_plan_of_a(cast):
    return {"pk": AdoptedPlanFactory(community=cast.community_a).pk}


# The download rows use objects without a file: the matrix does not read response bodies,
# and an unread FileResponse leaves its file open (a ResourceWarning, an error under
# filterwarnings=error). test_plans_views.py downloads the real files for every role.
NO_FILE = expect(worker_a=404, worker_b=404, staff=404, council=404, admin=404)


def plan_without_document(cast):
    return {"pk": AdoptedPlanFactory(community=cast.community_a).pk}


def measure_of_a(cast):
    return {"pk": PlanMeasureFactory(plan__community=cast.community_a).pk}


def update_without_file_of_a(cast):
    return {"pk": MeasureUpdateFactory(measure__plan__community=cast.community_a).pk}


def programme_of_a(cast):
    return {"pk": LocalProgrammeFactory(community=cast.community_a).pk}


def line_of_a(cast):
    return {"pk": BudgetLineFactory(programme__community=cast.community_a).pk}


def contract_of_a(cast):
    return {"pk": ServiceContractFactory(community=cast.community_a).pk}


PLAN_ROWS = [
    Row("communities:plan_overview", everyone()),
    Row("communities:plan_overview", everyone(), query="?year=2019&has_money=yes"),
    Row("communities:measure_overdue", everyone()),
    Row("communities:plan_create", EDIT_A, kwargs=community_a),
    Row("communities:plan_detail", VIEW_A, kwargs=draft_plan_of_a),
    Row("communities:plan_update", EDIT_A, kwargs=draft_plan_of_a),
    Row("communities:plan_update", EDIT_ADOPTED_A, kwargs=adopted_plan_of_a),
    Row("communities:plan_status", EDIT_A, kwargs=draft_plan_of_a),
    Row("communities:plan_status", EDIT_ADOPTED_A, kwargs=adopted_plan_of_a),
    Row("communities:plan_document", NO_FILE, kwargs=plan_without_document),
    Row("communities:measure_create", EDIT_A, kwargs=draft_plan_of_a),
    Row("communities:measure_create", EDIT_ADOPTED_A, kwargs=adopted_plan_of_a),
    Row("communities:measure_update", EDIT_A, kwargs=measure_of_a),
    Row("communities:measure_status", EDIT_A, kwargs=measure_of_a),
    Row("communities:measure_evidence", NO_FILE, kwargs=update_without_file_of_a),
    Row("communities:programme_create", EDIT_A, kwargs=community_a),
    Row("communities:programme_detail", VIEW_A, kwargs=programme_of_a),
    Row("communities:programme_update", EDIT_A, kwargs=programme_of_a),
    Row("communities:budgetline_create", EDIT_A, kwargs=programme_of_a),
    Row("communities:budgetline_update", EDIT_A, kwargs=line_of_a),
    Row(
        "communities:budgetline_delete",
        expect(worker_a=302, worker_b=404, staff=302, council=403, admin=302),
        kwargs=line_of_a,
        method="post",
        data=confirmed,
    ),
    Row("communities:contract_create", EDIT_A, kwargs=community_a),
    Row("communities:contract_update", EDIT_A, kwargs=contract_of_a),
]
PLAN_ROWS += [
    Row(f"admin:communities_{model}_changelist", ADMIN_PAGE, own_view=False)
    for model in (
        "identificationplan",
        "planmeasure",
        "measureupdate",
        "localprogramme",
        "budgetline",
        "servicecontract",
    )
]
