"""Writes to identification plans, their measures, local programmes with their budget
lines, and service contracts. Views call these after the permission check; every
function validates the whole object (full_clean) and records who changed it."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from communities.models import (
    BudgetLine,
    IdentificationPlan,
    LocalProgramme,
    MeasureUpdate,
    PlanMeasure,
    ServiceContract,
)
from league import access, mail

Status = IdentificationPlan.Status


class PlanRuleError(Exception):
    """A plan workflow rule refused the change; `message` says what to do instead."""

    def __init__(self, code: str, message: str):
        self.code = code
        self.message = message
        super().__init__(message)


# --- Who may do what to a plan (the role check is access.RULES; these add the status) ---


def plan_can_edit(user, plan: IdentificationPlan) -> bool:
    """Whether the user may change the plan's period, notes and measures. The caller has
    fetched the plan through the user's scope. Costs no query."""
    if access.has_perm(user, "plans.edit"):
        return True
    return access.has_perm(user, "plans.edit_own") and plan.is_draft


def plan_can_record_progress(user, plan: IdentificationPlan) -> bool:
    """Whether the user may record a status change of the plan's measures: workers
    until the plan has expired, staff always. Costs no query."""
    if access.has_perm(user, "plans.edit"):
        return True
    return access.has_perm(user, "plans.edit_own") and plan.status != Status.EXPIRED


def plan_allowed_statuses(user, plan: IdentificationPlan) -> list[str]:
    """The statuses the user may move the plan to. Social workers move a plan between
    "not started" and "drafting"; NGO staff also mark it submitted to the council,
    adopted or expired, and may correct any status. Costs no query."""
    if access.has_perm(user, "plans.adopt"):
        return [status for status in Status.values if status != plan.status]
    if access.has_perm(user, "plans.edit_own") and plan.is_draft:
        return [status for status in IdentificationPlan.DRAFT_STATUSES if status != plan.status]
    return []


# --- Plans and measures ---


def plan_save(*, plan: IdentificationPlan, changed_by) -> IdentificationPlan:
    """Create or update a plan's period and notes (not its status: plan_change_status)."""
    plan._history_user = changed_by
    plan.full_clean()
    plan.save()
    return plan


def plan_create(
    *, community, start_year: int, end_year: int, notes: str = "", created_by
) -> IdentificationPlan:
    """A new plan for a community. Whoever creates one is drafting it."""
    plan = IdentificationPlan(
        community=community,
        start_year=start_year,
        end_year=end_year,
        notes=notes,
        status=Status.DRAFTING,
    )
    return plan_save(plan=plan, changed_by=created_by)


def plan_change_status(
    *,
    plan: IdentificationPlan,
    status: str,
    changed_by,
    decision_number: str = "",
    decision_date: datetime.date | None = None,
    decision_body: str = "",
    decision_document=None,
    note: str = "",
) -> IdentificationPlan:
    """Move a plan to another status, with the council decision where there is one.

    Raises PlanRuleError when the user's role may not make this move, ValidationError
    when the result breaks a rule (an adopted plan needs a decision number and date).
    The note goes into the plan's history as the reason. Three queries.
    """
    with transaction.atomic():
        plan = IdentificationPlan.objects.select_for_update().get(pk=plan.pk)
        if status not in plan_allowed_statuses(changed_by, plan):
            raise PlanRuleError(
                "status_not_allowed",
                _("You may not move a plan from “%(old)s” to “%(new)s”.")
                % {
                    "old": plan.get_status_display(),
                    "new": Status(status).label if status in Status.values else status,
                },
            )
        plan.status = status
        plan.decision_number = decision_number
        plan.decision_date = decision_date
        plan.decision_body = decision_body
        if decision_document:
            plan.decision_document = decision_document
            plan.decision_document_name = getattr(
                decision_document, "original_name", decision_document.name
            )[:255]
        plan._history_user = changed_by
        plan._change_reason = note[:100] if note else None
        plan.full_clean()
        plan.save()
    return plan


def measure_save(*, measure: PlanMeasure, changed_by) -> PlanMeasure:
    """Create or update a measure's content. Its status changes only through
    measure_record_update, so that every change has its dated note."""
    created = measure.pk is None
    measure._history_user = changed_by
    measure.full_clean()
    measure.save()
    if created:
        mail.assigned_to_community(
            kind="measure_assigned",
            item=measure,
            community=measure.plan.community,
            url=measure.get_absolute_url(),
        )
    return measure


def measure_record_update(*, update: MeasureUpdate, recorded_by) -> MeasureUpdate:
    """Log a status change of a measure, with its date, note and evidence, and set the
    measure's current status. "Done" needs evidence (a link or a file). Atomic."""
    update.recorded_by = recorded_by
    if update.evidence_file and not update.evidence_name:
        update.evidence_name = getattr(
            update.evidence_file.file, "original_name", update.evidence_file.name
        )[:255]
    update._history_user = recorded_by
    update.full_clean()
    measure = update.measure
    with transaction.atomic():
        update.save()
        measure.status = update.status
        measure._history_user = recorded_by
        measure.save(update_fields=["status", "updated_at"])
    return update


# --- Programmes, budget lines, contracts ---


def programme_save(*, programme: LocalProgramme, changed_by) -> LocalProgramme:
    programme._history_user = changed_by
    programme.full_clean()
    programme.save()
    return programme


def budget_line_save(*, line: BudgetLine, changed_by) -> BudgetLine:
    """Create or update a budget line: the year must lie within the programme's years and
    a funded measure must belong to the same community."""
    line._history_user = changed_by
    line.full_clean()
    line.save()
    return line


def budget_line_delete(*, line: BudgetLine, deleted_by) -> None:
    line._history_user = deleted_by
    line.delete()


def contract_save(*, contract: ServiceContract, changed_by) -> ServiceContract:
    """Create or update a service contract (the provider's EDRPOU code: 8 digits)."""
    contract._history_user = changed_by
    contract.full_clean()
    contract.save()
    return contract
