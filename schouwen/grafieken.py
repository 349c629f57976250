"""The schouwen app's charts, drawn by the shared helper (kvo.grafieken)."""

from django.utils.translation import gettext as _

from kvo.grafieken import Grafiek, telling

from .models import BevindingQuerySet


def per_categorie(bevindingen: BevindingQuerySet, *, id: str, titel: str = "") -> Grafiek:
    """Findings per category (most first, duplicates left out) as bars with their table; empty
    (false) without findings."""
    return telling(id=id, titel=titel or _("Bevindingen per categorie"),
                   paren=bevindingen.per_categorie(), kop=(_("Categorie"), _("Aantal")))
