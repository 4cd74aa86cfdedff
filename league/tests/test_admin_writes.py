"""No admin writes around the services. Every class registered with the admin site is
enumerated, so that a new admin cannot slip in a plain save: it either writes through
methods marked with one of the apps' services (league.admin_policy.through), called by
PolicyAdmin's own save_model, delete_model, delete_queryset and save_formset, or it
writes nothing at all. The buttons follow: no service, no button."""

import pytest
from django.contrib import admin
from django.contrib.admin import helpers

from league.admin_policy import PolicyAdmin, PolicyInline
from league.domain import AppendOnly, Versioned

pytestmark = pytest.mark.django_db

REGISTRY = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
WRITE_HOOKS = ["save_model", "delete_model", "delete_queryset", "save_formset", "save_related"]


def _service_of(method) -> str:
    service = method.service
    assert service.__module__.endswith("services"), (method, service.__module__)
    return f"{service.__module__}.{service.__name__}"


@pytest.fixture
def request_of_admin(rf, cast):
    request = rf.get("/admin/")
    request.user = cast.admin  # an administrator: every permission Django knows
    return request


@pytest.mark.parametrize(
    ("model", "model_admin"), REGISTRY, ids=[model._meta.label for model, _admin in REGISTRY]
)
def test_every_admin_writes_through_a_service_or_not_at_all(request_of_admin, model, model_admin):
    request = request_of_admin
    if not isinstance(model_admin, PolicyAdmin):
        # A library's admin (log-in attempts, task results): shown, never written.
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request)
        assert not model_admin.has_delete_permission(request)
        assert not model_admin.get_actions(request)
        return
    for hook in WRITE_HOOKS:
        assert getattr(type(model_admin), hook) is getattr(PolicyAdmin, hook), hook
    writes = {
        "add": model_admin.service_create,
        "change": model_admin.service_change,
        "delete": model_admin.service_delete,
    }
    for method in writes.values():
        if method is not None:
            _service_of(method)
    # The buttons follow the services: what has none is not offered.
    log = issubclass(model, AppendOnly)
    assert model_admin.has_add_permission(request) == (writes["add"] is not None and not log)
    assert model_admin.has_change_permission(request) == (writes["change"] is not None and not log)
    assert model_admin.has_delete_permission(request) == (writes["delete"] is not None and not log)
    # An "add" is once-only: its form carries a one-time token (league.once.create_once).
    if writes["add"] is not None:
        assert "form_token" in model_admin.get_form(request, None).base_fields
    # A record with a version is never edited in the list, where its version has no place.
    if issubclass(model, Versioned):
        assert not model_admin.list_editable
    for inline in model_admin.get_inline_instances(request, None):
        assert isinstance(inline, PolicyInline), inline
        for name in ("service_save", "service_delete"):
            method = getattr(inline, name)
            if method is not None:
                _service_of(method)
        if inline._writes_together():
            _service_of(inline.service_write)
    # Bulk actions: "delete selected" calls delete_queryset; every other one is marked
    # with the service it calls.
    for name, action in model_admin.get_actions(request).items():
        if name != "delete_selected":
            _service_of(action.func)


def test_the_versioned_admins_post_back_the_version_their_form_was_loaded_at(
    request_of_admin, cast
):
    from communities.tests.factories import ContactPersonFactory

    contact = ContactPersonFactory(community=cast.community_a)
    model_admin = admin.site._registry[type(contact)]
    form_class = model_admin.get_form(request_of_admin, contact, change=True)
    form = form_class(instance=contact)
    fieldsets = model_admin.get_fieldsets(request_of_admin, contact)
    shown = helpers.AdminForm(form, fieldsets, {})
    names = [field.field.name for fieldset in shown for line in fieldset for field in line]
    # A hidden input of its own (admin/policy_change_form.html), never a labelled row.
    assert "loaded_version" not in names and "loaded_version" in form.fields
    assert form["loaded_version"].value() == contact.version


# --- Every admin that saves, saves through its service: posted as a person would -------


def _world(cast) -> dict:
    """One record of every model whose admin offers a change, as the admin would find it."""
    import datetime

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from communities.models import FormerRaion
    from communities.plans.tests import factories as plans
    from communities.tests.factories import ContactPersonFactory
    from league.advocacy.tests import factories as advocacy
    from league.campaign.tests import factories as campaign
    from league.targets.models import Activity
    from league.targets.tests import factories as targets
    from monitoring import services as monitoring_services
    from monitoring.models import ValidationRule
    from monitoring.tests import factories as monitoring
    from roundtables import services as roundtables_services
    from roundtables.tests import factories as roundtables

    today = timezone.localdate()

    def report():
        return monitoring.ReportFactory(community=cast.community_a)

    def round_table():
        return roundtables.RoundTableFactory(venue_community=cast.community_a)

    def resolution():
        return roundtables.ResolutionFactory(round_table=round_table())

    def measure():
        return plans.PlanMeasureFactory(plan__community=cast.community_a)

    def programme():
        return plans.LocalProgrammeFactory(community=cast.community_a)

    def attachment():
        pdf = SimpleUploadedFile("protokol.pdf", roundtables.PDF_BYTES, "application/pdf")
        return roundtables_services.attachment_add(
            round_table=round_table(),
            kind="minutes",
            uploaded_file=pdf,
            description="Протокол",
            uploaded_by=cast.staff,
        )

    def former_raion():
        former = FormerRaion.objects.create(
            oblast=cast.oblast,
            present_raion=cast.raion,
            name="Сумський",
            koatuu="5924700000",
            centre="Суми",
        )
        former.communities.set([cast.community_a])
        return former

    def extension():
        return monitoring_services.extension_grant(
            community=cast.community_b,
            year=today.year,
            quarter=(today.month - 1) // 3 + 1,
            open_until=today + datetime.timedelta(days=7),
            reason="Пожежа в архіві",
            user=cast.staff,
        )

    return {
        "monitoring.ReportingPeriod": lambda: report().period,
        "monitoring.EntryExtension": extension,
        "monitoring.Indicator": monitoring.IndicatorFactory,
        "monitoring.ValidationRule": lambda: ValidationRule.objects.create(
            code="ADMIN_RULE",
            left="1",
            operator="<=",
            right="2",
            severity="error",
            message_uk="Правило",
            message_en="A rule",
        ),
        "monitoring.MonitoringReport": report,
        "monitoring.DataValue": lambda: monitoring.DataValueFactory(report=report(), value=1),
        "roundtables.RoundTableSeries": lambda: round_table().series,
        "roundtables.RoundTable": round_table,
        "roundtables.Person": lambda: roundtables.PersonFactory(community=cast.community_a),
        "roundtables.Participation": lambda: roundtables.ParticipationFactory(
            round_table=round_table()
        ),
        "roundtables.Resolution": resolution,
        "roundtables.Commitment": lambda: roundtables.CommitmentFactory(
            resolution=resolution(), community=cast.community_a
        ),
        "roundtables.Attachment": attachment,
        "communities.Oblast": lambda: cast.oblast,
        "communities.Raion": lambda: cast.raion,
        "communities.Community": lambda: cast.community_a,
        "communities.FormerRaion": former_raion,
        "communities.ContactPerson": lambda: ContactPersonFactory(community=cast.community_a),
        "communities.IdentificationPlan": lambda: measure().plan,
        "communities.PlanMeasure": measure,
        "communities.LocalProgramme": programme,
        "communities.BudgetLine": lambda: plans.BudgetLineFactory(programme=programme()),
        "communities.ServiceContract": lambda: plans.ServiceContractFactory(
            community=cast.community_a
        ),
        "campaign.CampaignStrategy": lambda: campaign.StrategyFactory(oblast=cast.oblast),
        "campaign.CommunityAgreement": lambda: campaign.AgreementFactory(
            community=cast.community_a
        ),
        "campaign.CampaignActivity": lambda: campaign.ActivityFactory(
            community=cast.community_a, recorded_by=cast.worker_a
        ),
        "advocacy.AdvocacyMeeting": advocacy.MeetingFactory,
        "advocacy.FollowUp": advocacy.FollowUpFactory,
        "advocacy.Memorandum": lambda: advocacy.MemorandumFactory(created_by=cast.staff),
        "targets.Project": targets.ProjectFactory,
        "targets.Objective": targets.ObjectiveFactory,
        "targets.Activity": lambda: Activity.objects.create(
            objective=targets.ObjectiveFactory(), number=1, title="Діяльність"
        ),
        "targets.Indicator": targets.IndicatorFactory,
        "league.User": lambda: cast.worker_a,
    }


CHANGED = [
    (model, model_admin)
    for model, model_admin in REGISTRY
    if isinstance(model_admin, PolicyAdmin) and model_admin.service_change is not None
]


def _spy(monkeypatch, method) -> list:
    """Record the calls of the service `method` names, and still make them."""
    import sys

    service = method.service
    module = sys.modules[service.__module__]
    calls = []

    def spy(*args, **kwargs):
        calls.append(kwargs)
        return service(*args, **kwargs)

    monkeypatch.setattr(module, service.__name__, spy)
    return calls


@pytest.mark.parametrize(
    ("model", "model_admin"), CHANGED, ids=[model._meta.label for model, _admin in CHANGED]
)
def test_an_admin_save_goes_through_its_service_with_its_author(
    client_for, cast, monkeypatch, model, model_admin
):
    from django.db.models.fields.files import FieldFile
    from django.urls import reverse

    from league.tests.admin_forms import change_form_data

    record = _world(cast)[model._meta.label]()
    client = client_for("admin")
    info = (model._meta.app_label, model._meta.model_name)
    url = reverse("admin:{}_{}_change".format(*info), args=[record.pk])
    # A file field with no file posts nothing (the browser sends no file).
    data = {
        name: value
        for name, value in change_form_data(client.get(url)).items()
        if not isinstance(value, FieldFile)
    }
    calls = _spy(monkeypatch, model_admin.service_change)
    before = model.objects.get(pk=record.pk)

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert len(calls) == 1
    saved = model.objects.get(pk=record.pk)
    # A figure posted unchanged is not written again: its report's save says who.
    author_of = saved.report if model._meta.label == "monitoring.DataValue" else saved
    assert author_of.history.latest().history_user == cast.admin
    if isinstance(saved, Versioned):
        assert saved.version == before.version + 1
