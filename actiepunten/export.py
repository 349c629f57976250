"""Export of the maatregelenmatrix to CSV (Dutch Excel) and XLSX."""

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

# Spreadsheet programs run a cell that starts with one of these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def kolommen():
    return [
        _("Knelpunt"), _("Doel"), _("Actiepunt"), _("Omschrijving"), _("Bron"),
        _("Verantwoordelijke organisatie"), _("Verantwoordelijke persoon"), _("Uitvoerder"),
        _("Prioriteit"), _("Deadline"), _("Status"), _("Gereed gemeld op"),
    ]


def rijen(actiepunten):
    for a in actiepunten:
        yield [
            str(a.doel.knelpunt) if a.doel_id else "",
            str(a.doel) if a.doel_id else "",
            a.titel,
            a.omschrijving,
            a.get_bron_display(),
            str(a.organisatie) if a.organisatie_id else "",
            str(a.verantwoordelijke) if a.verantwoordelijke_id else (a.extern_email or ""),
            str(a.uitvoerder) if a.uitvoerder_id else "",
            a.get_prioriteit_display(),
            a.deadline,
            a.get_status_display(),
            timezone.localtime(a.gereed_op).replace(tzinfo=None) if a.gereed_op else None,
        ]


def veilig(waarde):
    """Text that a spreadsheet shows as text: a leading quote disarms formula characters."""
    if isinstance(waarde, str) and waarde.startswith(FORMULA_START):
        return "'" + waarde
    return waarde


def _csv_waarde(waarde):
    if waarde is None:
        return ""
    if hasattr(waarde, "hour"):
        return waarde.strftime("%d-%m-%Y %H:%M")
    if hasattr(waarde, "day"):
        return waarde.strftime("%d-%m-%Y")
    return veilig(str(waarde))


def als_csv(actiepunten):
    """UTF-8 with BOM and semicolons, which Dutch Excel opens correctly."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(kolommen())
    for rij in rijen(actiepunten):
        writer.writerow([_csv_waarde(w) for w in rij])
    return buffer.getvalue().encode("utf-8")


def als_xlsx(actiepunten, titel):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Maatregelenmatrix")[:31]
    sheet.append(kolommen())
    for rij in rijen(actiepunten):
        sheet.append(rij)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                # openpyxl stores text starting with "=" as a formula; keep it as text.
                cell.data_type = "s"
            elif hasattr(cell.value, "hour"):
                cell.number_format = "DD-MM-YYYY HH:MM"
            elif hasattr(cell.value, "day"):
                cell.number_format = "DD-MM-YYYY"
    for i, breedte in enumerate([30, 30, 40, 50, 18, 28, 28, 28, 12, 12, 14, 18], start=1):
        sheet.column_dimensions[get_column_letter(i)].width = breedte
    sheet.freeze_panes = "A2"
    workbook.properties.title = titel
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
