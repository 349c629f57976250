"""Export of the maatregelenmatrix to CSV (Dutch Excel) and XLSX."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from kvo.spreadsheets import csv_bytes, tekst_blijft_tekst


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


def _csv_waarde(waarde):
    if hasattr(waarde, "hour"):
        return waarde.strftime("%d-%m-%Y %H:%M")
    if hasattr(waarde, "day"):
        return waarde.strftime("%d-%m-%Y")
    return str(waarde)


def als_csv(actiepunten):
    return csv_bytes([kolommen(), *rijen(actiepunten)], cel=_csv_waarde)


def als_xlsx(actiepunten, titel):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Maatregelenmatrix")[:31]
    sheet.append(kolommen())
    for rij in rijen(actiepunten):
        sheet.append(rij)
    tekst_blijft_tekst(sheet)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if hasattr(cell.value, "hour"):
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
