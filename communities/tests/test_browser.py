"""A social worker, in real Chromium, logs in and opens their own community's page."""

import pytest

from communities.tests.factories import ContactPersonFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_worker_logs_in_and_opens_their_community(browser_login, cast):
    ContactPersonFactory(community=cast.community_a, full_name="Гончаренко Світлана")
    page = browser_login("worker_a")

    page.get_by_role("link", name="Сумська").first.click()

    assert page.locator("h1").inner_text().startswith("Сумська")
    assert page.get_by_text(cast.community_a.katottg).is_visible()
    assert page.get_by_text("Гончаренко Світлана").is_visible()
    # Bootstrap came from our own static files, so the page is styled.
    assert page.evaluate("getComputedStyle(document.body).display") == "flex"
