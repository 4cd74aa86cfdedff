"""Every delete POST asks first (league/confirm.py): the first press answers with a page
that names what would go and deletes nothing; its button deletes."""

import pytest
from django.urls import reverse

from league.tests.access_matrix import confirmed
from league.tests.test_url_access import ROWS

DELETE_ROWS = [row for row in ROWS if row.data is confirmed]


def test_every_delete_url_is_covered():
    assert {row.name for row in DELETE_ROWS} == {
        "communities:contact_delete",
        "communities:budgetline_delete",
        "roundtables:participation_remove",
        "roundtables:resolution_delete",
        "roundtables:attachment_delete",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("row", DELETE_ROWS, ids=lambda row: row.name)
def test_a_delete_asks_before_it_deletes(row, cast, client_for):
    client = client_for("staff")
    url = reverse(row.name, kwargs=row.kwargs(cast))
    asked = client.post(url)
    assert asked.status_code == 200
    assert asked.templates[0].name == "league/confirm_delete.html"
    page = asked.content.decode()
    assert 'name="confirmed" value="yes"' in page and f'action="{url}"' in page
    # Still there: the confirmed POST finds the object and deletes it (a second one is 404).
    assert client.post(url, {"confirmed": "yes"}).status_code == 302
    assert client.post(url, {"confirmed": "yes"}).status_code == 404
