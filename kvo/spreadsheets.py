"""Spreadsheet exports that Dutch Excel opens correctly and that cannot smuggle in formulas.

User text (action items, open survey answers) ends up in exported cells; a cell starting with
a formula character would be run by the spreadsheet program (CSV/formula injection).
"""

import csv
import io

# Spreadsheet programs run a cell that starts with one of these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def veilig(waarde):
    """Text that a spreadsheet shows as text: a leading quote disarms formula characters."""
    if isinstance(waarde, str) and waarde.startswith(FORMULA_START):
        return "'" + waarde
    return waarde


def csv_bytes(rijen, cel=str):
    """UTF-8 with BOM, semicolons and CRLF: what Dutch Excel opens with the right characters and
    columns. `cel` turns a value into text; its result is disarmed with `veilig`."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    for rij in rijen:
        writer.writerow(["" if w is None else veilig(cel(w)) for w in rij])
    return buffer.getvalue().encode("utf-8")


def tekst_blijft_tekst(sheet):
    """openpyxl stores a string starting with "=" as a formula; keep every such cell as text."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
