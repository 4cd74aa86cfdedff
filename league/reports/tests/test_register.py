"""Issuing, the register, downloads, e-mail on issue, verification and the public page."""

import hashlib
import io
import uuid

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from communities.tests.factories import OblastFactory
from league.models import User
from league.reports import services
from league.reports.models import IssuedReport
from league.reports.tests.conftest import YEAR
from league.reports.tests.factories import IssuedReportFactory
from league.tests.factories import UserFactory
from league.tests.pdf_checks import pdf_text

BASE = "http://testserver/"


def read(report) -> bytes:
    with report.file.open("rb") as file:
        return file.read()


@pytest.fixture
def staff(db):
    return UserFactory(role=User.Role.STAFF)


@pytest.fixture
def council(small_oblast):
    return UserFactory(
        role=User.Role.COUNCIL, oblast=small_oblast["oblast"], email="rada@example.org"
    )


def issue_monitoring(data, staff, first=(YEAR, 1), last=(YEAR, 2), **extra):
    return services.report_issue(
        kind=IssuedReport.Kind.MONITORING,
        params={"oblast": data["oblast"].pk, "first": list(first), "last": list(last)},
        issued_by=staff,
        base_url=BASE,
        **extra,
    )


def test_issuing_stores_the_pdf_with_number_hash_and_protected_tables(
    small_oblast, staff, council, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = issue_monitoring(small_oblast, staff)

    pdf = read(report)
    assert report.sha256 == hashlib.sha256(pdf).hexdigest()
    assert report.number.endswith("-001") and "Q" not in report.number
    assert report.issued_by == staff and report.oblast == small_oblast["oblast"]
    text = pdf_text(pdf)
    assert report.number in text and "<5" in text
    lines = {
        line["label"]: line["figures"]
        for section in report.data["sections"]
        for line in section["lines"]
    }
    assert lines["Знам'янка"] == ["<5", 0, "<5"]
    # E-mail with a link, never the file.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["rada@example.org"]
    assert report.number in message.subject
    assert f"{settings.SITE_URL}/reports/issued/{report.pk}/" in message.body
    assert message.attachments == []


def test_numbers_run_on_within_the_quarter(small_oblast, staff):
    first = issue_monitoring(small_oblast, staff)
    second = issue_monitoring(small_oblast, staff)

    assert int(second.number[-3:]) == int(first.number[-3:]) + 1
    assert second.number[:-3] == first.number[:-3]


def test_a_correction_names_the_report_it_replaces_which_is_never_changed(small_oblast, staff):
    original = issue_monitoring(small_oblast, staff)
    stored = (original.sha256, original.file.name)

    correction = issue_monitoring(small_oblast, staff, replaces=original)

    original.refresh_from_db()
    assert correction.replaces == original
    assert original.replaced_by == correction
    assert (original.sha256, original.file.name) == stored
    with pytest.raises(services.ReportError) as refused:
        issue_monitoring(small_oblast, staff, replaces=original)
    assert refused.value.code == "replaced"
    with pytest.raises(ValueError, match="never changed"):
        original.save()


def issue_form(data, **extra):
    return {
        "kind": "monitoring",
        "oblast": data["oblast"].pk,
        "period": f"{YEAR}-H1",
        "narrative": "Стислий огляд.",
        "language": "uk",
        "form_token": uuid.uuid4(),
        **extra,
    }


def test_issue_page_issues_and_redirects(client, small_oblast, staff, settings):
    settings.SITE_URL = "https://portal.example.org"
    client.force_login(staff)

    response = client.post(reverse("reports:issue"), issue_form(small_oblast))

    report = IssuedReport.objects.get()
    assert response.status_code == 302 and response.url == report.get_absolute_url()
    assert report.parameters["narrative"] == "Стислий огляд."
    # The QR code and the footer send the reader to the site's address, not the request's.
    footer = f"https://portal.example.org/verify/?number={report.number}"
    assert footer in pdf_text(read(report)).replace("\n", "")
    assert (report.parameters["first"], report.parameters["last"]) == ([YEAR, 1], [YEAR, 2])
    assert report.period == "I півріччя 2025"


def test_a_monitoring_report_covers_a_fixed_period_only(client, small_oblast, staff):
    # Two issued spans differing by a quarter would give that quarter by subtraction.
    client.force_login(staff)
    issue_url = reverse("reports:issue")
    form = {"kind": "monitoring", "oblast": small_oblast["oblast"].pk, "language": "uk"}

    offered = client.get(issue_url).context["form"].fields["period"].choices
    missing = client.post(issue_url, form)
    a_span = client.post(issue_url, {**form, "first_year": YEAR, "period": f"{YEAR}-Q1-Q3"})

    assert {f"{YEAR}-Q2", f"{YEAR}-H2", str(YEAR)} <= {code for code, _label in offered}
    assert missing.status_code == 400 and "Оберіть період." in missing.content.decode()
    assert a_span.status_code == 400
    with pytest.raises(services.ReportError) as refused:
        issue_monitoring(small_oblast, staff, first=[YEAR, 1], last=[YEAR, 3])
    assert refused.value.code == "period"
    assert "півріччя, рік або весь час проєкту" in refused.value.message
    assert not IssuedReport.objects.exists()


def test_issue_page_carries_a_one_time_token(client, small_oblast, staff):
    client.force_login(staff)

    page = client.get(reverse("reports:issue")).content.decode()

    assert 'name="form_token"' in page


def test_a_double_click_and_a_resubmit_issue_one_report_and_mail_once(
    client, small_oblast, staff, council, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    data = issue_form(small_oblast)

    with django_capture_on_commit_callbacks(execute=True):
        responses = [client.post(reverse("reports:issue"), data) for _ in range(3)]

    report = IssuedReport.objects.get()
    assert [response.status_code for response in responses] == [302, 302, 302]
    assert {response.url for response in responses} == {report.get_absolute_url()}
    assert len(mail.outbox) == 1
    page = client.get(responses[-1].url).content.decode()
    assert "Цю форму вже було збережено" in page


def test_an_issue_without_its_token_is_refused_and_issues_nothing(client, small_oblast, staff):
    client.force_login(staff)
    data = issue_form(small_oblast)
    del data["form_token"]

    response = client.post(reverse("reports:issue"), data)

    assert response.status_code == 400
    assert "Сторінка була неповна або застаріла" in response.content.decode()
    assert not IssuedReport.objects.exists()


def test_a_refused_issue_can_be_sent_again_with_the_same_form(client, small_oblast, staff):
    # The refusal rolled its token back: the corrected form is not taken for a repeat.
    original = IssuedReportFactory(oblast=small_oblast["oblast"])
    IssuedReportFactory(oblast=small_oblast["oblast"], replaces=original)
    client.force_login(staff)
    data = issue_form(small_oblast, replaces=original.number)

    refused = client.post(reverse("reports:issue"), data)
    data["replaces"] = ""
    issued = client.post(reverse("reports:issue"), data)

    assert refused.status_code == 400 and issued.status_code == 302
    assert IssuedReport.objects.count() == 3


def test_issue_page_refuses_bad_input_and_writes_nothing(client, small_oblast, staff):
    client.force_login(staff)

    response = client.post(reverse("reports:issue"), {"kind": "progress", "language": "uk"})

    assert response.status_code == 400
    assert "Оберіть область." in response.content.decode()
    assert not IssuedReport.objects.exists()


def test_a_community_profile_is_not_offered_for_issue(client, small_oblast, staff):
    # Its figures are exact: it is downloaded from the community's page, never issued.
    client.force_login(staff)

    response = client.post(
        reverse("reports:issue"),
        {"kind": "profile", "oblast": small_oblast["oblast"].pk, "language": "uk"},
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert 'value="profile"' not in page
    assert "Оберіть правильний варіант: profile немає серед запропонованих." in page
    assert not IssuedReport.objects.exists()


def test_council_lists_and_downloads_its_oblasts_reports_only(client, small_oblast, council):
    own = IssuedReportFactory(oblast=small_oblast["oblast"], title="Наш звіт")
    other = IssuedReportFactory(oblast=OblastFactory(katottg="UA18000000000041385"))
    client.force_login(council)

    page = client.get(reverse("reports:issued_list")).content.decode()
    assert own.number in page and other.number not in page
    response = client.get(reverse("reports:issued_pdf", args=[own.pk]))
    # Reading to the end makes the test client close the response and its file.
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    for name in ("reports:issued_detail", "reports:issued_pdf", "reports:issued_xlsx"):
        assert client.get(reverse(name, args=[other.pk])).status_code == 404


def test_the_xlsx_carries_the_same_protection_as_the_pdf(client, small_oblast, staff, council):
    report = issue_monitoring(small_oblast, staff)
    client.force_login(council)

    response = client.get(reverse("reports:issued_xlsx", args=[report.pk]))

    workbook = load_workbook(io.BytesIO(response.content))
    values = [
        cell
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
    ]
    assert "<5" in values
    rows = {
        row[0]: row[1:]
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
    }
    assert list(rows["Знам'янка"][:3]) == ["<5", 0, "<5"]


def test_a_worker_may_not_list_the_register(client, small_oblast):
    client.force_login(UserFactory(role=User.Role.WORKER, communities=[small_oblast["a"]]))
    assert client.get(reverse("reports:issued_list")).status_code == 403


def test_the_register_list_costs_the_same_queries_for_many_reports(
    client, small_oblast, council, django_assert_num_queries
):
    for _ in range(3):
        IssuedReportFactory(oblast=small_oblast["oblast"])
    client.force_login(council)
    # session, user, reports joined with issuer, replaced and replacement.
    with django_assert_num_queries(3):
        client.get(reverse("reports:issued_list"))
    for _ in range(10):
        IssuedReportFactory(oblast=small_oblast["oblast"])
    with django_assert_num_queries(3):
        client.get(reverse("reports:issued_list"))


# Verification ----------------------------------------------------------------------------


@pytest.fixture
def issued(db):
    return IssuedReportFactory()


def test_verifying_a_genuine_file(client, issued):
    upload = SimpleUploadedFile("r.pdf", read(issued), content_type="application/pdf")

    page = client.post(reverse("reports:verify"), {"file": upload}).content.decode()

    assert "Справжній" in page and issued.number in page
    assert "Його не замінено." in page
    assert issued.title not in page  # nothing beyond number, kind, date, replacement


def test_verifying_a_changed_file(client, issued):
    changed = read(issued) + b" "
    upload = SimpleUploadedFile("r.pdf", changed, content_type="application/pdf")

    page = client.post(reverse("reports:verify"), {"file": upload}).content.decode()

    assert "Не знайдено" in page and issued.number not in page


def test_verifying_by_hash_known_unknown_and_malformed(client, issued):
    known = client.get(reverse("reports:verify"), {"sha256": issued.sha256}).content.decode()
    unknown = client.get(reverse("reports:verify"), {"sha256": "0" * 64}).content.decode()
    malformed = client.get(reverse("reports:verify"), {"sha256": "xyz"})

    assert issued.number in known
    assert "Не знайдено" in unknown
    assert malformed.status_code == 400


def test_a_replaced_report_says_so_when_verified(client, issued):
    correction = IssuedReportFactory(replaces=issued, oblast=issued.oblast)

    page = client.get(reverse("reports:verify"), {"sha256": issued.sha256}).content.decode()

    assert f"Пізніше його замінено звітом {correction.number}." in page


def test_the_qr_number_says_which_report_it_is_and_asks_for_the_file(client, issued):
    page = client.get(reverse("reports:verify"), {"number": issued.number}).content.decode()
    unknown = client.get(reverse("reports:verify"), {"number": "1999-Q1-001"}).content.decode()

    assert issued.number in page and "Завантажте файл" in page
    assert "немає звіту з таким номером" in unknown


def test_verification_is_rate_limited_per_address(client, issued, settings):
    settings.VERIFY_RATE_LIMIT = 3
    url = reverse("reports:verify")
    statuses = [client.get(url, {"sha256": issued.sha256}).status_code for _ in range(4)]
    other = client.get(url, {"sha256": issued.sha256}, REMOTE_ADDR="10.0.0.9").status_code

    assert statuses == [200, 200, 200, 429]
    assert other == 200


# The public page ------------------------------------------------------------------------------


def test_the_public_page_shows_only_issued_data(client, small_oblast, staff):
    page = client.get(reverse("reports:public")).content.decode()
    assert "Жодного звіту ще не видано." in page
    assert "Бурин" not in page  # live data is never shown

    report = services.report_issue(
        kind=IssuedReport.Kind.PROGRESS,
        params={"oblast": small_oblast["oblast"].pk},
        issued_by=staff,
        base_url=BASE,
    )
    issue_monitoring(small_oblast, staff)
    small_oblast["a"].name = "Перейменована"
    small_oblast["a"].save()

    page = client.get(reverse("reports:public")).content.decode()
    assert "Бурин" in page and "Перейменована" not in page  # the snapshot, not live data
    assert report.number in page and "CC BY 4.0" in page
    figures = page[page.index('id="public-figures"') :]
    assert "Особи, виявлені" in figures and ">31<" in figures
    data = client.get(reverse("reports:public_json")).json()
    assert data["licence"]["name"] == "CC-BY-4.0"
    assert {row["name"] for row in data["communities"]} == {"Бурин", "Знам'янка", "Згорани"}
    csv_text = client.get(reverse("reports:public_csv")).content.decode()
    assert "Згорани" in csv_text


def test_council_never_gets_an_exact_small_count_through_pdf_or_xlsx(client, catalogue, staff):
    # Every community's count is small: the tables around them must give nothing away.
    from communities.tests.factories import CommunityFactory, RaionFactory
    from league.reports.tests.conftest import add_report
    from monitoring.tests.factories import period_for

    oblast = OblastFactory()
    council = UserFactory(role=User.Role.COUNCIL, oblast=oblast)
    names = ["Альфа", "Бета", "Гамма", "Дельта", "Епсилон", "Зета", "Ета", "Тета", "Йота"]
    quarter = period_for(YEAR, 1)
    raions = [RaionFactory(oblast=oblast, name=name) for name in ("Північний", "Південний")]
    for index, name in enumerate(names):
        raion = raions[index % 2]
        community = CommunityFactory(raion=raion, name=name)
        small = 1 + index % 4
        add_report(
            community,
            quarter,
            "approved",
            {"IDENTIFIED": small, ("IDENTIFIED", "exploitation", "labour"): small},
        )
    report = services.report_issue(
        kind=IssuedReport.Kind.MONITORING,
        params={"oblast": oblast.pk, "first": [YEAR, 1], "last": [YEAR, 1]},
        issued_by=staff,
        base_url=BASE,
    )
    client.force_login(council)

    pdf_response = client.get(reverse("reports:issued_pdf", args=[report.pk]))
    text = pdf_text(b"".join(pdf_response.streaming_content))
    community_lines = [line for line in text.splitlines() if line.split(" ")[0] in names]
    assert len(community_lines) >= len(names)
    for line in community_lines:
        assert not set(line.split(" ")[1:]) & {"1", "2", "3", "4"}, line
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("reports:issued_xlsx", args=[report.pk])).content)
    )
    checked = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            if row[0] in names:
                checked += 1
                assert not set(row[1:]) & {1, 2, 3, 4}, row
    assert checked >= len(names)


def test_staff_open_a_correction_from_the_entry_and_council_cannot(client, small_oblast, staff):
    report = IssuedReportFactory(oblast=small_oblast["oblast"])
    client.force_login(staff)

    page = client.get(report.get_absolute_url()).content.decode()
    form = client.get(reverse("reports:issue"), {"replaces": report.number}).content.decode()

    assert f"?replaces={report.number}" in page
    assert f'value="{report.number}"' in form
    client.force_login(UserFactory(role=User.Role.COUNCIL, oblast=small_oblast["oblast"]))
    assert "issue-correction" not in client.get(report.get_absolute_url()).content.decode()


def test_the_public_page_explains_its_markers_and_leads_to_verification(
    client, small_oblast, staff
):
    issue_monitoring(small_oblast, staff)
    page = client.get(reverse("reports:public")).content.decode()
    markers = page[page.index('id="public-markers"') :]
    assert "<dt>&lt;5</dt>" in markers and "від 1 до 4 осіб" in markers
    assert "<dt>×</dt>" in markers and "приховано, щоб малі числа" in markers
    assert f'href="{reverse("reports:verify")}"' in page
    assert '<meta name="description" content="Що територіальні громади' in page


def test_the_public_pages_and_the_log_in_page_lead_to_each_other(client, db):
    public, verify = reverse("reports:public"), reverse("reports:verify")
    login = client.get(reverse("login")).content.decode()
    assert f'href="{public}"' in login and f'href="{verify}"' in login
    verify_page = client.get(verify).content.decode()
    assert f'href="{public}"' in verify_page
    assert '<meta name="description" content="Перевірте, чи PDF' in verify_page
    assert f'href="{verify}"' in client.get(public).content.decode()


def test_register_numbers_write_the_quarter_in_roman_numerals(small_oblast, staff):
    import re

    report = issue_monitoring(small_oblast, staff)
    assert re.fullmatch(r"\d{4}-(I|II|III|IV)-001", report.number)
    assert "Q" not in report.number


def test_a_number_issued_with_a_latin_q_is_still_found_and_counted(client, small_oblast, staff):
    """Numbers issued before are printed on their PDFs and stay as they are; /verify/ finds
    them by either spelling, and the quarter's sequence runs on after them."""
    from league.reports.services import ROMAN_QUARTERS, next_number
    from monitoring.models import quarter_of

    year, quarter = quarter_of(timezone.localdate())
    old = IssuedReportFactory(oblast=small_oblast["oblast"], number=f"{year}-Q{quarter}-004")
    assert next_number(timezone.now()) == f"{year}-{ROMAN_QUARTERS[quarter]}-005"
    for asked in (old.number, f"{year}-{ROMAN_QUARTERS[quarter]}-004"):
        page = client.get(reverse("reports:verify"), {"number": asked}).content.decode()
        assert "Завантажте файл" in page and old.number in page
