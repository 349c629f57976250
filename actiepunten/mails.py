"""Mail kinds of the action plan, rendered by the outbox at send time (see kvo/outbox.py)."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from kvo.mail import absolute_url, render_mail
from kvo.outbox import soort

from .herinneringen import BUNDEL, nog_nodig
from .models import Actiepunt, HerinneringInstelling, Soort

# Sections of the bundled reminder mail, most pressing first.
ESCALATIES, TE_LAAT, DEADLINES = "escalaties", "te_laat", "deadlines"
SECTIE = {
    Soort.ESCALATIE: ESCALATIES, Soort.TE_LAAT: TE_LAAT, Soort.DEADLINE_0: DEADLINES,
    Soort.DEADLINE_3: DEADLINES, Soort.DEADLINE_14: DEADLINES,
}
VOLGORDE = [ESCALATIES, TE_LAAT, DEADLINES]


@soort("actiepunten.link")
def actiepunt_link(bericht):
    """The entrepreneur's personal link, while the item is still at that address."""
    from .services import link_token

    actiepunt = (
        Actiepunt.objects.select_related("traject", "organisatie")
        .filter(pk=bericht.object_id, extern_email__iexact=bericht.aan).first()
    )
    if actiepunt is None:
        return None
    link = absolute_url(reverse("actiepunten:extern", args=[actiepunt.pk, link_token(actiepunt)]))
    return render_mail("actiepunt_link", {
        "actiepunt": actiepunt, "link": link,
        "geldig_dagen": settings.ACTIEPUNT_LINK_MAX_AGE_DAYS,
    }, bericht.taal)


def _herinneringen(bericht, *related):
    """The reminders in this mail that are still worth sending; the others are marked skipped
    (the item was closed, its deadline moved, or the kind was switched off)."""
    rijen = list(bericht.herinneringen.select_related("user", *related).order_by("pk"))
    user_ids = {r.user_id for r in rijen if r.user_id}
    instellingen = {
        i.user_id: i for i in HerinneringInstelling.objects.filter(user_id__in=user_ids)
    }
    nodig = [r for r in rijen if nog_nodig(r, instellingen.get(r.user_id))]
    overbodig = [r.pk for r in rijen if r not in nodig]
    if overbodig:
        bericht.herinneringen.filter(pk__in=overbodig).update(overgeslagen=True)
    return nodig


def _instellingen_link():
    return absolute_url(reverse("actiepunten:instellingen"))


@soort(BUNDEL)
def herinneringen(bericht):
    """One mail per address per sweep: its escalations, overdue items and near deadlines,
    each item once, in its most pressing section."""
    from .services import link_token

    rijen = _herinneringen(bericht, "actiepunt__traject", "actiepunt__organisatie")
    if not rijen:
        return None
    vandaag = timezone.localdate()
    beste = {}
    for rij in rijen:
        sectie = SECTIE[Soort(rij.soort)]
        huidig = beste.get(rij.actiepunt_id)
        if huidig is None or VOLGORDE.index(sectie) < VOLGORDE.index(huidig[0]):
            beste[rij.actiepunt_id] = (sectie, rij)
    secties = {naam: [] for naam in VOLGORDE}
    for sectie, rij in beste.values():
        actiepunt = rij.actiepunt
        if rij.user_id is None:
            link = reverse("actiepunten:extern", args=[actiepunt.pk, link_token(actiepunt)])
        else:
            link = actiepunt.get_absolute_url()
        secties[sectie].append({
            "actiepunt": actiepunt, "link": absolute_url(link),
            "dagen_te_laat": actiepunt.dagen_te_laat(vandaag),
        })
    for regels in secties.values():
        regels.sort(key=lambda r: (r["actiepunt"].deadline, r["actiepunt"].pk))
    extern = all(r.user_id is None for r in rijen)
    enige = None
    if len(beste) == 1:
        [(sectie, rij)] = beste.values()
        enige = {"sectie": sectie, "actiepunt": rij.actiepunt}
    return render_mail("herinnering_actiepunten", {
        "escalaties": secties[ESCALATIES], "te_laat": secties[TE_LAAT],
        "deadlines": secties[DEADLINES], "aantal": len(beste), "enige": enige,
        "vandaag": vandaag, "instellingen": "" if extern else _instellingen_link(),
    }, bericht.taal)


@soort("actiepunten.overzicht")
def overzicht(bericht):
    """The weekly digest of the recipient's open items (as they are when it is sent)."""
    rijen = _herinneringen(bericht)
    if not rijen:
        return None
    user = rijen[0].user
    return render_mail("herinnering_overzicht", {
        "herinnering": rijen[0],
        "actiepunten": list(
            Actiepunt.objects.mijn(user).open().select_related("traject", "organisatie")
            .order_by("deadline", "pk")
        ),
        "vandaag": timezone.localdate(),
        "link": absolute_url(reverse("actiepunten:mijn")),
        "instellingen": _instellingen_link(),
    }, bericht.taal)


@soort("actiepunten.overleg")
def overleg(bericht):
    rijen = _herinneringen(bericht, "overleg__traject")
    if not rijen:
        return None
    return render_mail("herinnering_overleg", {
        "herinnering": rijen[0], "overleg": rijen[0].overleg,
        "link": absolute_url(rijen[0].overleg.get_absolute_url()),
        "instellingen": _instellingen_link(),
    }, bericht.taal)


@soort("actiepunten.schouw")
def schouw(bericht):
    rijen = _herinneringen(bericht, "schouw__traject")
    if not rijen:
        return None
    return render_mail("herinnering_schouw", {
        "herinnering": rijen[0], "schouw": rijen[0].schouw,
        "link": absolute_url(rijen[0].schouw.get_absolute_url()),
        "instellingen": _instellingen_link(),
    }, bericht.taal)
