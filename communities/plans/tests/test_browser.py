"""A social worker, in real Chromium, adds a measure to her plan and marks it done
with a file as evidence."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from communities.plans.models import PlanMeasure
from communities.plans.tests.factories import PDF_BYTES, IdentificationPlanFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_worker_adds_a_measure_and_marks_it_done_with_a_file(
    cast, browser_login, live_server, tmp_path
):
    plan = IdentificationPlanFactory(community=cast.community_a)
    evidence = tmp_path / "звіт-про-навчання.pdf"
    evidence.write_bytes(PDF_BYTES)

    page = browser_login("worker_a")
    page.goto(live_server.url + plan.get_absolute_url())
    page.click(f"a[href='{reverse('communities:measure_create', args=[plan.pk])}']")
    page.select_option("select[name=category]", "training")
    page.fill("textarea[name=description]", "Тренінг для старост про ознаки торгівлі людьми")
    page.fill("input[name=responsible]", "Відділ соціального захисту")
    deadline = timezone.localdate() + datetime.timedelta(days=200)
    page.fill("input[name=deadline]", deadline.isoformat())
    page.click("input[type=submit][name=save]")
    page.wait_for_url(f"**{plan.get_absolute_url()}*")

    measure = PlanMeasure.objects.get(plan=plan)
    card = page.locator(f"#measure-{measure.pk}")
    assert "Тренінг для старост" in card.inner_text()
    card.locator(f"a[href='{reverse('communities:measure_status', args=[measure.pk])}']").click()
    page.select_option("select[name=status]", "done")
    page.fill("input[name=date]", timezone.localdate().isoformat())
    page.fill("textarea[name=note]", "Проведено 12 травня, 24 учасники")
    page.set_input_files("input[name=evidence_file]", str(evidence))
    page.click("input[type=submit][name=save]")
    page.wait_for_url(f"**{plan.get_absolute_url()}*")

    card = page.locator(f"#measure-{measure.pk}")
    assert "звіт-про-навчання.pdf" in card.inner_text()
    measure.refresh_from_db()
    assert measure.status == PlanMeasure.Status.DONE
    update = measure.updates.get()
    with update.evidence_file.open("rb") as stored:
        assert stored.read() == PDF_BYTES
    assert update.recorded_by == cast.worker_a
    # The evidence link downloads the very file.
    with page.expect_download() as download_info:
        card.locator(
            f"a[href='{reverse('communities:measure_evidence', args=[update.pk])}']"
        ).click()
    assert download_info.value.suggested_filename == "звіт-про-навчання.pdf"
