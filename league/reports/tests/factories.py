import hashlib

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from communities.tests.factories import OblastFactory
from league.reports.models import IssuedReport
from league.tests.factories import UserFactory

PDF = b"%PDF-1.7\n% a stand-in for a rendered report\n%%EOF\n"


class IssuedReportFactory(factory.django.DjangoModelFactory):
    """A register entry with a stand-in file (rendering is tested elsewhere)."""

    class Meta:
        model = IssuedReport

    number = factory.Sequence(lambda number: f"2025-Q2-{number + 1:03d}")
    kind = IssuedReport.Kind.PROGRESS
    parameters = factory.LazyAttribute(lambda o: {"oblast": o.oblast.pk})
    title = "Звіт про хід проєкту: Сумська область"
    period = "20 травня 2025 р."
    oblast = factory.SubFactory(OblastFactory)
    issued_by = factory.SubFactory(UserFactory, role="staff")
    issued_at = factory.LazyFunction(timezone.now)
    data = factory.LazyFunction(dict)
    file = factory.LazyAttribute(lambda o: ContentFile(PDF + o.number.encode(), name="r.pdf"))
    sha256 = factory.LazyAttribute(lambda o: hashlib.sha256(PDF + o.number.encode()).hexdigest())
