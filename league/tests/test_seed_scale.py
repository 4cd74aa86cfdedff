import pytest
from django.core.management import CommandError, call_command

from communities.models import Community, Oblast, Raion
from league.scale import oblast_shapes
from monitoring.models import DataValue, MonitoringReport, ReportStatus
from roundtables.models import Commitment, Participation, RoundTable


@pytest.mark.django_db
def test_seed_scale_builds_oblasts_of_the_real_shape_and_can_run_twice(settings):
    settings.DEBUG = True
    call_command("seed_scale", password="demo-pass-123", oblasts=2, quarters=2)
    counts = (Community.objects.count(), DataValue.objects.count(), RoundTable.objects.count())
    call_command("seed_scale", password="demo-pass-123", oblasts=2, quarters=2)

    sumy, vinnytsia = oblast_shapes(2)
    assert sumy["name_uk"] == "Сумська"
    oblast = Oblast.objects.get(name=vinnytsia["name_uk"])
    communities = Community.objects.filter(raion__oblast=oblast)
    assert communities.count() == int(vinnytsia["communities"])
    assert Raion.objects.filter(oblast=oblast).count() == int(vinnytsia["raions"])
    assert Community.objects.count() == 51 + int(vinnytsia["communities"])
    # Two approved quarters per invented community, with every breakdown of IDENTIFIED.
    reports = MonitoringReport.objects.filter(community__in=communities)
    assert reports.count() == 2 * communities.count()
    assert set(reports.values_list("status", flat=True)) == {ReportStatus.APPROVED}
    report = reports.first()
    cells = DataValue.objects.filter(report=report, indicator__code="IDENTIFIED")
    assert cells.count() == 1 + 2 + 2 + 10
    assert RoundTable.objects.filter(series__oblast=oblast).exists()
    assert Participation.objects.filter(round_table__series__oblast=oblast).exists()
    assert Commitment.objects.filter(community__in=communities).exists()
    # Running again added nothing.
    assert counts == (
        Community.objects.count(),
        DataValue.objects.count(),
        RoundTable.objects.count(),
    )


def test_the_shapes_file_holds_the_whole_country():
    shapes = oblast_shapes()
    assert len(shapes) == 24
    assert sum(int(shape["communities"]) for shape in shapes) == 1469


@pytest.mark.django_db
def test_seed_scale_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_scale", password="demo-pass-123", oblasts=2)
    assert not Community.objects.exists()
