import pytest

from monitoring.catalogue import catalogue_load
from monitoring.models import Indicator


@pytest.fixture
def catalogue(db):
    """The default catalogue and rules, as the data migration loads them."""
    catalogue_load()
    return {indicator.code: indicator for indicator in Indicator.objects.all()}


@pytest.fixture(autouse=True)
def quarters_may_end_today(settings):
    """Most tests here submit the current quarter's report, which the rule that a quarter
    must be over first (MONITORING_SUBMIT_AFTER_QUARTER_END) would refuse; the rule's own
    tests (test_quarter_rule.py) switch it back on."""
    settings.MONITORING_SUBMIT_AFTER_QUARTER_END = False
