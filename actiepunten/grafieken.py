"""The action plan's chart, drawn by the shared helper (kvo.grafieken)."""

import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from kvo.grafieken import Grafiek, Kolom, getal, kolommendiagram

from .models import ActiepuntQuerySet

MAANDEN = 12


def gereed_per_maand(actiepunten: ActiepuntQuerySet, *, id: str,
                     vandaag: datetime.date | None = None) -> Grafiek:
    """Items reported done per month over the last twelve months (this one included), quiet
    months as zero, as columns with their table; empty (false) when none was done."""
    vandaag = vandaag or timezone.localdate()
    index = vandaag.year * 12 + vandaag.month - 1 - (MAANDEN - 1)
    maanden = [datetime.date((index + i) // 12, (index + i) % 12 + 1, 1) for i in range(MAANDEN)]
    telling = actiepunten.gereed_per_maand(maanden[0])
    aantallen = [telling.get((m.year, m.month), 0) for m in maanden]
    titel = _("Actiepunten gereed per maand")
    if not any(aantallen):
        return Grafiek(id=id, titel=titel, svg=SafeString(""), kop=("", ""))
    lang = [date_format(m, "F Y") for m in maanden]
    beschrijving = _("%(titel)s, de afgelopen twaalf maanden. %(lijst)s") % {
        "titel": titel, "lijst": "; ".join(f"{m}: {getal(n)}" for m, n in zip(
            lang, aantallen, strict=True))}
    # Short labels: the month, with its year under the first column and under every January.
    kolommen = [
        Kolom(date_format(m, "b"), n, onder=f"{m:%Y}" if i == 0 or m.month == 1 else "")
        for i, (m, n) in enumerate(zip(maanden, aantallen, strict=True))
    ]
    return Grafiek(
        id=id, titel=titel,
        svg=kolommendiagram(id=id, titel=titel, beschrijving=beschrijving, kolommen=kolommen),
        kop=(_("Maand"), _("Gereed")),
        rijen=[(m, getal(n)) for m, n in zip(lang, aantallen, strict=True)],
    )
