"""The one module of the League's top floor that imports plan code (identification
plans, local programmes, budget lines, service contracts). When the plan code moves,
only the imports here change."""

from communities.plans import selectors as plan_selectors
from communities.plans.models import (  # noqa: F401  (re-exported for league's top floor)
    BudgetLine,
    IdentificationPlan,
    LocalProgramme,
    PlanMeasure,
    ServiceContract,
)


def programmes_of_community(community):
    """A community's local programmes, for a select (a handful per community)."""
    return LocalProgramme.objects.filter(community=community).order_by("-start_year", "name")


def overdue_measures_for_user(user):
    """Open plan measures past their deadline in the user's communities (see
    communities' plan selectors). One query per slice."""
    return plan_selectors.overdue_measures_for_user(user)
