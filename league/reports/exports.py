"""Spreadsheets from the figures an issued report published (its `data`),
never from live data: the same protection as the PDF."""

import io

FORMULA_STARTS = ("=", "+", "-", "@")


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
