"""Writes to the campaign. Views call these after asking the policy; each validates the
whole object (full_clean) and records who changed it in the history."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from league.campaign.models import (
    CampaignActivity,
    CampaignStrategy,
    CommunityAgreement,
    StrategyStatusChange,
    StrategyVersion,
)
from league.domain import (
    DomainError,
    SavedMeanwhile,
    StaleEdit,
    changes_between,
    lock,
    save_record,
    validated_save,
)
from league.uploads import check_upload

Status = CampaignStrategy.Status

# From each status, where a strategy may go next.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.DRAFT: (Status.AGREED,),
    Status.AGREED: (Status.ACTIVE, Status.DRAFT),
    Status.ACTIVE: (Status.FINISHED,),
    Status.FINISHED: (),
}


class CampaignError(DomainError):
    """A campaign rule refused the change; `message` says what to do instead."""

    def __init__(self, code: str, message: str):
        super().__init__(message, code=code)


def _save(instance, changed_by):
    return validated_save(instance, by=changed_by)


def strategy_save(*, strategy: CampaignStrategy, changed_by) -> CampaignStrategy:
    """Create a strategy (always in draft) or save its oblast and title, for the page and
    the admin alike. The status and the council's reference change only through
    `strategy_change_status`, which keeps the log: an edit keeps them as stored."""
    with transaction.atomic():
        if strategy.pk is None:
            strategy.status = Status.DRAFT
            strategy.council_reference, strategy.council_date = "", None
        else:
            current = lock(strategy)
            strategy.status = current.status
            strategy.council_reference = current.council_reference
            strategy.council_date = current.council_date
        return _save(strategy, changed_by)


def strategy_create(*, oblast, title: str, created_by) -> CampaignStrategy:
    """A new strategy, in draft."""
    return strategy_save(
        strategy=CampaignStrategy(oblast=oblast, title=title), changed_by=created_by
    )


def version_add(
    *,
    strategy: CampaignStrategy,
    date: datetime.date,
    key_messages: str,
    target_groups: str,
    channels: str,
    timeline: str,
    document=None,
    created_by,
) -> StrategyVersion:
    """Add the next version of the strategy's content. The strategy row is locked so that
    two people adding a version at once get numbers 2 and 3, not 2 twice."""
    with transaction.atomic():
        CampaignStrategy.objects.select_for_update().get(pk=strategy.pk)
        last = strategy.versions.aggregate(last=Max("number"))["last"] or 0
        version = StrategyVersion(
            strategy=strategy,
            number=last + 1,
            date=date,
            key_messages=key_messages,
            target_groups=target_groups,
            channels=channels,
            timeline=timeline,
            created_by=created_by,
        )
        if document:
            version.document = document
            version.document_name = getattr(document, "original_name", document.name)
        return _save(version, created_by)


def strategy_change_status(
    *,
    strategy: CampaignStrategy,
    status: str,
    changed_by,
    council_reference: str = "",
    council_date: datetime.date | None = None,
    comment: str = "",
) -> CampaignStrategy:
    """Move a strategy along draft → agreed → active → finished (or back from agreed to
    draft), logging the change. Agreeing needs the council's reference and date.

    Raises CampaignError for a move the workflow does not allow. Four queries.
    """
    with transaction.atomic():
        strategy = CampaignStrategy.objects.select_for_update().get(pk=strategy.pk)
        if status not in TRANSITIONS[strategy.status]:
            raise CampaignError(
                "status_not_allowed",
                _("A strategy cannot move from “%(old)s” to “%(new)s”.")
                % {
                    "old": strategy.get_status_display(),
                    "new": Status(status).label if status in Status.values else status,
                },
            )
        if status == Status.AGREED:
            if not council_reference.strip() or council_date is None:
                raise CampaignError(
                    "agreement_needs_reference",
                    _("Give the council's decision or letter reference and its date."),
                )
            strategy.council_reference = council_reference.strip()
            strategy.council_date = council_date
        elif status == Status.DRAFT:
            strategy.council_reference, strategy.council_date = "", None
        old = strategy.status
        strategy.status = status
        _save(strategy, changed_by)
        StrategyStatusChange.objects.create(
            strategy=strategy,
            from_status=old,
            to_status=status,
            changed_by=changed_by,
            changed_at=timezone.now(),
            comment=comment,
        )
        return strategy


def agreement_record(
    *,
    strategy: CampaignStrategy,
    community,
    stance: str,
    date: datetime.date | None,
    note: str = "",
    document=None,
    changed_by,
    version: int | None = None,
) -> CommunityAgreement:
    """Record a community's stance towards the strategy (creates or updates its one row),
    against the `version` its form was loaded at: 0 when the form showed no stance yet,
    None on a path without a form. A save against an older version is refused with
    StaleEdit and what changed; a repeat that changes nothing (a double click) is none.

    The strategy's row is locked first, so that the first stance of a community is
    created once however many people record it at the same moment. Four queries and the
    save; two more on a conflict."""
    with transaction.atomic():
        lock(strategy)
        current = CommunityAgreement.objects.filter(strategy=strategy, community=community).first()
        if current is not None and version == 0:
            # The form was loaded before anyone recorded a stance. The same answer again
            # (a double click) is no conflict; another one is, shown against a blank.
            same_file = not document or document.name == current.document_name
            if (current.stance, current.date, current.note) == (stance, date, note) and same_file:
                return current
            blank = CommunityAgreement(strategy=strategy, community=community)
            raise StaleEdit(changes_between(blank, current))
        agreement = current or CommunityAgreement(strategy=strategy, community=community)
        agreement.stance, agreement.date, agreement.note = stance, date, note
        return agreement_save(
            agreement=agreement, document=document, changed_by=changed_by, version=version
        )


def agreement_save(
    *, agreement: CommunityAgreement, document=None, changed_by, version: int | None = None
) -> CommunityAgreement:
    """Save one community's stance row (the admin; the page goes through
    `agreement_record`), an edit against `version` (None: the version just read), with its
    document checked here when one is uploaded."""
    if document:
        agreement.document_name = check_upload(document).original_name[:255]
        agreement.document = document
    return save_record(agreement, by=changed_by, version=version)


def activity_record(
    *,
    community,
    date: datetime.date,
    kind: str,
    target_groups: list[str],
    people_reached: int,
    materials_distributed: int = 0,
    partners: str = "",
    description: str = "",
    photo=None,
    submission=None,
    recorded_by,
) -> CampaignActivity:
    """Record a campaign activity. The caller has fetched the community through the
    user's scope. A form sent twice (same `submission` key) records one activity."""
    if submission is not None:
        existing = CampaignActivity.objects.filter(submission=submission).first()
        if existing is not None:
            return existing
    activity = CampaignActivity(
        submission=submission,
        community=community,
        date=date,
        kind=kind,
        target_groups=list(target_groups),
        people_reached=people_reached,
        materials_distributed=materials_distributed,
        partners=partners,
        description=description,
        recorded_by=recorded_by,
    )
    try:
        return activity_save(activity=activity, photo=photo, changed_by=recorded_by)
    except (SavedMeanwhile, ValidationError):
        # The same form, sent again while the first was saving: that one counts.
        existing = submission and CampaignActivity.objects.filter(submission=submission).first()
        if not existing:
            raise
        return existing


def activity_save(*, activity: CampaignActivity, photo=None, changed_by) -> CampaignActivity:
    """Save an activity as it stands (the admin; the page goes through `activity_record`):
    a new one is recorded by whoever saves it, its photo is checked here."""
    if activity.pk is None and activity.recorded_by_id is None:
        activity.recorded_by = changed_by
    if photo:
        activity.photo_name = check_upload(photo).original_name[:255]
        activity.photo = photo
    return _save(activity, changed_by)
