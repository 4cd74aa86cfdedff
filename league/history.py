"""History as people read it: field labels, choice labels, local dates, grouped numbers.

django-simple-history stores raw values (`male`, `50000.00`, `None`); the admin's history
pages and the portal's own pages pass them through `shown_value` so that nobody meets a
code, an unformatted number or the word «None».
"""

import datetime
import itertools
from decimal import Decimal

from django.db import models
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from simple_history.template_utils import HistoricalRecordContextHelper

EMPTY = "—"


def shown_value(field: models.Field, value) -> str:
    """One stored value of `field` as a person reads it in the active language."""
    if isinstance(value, list | tuple | set):
        return ", ".join(shown_value(field, item) for item in value) or EMPTY
    if value is None or value == "":
        return EMPTY
    if field.choices and not isinstance(field, models.ForeignKey):
        labels = dict(field.flatchoices)
        return str(labels.get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return formats.date_format(value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal | float):
        places = getattr(field, "decimal_places", None)
        return formats.number_format(value, places, use_l10n=True, force_grouping=True)
    if isinstance(value, int) and not isinstance(field, models.ForeignKey):
        return formats.number_format(value, 0, use_l10n=True, force_grouping=True)
    return str(value)


class LabelledHistory(HistoricalRecordContextHelper):
    """The admin's "changes" column: «Статус: Чернетка → Подано», in local time."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if isinstance(field, models.ManyToManyField):
            related = super().prepare_delta_change_value(change, value)
            return ", ".join(str(obj) for obj in related) or EMPTY
        return shown_value(field, value)


def with_changes(records, limit: int):
    """The newest `limit` history records (newest first), each with `changes`: a list of
    (field label, old, new) as people read them, against the record before it.

    Pass one record more than `limit` so that the oldest shown has something to compare
    with. No queries beyond fetching `records`, except for a changed foreign key.
    """
    records = list(records)
    for newer, older in itertools.pairwise(records):
        delta = newer.diff_against(older, foreign_keys_are_objs=True)
        meta = newer.instance_type._meta
        newer.changes = [
            (
                capfirst(meta.get_field(change.field).verbose_name),
                shown_value(meta.get_field(change.field), change.old),
                shown_value(meta.get_field(change.field), change.new),
            )
            for change in delta.changes
        ]
    if records and len(records) <= limit:
        records[-1].changes = []  # the first version: nothing before it
    return records[:limit]
