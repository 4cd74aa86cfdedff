"""The catalogue's services (the admin's write path): saved whole with their author,
refused when invalid, and a rule deleted with the deletion on record."""

import pytest
from django.core.exceptions import ValidationError

from monitoring import services
from monitoring.models import Indicator, ValidationRule
from monitoring.tests.factories import IndicatorFactory, ReportingPeriodFactory

pytestmark = pytest.mark.django_db


def _rule(**changes):
    values = {
        "code": "EVENTS_REACHED",
        "left": "1",
        "operator": "<=",
        "right": "2",
        "severity": "error",
        "message_uk": "Правило",
        "message_en": "A rule",
    }
    return ValidationRule(**{**values, **changes})


def test_a_rule_is_saved_with_its_author_and_deleted_on_record(cast):
    rule = services.rule_save(rule=_rule(), changed_by=cast.staff)
    assert rule.history.latest().history_user == cast.staff
    services.rule_delete(rule=rule, deleted_by=cast.admin)
    assert not ValidationRule.objects.filter(code="EVENTS_REACHED").exists()
    deleted = ValidationRule.history.get(history_type="-", code="EVENTS_REACHED")
    assert deleted.history_user == cast.admin


def test_a_rule_with_a_bad_code_is_refused_and_not_saved(cast):
    with pytest.raises(ValidationError):
        services.rule_save(rule=_rule(code="bad code"), changed_by=cast.staff)
    assert not ValidationRule.objects.filter(code="bad code").exists()


def test_an_indicator_and_a_period_are_saved_with_their_author(cast):
    indicator = IndicatorFactory.build()
    services.indicator_save(indicator=indicator, changed_by=cast.staff)
    assert Indicator.objects.get(pk=indicator.pk).history.latest().history_user == cast.staff
    period = ReportingPeriodFactory()
    period.deadline = period.ends_on
    services.period_save(period=period, changed_by=cast.admin)
    period.refresh_from_db()
    assert period.history.latest().history_user == cast.admin
