import factory

from communities.models import Community, ContactPerson, Oblast, Raion


class OblastFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Oblast
        django_get_or_create = ["katottg"]

    name = "Сумська"
    katottg = "UA59000000000057109"


class RaionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Raion

    oblast = factory.SubFactory(OblastFactory)
    name = factory.Sequence(lambda number: f"Район {number}")


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community

    katottg = factory.Sequence(lambda number: f"UA59{number:015d}")
    name = factory.Sequence(lambda number: f"Громада {number}")
    type = Community.Type.RURAL
    raion = factory.SubFactory(RaionFactory)
    centre = factory.Sequence(lambda number: f"Село {number}")
    population = 5000
    population_year = 2022


class ContactPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPerson

    community = factory.SubFactory(CommunityFactory)
    full_name = factory.Sequence(lambda number: f"Петренко Петро {number}")
    position = "Староста"
    category = ContactPerson.Category.HEAD
