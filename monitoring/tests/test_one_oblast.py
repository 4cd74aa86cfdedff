"""Lists that reach across oblasts show one oblast at a time (communities.filters.
OneOblastAtATime): the first by name unless another is chosen, with only its raions
offered, and no «Oblast» filter where every row lies in one oblast."""

import pytest
from django.urls import reverse

from communities.tests.factories import CommunityFactory, OblastFactory, RaionFactory
from monitoring.tests.factories import ReportFactory, period_for

LISTS = ["communities:list", "monitoring:report_list"]


@pytest.fixture
def two_oblasts(cast):
    kharkiv = OblastFactory(katottg="UA63000000000041885", name="Харківська")
    far = RaionFactory(oblast=kharkiv, name="Далекий")
    omega = CommunityFactory(raion=far, name="Омега")
    period = period_for(2025, 1)
    for community in (cast.community_a, omega):
        ReportFactory(community=community, period=period)
    return kharkiv, far


@pytest.mark.parametrize("name", LISTS)
def test_the_first_oblast_by_name_unless_another_is_chosen(two_oblasts, client_for, name):
    kharkiv, _far = two_oblasts
    client = client_for("staff")

    first = client.get(reverse(name)).content.decode()
    chosen = client.get(reverse(name), {"oblast": kharkiv.pk}).content.decode()

    assert 'name="oblast"' in first
    assert "Сумська" in first and "Омега" not in first and "Далекий" not in first
    assert "Омега" in chosen and "Далекий" in chosen and "Конотопська" not in chosen
    assert ">Сумський</option>" not in chosen


@pytest.mark.parametrize("name", LISTS)
def test_a_raion_of_another_oblast_is_refused_with_a_message(two_oblasts, client_for, name):
    _kharkiv, far = two_oblasts

    response = client_for("staff").get(reverse(name), {"raion": far.pk})

    page = response.content.decode()
    assert "Оберіть правильний варіант" in page
    assert "Омега" not in page


@pytest.mark.parametrize("name", LISTS)
def test_one_oblast_offers_no_oblast_filter(cast, client_for, name):
    ReportFactory(community=cast.community_a, period=period_for(2025, 1))

    page = client_for("staff").get(reverse(name)).content.decode()

    assert 'name="oblast"' not in page and ">Сумський</option>" in page


@pytest.mark.parametrize("name", LISTS)
def test_an_unknown_oblast_falls_back_to_the_first(two_oblasts, client_for, name):
    response = client_for("staff").get(reverse(name), {"oblast": "999999"})

    assert response.status_code == 200
    assert "Сумська" in response.content.decode()


def test_raions_of_several_oblasts_are_offered_under_their_oblast(two_oblasts, client_for):
    # The country has raions of the same name in different oblasts: the export form's
    # raion select heads each oblast's raions with its name.
    page = client_for("staff").get(reverse("monitoring:export")).content.decode()

    assert '<optgroup label="Сумська">' in page and '<optgroup label="Харківська">' in page
    assert page.index("Сумська") < page.index("Харківська")
    assert page.index(">Сумський</option>") < page.index('<optgroup label="Харківська">')


def test_one_oblasts_raions_are_offered_without_headings(cast, client_for):
    page = client_for("staff").get(reverse("monitoring:export")).content.decode()

    assert "<optgroup" not in page and ">Сумський</option>" in page


@pytest.mark.parametrize("name", [*LISTS, "monitoring:export"])
def test_english_pages_offer_oblasts_and_raions_transliterated(two_oblasts, client_for, name):
    from league.translit import transliterate

    client = client_for("staff")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse(name)).content.decode()

    assert transliterate("Харківська") in page and transliterate("Сумський") in page
    assert "Харківська</option>" not in page and ">Сумський</option>" not in page


def test_the_meeting_form_offers_raions_under_their_oblast(two_oblasts, client_for):
    page = client_for("staff").get(reverse("advocacy:meeting_create")).content.decode()

    assert '<optgroup label="Сумська">' in page and '<optgroup label="Харківська">' in page
    assert page.index(">Сумський</option>") < page.index('<optgroup label="Харківська">')
