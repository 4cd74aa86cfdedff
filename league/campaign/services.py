"""Writes to the campaign. Views call these after asking the policy; each validates the
whole object (full_clean) and records who changed it in the history."""

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from league import uploads
from league.campaign.models import (
    CampaignActivity,
    CampaignStrategy,
    CommunityAgreement,
    StrategyStatusChange,
    StrategyVersion,
)

Status = CampaignStrategy.Status

# From each status, where a strategy may go next.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.DRAFT: (Status.AGREED,),
    Status.AGREED: (Status.ACTIVE, Status.DRAFT),
    Status.ACTIVE: (Status.FINISHED,),
    Status.FINISHED: (),
}


class CampaignError(Exception):
    """A campaign rule refused the change; `message` says what to do instead."""

    def __init__(self, code: str, message: str):
        self.code = code
        self.message = message
        super().__init__(message)


def _save(instance, changed_by):
    instance._history_user = changed_by
    instance.full_clean()
    # A savepoint, so a refused write leaves the caller's transaction usable, and a photo
    # stored by a failed save is removed again.
    with uploads.removed_if_failed(), transaction.atomic():
        instance.save()
    return instance


def strategy_create(*, oblast, title: str, created_by) -> CampaignStrategy:
    """A new strategy, in draft."""
    return _save(CampaignStrategy(oblast=oblast, title=title), created_by)


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
) -> CommunityAgreement:
    """Record a community's stance towards the strategy (creates or updates its one row).
    Safe to submit twice."""
    with transaction.atomic():
        agreement = CommunityAgreement.objects.select_for_update().filter(
            strategy=strategy, community=community
        ).first() or CommunityAgreement(strategy=strategy, community=community)
        agreement.stance, agreement.date, agreement.note = stance, date, note
        if document:
            agreement.document = document
            agreement.document_name = getattr(document, "original_name", document.name)
        return _save(agreement, changed_by)


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
    if photo:
        activity.photo = photo
        activity.photo_name = getattr(photo, "original_name", photo.name)
    return _save(activity, recorded_by)
