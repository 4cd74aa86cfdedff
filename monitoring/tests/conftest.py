import pytest

from monitoring.catalogue import catalogue_load
from monitoring.models import Indicator


@pytest.fixture
def catalogue(db):
    """The default catalogue and rules, as the data migration loads them."""
    catalogue_load()
    return {indicator.code: indicator for indicator in Indicator.objects.all()}
