"""Ukrainian first, English second; money, numbers and dates in the active language."""

import datetime
from decimal import Decimal

import polib
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from communities.tests.factories import CommunityFactory
from league.templatetags.league_tags import money

PO_FILE = settings.BASE_DIR / "locale" / "uk" / "LC_MESSAGES" / "django.po"


def test_the_ukrainian_catalogue_is_complete():
    catalogue = polib.pofile(str(PO_FILE))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []


def test_pages_speak_ukrainian_by_default_whatever_the_browser_says(client, cast):
    client.force_login(cast.staff)
    page = client.get(reverse("communities:list"), HTTP_ACCEPT_LANGUAGE="en-US,en").content
    page = page.decode()
    assert '<html lang="uk">' in page
    assert "Територіальні громади" in page


def test_the_language_switch_turns_pages_english(client, cast):
    client.force_login(cast.staff)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/communities/"})
    assert response.status_code == 302
    page = client.get(reverse("communities:list")).content.decode()
    assert '<html lang="en">' in page
    assert "Territorial communities" in page


def test_money_is_written_the_ukrainian_way():
    with translation.override("uk"):
        assert money(Decimal("1234567.5")) == "1\xa0234\xa0567,50 грн"
    with translation.override("en"):
        assert money(Decimal("1234567.5")) == "1,234,567.50 UAH"
    assert money(None) == "—"


def test_numbers_and_dates_follow_the_language():
    template = Template(
        "{% load humanize %}{{ number|intcomma }} {{ year }} {{ day|date:'SHORT_DATE_FORMAT' }}"
    )
    context = Context({"number": 267046, "year": 2022, "day": datetime.date(2017, 3, 14)})
    with translation.override("uk"):
        assert template.render(context) == "267\xa0046 2022 14.03.2017"
    with translation.override("en"):
        assert template.render(context).startswith("267,046 2022")


def test_english_pages_write_place_names_by_the_official_transliteration(client, cast):
    community = CommunityFactory(raion=cast.raion, name="Знам'янська", type="urban")
    client.force_login(cast.staff)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("communities:detail", args=[community.pk])).content.decode()
    assert "Znamianska" in page
    assert "Знам" not in page
    listing = client.get(reverse("communities:list")).content.decode()
    assert "Sumska" in listing and "Sumskyi" in listing  # community and raion
    client.post(reverse("set_language"), {"language": "uk", "next": "/"})
    ukrainian = client.get(reverse("communities:detail", args=[community.pk])).content.decode()
    assert "Знам" in ukrainian and "Znamianska" not in ukrainian
