"""Writes to the logframe. The structure (project, tasks, activities, indicators) is
kept in the admin through PolicyAdmin; values entered by hand come through here."""

import datetime
from decimal import Decimal

from league.targets.models import Indicator, ManualValue


def _save(instance, changed_by):
    instance._history_user = changed_by
    instance.full_clean()
    instance.save()
    return instance


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
