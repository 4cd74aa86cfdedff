import datetime

import factory
from django.utils import timezone

from communities.tests.factories import CommunityFactory, OblastFactory
from roundtables.models import (
    Commitment,
    Participation,
    Person,
    Resolution,
    RoundTable,
    RoundTableSeries,
)


class RoundTableSeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoundTableSeries
        django_get_or_create = ["oblast", "title"]

    oblast = factory.SubFactory(OblastFactory)
    title = "18 круглих столів"
    target = 18


class RoundTableFactory(factory.django.DjangoModelFactory):
    """A round table held ten days ago; it invites its venue community unless told."""

    class Meta:
        model = RoundTable
        skip_postgeneration_save = True

    series = factory.SubFactory(RoundTableSeriesFactory)
    number = factory.Sequence(lambda number: number + 1)
    title = factory.Sequence(lambda number: f"Круглий стіл {number}")
    starts_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=10))
    venue_community = factory.SubFactory(CommunityFactory)
    venue_address = "вул. Соборна, 1"
    status = RoundTable.Status.HELD

    @factory.post_generation
    def invited(self, create, extracted, **kwargs):
        if create:
            self.invited_communities.set(extracted or [self.venue_community])


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda number: f"Іваненко Олена {number}")
    position = "Фахівчиня із соціальної роботи"
    organisation = "Сільська рада"
    community = factory.SubFactory(CommunityFactory)
    category = Person.Category.SOCIAL_SPECIALIST


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    round_table = factory.SubFactory(RoundTableFactory)
    person = factory.SubFactory(PersonFactory)
    status = Participation.Status.INVITED


class ResolutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resolution

    round_table = factory.SubFactory(RoundTableFactory)
    number = factory.Sequence(lambda number: number + 1)
    text = "Рекомендувати громадам визначити координатора з питань протидії торгівлі людьми."


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    resolution = factory.SubFactory(ResolutionFactory)
    text = "Визначити координатора розпорядженням голови"
    community = factory.SubFactory(CommunityFactory)
    responsible = "Виконавчий комітет"
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    status = Commitment.Status.OPEN


class PlannedRoundTableFactory(RoundTableFactory):
    """Planned for two weeks ahead."""

    status = RoundTable.Status.PLANNED
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))


# Smallest files whose first bytes say what they are.
PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64
