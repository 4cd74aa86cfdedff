import factory

from league.models import User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda number: f"user{number}")
    first_name = "Тест"
    last_name = factory.Sequence(lambda number: f"Користувач {number}")
    role = User.Role.STAFF
    password = factory.django.Password("a-long-test-password")

    @factory.post_generation
    def communities(self, create, extracted, **kwargs):
        if create and extracted:
            self.communities.set(extracted)
