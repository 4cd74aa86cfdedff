import datetime

import factory

from communities.tests.factories import OblastFactory
from league.advocacy.models import AdvocacyMeeting, FollowUp, Memorandum


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdvocacyMeeting

    oblast = factory.SubFactory(OblastFactory)
    level = AdvocacyMeeting.Level.OBLAST
    date = datetime.date(2017, 6, 1)
    participants = "Голова постійної комісії"
    topic = "Програма протидії торгівлі людьми"
    ask = "Закласти кошти на ідентифікацію"
    outcome = AdvocacyMeeting.Outcome.PROMISE


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    meeting = factory.SubFactory(MeetingFactory)
    text = "Надіслати проєкт програми"
    due_date = datetime.date(2017, 7, 1)


class MemorandumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Memorandum

    oblast = factory.SubFactory(OblastFactory)
    title = "Меморандум про співпрацю"
    parties = "Ліга; Сумська обласна рада"
    date_signed = datetime.date(2016, 10, 20)
    scope = "Протидія торгівлі людьми"
