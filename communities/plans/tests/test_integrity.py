"""Nothing lost, nothing twice, for plans, programmes, contracts and contact people:
a stale edit is refused with what changed, a create submitted twice makes one row, a
status log chains, and a file is checked by the service that stores it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from communities.models import ContactPerson
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
    IdentificationPlanFactory,
    LocalProgrammeFactory,
    MeasureUpdateFactory,
    PlanMeasureFactory,
    ServiceContractFactory,
)
from communities.tests.factories import ContactPersonFactory
from league.domain import DomainError
from league.tests.forms import hidden_fields

pytestmark = pytest.mark.django_db


def this_year() -> int:
    return timezone.localdate().year


def days_ago(days: int) -> str:
    return (timezone.localdate() - datetime.timedelta(days=days)).isoformat()


def contract_data(**changes) -> dict:
    return {
        "service": "Соціальний супровід",
        "provider_name": "ГО «Ліга»",
        "provider_edrpou": "21345678",
        "amount": "85000.00",
        "status": "contracted",
        "contract_date": days_ago(30),
        "period_start": days_ago(20),
        "period_end": days_ago(1),
        "people_served": 4,
        "notes": "",
        **changes,
    }


# --- A stale edit is refused with what changed ---


def test_a_second_editor_of_a_contract_is_refused_with_what_changed(cast, client_for):
    contract = ServiceContractFactory(community=cast.community_a, amount="1000.00")
    url = reverse("communities:contract_update", args=[contract.pk])
    worker = client_for("worker_a")
    loaded = hidden_fields(worker.get(url))  # the worker opens the form ...
    staff = client_for("staff")
    staff_form = hidden_fields(staff.get(url))
    assert staff.post(url, {**staff_form, **contract_data(amount="2000.00")}).status_code == 302
    worker.force_login(cast.worker_a)  # ... and saves after staff did
    response = worker.post(url, {**loaded, **contract_data(amount="3000.00")})
    assert response.status_code == 409
    page = response.content.decode()
    assert "тому ваші зміни не збережено" in page
    assert "2000" in page and "1000" in page  # before and now, from the history
    contract.refresh_from_db()
    assert (str(contract.amount), contract.version) == ("2000.00", 2)


def test_saving_the_same_edit_twice_is_not_a_conflict(cast, client_for):
    contract = ServiceContractFactory(community=cast.community_a)
    url = reverse("communities:contract_update", args=[contract.pk])
    client = client_for("staff")
    data = {**hidden_fields(client.get(url)), **contract_data(notes="Подвійний клік")}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # the second click changes nothing
    contract.refresh_from_db()
    assert (contract.notes, contract.version) == ("Подвійний клік", 2)


def test_an_edit_posted_without_its_version_is_refused(cast, client_for):
    contract = ServiceContractFactory(community=cast.community_a, notes="")
    url = reverse("communities:contract_update", args=[contract.pk])
    response = client_for("staff").post(url, contract_data(notes="Без версії"))
    assert response.status_code == 200
    contract.refresh_from_db()
    assert contract.notes == ""


@pytest.mark.parametrize(
    ("record", "url_name", "data"),
    [
        ("plan", "plan_update", {"start_year": 2018, "end_year": 2022, "notes": "x"}),
        (
            "programme",
            "programme_update",
            {"kind": "social", "name": "Нова назва", "start_year": 2019, "end_year": 2021},
        ),
        (
            "contact",
            "contact_update",
            {"full_name": "Нове Ім'я", "position": "Староста", "category": "head"},
        ),
    ],
)
def test_every_edit_form_refuses_a_stale_save(cast, client_for, record, url_name, data):
    objects = {
        "plan": lambda: IdentificationPlanFactory(community=cast.community_a),
        "programme": lambda: LocalProgrammeFactory(community=cast.community_a),
        "contact": lambda: ContactPersonFactory(community=cast.community_a),
    }
    instance = objects[record]()
    url = reverse(f"communities:{url_name}", args=[instance.pk])
    client = client_for("staff")
    stale = hidden_fields(client.get(url))
    type(instance).objects.filter(pk=instance.pk).update(version=instance.version + 1)
    assert client.post(url, {**stale, **data}).status_code == 409


# --- A create submitted twice makes one row ---

CREATES = [
    (
        "plan_create",
        "community",
        {"start_year": 2019, "end_year": 2021, "notes": ""},
        IdentificationPlan,
    ),
    (
        "programme_create",
        "community",
        {"kind": "social", "name": "Програма", "start_year": 2019, "end_year": 2021},
        LocalProgramme,
    ),
    ("contract_create", "community", contract_data(), ServiceContract),
    (
        "contact_create",
        "community",
        {"full_name": "Мороз Олег", "position": "Староста", "category": "head"},
        ContactPerson,
    ),
    (
        "measure_create",
        "plan",
        {
            "category": "training",
            "description": "Тренінг",
            "responsible": "Відділ",
            "deadline": days_ago(-30),
        },
        PlanMeasure,
    ),
    ("measure_status", "measure", {"status": "in_progress", "date": days_ago(1)}, MeasureUpdate),
    (
        "budgetline_create",
        "programme",
        {"year": 2020, "purpose": "identification", "planned": "1000.00", "spent": "0"},
        BudgetLine,
    ),
]


@pytest.mark.parametrize(("url_name", "parent", "data", "model"), CREATES)
def test_a_create_submitted_twice_makes_one_row(cast, client_for, url_name, parent, data, model):
    parents = {
        "community": lambda: cast.community_a,
        "plan": lambda: IdentificationPlanFactory(community=cast.community_a),
        "measure": lambda: PlanMeasureFactory(plan__community=cast.community_a),
        "programme": lambda: LocalProgrammeFactory(
            community=cast.community_a, start_year=2019, end_year=2021
        ),
    }
    url = reverse(f"communities:{url_name}", args=[parents[parent]().pk])
    client = client_for("staff")
    form = {**hidden_fields(client.get(url)), **data}
    before = model.objects.count()
    first = client.post(url, form)
    second = client.post(url, form, follow=True)
    assert first.status_code == 302
    assert model.objects.count() == before + 1
    # The token recognises the repeat before the form is checked, so a plan's own rule
    # (periods never overlap) never answers a double click with «already has a plan».
    assert second.redirect_chain[0][0] == first.url
    page = second.content.decode()
    assert "Цю форму вже було збережено" in page and "не можуть перетинатися" not in page


def test_a_create_without_its_token_is_refused(cast, client_for):
    url = reverse("communities:contract_create", args=[cast.community_a.pk])
    response = client_for("staff").post(url, contract_data())
    assert response.status_code == 200
    assert not ServiceContract.objects.exists()


# --- Status changes and their log ---


def test_a_back_dated_change_does_not_overrule_a_newer_status(cast):
    measure = PlanMeasureFactory(plan__community=cast.community_a)
    newer = MeasureUpdate(
        measure=measure, status="done", date=timezone.localdate(), evidence_url="https://x.org"
    )
    plan_services.measure_record_update(update=newer, recorded_by=cast.staff)
    older = MeasureUpdate(
        measure=measure, status="in_progress", date=timezone.localdate() - datetime.timedelta(9)
    )
    plan_services.measure_record_update(update=older, recorded_by=cast.staff)
    measure.refresh_from_db()
    assert measure.status == "done"
    assert list(measure.updates.order_by("date").values_list("status", flat=True)) == [
        "in_progress",
        "done",
    ]


def test_a_status_change_bumps_the_version_so_a_stale_content_form_is_refused(cast, client_for):
    measure = PlanMeasureFactory(plan__community=cast.community_a)
    url = reverse("communities:measure_update", args=[measure.pk])
    client = client_for("staff")
    stale = hidden_fields(client.get(url))
    update = MeasureUpdate(measure=measure, status="in_progress", date=timezone.localdate())
    plan_services.measure_record_update(update=update, recorded_by=cast.staff)
    data = {
        "category": "training",
        "description": "Інше",
        "responsible": "Відділ",
        "deadline": days_ago(-30),
    }
    assert client.post(url, {**stale, **data}).status_code == 409
    measure.refresh_from_db()
    assert measure.status == "in_progress"


def test_the_same_plan_status_change_twice_is_one_change(cast):
    plan = IdentificationPlanFactory(community=cast.community_a)
    plan_services.plan_change_status(plan=plan, status="submitted", changed_by=cast.staff)
    plan_services.plan_change_status(plan=plan, status="submitted", changed_by=cast.staff)
    plan.refresh_from_db()
    assert (plan.status, plan.version, plan.history.count()) == ("submitted", 2, 2)


def test_a_worker_cannot_record_the_council_decision(cast):
    plan = IdentificationPlanFactory(community=cast.community_a, status="not_started")
    plan_services.plan_change_status(
        plan=plan, status="drafting", changed_by=cast.worker_a, decision_number="99/9"
    )
    plan.refresh_from_db()
    assert (plan.status, plan.decision_number) == ("drafting", "")


def test_a_plan_rule_error_is_a_domain_error_with_a_code(cast):
    plan = AdoptedPlanFactory(community=cast.community_a)
    with pytest.raises(DomainError) as refused:
        plan_services.plan_change_status(plan=plan, status="drafting", changed_by=cast.worker_a)
    assert refused.value.code == "status_not_allowed"


# --- Logs are append-only ---


def test_a_measure_change_is_never_changed_or_deleted(cast):
    update = MeasureUpdateFactory(measure__plan__community=cast.community_a)
    update.note = "переписано"
    for attempt in (
        update.save,
        update.delete,
        lambda: MeasureUpdate.objects.filter(pk=update.pk).update(note="x"),
        lambda: MeasureUpdate.objects.filter(pk=update.pk).delete(),
    ):
        with pytest.raises(DomainError):
            attempt()
    update.refresh_from_db()
    assert update.note == "Розпочато"


# --- Files are checked by the service that stores them ---


def test_the_service_refuses_a_decision_document_that_is_not_a_pdf_or_image(cast):
    plan = IdentificationPlanFactory(community=cast.community_a, status="submitted")
    fake = SimpleUploadedFile("decision.pdf", b"<html>", content_type="application/pdf")
    with pytest.raises(ValidationError):
        plan_services.plan_change_status(
            plan=plan,
            status="adopted",
            changed_by=cast.staff,
            decision_number="1/1",
            decision_date=timezone.localdate(),
            decision_document=fake,
        )
    plan.refresh_from_db()
    assert plan.status == "submitted"


def test_the_service_refuses_evidence_that_is_not_a_pdf_or_image(cast):
    measure = PlanMeasureFactory(plan__community=cast.community_a)
    update = MeasureUpdate(
        measure=measure,
        status="done",
        date=timezone.localdate(),
        evidence_file=SimpleUploadedFile("x.png", b"MZ\x90\x00", content_type="image/png"),
    )
    with pytest.raises(ValidationError):
        plan_services.measure_record_update(update=update, recorded_by=cast.staff)
    assert not MeasureUpdate.objects.exists()


def test_the_service_keeps_the_uploaders_file_name_of_evidence(cast):
    measure = PlanMeasureFactory(plan__community=cast.community_a)
    update = MeasureUpdate(
        measure=measure,
        status="done",
        date=timezone.localdate(),
        evidence_file=ContentFile(PDF_BYTES, name="звіт.pdf"),
    )
    plan_services.measure_record_update(update=update, recorded_by=cast.staff)
    assert update.evidence_name == "звіт.pdf"


# --- A file gone from storage is a 404, not a server error ---


def test_a_missing_decision_document_is_a_404(cast, client_for):
    plan = IdentificationPlanFactory(
        community=cast.community_a, decision_document=ContentFile(PDF_BYTES, name="d.pdf")
    )
    plan.decision_document.storage.delete(plan.decision_document.name)
    url = reverse("communities:plan_document", args=[plan.pk])
    assert client_for("staff").get(url).status_code == 404


def test_missing_evidence_is_a_404(cast, client_for):
    update = MeasureUpdateFactory(
        measure__plan__community=cast.community_a,
        evidence_file=ContentFile(PDF_BYTES, name="e.pdf"),
    )
    update.evidence_file.storage.delete(update.evidence_file.name)
    url = reverse("communities:measure_evidence", args=[update.pk])
    assert client_for("staff").get(url).status_code == 404
