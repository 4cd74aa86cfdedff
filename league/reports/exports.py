"""Spreadsheets and open data from the figures an issued report published (its `data`),
never from live data: the same protection as the PDF."""

import csv
import io
import json

FORMULA_STARTS = ("=", "+", "-", "@")
LICENCE = "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)"


def _safe(value):
    # A label starting like a formula must stay text in a spreadsheet.
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _sheet_name(title: str, taken: set) -> str:
    name = "".join(c for c in title if c not in "[]:*?/\\")[:28] or "table"
    base, index = name, 2
    while name in taken:
        name = f"{base[:25]} {index}"
        index += 1
    taken.add(name)
    return name


def report_xlsx(report) -> bytes:
    """One sheet per table of the report, headed by the register number."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    taken: set = set()
    data = report.data
    if "sections" in data:
        for section in data["sections"]:
            sheet = workbook.create_sheet(_sheet_name(section["title"], taken))
            sheet.append([report.number, report.title, report.period])
            sheet.append([section["title"]])
            sheet.append(["", *section["columns"]])
            for line in section["lines"]:
                sheet.append([_safe(line["label"]), *[_safe(v) for v in line["figures"]]])
    if "communities" in data:
        sheet = workbook.create_sheet(_sheet_name("communities", taken))
        sheet.append([report.number, report.title, report.period])
        columns = list(data["communities"][0]) if data["communities"] else []
        sheet.append(columns)
        for row in data["communities"]:
            sheet.append([_safe(row[column]) for column in columns])
    if not taken:
        workbook.create_sheet("report").append([report.number, report.title, report.period])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def public_rows(progress_report, monitoring_report) -> dict:
    """The public page's data: per community from the latest progress report, the oblast
    figures from the latest monitoring report; each with its register number."""
    result = {"licence": LICENCE, "communities": [], "oblast_figures": None, "sources": []}
    if progress_report is not None:
        result["communities"] = progress_report.data.get("communities", [])
        result["sources"].append(
            {
                "number": progress_report.number,
                "title": progress_report.title,
                "issued_at": progress_report.issued_at.isoformat(),
            }
        )
    if monitoring_report is not None:
        sections = monitoring_report.data.get("sections", [])
        result["oblast_figures"] = {
            "period": monitoring_report.data.get("period", ""),
            "columns": sections[0]["columns"] if sections else [],
            "lines": sections[0]["lines"] if sections else [],
        }
        result["sources"].append(
            {
                "number": monitoring_report.number,
                "title": monitoring_report.title,
                "issued_at": monitoring_report.issued_at.isoformat(),
            }
        )
    return result


def public_json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


PUBLIC_COLUMNS = [
    "katottg",
    "name",
    "raion",
    "round_table",
    "plan",
    "plan_adopted",
    "money_planned",
    "money_spent",
    "contracts",
    "contracted",
    "monitoring_on_time",
]


def public_csv(data: dict) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([f"# {LICENCE}; " + ", ".join(s["number"] for s in data["sources"])])
    writer.writerow(PUBLIC_COLUMNS)
    for row in data["communities"]:
        writer.writerow([_safe(row.get(column, "")) for column in PUBLIC_COLUMNS])
    return buffer.getvalue()
