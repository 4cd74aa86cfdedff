"""Issuing reports, the cases not met elsewhere: each refusal of the parameters (nothing
stored, nobody told), a correction of another kind, and a register number taken by a
parallel issue (the next attempt takes it again; three lost in a row say the register is
busy, and no PDF is left on disk)."""

import pytest
from django.db.models.signals import pre_save
from django.utils.translation import gettext as _

from league import disclosure
from league.models import User
from league.reports import services
from league.reports.models import IssuedReport
from league.reports.tests.conftest import YEAR, make_release
from league.tests.factories import UserFactory

BASE = "http://testserver/"
Kind = IssuedReport.Kind


@pytest.fixture
def staff(db):
    return UserFactory(role=User.Role.STAFF)


def issue(staff, kind, params, **extra):
    return services.report_issue(kind=kind, params=params, issued_by=staff, base_url=BASE, **extra)


def monitoring(data):
    return {"oblast": data["oblast"].pk, "first": [YEAR, 1], "last": [YEAR, 2]}


def stored_files(settings) -> list:
    media = settings.MEDIA_ROOT
    return sorted(path.name for path in media.rglob("*") if path.is_file())


REFUSED = {
    "a community profile": (
        Kind.PROFILE,
        {"community": 1},
        "Профіль громади містить точні цифри для її соціальних працівників і працівників Ліги: "
        "завантажте його зі сторінки громади; він не видається.",
    ),
    "monitoring without an oblast": (
        Kind.MONITORING,
        {"first": [YEAR, 1], "last": [YEAR, 2]},
        "Оберіть область.",
    ),
    "progress of no oblast": (Kind.PROGRESS, {"oblast": 999_999}, "Оберіть область."),
    "monitoring without its last quarter": ("monitoring", "no last", "Оберіть квартали."),
    "an unknown kind": ("budget", {}, "Невідомий вид звіту."),
}


@pytest.mark.parametrize("case", REFUSED)
def test_bad_parameters_are_refused_and_nothing_is_stored(
    case, small_oblast, staff, settings, django_capture_on_commit_callbacks
):
    kind, params, message = REFUSED[case]
    if params == "no last":
        params = {"oblast": small_oblast["oblast"].pk, "first": [YEAR, 1]}
    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(services.ReportError) as refused,
    ):
        issue(staff, kind, params)
    assert refused.value.message == message
    assert not IssuedReport.objects.exists()
    assert callbacks == []
    assert stored_files(settings) == []


def test_a_correction_of_another_kind_is_refused(small_oblast, staff):
    original = issue(staff, Kind.MONITORING, monitoring(small_oblast))
    with pytest.raises(services.ReportError) as refused:
        issue(staff, Kind.PROGRESS, {"oblast": small_oblast["oblast"].pk}, replaces=original)
    assert (refused.value.code, refused.value.message) == (
        "kind",
        "Виправлення має бути того самого виду, що й звіт, який воно замінює.",
    )
    assert list(IssuedReport.objects.all()) == [original]


@pytest.fixture
def rival(db):
    """Another issue writes the register number this one has just read, `times` times: a
    real row inserted in the database just before ours."""
    taken: list[str] = []

    def start(times: int):
        def take_the_number(sender, instance, **kwargs):
            if len(taken) < times:
                taken.append(instance.number)
                IssuedReport.objects.bulk_create(
                    [
                        IssuedReport(
                            number=instance.number,
                            kind=instance.kind,
                            parameters={},
                            title="Паралельний звіт",
                            period="—",
                            oblast=instance.oblast,
                            file="issued/parallel.pdf",
                            sha256="0" * 64,
                            issued_by=instance.issued_by,
                            issued_at=instance.issued_at,
                        )
                    ]
                )

        pre_save.connect(take_the_number, sender=IssuedReport, weak=False)
        receivers.append(take_the_number)
        return taken

    receivers: list = []
    yield start
    for receiver in receivers:
        assert pre_save.disconnect(receiver, sender=IssuedReport)


def test_a_number_taken_meanwhile_is_taken_again_on_the_next_attempt(
    small_oblast, staff, rival, settings, django_capture_on_commit_callbacks
):
    taken = rival(times=1)
    with django_capture_on_commit_callbacks(execute=True):
        report = issue(staff, Kind.MONITORING, monitoring(small_oblast))
    # The parallel row was rolled back with the lost attempt: the number is free again.
    assert taken == [report.number]
    assert list(IssuedReport.objects.values_list("number", flat=True)) == [report.number]
    assert report.number.endswith("-001")
    assert len(stored_files(settings)) == 1


def test_three_numbers_lost_in_a_row_say_the_register_is_busy(
    small_oblast, staff, rival, settings, django_capture_on_commit_callbacks
):
    make_release(small_oblast["oblast"])  # issuing then makes none of its own
    taken = rival(times=3)
    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(services.ReportError) as refused,
    ):
        issue(staff, Kind.MONITORING, monitoring(small_oblast))
    assert (refused.value.code, refused.value.message) == (
        "busy",
        "Реєстр зайнятий; спробуйте ще раз.",
    )
    assert len(taken) == 3
    assert not IssuedReport.objects.exists()
    assert callbacks == []
    # The PDFs rendered for the lost numbers are not left on disk.
    assert stored_files(settings) == []


def test_figures_the_protection_refuses_are_not_issued(
    small_oblast, staff, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """build_context promises DisclosureError when the figures cannot be published; no
    consistent table of ours is known to make the protection give up (see the random
    tables of league/tests/test_disclosure.py), so its refusal is raised here by hand,
    on the real figures, to show what issuing does with it."""

    def refuse(table, limit=None, **options):
        raise disclosure.DisclosureError(
            _("These figures would reveal a small count; they cannot be published."), []
        )

    monkeypatch.setattr(disclosure, "protect", refuse)
    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(services.ReportError) as refused,
    ):
        issue(staff, Kind.MONITORING, monitoring(small_oblast))
    assert (refused.value.code, refused.value.message) == (
        "disclosure",
        "Ці показники розкрили б малу кількість; їх не можна оприлюднити.",
    )
    assert not IssuedReport.objects.exists()
    assert callbacks == []
    assert stored_files(settings) == []


def test_a_period_no_release_reaches_yet_is_not_issued(small_oblast, staff, monkeypatch):
    """A quarter that is over but whose reports are not due yet: the release made for the
    report ends before it, so the report is refused, not built from live figures."""
    monkeypatch.setattr(services, "last_due_quarter", lambda today: (YEAR - 1, 4))
    with pytest.raises(services.ReportError) as refused:
        issue(staff, Kind.MONITORING, monitoring(small_oblast))
    assert refused.value.code == "disclosure"
    assert refused.value.message.startswith("Жоден випуск показників області ще не охоплює")
    assert not IssuedReport.objects.exists()
