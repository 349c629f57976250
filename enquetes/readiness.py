"""Readiness checks for the audit: the survey was held (with its response rate, one query; one
for a whole list of trajectories) and the police and fire-brigade figures are in (facts)."""

from collections import defaultdict

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
    register_rijen,
)

from .models import Incidentcijfer, Meting, kies_voor_gereedheid


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


def _meting_sleutel(cyclus_pk):
    return f"enquetes_meting_{cyclus_pk}"


@register_rijen
def _metingen_voor(trajecten, feiten):
    """The meting `enquete_gehouden` judges, for every trajectory in `trajecten` in one query:
    among all its metingen (the check on its own) and among those of its current cycle (the
    audits requirement), chosen as `voor_gereedheid` would."""
    per_traject = defaultdict(list)
    for meting in Meting.objects.filter(
            traject_id__in={t.pk for t in trajecten}).met_gereedheid():
        per_traject[meting.traject_id].append(meting)
    rijen = {}
    for traject in trajecten:
        metingen = per_traject[traject.pk]
        rijen[traject.pk] = {_meting_sleutel(None): kies_voor_gereedheid(metingen)}
        cyclus_pk = feiten.get(traject.pk, {}).get("cyclus_pk")
        if cyclus_pk is not None:
            rijen[traject.pk][_meting_sleutel(cyclus_pk)] = kies_voor_gereedheid(
                [m for m in metingen if m.cyclus_id == cyclus_pk])
    return rijen


@register("enquete_gehouden")
def enquete_gehouden(traject, cyclus=None):
    """On the latest completed meting (of `cyclus`, a cycle or its pk, if given): opening a new
    round does not lower it (Meting.objects.voor_gereedheid). One query per evaluation, however
    many requirements use it."""
    def ophalen():
        metingen = traject.metingen.all()
        if cyclus is not None:
            metingen = metingen.filter(cyclus=cyclus)
        return metingen.voor_gereedheid()

    # The queryset is built only when fetched: in a list the loader has the meting already.
    meting = onthouden(traject, _meting_sleutel(getattr(cyclus, "pk", cyclus)), ophalen)
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
