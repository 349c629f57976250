"""Readiness checks for the audit: the survey was held (with its response rate, one query) and
the police and fire-brigade figures are in (facts)."""

from django.db.models import OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from trajects.readiness import (
    DEELS,
    MET,
    NIET,
    Uitkomst,
    bestaat,
    feit,
    huidige_cyclus_pk,
    onthouden,
    register,
    register_feit,
)

from .models import Incidentcijfer, Meting


def _bron_feit(bron):
    def expressie():
        return bestaat(Incidentcijfer.objects.geldig().filter(traject=OuterRef("pk"), bron=bron))

    return expressie


for _bron in Incidentcijfer.Bron.values:
    register_feit(f"incidentcijfers_{_bron}")(_bron_feit(_bron))


@register_feit("meting_in_cyclus")
def _meting_in_cyclus():
    """A meting belongs to the current cycle (re-certification needs a new survey)."""
    return bestaat(Meting.objects.filter(
        traject=OuterRef("pk"), cyclus=huidige_cyclus_pk(OuterRef(OuterRef("pk")))))


def incidentbronnen(traject):
    """The sources with figures in force for `traject`."""
    return {b for b in Incidentcijfer.Bron.values if feit(traject, f"incidentcijfers_{b}")}


@register("enquete_gehouden")
def enquete_gehouden(traject, cyclus=None):
    """On the latest completed meting (of `cyclus`, a cycle or its pk, if given): opening a new
    round does not lower it (Meting.objects.voor_gereedheid). One query per evaluation, however
    many requirements use it."""
    metingen = traject.metingen.all()
    if cyclus is not None:
        metingen = metingen.filter(cyclus=cyclus)
    sleutel = f"enquetes_meting_{getattr(cyclus, 'pk', cyclus)}"
    meting = onthouden(traject, sleutel, metingen.voor_gereedheid)
    url = reverse("enquetes:overzicht", args=[traject.pk])
    naam = _("Ondernemersenquête gehouden")
    if meting is None or not meting.beantwoord:
        return Uitkomst("enquete_gehouden", naam, NIET,
                        _("Er is nog geen enquête onder de ondernemers gehouden."), url)
    respons = round(100 * meting.beantwoord / meting.totaal, 1) if meting.totaal else 0
    reden = _("%(meting)s: %(n)s van %(totaal)s ondernemers antwoordden (%(respons)s%%, doel "
              "%(doel)s%%).") % {"meting": meting.naam, "n": meting.beantwoord,
                                 "totaal": meting.totaal, "respons": str(respons).replace(".", ","),
                                 "doel": meting.responsdoel}
    if not meting.is_gesloten:
        return Uitkomst("enquete_gehouden", naam, DEELS,
                        _("Loopt nog. ") + reden, meting.get_absolute_url())
    status = MET if respons >= meting.responsdoel else DEELS
    return Uitkomst("enquete_gehouden", naam, status, reden,
                    reverse("enquetes:resultaten", args=[traject.pk, meting.pk]))


@register("incidentcijfers")
def incidentcijfers(traject):
    bronnen = incidentbronnen(traject)
    url = reverse("enquetes:incidenten", args=[traject.pk])
    naam = _("Incidentcijfers van politie en brandweer")
    if bronnen >= {Incidentcijfer.Bron.POLITIE, Incidentcijfer.Bron.BRANDWEER}:
        return Uitkomst("incidentcijfers", naam, MET,
                        _("Cijfers van politie en brandweer zijn ingevoerd."), url)
    if bronnen:
        ontbreekt = (Incidentcijfer.Bron.BRANDWEER if Incidentcijfer.Bron.POLITIE in bronnen
                     else Incidentcijfer.Bron.POLITIE)
        return Uitkomst("incidentcijfers", naam, DEELS,
                        _("Cijfers van de %(bron)s ontbreken.") % {"bron": ontbreekt.label.lower()},
                        url)
    return Uitkomst("incidentcijfers", naam, NIET, _("Nog geen incidentcijfers ingevoerd."), url)
