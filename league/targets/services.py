"""Writes to the logframe. The structure (project, tasks, activities, indicators) is
kept in the admin, which saves through `structure_save` and `indicator_save`; values
entered by hand come through `manual_value_record`."""

import datetime
from decimal import Decimal

from league.domain import validated_save
from league.targets.models import Activity, Indicator, ManualValue, Objective, Project


def _save(instance, changed_by):
    return validated_save(instance, by=changed_by)


def manual_value_record(
    *,
    indicator: Indicator,
    date: datetime.date,
    value: Decimal,
    evidence: str,
    evidence_url: str = "",
    evidence_file=None,
    recorded_by,
) -> ManualValue:
    """Record a value of an indicator that is entered by hand. Refused (ValidationError)
    for a computed indicator: its value comes from the records."""
    entry = ManualValue(
        indicator=indicator,
        date=date,
        value=value,
        evidence=evidence,
        evidence_url=evidence_url,
        recorded_by=recorded_by,
    )
    if evidence_file:
        entry.evidence_file = evidence_file
        entry.evidence_name = getattr(evidence_file, "original_name", evidence_file.name)
    return _save(entry, recorded_by)


def indicator_save(*, indicator: Indicator, changed_by) -> Indicator:
    return _save(indicator, changed_by)


def structure_save(*, item: Project | Objective | Activity, changed_by):
    """Create or save a project, one of its tasks or an activity: validated whole, with its
    author in the history; a task or activity number taken meanwhile is SavedMeanwhile."""
    return _save(item, changed_by)
