"""Reading a participants file (CSV or XLSX) into checked rows, and writing its template.

Nothing here touches the database except to look communities up; the all-or-nothing
write is services.participants_import.
"""

import csv
import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from communities.models import Community
from league import tables
from league.tables import TableRefused as ImportRefused
from roundtables.models import Participation, Person, person_name_key

# (column, what it holds): the header row of the file, in this order; shown on the page.
COLUMNS = [
    ("full_name", gettext_lazy("Full name (required)")),
    ("position", gettext_lazy("Position (required)")),
    ("organisation", gettext_lazy("Organisation")),
    (
        "community_katottg",
        gettext_lazy("KATOTTG code of the person's community (required), e.g. UA59080270000073662"),
    ),
    ("category", gettext_lazy("Category (required): one of the categories listed below")),
    ("status", gettext_lazy("Participation: invited (default), confirmed, attended or absent")),
    ("phone", gettext_lazy("Phone: only with consent")),
    ("email", gettext_lazy("Email: only with consent")),
    ("consent", gettext_lazy("Consent to storing phone and email: yes or no (default no)")),
]
COLUMN_NAMES = [name for name, _description in COLUMNS]
REQUIRED = ("full_name", "position", "community_katottg", "category")
MAX_ROWS = 2000
YES = {"yes", "так", "y", "1", "true", "+"}
NO = {"no", "ні", "n", "0", "false", "-", ""}


@dataclass(frozen=True)
class ParticipantRow:
    number: int
    full_name: str
    position: str
    organisation: str
    community: Community
    category: str
    status: str
    phone: str
    email: str
    consent: bool


def _choice_lookup(choices) -> dict[str, str]:
    """Accept a choice by its code or by its label in any of the portal's languages,
    in any case."""
    lookup = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for value, label in choices:
                lookup[value.casefold()] = value
                lookup[str(label).casefold()] = value
    return lookup


def read_table(uploaded) -> list[list[str]]:
    """The rows of an uploaded CSV or XLSX file, header first (see league.tables)."""
    return tables.read_table(uploaded, max_rows=MAX_ROWS)


def parse_rows(
    table: list[list[str]], *, oblast_id: int, has_taken_place: bool
) -> list[ParticipantRow]:
    """Check every row; raise ImportRefused listing every problem by row number.
    Two queries: the communities named in the file, nothing else."""
    while table and not any(table[-1]):
        table.pop()  # trailing empty rows, common in spreadsheets
    if not table:
        raise ImportRefused([_("The file is empty.")])
    header = [name.strip().lower() for name in table[0]]
    while header and not header[-1]:
        header.pop()
    missing = [name for name in COLUMN_NAMES if name not in header]
    unknown = [name for name in header if name not in COLUMN_NAMES]
    if missing or unknown:
        raise ImportRefused(
            [
                _("Wrong columns: expected %(expected)s, found %(found)s.")
                % {"expected": ", ".join(COLUMN_NAMES), "found": ", ".join(header) or _("nothing")}
            ]
        )
    data = [(number, row) for number, row in enumerate(table[1:], start=2) if any(row)]
    if not data:
        raise ImportRefused([_("The file has a header but no participants.")])
    if len(data) > MAX_ROWS:
        raise ImportRefused(
            [_("The file has more than %(limit)s rows; split it.") % {"limit": MAX_ROWS}]
        )

    records = [
        (
            number,
            {name: (row[index] if index < len(row) else "") for index, name in enumerate(header)},
        )
        for number, row in data
    ]
    codes = {record["community_katottg"] for _number, record in records}
    communities = {
        community.katottg: community
        for community in Community.objects.filter(katottg__in=codes).select_related("raion")
    }
    categories = _choice_lookup(Person.Category.choices)
    statuses = _choice_lookup(Participation.Status.choices)
    errors: list[str] = []
    parsed: list[ParticipantRow] = []
    first_row_of: dict[tuple, int] = {}

    def refuse(number, message):
        errors.append(_("Row %(row)s: %(problem)s.") % {"row": number, "problem": message})

    for number, record in records:
        errors_before = len(errors)
        for column in REQUIRED:
            if not record[column]:
                refuse(number, _("%(column)s is empty") % {"column": column})
        community = communities.get(record["community_katottg"])
        if record["community_katottg"] and community is None:
            refuse(
                number,
                _("no community has the KATOTTG code %(code)r")
                % {"code": record["community_katottg"]},
            )
        elif community is not None and community.raion.oblast_id != oblast_id:
            refuse(
                number,
                _("community %(name)s lies outside this round table's oblast")
                % {"name": community.name},
            )
        category = categories.get(record["category"].casefold())
        if record["category"] and category is None:
            refuse(number, _("unknown category %(value)r") % {"value": record["category"]})
        status = statuses.get((record["status"] or "invited").casefold())
        if status is None:
            refuse(number, _("unknown status %(value)r") % {"value": record["status"]})
        elif (
            status in (Participation.Status.ATTENDED, Participation.Status.ABSENT)
            and not has_taken_place
        ):
            refuse(number, _("attendance cannot be recorded before the round table takes place"))
        consent_text = record["consent"].casefold()
        if consent_text not in YES | NO:
            refuse(
                number, _("consent must be yes or no, not %(value)r") % {"value": record["consent"]}
            )
        consent = consent_text in YES
        if (record["phone"] or record["email"]) and not consent:
            refuse(number, _("phone and email may be stored only with consent"))
        if record["email"]:
            try:
                validate_email(record["email"])
            except ValidationError:
                refuse(number, _("%(value)r is not an email address") % {"value": record["email"]})
        for column in ("full_name", "position", "organisation", "phone", "email"):
            limit = Person._meta.get_field(column).max_length  # the form's limit too
            if len(record[column]) > limit:
                refuse(
                    number,
                    _("%(column)s is longer than %(limit)s characters")
                    % {"column": column, "limit": limit},
                )
        if record["full_name"] and community is not None:
            key = (person_name_key(record["full_name"]), community.pk)
            if key in first_row_of:
                refuse(
                    number,
                    _("the same person as in row %(first)s") % {"first": first_row_of[key]},
                )
            first_row_of.setdefault(key, number)
        if len(errors) == errors_before:
            parsed.append(
                ParticipantRow(
                    number=number,
                    full_name=" ".join(record["full_name"].split()),
                    position=record["position"],
                    organisation=record["organisation"],
                    community=community,
                    category=category,
                    status=status,
                    phone=record["phone"],
                    email=record["email"],
                    consent=consent,
                )
            )
    if errors:
        raise ImportRefused(errors)
    return parsed


def template_csv() -> bytes:
    """The header row, UTF-8 with a byte-order mark so that Excel opens it as UTF-8."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow(COLUMN_NAMES)
    return buffer.getvalue().encode("utf-8-sig")


def template_xlsx() -> bytes:
    """A workbook whose first sheet has the header row; a second sheet lists the
    accepted categories and statuses (only the first sheet is read on import)."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Participants")[:31]
    sheet.append(COLUMN_NAMES)
    for index, _name in enumerate(COLUMN_NAMES, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = 24
    reference = workbook.create_sheet(_("Reference")[:31])
    reference.append([_("Column"), _("What it holds")])
    for name, description in COLUMNS:
        reference.append(tables.neutralise_row([name, str(description)]))
    reference.append([])
    reference.append([_("Category"), _("Code")])
    for value, label in Person.Category.choices:
        reference.append(tables.neutralise_row([str(label), value]))
    reference.append([])
    reference.append([_("Status"), _("Code")])
    for value, label in Participation.Status.choices:
        reference.append(tables.neutralise_row([str(label), value]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
