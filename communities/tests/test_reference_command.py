"""`manage.py load_reference_data`, the step of `make run` that loads Sumy oblast."""

import io

import pytest
from django.core.management import call_command

from communities.models import Community, FormerRaion


@pytest.mark.django_db
def test_the_command_loads_sumy_oblast_and_may_run_again():
    for _run in range(2):
        out = io.StringIO()
        call_command("load_reference_data", stdout=out)
        assert "Sumy oblast reference data is loaded." in out.getvalue()
    assert Community.objects.count() == 51
    assert FormerRaion.objects.count() == 18
