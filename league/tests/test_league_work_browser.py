"""The staff targets page, and a social worker's start page on a phone."""

from decimal import Decimal

import pytest

from league.campaign.models import CampaignActivity
from league.campaign.tests.factories import ActivityFactory
from league.targets.models import ManualValue
from league.targets.tests.factories import IndicatorFactory, ObjectiveFactory, ProjectFactory
from monitoring.models import ReportStatus
from monitoring.selectors import open_quarters
from monitoring.tests.factories import ReportFactory, period_for

PHONE = {"width": 390, "height": 844}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_read_progress_and_record_a_value_by_hand(browser_login, live_server, cast):
    project = ProjectFactory(oblast=cast.oblast)
    task = ObjectiveFactory(project=project, number=3, title="Інформаційні кампанії")
    IndicatorFactory(
        project=project,
        objective=task,
        code="activities",
        name="Заходи кампанії",
        computation="campaign_activities",
        target=Decimal(4),
    )
    IndicatorFactory(project=project, code="memoranda", name="Меморандуми", target=Decimal(2))
    ActivityFactory.create_batch(2, community=cast.community_a)

    page = browser_login("staff")
    page.goto(f"{live_server.url}/targets/")
    row = page.locator('tr[data-indicator="activities"]')
    assert row.locator("td").nth(3).inner_text() == "2"
    assert "50%" in row.inner_text()
    assert "2 / 4" in page.locator("svg.progress-chart").inner_html()
    # The link behind the number opens the records it counts.
    row.get_by_role("link", name="записи").click()
    page.wait_for_url(f"{live_server.url}/campaign/activities/")

    page.goto(f"{live_server.url}/targets/")
    page.get_by_role("link", name="Меморандуми").click()
    page.fill("input[name=date]", "2016-10-19")
    page.fill("input[name=value]", "1")
    page.fill("textarea[name=evidence]", "Меморандум з обласною радою")
    page.click("input[type=submit]")
    page.wait_for_selector(".alert-success")
    assert ManualValue.objects.get().value == 1
    page.goto(f"{live_server.url}/targets/")
    assert "50%" in page.locator('tr[data-indicator="memoranda"]').inner_text()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_social_worker_sees_what_is_due_on_a_phone(browser_login, live_server, cast):
    year, quarter = open_quarters()[0]
    ReportFactory(
        community=cast.community_a, period=period_for(year, quarter), status=ReportStatus.RETURNED
    )
    page = browser_login("worker_a")
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/")
    due = page.locator("#due")
    assert "Повернуто вам: виправте й подайте знову" in due.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.get_by_role("link", name="Записати захід").first.click()
    page.fill("input[name=date]", "2017-05-02")
    page.select_option("select[name=kind]", "stand")
    page.check("input[name=target_groups][value=youth]")
    page.fill("input[name=people_reached]", "45")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.click("input[type=submit]")
    page.wait_for_selector(".alert-success")
    activity = CampaignActivity.objects.get()
    assert (activity.community, activity.people_reached) == (cast.community_a, 45)
