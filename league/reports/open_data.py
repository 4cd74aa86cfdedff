"""The public page's open data as a Frictionless Data Package: `datapackage.json` with a
Table Schema for each CSV, the CSVs themselves and a JSON of the same fields.

Everything comes from the tables the latest issued reports stored (`IssuedReport.data`),
never from live data, and is labelled in the language of the request, never in the one
a report was issued in: names of places as issued (transliterated for English readers;
from the register by KATOTTG code when the report itself was issued in English),
indicators from the catalogue, plan states from their names in either language, quarters
from the report's parameters. A figure withheld by small-number protection is no number:
it is empty (null in the JSON) with its marker («<5», «×») in the `marker` field beside
it.
"""

import csv
import datetime
import io
import json
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _

from communities.models import Community, IdentificationPlan
from league.disclosure import SECONDARY_MARK, small_label, threshold
from league.reports.labels import english, period_label, quarter_label
from league.reports.progress import plan_state_label
from league.translit import place_name
from monitoring.models import Indicator
from monitoring.selectors import quarters_between

LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
COMMUNITIES = "communities"
FIGURES = "oblast-figures"
CENT = Decimal("0.01")
# Past eight quarters the monitoring report's tables have a column per year
# (league.reports.selectors.oblast_monitoring).
QUARTER_COLUMNS = 8


def _fields(names_types: list[tuple[str, str, str]]) -> list[dict]:
    return [{"name": name, "type": kind, "description": text} for name, kind, text in names_types]


def communities_schema() -> dict:
    money = _("hryvnias, a plain decimal with a dot")
    fields = _fields(
        [
            ("katottg", "string", _("the community's KATOTTG code")),
            ("name", "string", _("community")),
            ("raion", "string", _("raion")),
            ("round_table", "boolean", _("took part in a round table")),
            ("plan", "string", _("identification plan")),
            ("plan_adopted", "boolean", _("the identification plan is adopted")),
            ("money_planned", "number", _("money planned for the measures") + f" ({money})"),
            ("money_spent", "number", _("money spent on the measures") + f" ({money})"),
            ("contracts", "integer", _("service contracts")),
            ("contracted", "number", _("amount of the service contracts") + f" ({money})"),
            ("monitoring_on_time", "boolean", _("monitoring reported on time")),
        ]
    )
    for field in fields:
        if field["name"].startswith("money") or field["name"] == "contracted":
            field["unit"] = "UAH"
    fields[0]["constraints"] = {"required": True, "unique": True}
    return {"fields": fields, "primaryKey": ["katottg"], "missingValues": [""]}


def markers() -> list[dict]:
    return [
        {
            "value": small_label(),
            "label": _("a count of people from 1 to %(limit)s, withheld to protect them")
            % {"limit": threshold()},
        },
        {
            "value": SECONDARY_MARK,
            "label": _("withheld so that no small count can be worked out from the totals"),
        },
    ]


def figures_schema() -> dict:
    fields = _fields(
        [
            ("indicator", "string", _("indicator")),
            ("unit", "string", _("unit: people, events or UAH")),
            ("period", "string", _("period")),
            ("period_start", "date", _("first day of the period")),
            ("period_end", "date", _("last day of the period")),
            ("value", "number", _("the figure; empty when withheld (see marker)")),
            ("marker", "string", _("why the figure is withheld")),
        ]
    )
    # A withheld figure: the value field is empty and the marker says why; the markers
    # are the figure's missing values, each with its meaning.
    fields[5]["missingValues"] = [{"value": "", "label": _("withheld: see marker")}]
    fields[6]["constraints"] = {"enum": [marker["value"] for marker in markers()]}
    fields[6]["missingValues"] = [""]
    return {
        "fields": fields,
        "missingValues": [{"value": "", "label": _("no figure")}, *markers()],
    }


# Labels in the language of the request -------------------------------------------------


def _plan_states() -> dict[str, str | None]:
    """A plan label as any language wrote it -> the plan's state."""
    states: dict[str, str | None] = {}
    for language in ("uk", "en"):
        with translation.override(language):
            states[plan_state_label(None)] = None
            for state in IdentificationPlan.Status.values:
                states[plan_state_label(state)] = state
    return states


def _communities(report) -> list[dict]:
    """The progress report's rows, named and labelled in the request's language.

    A report issued in Ukrainian keeps the names it was issued with (transliterated for
    an English reader): the snapshot, never today's register. One issued in English
    stored transliterations, which cannot be turned back; for those the names come from
    the register by KATOTTG code (one query)."""
    rows = report.data.get("communities", [])
    places = {}
    if not report.language.startswith("uk"):
        places = {
            community.katottg: community
            for community in Community.objects.filter(
                katottg__in=[row.get("katottg") for row in rows]
            ).select_related("raion")
        }
    states = _plan_states()
    result = []
    for row in rows:
        place = places.get(row.get("katottg"))
        plan = row.get("plan", "")
        name = place.name if place else row.get("name", "")
        raion = place.raion.name if place else row.get("raion", "")
        result.append(
            {
                "katottg": row.get("katottg", ""),
                "name": place_name(name),
                "raion": place_name(raion),
                "round_table": bool(row.get("round_table")),
                "plan": plan_state_label(states[plan]) if plan in states else plan,
                "plan_adopted": bool(row.get("plan_adopted")),
                "money_planned": _money(row.get("money_planned")),
                "money_spent": _money(row.get("money_spent")),
                "contracts": int(row.get("contracts") or 0),
                "contracted": _money(row.get("contracted")),
                "monitoring_on_time": bool(row.get("monitoring_on_time")),
            }
        )
    return result


def _money(value) -> Decimal:
    return Decimal(str(value or 0)).quantize(CENT)


def _quarter_dates(key: tuple[int, int]) -> tuple[datetime.date, datetime.date]:
    year, quarter = key
    start = datetime.date(year, 3 * quarter - 2, 1)
    following = (
        datetime.date(year + 1, 1, 1) if quarter == 4 else datetime.date(year, 3 * quarter + 1, 1)
    )
    return start, following - datetime.timedelta(days=1)


def _columns(
    first: tuple[int, int], last: tuple[int, int]
) -> list[tuple[str, datetime.date, datetime.date]]:
    """The monitoring report's columns (label, first day, last day), as its tables have
    them: a column per quarter, or per year past eight quarters, then the total."""
    quarters = quarters_between(first, last)
    if len(quarters) > QUARTER_COLUMNS:
        years = sorted({year for year, _quarter in quarters})
        columns = [
            (
                str(year),
                _quarter_dates(max(first, (year, 1)))[0],
                _quarter_dates(min(last, (year, 4)))[1],
            )
            for year in years
        ]
    else:
        columns = [(quarter_label(key), *_quarter_dates(key)) for key in quarters]
    if len(quarters) > 1:
        columns.append((_("Total"), _quarter_dates(first)[0], _quarter_dates(last)[1]))
    return columns


def _indicators() -> dict[str, Indicator]:
    """An indicator's name in either language -> the indicator. One query."""
    names = {}
    for indicator in Indicator.objects.all():
        names[indicator.name_uk] = indicator
        names[indicator.name_en] = indicator
    return names


UNITS = {
    Indicator.ValueType.PEOPLE: "people",
    Indicator.ValueType.EVENTS: "events",
    Indicator.ValueType.MONEY: "UAH",
}


def _figure(value) -> tuple[Decimal | int | None, str]:
    """(number, marker): a withheld figure is no number, its marker says why."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value, ""
    if value in (small_label(), SECONDARY_MARK):
        return None, value
    return Decimal(str(value)), ""


def _figures(report) -> tuple[dict | None, list[dict]]:
    """The oblast's figures of the latest monitoring report: as the page's table, and as
    rows of the figures table (one per indicator and column)."""
    sections = report.data.get("sections", [])
    if not sections:
        return None, []
    summary = sections[0]
    first = tuple(report.parameters["first"])
    last = tuple(report.parameters["last"])
    columns = _columns(first, last)
    if len(columns) != len(summary["columns"]):  # a layout this code does not know
        columns = [(label, None, None) for label in summary["columns"]]
    names = _indicators()
    lines, rows = [], []
    for line in summary["lines"]:
        indicator = names.get(line["label"])
        label = (
            (indicator.name_en if english() else indicator.name_uk) if indicator else line["label"]
        )
        unit = UNITS.get(indicator.value_type, "") if indicator else ""
        lines.append({"label": label, "figures": line["figures"]})
        for (column, start, end), value in zip(columns, line["figures"], strict=False):
            number, marker = _figure(value)
            rows.append(
                {
                    "indicator": label,
                    "unit": unit,
                    "period": column,
                    "period_start": start,
                    "period_end": end,
                    "value": number,
                    "marker": marker,
                }
            )
    table = {
        "period": period_label(first, last),
        "columns": [column for column, _start, _end in columns],
        "lines": lines,
    }
    return table, rows


def _source(report) -> dict:
    # The kind's name in the request's language (the stored title is in the report's).
    from league.reports.documents import document_title

    return {
        "number": report.number,
        "title": document_title(report.kind),
        "issued_at": report.issued_at.isoformat(),
    }


def public_data(progress_report, monitoring_report) -> dict:
    """What /public/ publishes, in the request's language: per community from the latest
    progress report, the oblast's figures from the latest monitoring report, each
    source by its register number."""
    data = {"communities": [], "oblast_figures": None, "figures": [], "sources": []}
    if progress_report is not None:
        data["communities"] = _communities(progress_report)
        data["sources"].append(_source(progress_report))
    if monitoring_report is not None:
        data["oblast_figures"], data["figures"] = _figures(monitoring_report)
        data["sources"].append(_source(monitoring_report))
    return data


# The files ------------------------------------------------------------------------------


def _text(value) -> str:
    """A cell as the schema reads it: numbers plain with a dot, booleans true/false,
    dates ISO, nothing as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _safe(value: str) -> str:
    # A label starting like a formula must stay text in a spreadsheet.
    return "'" + value if value.startswith(("=", "+", "-", "@")) else value


def table_csv(rows: list[dict], schema: dict) -> bytes:
    """UTF-8 with a byte-order mark (so Excel reads the Cyrillic), the header on the
    first line, one row per record."""
    names = [field["name"] for field in schema["fields"]]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow([_safe(_text(row[name])) for name in names])
    return ("\ufeff" + buffer.getvalue()).encode()


def communities_csv(data: dict) -> bytes:
    return table_csv(data["communities"], communities_schema())


def figures_csv(data: dict) -> bytes:
    return table_csv(data["figures"], figures_schema())


def _json_value(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if value == "":
        return None
    return value


def public_json(data: dict, *, package_url: str) -> str:
    """The same tables as the CSVs, with the same field names and types: numbers as
    numbers, a withheld figure null with its marker."""
    return json.dumps(
        {
            "datapackage": package_url,
            "licence": LICENCE,
            "sources": data["sources"],
            COMMUNITIES: [
                {key: _json_value(value) for key, value in row.items()}
                for row in data["communities"]
            ],
            FIGURES: [
                {key: _json_value(value) for key, value in row.items()} for row in data["figures"]
            ],
        },
        ensure_ascii=False,
        indent=2,
    )


def datapackage(data: dict, *, verify_url: str) -> str:
    """The descriptor: both tables with their schemas, the licence, the issued reports
    they come from (by register number, each checkable at /verify/)."""
    descriptor = {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": "league-public-oversight",
        "title": _("Public oversight: what the communities have done"),
        "description": _(
            "From the reports the League has issued, never from live data. A figure "
            "withheld to protect people is empty, and its marker says why."
        ),
        "licenses": [LICENCE],
        "sources": [
            {
                "title": f"{source['number']} · {source['title']}",
                "path": f"{verify_url}?number={source['number']}",
            }
            for source in data["sources"]
        ],
        "resources": [
            {
                "name": COMMUNITIES,
                "path": "communities.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "schema": communities_schema(),
            },
            {
                "name": FIGURES,
                "path": "oblast-figures.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "schema": figures_schema(),
            },
        ],
    }
    return json.dumps(descriptor, ensure_ascii=False, indent=2)
