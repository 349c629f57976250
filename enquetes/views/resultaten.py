"""A survey's results and their exports."""

from urllib.parse import urlencode

from django.shortcuts import render
from django.utils.translation import gettext as _

from kvo import grafieken
from kvo.spreadsheets import csv_response, xlsx_response

from .. import export, registry, services
from ..resultaten import meting_resultaten
from .common import _meting


def _knelpunt_url(basis, meting, resultaat):
    kern = "; ".join(f"{o.label}: {grafieken.getal(o.procent)}%" for o in resultaat.opties)
    if resultaat.gemiddelde is not None:
        kern = (kern + "; " if kern else "") + _("gemiddeld %(g)s") % {
            "g": grafieken.getal(resultaat.gemiddelde)}
    omschrijving = _("Uit de %(meting)s (%(n)s antwoorden) op de vraag ‘%(vraag)s’: %(kern)s.") % {
        "meting": meting.naam, "n": resultaat.n, "vraag": resultaat.vraag.tekst, "kern": kern}
    return basis + "?" + urlencode({
        "traject": meting.traject_id,
        "source": "enquete",
        "bron": "enquete",
        "meting": meting.pk,
        "vraag": resultaat.vraag.pk,
        "titel": f"{meting.naam}: {resultaat.vraag.tekst}"[:200],
        "omschrijving": omschrijving[:1000],
    })


def resultaten(request, pk, meting_pk):
    meting, mag = _meting(request, pk, meting_pk)
    uitslag = meting_resultaten(meting)
    basis = ""
    if mag("enquetes.change_meting"):
        basis = registry.knelpunt_voorstellen(meting.traject)
    if basis:
        for resultaat in uitslag.vragen:
            if not resultaat.onderdrukt:
                resultaat.knelpunt_url = _knelpunt_url(basis, meting, resultaat)
    return render(request, "enquetes/resultaten.html", {
        "traject": meting.traject, "meting": meting, "uitslag": uitslag,
        "min_groep": services.settings.ENQUETE_MIN_GROEP,
    })


def export_csv(request, pk, meting_pk):
    meting, mag = _meting(request, pk, meting_pk)
    return csv_response(
        export.rijen(meting_resultaten(meting)), filename=export.bestandsnaam(meting, "csv")
    )


def export_xlsx(request, pk, meting_pk):
    meting, mag = _meting(request, pk, meting_pk)
    return xlsx_response(
        export.bladen(meting_resultaten(meting)), filename=export.bestandsnaam(meting, "xlsx")
    )
