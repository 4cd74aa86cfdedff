"""Writes to the community register: reference-data import, the register kept in the
admin, and contact people."""

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from communities.models import KATOTTG_PATTERN, Community, ContactPerson, FormerRaion, Oblast, Raion
from league import tables
from league.domain import DomainError, save_record, validated_save

DATA_DIR = Path(__file__).resolve().parent / "data"
SUMY_COMMUNITIES_CSV = DATA_DIR / "sumy_hromadas.csv"
SUMY_FORMER_RAIONS_CSV = DATA_DIR / "sumy_raions_2016.csv"
SUMY_OBLAST_NAME = "Сумська"
SUMY_OBLAST_KATOTTG = "UA59000000000057109"
POPULATION_YEAR = 2022
# Ukraine has 1,469 communities; a reference file many times longer is a mistake.
MAX_ROWS = 10_000
MAX_POPULATION = 10_000_000

COMMUNITY_COLUMNS = ["katottg", "name_uk", "type", "raion_uk", "centre_uk", "population"]
FORMER_RAION_COLUMNS = ["koatuu", "raion_uk", "centre_uk", "raion_2020_uk", "hromadas_uk"]
# The reference files name types by their Ukrainian adjective.
TYPE_BY_LABEL = {
    "міська": Community.Type.URBAN,
    "селищна": Community.Type.SETTLEMENT,
    "сільська": Community.Type.RURAL,
}


class CommunityImportError(DomainError):
    """A reference file was refused; `errors` name each row and its problem."""

    code = "import_refused"

    def __init__(self, errors: list[str]):
        self.errors = tables.cap_errors(errors)
        super().__init__("\n".join(self.errors))


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


def _read_rows(file: TextIO, columns: list[str]) -> list[tuple[int, dict[str, str]]]:
    """(row number, {column: text}) for each row; CommunityImportError for a file that
    cannot be read, has other columns, or passes the row or cell limits."""
    try:
        reader = csv.DictReader(file)
        fieldnames = reader.fieldnames
        if fieldnames is None or [name.strip() for name in fieldnames] != columns:
            raise CommunityImportError(
                [
                    _("Wrong columns: expected %(expected)s, found %(found)s.")
                    % {
                        "expected": ",".join(columns),
                        "found": ",".join(fieldnames or [])[:200] or _("nothing"),
                    }
                ]
            )
        rows = []
        # Row 1 is the header, so data rows are numbered from 2 as in a spreadsheet.
        for number, row in enumerate(reader, start=2):
            if number > MAX_ROWS + 1:
                raise CommunityImportError(
                    [_("The file has more than %(limit)s rows; split it.") % {"limit": MAX_ROWS}]
                )
            cells = {key.strip(): (value or "").strip() for key, value in row.items() if key}
            for value in cells.values():
                if len(value) > tables.MAX_CELL_CHARS or "\x00" in value:
                    raise CommunityImportError(
                        [
                            _("Row %(row)s: a cell is too long or holds a control character.")
                            % {"row": number}
                        ]
                    )
            rows.append((number, cells))
    except (csv.Error, UnicodeDecodeError) as error:
        raise CommunityImportError(
            [_("The file could not be read as UTF-8 CSV: %(problem)s.") % {"problem": error}]
        ) from None
    return rows


def _too_long(number: int, model, field: str, value: str) -> list[str]:
    limit = model._meta.get_field(field).max_length
    if len(value) <= limit:
        return []
    return [
        _("Row %(row)s: %(value)r is longer than %(limit)s characters.")
        % {"row": number, "value": value[:50], "limit": limit}
    ]


def _parse_community_row(number: int, row: dict[str, str]) -> tuple[dict, list[str]]:
    errors = []
    code = row["katottg"]
    if not re.fullmatch(KATOTTG_PATTERN, code, re.ASCII):
        errors.append(
            _("Row %(row)s: malformed KATOTTG code %(code)r (UA and 17 digits expected).")
            % {"row": number, "code": code}
        )
    kind = TYPE_BY_LABEL.get(row["type"])
    if kind is None:
        errors.append(
            _("Row %(row)s: unknown community type %(type)r (expected one of: %(known)s).")
            % {"row": number, "type": row["type"], "known": ", ".join(TYPE_BY_LABEL)}
        )
    for column, model, field in (
        ("name_uk", Community, "name"),
        ("raion_uk", Raion, "name"),
        ("centre_uk", Community, "centre"),
    ):
        if not row[column]:
            errors.append(
                _("Row %(row)s: %(column)s is empty.") % {"row": number, "column": column}
            )
        errors.extend(_too_long(number, model, field, row[column]))
    population = None
    if row["population"]:
        try:
            population = tables.parse_count(row["population"], maximum=MAX_POPULATION)
        except tables.CellError as error:
            errors.append(
                _("Row %(row)s: population: %(problem)s.") % {"row": number, "problem": error}
            )
    fields = {
        "katottg": code,
        "name": row["name_uk"],
        "type": kind,
        "raion": row["raion_uk"],
        "centre": row["centre_uk"],
        "population": population,
    }
    return fields, errors


def communities_import_csv(
    *,
    file: TextIO,
    oblast_name: str,
    oblast_katottg: str,
    population_year: int = POPULATION_YEAR,
) -> ImportResult:
    """Create or update an oblast's raions and communities from a reference CSV.

    All or nothing: any bad row refuses the whole file with a message per problem.
    Communities are matched by KATOTTG code, so running it again updates, never duplicates.
    """
    rows = _read_rows(file, COMMUNITY_COLUMNS)
    errors: list[str] = []
    parsed = []
    first_row_of_code: dict[str, int] = {}
    if not re.fullmatch(KATOTTG_PATTERN, oblast_katottg, re.ASCII):
        errors.append(_("Malformed oblast KATOTTG code %(code)r.") % {"code": oblast_katottg})
    if not oblast_name.strip() or len(oblast_name) > Oblast._meta.get_field("name").max_length:
        errors.append(_("The oblast needs a name of at most 100 characters."))
    for number, row in rows:
        fields, row_errors = _parse_community_row(number, row)
        code = fields["katottg"]
        if code in first_row_of_code:
            row_errors.append(
                _("Row %(row)s: duplicate KATOTTG code %(code)s (first in row %(first)s).")
                % {"row": number, "code": code, "first": first_row_of_code[code]}
            )
        first_row_of_code.setdefault(code, number)
        errors.extend(row_errors)
        parsed.append(fields)
    if not rows:
        errors.append(_("The file has no communities."))
    if errors:
        raise CommunityImportError(errors)

    try:
        return _communities_write(parsed, oblast_name, oblast_katottg, population_year)
    except ValidationError as error:
        # A rule of the models that the checks above did not foresee: still all or nothing.
        raise CommunityImportError(
            [
                f"{field}: {message}"
                for field, messages in error.message_dict.items()
                for message in messages
            ]
        ) from None


def _communities_write(parsed, oblast_name, oblast_katottg, population_year) -> ImportResult:
    created = updated = 0
    with transaction.atomic():
        oblast, _created = Oblast.objects.update_or_create(
            katottg=oblast_katottg, defaults={"name": oblast_name}
        )
        raions = {}
        for name in sorted({fields["raion"] for fields in parsed}):
            raions[name], _created = Raion.objects.get_or_create(oblast=oblast, name=name)
        for fields in parsed:
            community = Community.objects.filter(katottg=fields["katottg"]).first()
            if community is None:
                community = Community(katottg=fields["katottg"])
                created += 1
            else:
                updated += 1
            community.name = fields["name"]
            community.type = fields["type"]
            community.raion = raions[fields["raion"]]
            community.centre = fields["centre"]
            community.population = fields["population"]
            community.population_year = population_year if fields["population"] else None
            community.full_clean()
            community.save()
    return ImportResult(created=created, updated=updated)


def _find_community(label: str, by_name: dict[str, list[Community]]) -> Community | str:
    """Match 'Name' or 'Name (type)' to one community; on failure, say why."""
    match = re.fullmatch(r"(.+?)\s*\((\w+)\)", label)
    name, type_label = (match.group(1), match.group(2)) if match else (label, None)
    candidates = by_name.get(name, [])
    if type_label:
        kind = TYPE_BY_LABEL.get(type_label)
        candidates = [community for community in candidates if community.type == kind]
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        return _("no community called %(name)r") % {"name": label}
    return _("%(name)r is ambiguous: add the type in brackets") % {"name": label}


def former_raions_import_csv(*, file: TextIO, oblast_katottg: str) -> ImportResult:
    """Create or update the raions of 2016 and the present communities on each.

    Needs the oblast's communities imported first. All or nothing, like the community import.
    """
    rows = _read_rows(file, FORMER_RAION_COLUMNS)
    oblast = Oblast.objects.filter(katottg=oblast_katottg).first()
    if oblast is None:
        raise CommunityImportError(
            [_("Import the communities of oblast %(code)s first.") % {"code": oblast_katottg}]
        )
    raions = {raion.name: raion for raion in oblast.raions.all()}
    by_name: dict[str, list[Community]] = {}
    for community in Community.objects.filter(raion__oblast=oblast):
        by_name.setdefault(community.name, []).append(community)

    errors: list[str] = []
    parsed = []
    for number, row in rows:
        errors.extend(_too_long(number, FormerRaion, "name", row["raion_uk"]))
        errors.extend(_too_long(number, FormerRaion, "centre", row["centre_uk"]))
        if not row["raion_uk"]:
            errors.append(
                _("Row %(row)s: %(column)s is empty.") % {"row": number, "column": "raion_uk"}
            )
        if not re.fullmatch(r"[0-9]{10}", row["koatuu"]):
            errors.append(
                _("Row %(row)s: malformed KOATUU code %(code)r (10 digits expected).")
                % {"row": number, "code": row["koatuu"]}
            )
        raion = raions.get(row["raion_2020_uk"])
        if raion is None:
            errors.append(
                _("Row %(row)s: unknown present raion %(name)r.")
                % {"row": number, "name": row["raion_2020_uk"]}
            )
        communities = []
        for label in filter(None, (part.strip() for part in row["hromadas_uk"].split(";"))):
            found = _find_community(label, by_name)
            if isinstance(found, str):
                errors.append(_("Row %(row)s: %(problem)s.") % {"row": number, "problem": found})
            else:
                communities.append(found)
        parsed.append((row, raion, communities))
    if errors:
        raise CommunityImportError(errors)

    created = updated = 0
    with transaction.atomic():
        for row, raion, communities in parsed:
            former, was_created = FormerRaion.objects.update_or_create(
                koatuu=row["koatuu"],
                defaults={
                    "oblast": oblast,
                    "name": row["raion_uk"],
                    "centre": row["centre_uk"],
                    "present_raion": raion,
                },
            )
            former.communities.set(communities)
            created += was_created
            updated += not was_created
    return ImportResult(created=created, updated=updated)


def reference_data_load() -> None:
    """Load Sumy oblast's communities and former raions from the files kept in the repo."""
    with SUMY_COMMUNITIES_CSV.open(encoding="utf-8") as file:
        communities_import_csv(
            file=file, oblast_name=SUMY_OBLAST_NAME, oblast_katottg=SUMY_OBLAST_KATOTTG
        )
    with SUMY_FORMER_RAIONS_CSV.open(encoding="utf-8") as file:
        former_raions_import_csv(file=file, oblast_katottg=SUMY_OBLAST_KATOTTG)


def contact_save(
    *, contact: ContactPerson, changed_by, version: int | None = None
) -> ContactPerson:
    """Validate and save a community's contact person; history records who did it. An
    edit is refused with StaleEdit when someone saved the contact since `version`."""
    return save_record(contact, by=changed_by, version=version)


def contact_delete(*, contact: ContactPerson, deleted_by) -> None:
    contact._history_user = deleted_by
    contact.delete()


# The register kept in the admin ------------------------------------------------------


def oblast_save(*, oblast: Oblast, changed_by) -> Oblast:
    """Create or save an oblast (name and KATOTTG code)."""
    return validated_save(oblast, by=changed_by)


def raion_save(*, raion: Raion, changed_by) -> Raion:
    """Create or save a raion of an oblast."""
    return validated_save(raion, by=changed_by)


def community_save(*, community: Community, changed_by) -> Community:
    """Create or save a territorial community of the register (its KATOTTG code unique)."""
    return validated_save(community, by=changed_by)


def former_raion_save(
    *, former_raion: FormerRaion, communities: Iterable[Community], changed_by
) -> FormerRaion:
    """Create or save a pre-2020 raion with the communities on its former territory."""
    with transaction.atomic():
        validated_save(former_raion, by=changed_by)
        former_raion.communities.set(communities)
    return former_raion
