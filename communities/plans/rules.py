"""Object-level rules of identification plans, registered with the one policy.

The role check is `league.access.RULES` ("plans.edit_own", "plans.edit", "plans.adopt");
these add what the plan's status allows. The caller has fetched the plan through the
user's scope. None of them costs a query.
"""

from communities.plans.models import IdentificationPlan
from league import access

Status = IdentificationPlan.Status


@access.object_rule("plans.edit_content")
def may_edit_content(user, plan: IdentificationPlan) -> bool:
    """Change the plan's period, notes and measures: staff always, a social worker
    while the plan is a draft."""
    if access.has_perm(user, "plans.edit"):
        return True
    return access.has_perm(user, "plans.edit_own") and plan.is_draft


@access.object_rule("plans.record_progress")
def may_record_progress(user, plan: IdentificationPlan) -> bool:
    """Record a status change of the plan's measures: staff always, a social worker
    until the plan has expired."""
    if access.has_perm(user, "plans.edit"):
        return True
    return access.has_perm(user, "plans.edit_own") and plan.status != Status.EXPIRED


@access.object_rule("plans.change_status")
def may_change_status(user, plan: IdentificationPlan) -> bool:
    """Move the plan to some other status (which ones: allowed_statuses)."""
    return bool(allowed_statuses(user, plan))


@access.object_rule("plans.record_decision")
def may_record_decision(user, plan: IdentificationPlan) -> bool:
    """Record the council's decision (number, date, body, document): NGO staff only."""
    return access.has_perm(user, "plans.adopt")


def allowed_statuses(user, plan: IdentificationPlan) -> list[str]:
    """The statuses the user may move the plan to. Social workers move a plan between
    "not started" and "drafting"; NGO staff also mark it submitted to the council,
    adopted or expired, and may correct any status."""
    if access.has_perm(user, "plans.adopt"):
        return [status for status in Status.values if status != plan.status]
    if access.has_perm(user, "plans.edit_own") and plan.is_draft:
        return [status for status in IdentificationPlan.DRAFT_STATUSES if status != plan.status]
    return []
