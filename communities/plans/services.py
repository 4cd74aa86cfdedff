"""Writes to identification plans, their measures, local programmes with their budget
lines, and service contracts: the only way they change, for the pages and the admin alike.

Views call these after the permission check. Every function validates the whole object
and records who changed it (`validated_save`); an edit of an existing record is refused
when someone saved it since the form was loaded (`save_versioned`); a status change locks
its row first, so that its log always chains."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from communities.plans import rules
from communities.plans.models import (
    BudgetLine,
    IdentificationPlan,
    LocalProgramme,
    MeasureUpdate,
    PlanMeasure,
    ServiceContract,
)
from league import mail
from league.domain import DomainError, lock, save_record, validated_save
from league.uploads import check_upload

Status = IdentificationPlan.Status


class PlanRuleError(DomainError):
    """A plan workflow rule refused the change; `message` says what to do instead."""

    def __init__(self, code: str, message: str):
        super().__init__(message, code=code)


# --- Plans and measures ---


def plan_save(
    *, plan: IdentificationPlan, changed_by, version: int | None = None
) -> IdentificationPlan:
    """Create or update a plan's period and notes (not its status: plan_change_status).
    An edit is refused with StaleEdit when the plan changed since `version`."""
    return save_record(plan, by=changed_by, version=version)


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
    when the result breaks a rule (an adopted plan needs a decision number and date) or
    the document is not an accepted file. The plan's row is locked for the change; the
    note goes into the plan's history as the reason. Only those who record the council's
    decision (staff) change it; anyone else's move leaves it as it is. Three queries.
    """
    document_name = check_upload(decision_document).original_name if decision_document else ""
    with transaction.atomic():
        plan = lock(plan)
        if status == plan.status:
            return plan  # the same change submitted twice
        if status not in rules.allowed_statuses(changed_by, plan):
            raise PlanRuleError(
                "status_not_allowed",
                _("You may not move a plan from “%(old)s” to “%(new)s”.")
                % {
                    "old": plan.get_status_display(),
                    "new": Status(status).label if status in Status.values else status,
                },
            )
        plan.status = status
        if rules.may_record_decision(changed_by, plan):
            plan.decision_number = decision_number
            plan.decision_date = decision_date
            plan.decision_body = decision_body
            if decision_document:
                plan.decision_document = decision_document
                plan.decision_document_name = document_name[:255]
        plan.version += 1
        plan._change_reason = note[:100] if note else None
        validated_save(plan, by=changed_by)
    return plan


def measure_save(*, measure: PlanMeasure, changed_by, version: int | None = None) -> PlanMeasure:
    """Create or update a measure's content. Its status changes only through
    measure_record_update, so that every change has its dated note. A new measure is
    announced to the community's social workers (after the transaction commits)."""
    created = measure.pk is None
    measure = save_record(measure, by=changed_by, version=version)
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
    measure's current status to that of its latest-dated change: a back-dated change goes
    into the log and leaves a newer status standing. "Done" needs evidence (a link or a
    file, checked here). The measure's row is locked, so simultaneous changes chain."""
    update.recorded_by = recorded_by
    if update.evidence_file and not update.evidence_file._committed:
        uploaded = update.evidence_file.file
        checked = check_upload(uploaded)
        update.evidence_file = uploaded  # stored under the name of what it really is
        update.evidence_name = update.evidence_name or checked.original_name[:255]
    with transaction.atomic():
        measure = lock(update.measure)
        update.measure = measure
        validated_save(update, by=recorded_by)
        latest = measure.updates.order_by("-date", "-pk").values_list("status", flat=True)[0]
        if latest != measure.status:
            measure.status = latest
            measure.version += 1
            measure._history_user = recorded_by
            measure.save(update_fields=["status", "version", "updated_at"])
    return update


# --- Programmes, budget lines, contracts ---


def programme_save(
    *, programme: LocalProgramme, changed_by, version: int | None = None
) -> LocalProgramme:
    return save_record(programme, by=changed_by, version=version)


def budget_line_save(*, line: BudgetLine, changed_by, version: int | None = None) -> BudgetLine:
    """Create or update a budget line: the year must lie within the programme's years and
    a funded measure must belong to the same community."""
    return save_record(line, by=changed_by, version=version)


def budget_line_delete(*, line: BudgetLine, deleted_by) -> None:
    line._history_user = deleted_by
    line.delete()


def contract_save(
    *, contract: ServiceContract, changed_by, version: int | None = None
) -> ServiceContract:
    """Create or update a service contract (the provider's EDRPOU code: 8 digits)."""
    return save_record(contract, by=changed_by, version=version)
