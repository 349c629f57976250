"""Export of the maatregelenmatrix to CSV (Dutch Excel) and XLSX, written by kvo.spreadsheets."""

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kvo.spreadsheets import Row, Sheet

BREEDTES = [30, 30, 40, 50, 18, 28, 28, 28, 12, 12, 14, 18]


def kolommen() -> list[str]:
    return [
        _("Knelpunt"), _("Doel"), _("Actiepunt"), _("Omschrijving"), _("Bron"),
        _("Verantwoordelijke organisatie"), _("Verantwoordelijke persoon"), _("Uitvoerder"),
        _("Prioriteit"), _("Deadline"), _("Status"), _("Gereed gemeld op"),
    ]


def rijen(actiepunten) -> list[Row]:
    """The header and one row per item of `actiepunten` (ActiepuntQuerySet.voor_matrix())."""
    return [kolommen(), *(
        [
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
            a.gereed_op,
        ]
        for a in actiepunten
    )]


def blad(actiepunten) -> Sheet:
    return Sheet(_("Maatregelenmatrix"), rijen(actiepunten), widths=BREEDTES)


def bestandsnaam(traject, extensie: str) -> str:
    return f"maatregelenmatrix-{slugify(traject.naam)}-{timezone.localdate():%Y%m%d}.{extensie}"
