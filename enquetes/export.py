"""Export of a meting's results to CSV (Dutch Excel) and XLSX, written by kvo.spreadsheets.
Suppressed questions (too few answers) say so and show nothing else."""

from django.utils.text import slugify
from django.utils.translation import gettext as _

from kvo.spreadsheets import Row, Sheet

from .resultaten import Resultaten, min_groep


def rijen(resultaten: Resultaten) -> list[Row]:
    """Rows for CSV/XLSX export: header first; suppressed questions say so."""
    vorige = resultaten.vorige
    kop = [_("Onderdeel"), _("Vraag"), _("Antwoord"), _("Aantal"), _("Percentage"),
           _("Aantal respondenten")]
    if vorige:
        kop += [_("Percentage %(meting)s") % {"meting": vorige.naam}, _("Verschil (procentpunt)")]
    rijen: list[Row] = [kop]
    for r in resultaten.vragen:
        basis = [r.vraag.sectie, r.vraag.tekst]
        if r.onderdrukt:
            rijen.append([*basis, _("minder dan %(n)s antwoorden: niet getoond")
                          % {"n": min_groep()}, "", "", r.n])
            continue
        for optie in r.opties:
            rij = [*basis, optie.label, optie.aantal, optie.procent, r.n]
            if vorige:
                rij += [optie.vorige_procent, optie.verschil]
            rijen.append(rij)
        if r.gemiddelde is not None:
            rij = [*basis, _("gemiddelde"), "", r.gemiddelde, r.n]
            if vorige:
                rij += [r.vorige_gemiddelde, r.verschil_gemiddelde]
            rijen.append(rij)
        for tekst in r.open_antwoorden:
            rijen.append([*basis, tekst, "", "", r.n])
    return rijen


def bladen(resultaten: Resultaten) -> list[Sheet]:
    meting = resultaten.meting
    return [
        Sheet(_("Resultaten"), rijen(resultaten), widths=[20, 60, 40]),
        Sheet(_("Respons"), [
            [_("Meting"), meting.naam],
            [_("Ontvangers"), resultaten.aantal_ontvangers],
            [_("Beantwoord"), resultaten.aantal_beantwoord],
            [_("Respons (%)"), resultaten.respons],
            [_("Responsdoel (%)"), meting.responsdoel],
        ], header=False),
    ]


def bestandsnaam(meting, extensie: str) -> str:
    return f"enquete-{slugify(meting.traject.naam)}-{slugify(meting.naam)}.{extensie}"
