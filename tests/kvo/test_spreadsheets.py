"""The spreadsheet writer (kvo.spreadsheets): the same values become the same cells in CSV and
XLSX; numbers stay numbers, text stays text."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from kvo.spreadsheets import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    Sheet,
    csv_bytes,
    csv_cell,
    csv_response,
    xlsx_bytes,
    xlsx_response,
)

RIJEN = [
    ["Tekst", "Getal", "Datum"],
    ["=HYPERLINK(\"http://kwaad.example\")", -11.3, datetime.date(2026, 7, 1)],
    ["+31 6 1234", 42, datetime.datetime(2026, 7, 1, 12, 30, tzinfo=datetime.UTC)],
    ["@SUM(A1)", Decimal("2.50"), None],
    ["-Piet", 0, ""],
]


def _csv(rows):
    tekst = csv_bytes(rows).decode("utf-8")
    assert tekst.startswith("\ufeff")
    return list(csv.reader(io.StringIO(tekst.lstrip("\ufeff")), delimiter=";"))


@pytest.mark.parametrize(("waarde", "cel"), [
    (-11.3, "-11,3"),
    (33.3, "33,3"),
    (50.0, "50,0"),
    (6, "6"),
    (-2, "-2"),
    (Decimal("2.50"), "2,50"),
    (None, ""),
    (datetime.date(2026, 7, 1), "01-07-2026"),
    ("=1+1", "'=1+1"),
    ("-Piet", "'-Piet"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\tverborgen", "'\tverborgen"),
    ("Gewoon 's-Gravenzande", "Gewoon 's-Gravenzande"),
])
def test_csv_cells(waarde, cel):
    assert csv_cell(waarde) == cel


def test_aware_times_are_written_in_local_time(settings):
    settings.TIME_ZONE = "Europe/Amsterdam"
    zomer = datetime.datetime(2026, 7, 1, 12, 30, tzinfo=datetime.UTC)
    assert csv_cell(zomer) == "01-07-2026 14:30"


def test_csv_is_semicolon_separated_with_crlf_and_keeps_negative_numbers_numeric():
    data = csv_bytes(RIJEN)
    assert b"\r\n" in data
    rijen = _csv(RIJEN)
    assert rijen[0] == ["Tekst", "Getal", "Datum"]
    assert rijen[1] == ["'=HYPERLINK(\"http://kwaad.example\")", "-11,3", "01-07-2026"]
    assert rijen[3][:2] == ["'@SUM(A1)", "2,50"]
    assert rijen[4][0] == "'-Piet"


def test_xlsx_keeps_numbers_and_dates_typed_and_text_as_text():
    boek = load_workbook(io.BytesIO(xlsx_bytes([Sheet("Blad", RIJEN)], title="Titel")))
    blad = boek.active
    assert blad.title == "Blad"
    assert boek.properties.title == "Titel"
    formule, getal, datum = blad[2]
    assert formule.data_type == "s" and formule.value.startswith("=HYPERLINK")
    assert getal.value == -11.3 and getal.data_type == "n"
    assert datum.value == datetime.datetime(2026, 7, 1) and datum.number_format == "DD-MM-YYYY"
    tijd = blad["C3"]
    assert tijd.value.tzinfo is None
    assert tijd.number_format == "DD-MM-YYYY HH:MM"
    assert blad["A3"].value == "+31 6 1234"
    assert blad["B4"].data_type == "n"


def test_xlsx_header_is_bold_and_frozen_widths_apply_and_sheet_titles_fit():
    lange_titel = "Een bladtitel die langer is dan eenendertig tekens"
    boek = load_workbook(io.BytesIO(xlsx_bytes([
        Sheet(lange_titel, RIJEN, widths=[30, 12]),
        Sheet("Respons", [["Beantwoord", 6]], header=False),
    ])))
    eerste, tweede = boek.worksheets
    assert eerste.title == lange_titel[:31]
    assert all(cel.font.bold for cel in eerste[1])
    assert eerste.freeze_panes == "A2"
    assert eerste.column_dimensions["A"].width == 30
    assert eerste.column_dimensions["B"].width == 12
    assert not tweede["A1"].font.bold
    assert tweede.freeze_panes is None
    assert list(tweede.iter_rows(values_only=True)) == [("Beantwoord", 6)]


def test_responses_are_private_downloads():
    csv_antwoord = csv_response(RIJEN, filename="export.csv")
    assert csv_antwoord["Content-Type"] == CSV_CONTENT_TYPE
    assert csv_antwoord["Content-Disposition"] == 'attachment; filename="export.csv"'
    assert csv_antwoord["Cache-Control"] == "private, no-store"
    xlsx_antwoord = xlsx_response([Sheet("Blad", RIJEN)], filename="export.xlsx")
    assert xlsx_antwoord["Content-Type"] == XLSX_CONTENT_TYPE
    assert xlsx_antwoord["Cache-Control"] == "private, no-store"
    assert xlsx_antwoord.content[:2] == b"PK"
