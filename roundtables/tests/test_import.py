"""Importing a round table's participants from CSV or XLSX: all or nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from roundtables.importing import COLUMN_NAMES
from roundtables.models import Participation, Person
from roundtables.tests.factories import EXE_BYTES, PersonFactory, PlannedRoundTableFactory

pytestmark = pytest.mark.django_db


def import_url(round_table):
    return reverse("roundtables:participant_import", args=[round_table.pk])


def rows(cast):
    a, b = cast.community_a.katottg, cast.community_b.katottg
    return [
        [
            "Бойко Ірина Петрівна",
            "Міська голова",
            "Сумська міська рада",
            a,
            "head",
            "attended",
            "+380 50 000 0001",
            "",
            "так",
        ],
        ["Мороз Олег", "Інспектор", "ГУНП", a, "police", "", "", "", ""],
        [
            "Кравченко Алла",
            "Фахівчиня",
            "",
            b,
            "Social-work specialist",
            "absent",
            "",
            "alla@example.org",
            "yes",
        ],
    ]


def as_csv(table, delimiter=",", encoding="utf-8") -> bytes:
    lines = [delimiter.join(COLUMN_NAMES)] + [delimiter.join(row) for row in table]
    return "\n".join(lines).encode(encoding)


def as_xlsx(table) -> bytes:
    workbook = Workbook()
    workbook.active.append(COLUMN_NAMES)
    for row in table:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def post(client, round_table, content, name="people.csv"):
    return client.post(import_url(round_table), {"file": SimpleUploadedFile(name, content)})


@pytest.mark.parametrize(
    "encode",
    [
        as_csv,
        lambda table: as_csv(table, delimiter=";", encoding="cp1251"),  # Excel, Ukrainian locale
        as_xlsx,
    ],
    ids=["csv", "csv-cp1251-semicolon", "xlsx"],
)
def test_staff_import_participants(client_for, cast, round_table_a, encode):
    known = PersonFactory(full_name="Мороз Олег", community=cast.community_a, position="Дільничний")
    response = post(client_for("staff"), round_table_a, encode(rows(cast)))
    assert response.status_code == 302, response.context["errors"]
    statuses = dict(round_table_a.participations.values_list("person__full_name", "status"))
    assert statuses == {
        "Бойко Ірина Петрівна": Participation.Status.ATTENDED,
        "Мороз Олег": Participation.Status.INVITED,
        "Кравченко Алла": Participation.Status.ABSENT,
    }
    assert Person.objects.count() == 3  # the known one reused
    known.refresh_from_db()
    assert (known.position, known.category) == ("Інспектор", "police")
    head = Person.objects.get(full_name="Бойко Ірина Петрівна")
    assert (head.phone, head.consent_to_contacts) == ("+380 50 000 0001", True)
    assert head.history.latest().history_user == cast.staff


def bad_rows(cast):
    a = cast.community_a.katottg
    return [
        *rows(cast),
        ["", "Староста", "", a, "other", "", "", "", ""],
        ["Петренко Іван", "Староста", "", "UA00000000000000000", "other", "", "", "", ""],
        ["Петренко Ганна", "Староста", "", a, "astronaut", "", "", "", ""],
        ["Петренко Юрій", "Староста", "", a, "other", "", "+380 50 1", "", "ні"],
        ["бойко ірина петрівна", "Голова", "", a, "head", "", "", "", ""],
    ]


@pytest.mark.parametrize("encode", [as_csv, as_xlsx], ids=["csv", "xlsx"])
def test_bad_rows_are_reported_by_number_and_nothing_is_saved(
    client_for, cast, round_table_a, encode
):
    response = post(client_for("staff"), round_table_a, encode(bad_rows(cast)), name="people.xlsx")
    assert response.status_code == 200
    errors = response.context["errors"]
    assert errors == [
        "Row 5: full_name is empty.",
        "Row 6: no community has the KATOTTG code 'UA00000000000000000'.",
        "Row 7: unknown category 'astronaut'.",
        "Row 8: phone and email may be stored only with consent.",
        "Row 9: the same person as in row 2.",
    ]
    page = response.content.decode()
    # Said once, above the list of rows (not again as a message).
    assert page.count("The file was refused and nothing was saved.") == 1
    assert "Row 7: unknown category" in page
    assert not Person.objects.exists() and not Participation.objects.exists()


def test_a_write_time_failure_rolls_back_every_row(client_for, cast, round_table_a):
    """A row that passes the file checks but fails the model's own (an email the database
    field refuses by length) still leaves nothing behind."""
    table = rows(cast)
    table[2][7] = "a" * 250 + "@example.org"
    response = post(client_for("staff"), round_table_a, as_csv(table))
    assert response.status_code == 200 and response.context["errors"]
    assert not Person.objects.exists() and not Participation.objects.exists()


def test_attendance_cannot_be_imported_before_the_meeting(client_for, cast):
    planned = PlannedRoundTableFactory(venue_community=cast.community_a)
    response = post(client_for("staff"), planned, as_csv(rows(cast)))
    assert response.context["errors"] == [
        "Row 2: attendance cannot be recorded before the round table takes place.",
        "Row 4: attendance cannot be recorded before the round table takes place.",
    ]
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"name,position\nx,y\n", "Wrong columns"),
        (",".join(COLUMN_NAMES).encode(), "The file has a header but no participants."),
        (b"", "The submitted file is empty."),
        (EXE_BYTES, "This is neither a CSV nor an XLSX file."),
        (b"PK\x03\x04not really a workbook", "The XLSX file could not be read."),
    ],
)
def test_unusable_files_are_refused(client_for, round_table_a, content, message):
    response = post(client_for("staff"), round_table_a, content)
    assert message in response.content.decode()
    assert not Person.objects.exists()


def test_other_oblasts_communities_are_refused(
    client_for, cast, round_table_a, other_oblast_round_table
):
    elsewhere = other_oblast_round_table.venue_community
    table = [["Гайдай Ірина", "Староста", "", elsewhere.katottg, "other", "", "", "", ""]]
    response = post(client_for("staff"), round_table_a, as_csv(table))
    assert response.context["errors"] == [
        f"Row 2: community {elsewhere.name} lies outside this round table's oblast."
    ]


def test_the_page_documents_the_columns(client_for, round_table_a):
    page = client_for("staff").get(import_url(round_table_a)).content.decode()
    for column in COLUMN_NAMES:
        assert f"<code>{column}</code>" in page
    assert reverse("roundtables:import_template", args=["xlsx"]) in page


def test_the_templates_carry_the_header(client_for):
    client = client_for("staff")
    csv_response = client.get(reverse("roundtables:import_template", args=["csv"]))
    assert csv_response.content.decode("utf-8-sig").strip() == ",".join(COLUMN_NAMES)
    xlsx = client.get(reverse("roundtables:import_template", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    assert [cell.value for cell in sheet[1]] == COLUMN_NAMES
    assert client.get(reverse("roundtables:import_template", args=["doc"])).status_code == 404


def test_a_filled_in_template_imports(client_for, cast, round_table_a):
    client = client_for("staff")
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("roundtables:import_template", args=["xlsx"])).content)
    )
    workbook.worksheets[0].append(rows(cast)[1])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert post(client, round_table_a, buffer.getvalue(), name="filled.xlsx").status_code == 302
    assert round_table_a.participations.get().person.full_name == "Мороз Олег"


@pytest.mark.parametrize(
    ("role", "status"), [("worker_a", 403), ("worker_b", 404), ("council", 403)]
)
def test_only_staff_import(client_for, cast, round_table_a, role, status):
    assert post(client_for(role), round_table_a, as_csv(rows(cast))).status_code == status
    assert not Person.objects.exists()


def test_ukrainian_labels_are_accepted_whatever_the_page_language(client_for, cast, round_table_a):
    table = [["Гайдай Ірина", "Інспекторка", "", cast.community_a.katottg, "Поліція", "присутній",
              "", "", "ні"]]  # fmt: skip
    assert post(client_for("staff"), round_table_a, as_csv(table)).status_code == 302
    participation = round_table_a.participations.get()
    assert (participation.person.category, participation.status) == ("police", "attended")


def test_a_formula_in_the_file_is_refused_with_its_cell_and_nothing_saved(
    client_for, cast, round_table_a
):
    table = rows(cast)
    table[1][1] = "=B2"  # a position copied by formula from the row above
    response = post(client_for("staff"), round_table_a, as_xlsx(table), name="people.xlsx")
    assert response.status_code == 200
    assert "B3" in response.context["errors"][0] and "formula" in response.context["errors"][0]
    assert not Person.objects.exists() and not Participation.objects.exists()


def test_texts_longer_than_the_form_allows_are_refused_by_row(client_for, cast, round_table_a):
    table = rows(cast)
    table[0][2] = "О" * 301
    response = post(client_for("staff"), round_table_a, as_csv(table))
    assert response.context["errors"] == ["Row 2: organisation is longer than 300 characters."]
    assert not Person.objects.exists()


def test_the_import_message_counts_in_ukrainian_plurals(client_for, cast, round_table_a, settings):
    settings.LANGUAGE_CODE = "uk"
    client = client_for("staff")
    response = post(client, round_table_a, as_csv(rows(cast)))
    page = client.get(response.url).content.decode()
    assert "Імпортовано 3 учасники (нових у реєстрі: 3)." in page


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (1, "Імпортовано 1 учасника"),
        (3, "Імпортовано 3 учасники"),
        (5, "Імпортовано 5 учасників"),
        (11, "Імпортовано 11 учасників"),
        (21, "Імпортовано 21 учасника"),
        (24, "Імпортовано 24 учасники"),
    ],
)
def test_each_plural_form_of_the_import_message(count, expected):
    from django.utils import translation
    from django.utils.translation import npgettext

    with translation.override("uk"):
        message = npgettext(
            "import",
            "%(count)s participant imported (%(created)s new in the register).",
            "%(count)s participants imported (%(created)s new in the register).",
            count,
        ) % {"count": count, "created": 0}
    assert message.startswith(expected + " ")
