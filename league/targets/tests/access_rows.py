"""The targets' rows of the URL-by-role table: a project of the cast's oblast."""

from django.core.files.base import ContentFile

from league.targets.models import ManualValue
from league.targets.tests.factories import IndicatorFactory, ProjectFactory
from league.tests.access_matrix import Row, everyone


def indicator_kwargs(cast):
    return {"pk": IndicatorFactory(project=ProjectFactory(oblast=cast.oblast)).pk}


def value_kwargs(cast):
    indicator = IndicatorFactory(project=ProjectFactory(oblast=cast.oblast))
    entry = ManualValue.objects.create(
        indicator=indicator, date="2017-01-01", value=3, evidence="Лист", recorded_by=cast.staff
    )
    entry.evidence_file.save("e.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    return {"pk": entry.pk}


ROWS = [
    Row("targets:progress", everyone()),
    Row("targets:indicator_detail", everyone(), kwargs=indicator_kwargs),
    Row("targets:value_evidence", everyone(), kwargs=value_kwargs),
]
