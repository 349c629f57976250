"""Spreadsheet exports (CSV and XLSX) that Dutch Excel opens correctly and that cannot smuggle in
formulas.

Rows hold plain values; the writer decides how each kind becomes a cell, the same way in both
formats:

- numbers stay numbers: XLSX stores them as numbers, CSV writes them with a decimal comma
  (`-11,3`), which Dutch Excel reads as a number;
- dates and times are dates (`01-07-2026`, `01-07-2026 14:30`; aware times in local time);
- text is text: user text (action items, open survey answers) starting with a formula character
  would be run by the spreadsheet program (CSV/formula injection), so in CSV it gets a leading
  quote and in XLSX it is stored as a string cell, never as a formula;
- None is an empty cell.

Views send the result with `csv_response` / `xlsx_response`: a private download (kvo.downloads).
"""

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .downloads import content_response

Cell = str | int | float | Decimal | datetime.date | None
Row = Sequence[Cell]

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Spreadsheet programs run a cell that starts with one of these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

_DATE_CSV, _DATETIME_CSV = "%d-%m-%Y", "%d-%m-%Y %H:%M"
_DATE_XLSX, _DATETIME_XLSX = "DD-MM-YYYY", "DD-MM-YYYY HH:MM"


@dataclass
class Sheet:
    title: str
    rows: list[Row]
    # Column widths in characters, from the first column; others keep the default.
    widths: Sequence[int] = ()
    # The first row names the columns: bold, and it stays in view when scrolling.
    header: bool = True


def disarmed(text: str) -> str:
    """Text that a spreadsheet shows as text: a leading quote disarms formula characters."""
    return "'" + text if text.startswith(FORMULA_START) else text


def _local(value: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value


def csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):
        return str(value).replace(".", ",")
    if isinstance(value, datetime.datetime):
        return _local(value).strftime(_DATETIME_CSV)
    if isinstance(value, datetime.date):
        return value.strftime(_DATE_CSV)
    return disarmed(str(value))


def csv_bytes(rows: Iterable[Row]) -> bytes:
    """UTF-8 with BOM, semicolons and CRLF: what Dutch Excel opens with the right characters and
    columns."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8")


def _fill(sheet: Any, rows: Iterable[Row]) -> None:
    for row in rows:
        sheet.append([_local(v) if isinstance(v, datetime.datetime) else v for v in row])
    for cells in sheet.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str):
                # openpyxl stores a string starting with "=" as a formula; keep it text.
                cell.data_type = "s"
            elif isinstance(cell.value, datetime.datetime):
                cell.number_format = _DATETIME_XLSX
            elif isinstance(cell.value, datetime.date):
                cell.number_format = _DATE_XLSX


def xlsx_bytes(sheets: Sequence[Sheet], *, title: str = "") -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for spec in sheets:
        sheet = workbook.create_sheet(spec.title[:31])
        _fill(sheet, spec.rows)
        if spec.header and spec.rows:
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            sheet.freeze_panes = "A2"
        for number, width in enumerate(spec.widths, start=1):
            sheet.column_dimensions[get_column_letter(number)].width = width
    if title:
        workbook.properties.title = title
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_response(rows: Iterable[Row], *, filename: str) -> HttpResponse:
    return content_response(csv_bytes(rows), content_type=CSV_CONTENT_TYPE, filename=filename)


def xlsx_response(sheets: Sequence[Sheet], *, filename: str, title: str = "") -> HttpResponse:
    return content_response(
        xlsx_bytes(sheets, title=title), content_type=XLSX_CONTENT_TYPE, filename=filename
    )
