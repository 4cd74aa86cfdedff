"""Every plan, programme and contract page, per role: the happy path with its effect,
anonymous, wrong method, another community (404), too low a role (403), bad input."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from communities.plans import services as plan_services
from communities.plans.models import (
    BudgetLine,
    IdentificationPlan,
    LocalProgramme,
    MeasureUpdate,
    PlanMeasure,
    ServiceContract,
)
from communities.plans.tests.factories import (
    PDF_BYTES,
    AdoptedPlanFactory,
    BudgetLineFactory,
    IdentificationPlanFactory,
    LocalProgrammeFactory,
    MeasureUpdateFactory,
    PlanMeasureFactory,
    ServiceContractFactory,
)
from league.tests.forms import post_form

pytestmark = pytest.mark.django_db
Status = IdentificationPlan.Status


def today():
    # Read when the test runs, never when the module is imported.
    return timezone.localdate()


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def pdf(name="evidence.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def download(response) -> bytes:
    return b"".join(response.streaming_content)


# --- Plans ---


def test_worker_creates_a_plan_for_own_community(cast, client_for):
    client = client_for("worker_a")
    url = reverse("communities:plan_create", args=[cast.community_a.pk])
    response = post_form(client, url, {"start_year": 2019, "end_year": 2021, "notes": "Чернетка"})
    plan = IdentificationPlan.objects.get()
    assert response.status_code == 302
    assert response.url == plan.get_absolute_url()
    assert (plan.community, plan.status, plan.period) == (
        cast.community_a,
        Status.DRAFTING,
        "2019–2021",
    )
    assert plan.history.latest().history_user == cast.worker_a
    page = client.get(response.url)
    assert "Plan created" in page.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"start_year": 2021, "end_year": 2019},
            "The last year cannot come before the first year.",
        ),
        ({"start_year": 1990, "end_year": 1991}, "greater than or equal to 2000"),
        ({"start_year": "", "end_year": 2020}, "This field is required."),
    ],
)
def test_plan_create_refuses_bad_years(cast, client_for, data, message):
    url = reverse("communities:plan_create", args=[cast.community_a.pk])
    response = post_form(client_for("worker_a"), url, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not IdentificationPlan.objects.exists()


def test_plan_create_refuses_an_overlapping_period(cast, client_for):
    IdentificationPlanFactory(community=cast.community_a, start_year=2018, end_year=2020)
    url = reverse("communities:plan_create", args=[cast.community_a.pk])
    response = post_form(client_for("staff"), url, {"start_year": 2020, "end_year": 2022})
    assert response.status_code == 200
    assert "periods may not overlap" in response.content.decode()
    assert IdentificationPlan.objects.count() == 1


@pytest.mark.parametrize(
    ("role", "status"), [("worker_b", 404), ("council", 403), ("anonymous", 302)]
)
def test_plan_create_refused(cast, client_for, role, status):
    url = reverse("communities:plan_create", args=[cast.community_a.pk])
    response = post_form(client_for(role), url, {"start_year": 2019, "end_year": 2021})
    assert response.status_code == status
    assert not IdentificationPlan.objects.exists()


def test_plan_detail_shows_measures_and_their_log(cast, client_for):
    plan = AdoptedPlanFactory(community=cast.community_a)
    measure = PlanMeasureFactory(plan=plan, description="Навчання старост")
    MeasureUpdateFactory(measure=measure, note="Запрошено тренерів")
    response = client_for("council").get(plan.get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200
    assert "Навчання старост" in content and "Запрошено тренерів" in content
    # A council official reads; no edit links.
    assert reverse("communities:measure_status", args=[measure.pk]) not in content
    assert reverse("communities:plan_update", args=[plan.pk]) not in content


def test_plan_detail_offers_each_role_its_actions(cast, client_for):
    plan = AdoptedPlanFactory(community=cast.community_a)
    measure = PlanMeasureFactory(plan=plan)
    edit_url = reverse("communities:measure_update", args=[measure.pk])
    record_url = reverse("communities:measure_status", args=[measure.pk])
    worker_page = client_for("worker_a").get(plan.get_absolute_url()).content.decode()
    assert record_url in worker_page and edit_url not in worker_page
    staff_page = client_for("staff").get(plan.get_absolute_url()).content.decode()
    assert record_url in staff_page and edit_url in staff_page
    assert "History of the plan" in staff_page
    assert "History of the plan" not in worker_page


def test_plan_detail_query_count_does_not_grow_with_measures(
    cast, client_for, django_assert_num_queries
):
    plan = IdentificationPlanFactory(community=cast.community_a)
    for measure in PlanMeasureFactory.create_batch(30, plan=plan):
        MeasureUpdateFactory.create_batch(2, measure=measure, recorded_by=cast.staff)
    client = client_for("staff")
    # session, user, plan (with community, raion, oblast), measures, their updates with
    # authors, the plan's history: 6.
    with django_assert_num_queries(6):
        response = client.get(plan.get_absolute_url())
    assert response.content.decode().count('class="card my-2"') == 30


@pytest.mark.parametrize(("role", "status"), [("worker_b", 404), ("anonymous", 302)])
def test_plan_detail_refused(cast, client_for, role, status):
    plan = IdentificationPlanFactory(community=cast.community_a)
    assert client_for(role).get(plan.get_absolute_url()).status_code == status


def test_worker_edits_own_draft_plan(cast, client_for):
    plan = IdentificationPlanFactory(community=cast.community_a)
    url = reverse("communities:plan_update", args=[plan.pk])
    response = post_form(
        client_for("worker_a"), url, {"start_year": 2018, "end_year": 2022, "notes": "Нова"}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.end_year, plan.notes) == (2022, "Нова")


def test_worker_may_not_edit_an_adopted_plan_but_staff_may(cast, client_for):
    plan = AdoptedPlanFactory(community=cast.community_a)
    url = reverse("communities:plan_update", args=[plan.pk])
    data = {"start_year": 2018, "end_year": 2021}
    assert post_form(client_for("worker_a"), url, data).status_code == 403
    plan.refresh_from_db()
    assert plan.end_year == 2020
    assert post_form(client_for("staff"), url, data).status_code == 302
    plan.refresh_from_db()
    assert plan.end_year == 2021


@pytest.mark.parametrize(
    ("role", "status"), [("worker_b", 404), ("council", 403), ("anonymous", 302)]
)
def test_plan_update_refused(cast, client_for, role, status):
    plan = IdentificationPlanFactory(community=cast.community_a)
    url = reverse("communities:plan_update", args=[plan.pk])
    assert (
        post_form(client_for(role), url, {"start_year": 2018, "end_year": 2025}).status_code
        == status
    )
    plan.refresh_from_db()
    assert plan.end_year == 2020


def test_worker_moves_a_plan_to_drafting(cast, client_for):
    plan = IdentificationPlanFactory(community=cast.community_a, status=Status.NOT_STARTED)
    url = reverse("communities:plan_status", args=[plan.pk])
    response = post_form(client_for("worker_a"), url, {"status": "drafting"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == Status.DRAFTING


def test_worker_may_not_submit_or_adopt_through_the_form(cast, client_for):
    plan = IdentificationPlanFactory(community=cast.community_a)
    url = reverse("communities:plan_status", args=[plan.pk])
    response = post_form(
        client_for("worker_a"),
        url,
        {"status": "adopted", "decision_number": "1", "decision_date": "2018-02-01"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == Status.DRAFTING


def test_staff_adopt_a_plan_with_its_decision_document(cast, client_for):
    plan = IdentificationPlanFactory(community=cast.community_a, status=Status.SUBMITTED)
    url = reverse("communities:plan_status", args=[plan.pk])
    response = post_form(
        client_for("staff"),
        url,
        {
            "status": "adopted",
            "decision_number": "21/VII",
            "decision_date": "2018-06-14",
            "decision_body": "21 сесія міської ради",
            "decision_document": pdf("рішення 21.pdf"),
            "note": "Ухвалено",
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == Status.ADOPTED
    assert plan.decision_date == datetime.date(2018, 6, 14)
    assert plan.decision_document_name == "рішення 21.pdf"
    assert plan.decision_document.name.startswith("communities/identificationplan/")
    assert plan.decision_document.name.endswith(".pdf")
    assert plan.history.latest().history_change_reason == "Ухвалено"


def test_adopting_without_decision_shows_why_and_changes_nothing(cast, client_for):
    plan = IdentificationPlanFactory(community=cast.community_a, status=Status.SUBMITTED)
    url = reverse("communities:plan_status", args=[plan.pk])
    response = post_form(client_for("staff"), url, {"status": "adopted"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "An adopted plan needs the number of the council decision" in content
    assert "An adopted plan needs the date of the council decision" in content
    plan.refresh_from_db()
    assert plan.status == Status.SUBMITTED


def test_a_decision_document_that_is_not_a_pdf_or_image_is_refused(cast, client_for):
    plan = IdentificationPlanFactory(community=cast.community_a, status=Status.SUBMITTED)
    url = reverse("communities:plan_status", args=[plan.pk])
    fake = SimpleUploadedFile(
        "decision.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    response = post_form(
        client_for("staff"),
        url,
        {
            "status": "adopted",
            "decision_number": "1",
            "decision_date": "2018-01-10",
            "decision_document": fake,
        },
    )
    assert response.status_code == 200
    assert "Only PDF, JPEG and PNG files are accepted" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == Status.SUBMITTED and not plan.decision_document


def test_a_decision_document_over_the_size_limit_is_refused(cast, client_for, settings):
    settings.UPLOAD_MAX_BYTES = 20
    plan = IdentificationPlanFactory(community=cast.community_a, status=Status.SUBMITTED)
    url = reverse("communities:plan_status", args=[plan.pk])
    response = post_form(
        client_for("staff"),
        url,
        {
            "status": "adopted",
            "decision_number": "1",
            "decision_date": "2018-01-10",
            "decision_document": pdf(),
        },
    )
    assert response.status_code == 200
    assert "the limit is" in response.content.decode()
    plan.refresh_from_db()
    assert not plan.decision_document


@pytest.mark.parametrize(
    ("role", "status"), [("worker_b", 404), ("council", 403), ("anonymous", 302)]
)
def test_plan_status_refused(cast, client_for, role, status):
    plan = IdentificationPlanFactory(community=cast.community_a)
    url = reverse("communities:plan_status", args=[plan.pk])
    assert post_form(client_for(role), url, {"status": "not_started"}).status_code == status
    plan.refresh_from_db()
    assert plan.status == Status.DRAFTING


def test_worker_may_not_change_an_adopted_plans_status(cast, client_for):
    plan = AdoptedPlanFactory(community=cast.community_a)
    url = reverse("communities:plan_status", args=[plan.pk])
    assert post_form(client_for("worker_a"), url, {"status": "drafting"}).status_code == 403
    plan.refresh_from_db()
    assert plan.status == Status.ADOPTED


def _plan_with_document(cast):
    plan = AdoptedPlanFactory(community=cast.community_a, decision_document_name="рішення.pdf")
    plan.decision_document.save("decision.pdf", ContentFile(PDF_BYTES))
    return plan


@pytest.mark.parametrize("role", ["worker_a", "staff", "council", "admin"])
def test_the_decision_document_downloads_for_those_who_may_read(cast, client_for, role):
    plan = _plan_with_document(cast)
    response = client_for(role).get(reverse("communities:plan_document", args=[plan.pk]))
    assert response.status_code == 200
    assert download(response) == PDF_BYTES
    assert "attachment" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(("role", "status"), [("worker_b", 404), ("anonymous", 302)])
def test_the_decision_document_is_refused(cast, client_for, role, status):
    plan = _plan_with_document(cast)
    response = client_for(role).get(reverse("communities:plan_document", args=[plan.pk]))
    assert response.status_code == status


def test_a_plan_without_document_has_nothing_to_download(cast, client_for):
    plan = AdoptedPlanFactory(community=cast.community_a)
    response = client_for("staff").get(reverse("communities:plan_document", args=[plan.pk]))
    assert response.status_code == 404


# --- Measures ---

MEASURE_DATA = {
    "category": "training",
    "description": "Тренінг для фахівців ЦНАП",
    "responsible": "Відділ соціального захисту",
    "partners": "ГО «Ліга»",
    "deadline": "",  # filled in by measure_data(): always a year ahead
}


def measure_data() -> dict:
    deadline = today() + datetime.timedelta(days=365)
    return {**MEASURE_DATA, "deadline": deadline.isoformat()}


def test_worker_adds_a_measure_to_a_draft(cast, client_for):
    plan = IdentificationPlanFactory(community=cast.community_a)
    url = reverse("communities:measure_create", args=[plan.pk])
    response = post_form(client_for("worker_a"), url, measure_data())
    measure = PlanMeasure.objects.get()
    assert response.status_code == 302
    assert response.url == measure.get_absolute_url()
    assert (measure.plan, measure.status) == (plan, PlanMeasure.Status.PLANNED)
    assert measure.history.latest().history_user == cast.worker_a


def test_measure_create_refuses_missing_fields(cast, client_for):
    plan = IdentificationPlanFactory(community=cast.community_a)
    url = reverse("communities:measure_create", args=[plan.pk])
    response = post_form(
        client_for("worker_a"), url, {**measure_data(), "description": "", "deadline": "31-31-2020"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "This field is required." in content and "Enter a valid date." in content
    assert not PlanMeasure.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"), [("worker_a", 403), ("worker_b", 404), ("council", 403), ("staff", 302)]
)
def test_measures_of_an_adopted_plan_are_added_by_staff_only(cast, client_for, role, status):
    plan = AdoptedPlanFactory(community=cast.community_a)
    url = reverse("communities:measure_create", args=[plan.pk])
    assert post_form(client_for(role), url, measure_data()).status_code == status
    assert PlanMeasure.objects.exists() is (status == 302)


def test_worker_edits_a_measure_of_a_draft(cast, client_for):
    measure = PlanMeasureFactory(plan__community=cast.community_a)
    url = reverse("communities:measure_update", args=[measure.pk])
    response = post_form(
        client_for("worker_a"), url, {**measure_data(), "description": "Уточнений опис"}
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.description == "Уточнений опис"


@pytest.mark.parametrize(
    ("role", "status"), [("worker_b", 404), ("council", 403), ("anonymous", 302)]
)
def test_measure_update_refused(cast, client_for, role, status):
    measure = PlanMeasureFactory(plan__community=cast.community_a)
    url = reverse("communities:measure_update", args=[measure.pk])
    assert (
        post_form(client_for(role), url, {**measure_data(), "description": "Чуже"}).status_code
        == status
    )
    measure.refresh_from_db()
    assert measure.description != "Чуже"


def test_worker_marks_a_measure_done_with_a_file(cast, client_for):
    measure = PlanMeasureFactory(plan=AdoptedPlanFactory(community=cast.community_a))
    url = reverse("communities:measure_status", args=[measure.pk])
    response = post_form(
        client_for("worker_a"),
        url,
        {
            "status": "done",
            "date": today().isoformat(),
            "note": "Проведено",
            "evidence_file": pdf("звіт.pdf"),
        },
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.status == PlanMeasure.Status.DONE
    update = measure.updates.get()
    assert (update.recorded_by, update.evidence_name) == (cast.worker_a, "звіт.pdf")
    assert update.evidence_file.name.startswith("communities/measureupdate/")
    evidence = client_for("council").get(reverse("communities:measure_evidence", args=[update.pk]))
    assert evidence.status_code == 200
    assert download(evidence) == PDF_BYTES


def test_worker_marks_a_measure_done_with_a_link(cast, client_for):
    measure = PlanMeasureFactory(plan__community=cast.community_a)
    url = reverse("communities:measure_status", args=[measure.pk])
    response = post_form(
        client_for("worker_a"),
        url,
        {"status": "done", "date": today().isoformat(), "evidence_url": "https://example.org/zvit"},
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.status == PlanMeasure.Status.DONE


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"status": "done"}, "A measure marked done needs evidence"),
        ({"status": "done", "evidence_url": "not a link"}, "Enter a valid URL."),
        ({"status": "in_progress", "date": "2999-01-01"}, "cannot be in the future"),
        ({"status": "finished"}, "Select a valid choice"),
    ],
)
def test_measure_status_bad_input_writes_nothing(cast, client_for, data, message):
    measure = PlanMeasureFactory(plan__community=cast.community_a)
    url = reverse("communities:measure_status", args=[measure.pk])
    response = post_form(client_for("worker_a"), url, {"date": today().isoformat(), **data})
    assert response.status_code == 200
    assert message in response.content.decode()
    measure.refresh_from_db()
    assert measure.status == PlanMeasure.Status.PLANNED
    assert not MeasureUpdate.objects.exists()


def test_evidence_that_is_not_a_pdf_or_image_is_refused(cast, client_for):
    measure = PlanMeasureFactory(plan__community=cast.community_a)
    url = reverse("communities:measure_status", args=[measure.pk])
    fake = SimpleUploadedFile("photo.png", b"<html>not an image</html>", content_type="image/png")
    response = post_form(
        client_for("worker_a"),
        url,
        {"status": "done", "date": today().isoformat(), "evidence_file": fake},
    )
    assert response.status_code == 200
    assert "Only PDF, JPEG and PNG files are accepted" in response.content.decode()
    assert not MeasureUpdate.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"), [("worker_b", 404), ("council", 403), ("anonymous", 302)]
)
def test_measure_status_refused(cast, client_for, role, status):
    measure = PlanMeasureFactory(plan__community=cast.community_a)
    url = reverse("communities:measure_status", args=[measure.pk])
    data = {"status": "in_progress", "date": today().isoformat()}
    assert post_form(client_for(role), url, data).status_code == status
    assert not MeasureUpdate.objects.exists()


def test_worker_may_not_record_progress_on_an_expired_plan(cast, client_for):
    measure = PlanMeasureFactory(
        plan=AdoptedPlanFactory(community=cast.community_a, status=Status.EXPIRED)
    )
    url = reverse("communities:measure_status", args=[measure.pk])
    data = {"status": "in_progress", "date": today().isoformat()}
    assert post_form(client_for("worker_a"), url, data).status_code == 403
    assert post_form(client_for("staff"), url, data).status_code == 302


@pytest.mark.parametrize(("role", "status"), [("worker_b", 404), ("anonymous", 302)])
def test_evidence_download_refused(cast, client_for, role, status):
    update = MeasureUpdateFactory(
        measure__plan__community=cast.community_a,
        evidence_file=ContentFile(PDF_BYTES, name="evidence.pdf"),
    )
    response = client_for(role).get(reverse("communities:measure_evidence", args=[update.pk]))
    assert response.status_code == status


def test_an_update_without_a_file_has_nothing_to_download(cast, client_for):
    update = MeasureUpdateFactory(measure__plan__community=cast.community_a)
    response = client_for("staff").get(reverse("communities:measure_evidence", args=[update.pk]))
    assert response.status_code == 404


# --- Programmes and budget lines ---

PROGRAMME_DATA = {
    "kind": "social",
    "name": "Програма соціального захисту на 2019–2021 роки",
    "start_year": 2019,
    "end_year": 2021,
    "decision_number": "3/19",
    "decision_date": "2018-12-20",
    "decision_body": "Сесія ради",
}


def test_worker_adds_a_programme_for_own_community(cast, client_for):
    url = reverse("communities:programme_create", args=[cast.community_a.pk])
    response = post_form(client_for("worker_a"), url, PROGRAMME_DATA)
    programme = LocalProgramme.objects.get()
    assert response.status_code == 302 and response.url == programme.get_absolute_url()
    assert programme.community == cast.community_a


def test_programme_create_refuses_years_out_of_order(cast, client_for):
    url = reverse("communities:programme_create", args=[cast.community_a.pk])
    response = post_form(client_for("staff"), url, {**PROGRAMME_DATA, "end_year": 2017})
    assert response.status_code == 200
    assert "The last year cannot come before the first year." in response.content.decode()
    assert not LocalProgramme.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"), [("worker_b", 404), ("council", 403), ("anonymous", 302)]
)
def test_programme_create_refused(cast, client_for, role, status):
    url = reverse("communities:programme_create", args=[cast.community_a.pk])
    assert post_form(client_for(role), url, PROGRAMME_DATA).status_code == status
    assert not LocalProgramme.objects.exists()


def test_programme_detail_sums_money_by_year(cast, client_for):
    programme = LocalProgrammeFactory(community=cast.community_a)
    BudgetLineFactory(
        programme=programme, year=2019, planned=Decimal("1000.10"), spent=Decimal("999.99")
    )
    BudgetLineFactory(
        programme=programme, year=2019, planned=Decimal("0.20"), spent=Decimal("0.01")
    )
    response = client_for("council").get(programme.get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200
    assert "1,000.30 UAH" in content and "1,000.00 UAH" in content
    assert reverse("communities:budgetline_create", args=[programme.pk]) not in content


@pytest.mark.parametrize(("role", "status"), [("worker_b", 404), ("anonymous", 302)])
def test_programme_detail_refused(cast, client_for, role, status):
    programme = LocalProgrammeFactory(community=cast.community_a)
    assert client_for(role).get(programme.get_absolute_url()).status_code == status


def test_worker_edits_a_programme(cast, client_for):
    programme = LocalProgrammeFactory(community=cast.community_a)
    url = reverse("communities:programme_update", args=[programme.pk])
    response = post_form(client_for("worker_a"), url, {**PROGRAMME_DATA, "name": "Нова назва"})
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.name == "Нова назва"


@pytest.mark.parametrize(
    ("role", "status"), [("worker_b", 404), ("council", 403), ("anonymous", 302)]
)
def test_programme_update_refused(cast, client_for, role, status):
    programme = LocalProgrammeFactory(community=cast.community_a)
    url = reverse("communities:programme_update", args=[programme.pk])
    assert (
        post_form(client_for(role), url, {**PROGRAMME_DATA, "name": "Чуже"}).status_code == status
    )
    programme.refresh_from_db()
    assert programme.name != "Чуже"


def test_worker_adds_a_budget_line_funding_a_measure(cast, client_for):
    programme = LocalProgrammeFactory(community=cast.community_a)
    measure = PlanMeasureFactory(plan__community=cast.community_a)
    url = reverse("communities:budgetline_create", args=[programme.pk])
    data = {
        "year": 2020,
        "purpose": "assistance",
        "planned": "15000.50",
        "spent": "0.25",
        "measure": measure.pk,
    }
    response = post_form(client_for("worker_a"), url, data)
    assert response.status_code == 302
    line = BudgetLine.objects.get()
    assert (line.planned, line.spent, line.measure) == (
        Decimal("15000.50"),
        Decimal("0.25"),
        measure,
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"year": 2025}, "choose a year within it"),
        ({"planned": "-5"}, "greater than or equal to 0"),
        ({"planned": "12.345"}, "no more than 2 decimal places"),
        ({"planned": "abc"}, "Enter a number."),
    ],
)
def test_budget_line_bad_input_writes_nothing(cast, client_for, data, message):
    programme = LocalProgrammeFactory(community=cast.community_a, start_year=2018, end_year=2021)
    url = reverse("communities:budgetline_create", args=[programme.pk])
    base = {"year": 2020, "purpose": "prevention", "planned": "100", "spent": "0"}
    response = post_form(client_for("worker_a"), url, {**base, **data})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not BudgetLine.objects.exists()


def test_a_budget_line_cannot_fund_another_communitys_measure(cast, client_for):
    programme = LocalProgrammeFactory(community=cast.community_a)
    foreign = PlanMeasureFactory(plan__community=cast.community_b)
    url = reverse("communities:budgetline_create", args=[programme.pk])
    data = {
        "year": 2020,
        "purpose": "prevention",
        "planned": "100",
        "spent": "0",
        "measure": foreign.pk,
    }
    response = post_form(client_for("staff"), url, data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not BudgetLine.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"), [("worker_b", 404), ("council", 403), ("anonymous", 302)]
)
def test_budget_line_create_refused(cast, client_for, role, status):
    programme = LocalProgrammeFactory(community=cast.community_a)
    url = reverse("communities:budgetline_create", args=[programme.pk])
    data = {"year": 2020, "purpose": "prevention", "planned": "100", "spent": "0"}
    assert post_form(client_for(role), url, data).status_code == status
    assert not BudgetLine.objects.exists()


def test_worker_edits_a_budget_line(cast, client_for):
    line = BudgetLineFactory(programme__community=cast.community_a)
    url = reverse("communities:budgetline_update", args=[line.pk])
    data = {"year": 2019, "purpose": "campaign", "planned": "20000.00", "spent": "19999.99"}
    response = post_form(client_for("worker_a"), url, data)
    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.purpose, line.spent) == ("campaign", Decimal("19999.99"))


@pytest.mark.parametrize(
    ("role", "status"), [("worker_b", 404), ("council", 403), ("anonymous", 302)]
)
def test_budget_line_update_refused(cast, client_for, role, status):
    line = BudgetLineFactory(programme__community=cast.community_a)
    url = reverse("communities:budgetline_update", args=[line.pk])
    data = {"year": 2019, "purpose": "campaign", "planned": "1", "spent": "0"}
    assert post_form(client_for(role), url, data).status_code == status
    line.refresh_from_db()
    assert line.planned == Decimal("10000.00")


def test_worker_removes_a_budget_line(cast, client_for):
    line = BudgetLineFactory(programme__community=cast.community_a)
    response = client_for("worker_a").post(
        reverse("communities:budgetline_delete", args=[line.pk]), {"confirmed": "yes"}
    )
    assert response.status_code == 302
    assert response.url == line.programme.get_absolute_url()
    assert not BudgetLine.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"), [("worker_b", 404), ("council", 403), ("anonymous", 302)]
)
def test_budget_line_delete_refused(cast, client_for, role, status):
    line = BudgetLineFactory(programme__community=cast.community_a)
    url = reverse("communities:budgetline_delete", args=[line.pk])
    assert post_form(client_for(role), url).status_code == status
    assert BudgetLine.objects.exists()


def test_budget_line_delete_is_post_only(cast, client_for):
    line = BudgetLineFactory(programme__community=cast.community_a)
    url = reverse("communities:budgetline_delete", args=[line.pk])
    assert client_for("staff").get(url).status_code == 405
    assert BudgetLine.objects.exists()


# --- Service contracts ---

CONTRACT_DATA = {
    "service": "Соціальний супровід",
    "provider_name": "ГО «Ліга»",
    "provider_edrpou": "21345678",
    "amount": "85000.00",
    "status": "contracted",
    "contract_date": "2019-01-15",
    "period_start": "2019-02-01",
    "period_end": "2019-12-31",
    "people_served": 4,
    "notes": "",
}


def test_worker_adds_a_service_contract(cast, client_for):
    url = reverse("communities:contract_create", args=[cast.community_a.pk])
    response = post_form(client_for("worker_a"), url, CONTRACT_DATA)
    assert response.status_code == 302
    contract = ServiceContract.objects.get()
    assert (contract.community, contract.amount) == (cast.community_a, Decimal("85000.00"))
    assert response.url == contract.get_absolute_url()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"provider_edrpou": "1234567"}, "An EDRPOU code is exactly 8 digits"),
        ({"provider_edrpou": "12345abc"}, "An EDRPOU code is exactly 8 digits"),
        ({"period_end": "2018-12-31"}, "The service cannot end before it starts."),
        ({"contract_date": ""}, "A signed contract needs its date."),
        ({"amount": "-1"}, "greater than or equal to 0"),
    ],
)
def test_contract_bad_input_writes_nothing(cast, client_for, data, message):
    url = reverse("communities:contract_create", args=[cast.community_a.pk])
    response = post_form(client_for("staff"), url, {**CONTRACT_DATA, **data})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ServiceContract.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"), [("worker_b", 404), ("council", 403), ("anonymous", 302)]
)
def test_contract_create_refused(cast, client_for, role, status):
    url = reverse("communities:contract_create", args=[cast.community_a.pk])
    assert post_form(client_for(role), url, CONTRACT_DATA).status_code == status
    assert not ServiceContract.objects.exists()


def test_worker_updates_a_contract(cast, client_for):
    contract = ServiceContractFactory(community=cast.community_a)
    url = reverse("communities:contract_update", args=[contract.pk])
    response = post_form(
        client_for("worker_a"), url, {**CONTRACT_DATA, "status": "delivered", "people_served": 6}
    )
    assert response.status_code == 302
    contract.refresh_from_db()
    assert (contract.status, contract.people_served) == ("delivered", 6)


@pytest.mark.parametrize(
    ("role", "status"), [("worker_b", 404), ("council", 403), ("anonymous", 302)]
)
def test_contract_update_refused(cast, client_for, role, status):
    contract = ServiceContractFactory(community=cast.community_a)
    url = reverse("communities:contract_update", args=[contract.pk])
    assert post_form(client_for(role), url, {**CONTRACT_DATA, "amount": "1"}).status_code == status
    contract.refresh_from_db()
    assert contract.amount == Decimal("50000.00")


# --- Wrong methods ---


@pytest.mark.parametrize(
    "name",
    [
        "plan_create",
        "plan_detail",
        "plan_update",
        "plan_status",
        "plan_document",
        "measure_create",
        "programme_create",
    ],
)
def test_pages_refuse_put(cast, client_for, name):
    plan = IdentificationPlanFactory(community=cast.community_a)
    pk = cast.community_a.pk if name.endswith("_create") and name != "measure_create" else plan.pk
    assert client_for("staff").put(reverse(f"communities:{name}", args=[pk])).status_code == 405


def test_measure_anchors_are_not_localised_numbers(cast, client_for):
    """A large pk renders plain in anchors: measure-12345, never grouped."""
    plan = IdentificationPlanFactory(community=cast.community_a)
    measure = PlanMeasureFactory(plan=plan, pk=12345)
    content = client_for("staff").get(plan.get_absolute_url()).content.decode()
    assert 'id="measure-12345"' in content
    assert measure.get_absolute_url().endswith("#measure-12345")


def test_plan_history_shows_old_and_new_values_by_their_labels(cast, client_for, settings):
    settings.LANGUAGE_CODE = "uk"
    plan = IdentificationPlanFactory(
        community=cast.community_a, status=IdentificationPlan.Status.SUBMITTED
    )
    plan_services.plan_change_status(
        plan=plan,
        status=IdentificationPlan.Status.ADOPTED,
        decision_number="15/VII",
        decision_date=datetime.date(2018, 5, 17),
        decision_body="15 сесія міської ради",
        note="Рішення сесії",
        changed_by=cast.staff,
    )
    page = client_for("staff").get(reverse("communities:plan_detail", args=[plan.pk]))
    page = page.content.decode()
    with translation.override("uk"):
        submitted = str(IdentificationPlan.Status.SUBMITTED.label)
        adopted = str(IdentificationPlan.Status.ADOPTED.label)
    assert f"{submitted} → {adopted}" in page
    assert "17.05.2018" in page and "— → 15/VII" in page
    assert "None" not in page and "adopted" not in page
