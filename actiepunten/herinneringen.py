"""Reminders: the periodic sweep that finds due work, and sending one reminder exactly once.

The sweep never schedules anything in the future. It runs from the beat schedule, works out
which reminders are due today (Europe/Amsterdam) and inserts one `Herinnering` row per
(subject, kind, peildatum, recipient); the unique constraints make a second run, or a second
worker, insert nothing. Unsent rows are then handed to the send task in small batches.

Sending claims the row (`SELECT … FOR UPDATE SKIP LOCKED` where `verzonden_op` is null), sends
the mail and marks the row sent in the same transaction. If SMTP fails the transaction rolls
back, the row stays unsent and the task retries with backoff; rows whose retries ran out are
picked up again by the next sweep. The one window left is a crash after the SMTP server accepted
the message but before the commit: that mail may go out twice, never zero times.
"""

import datetime
from collections import defaultdict
from itertools import islice

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kvo.mail import absolute_url, send_templated_mail
from schouwen.models import Schouw, Schouwdeelnemer
from trajects.models import Lidmaatschap, Overleg, Rol

from .models import (
    OPEN_STATUSSEN,
    Actiepunt,
    Herinnering,
    HerinneringInstelling,
    Soort,
    week_maandag,
)

BATCH = 2000
SEND_CHUNK = 50
ESCALATIE_NA_DAGEN = 14
# Kinds whose peildatum is the deadline: a moved deadline makes the old reminder moot.
VASTE_PEILDATUM = {Soort.DEADLINE_14, Soort.DEADLINE_3, Soort.DEADLINE_0, Soort.ESCALATIE}


def _dag(n):
    return datetime.timedelta(days=n)


def te_laat_peildatum(deadline, today):
    """The week mark of an overdue item: the first day after the deadline, then every 7 days."""
    dagen = (today - deadline).days
    return deadline + _dag(1 + 7 * ((dagen - 1) // 7))


def _uitgezet(veld):
    """Users who switched reminder group `veld` off."""
    return HerinneringInstelling.objects.filter(**{veld: False}).values("user_id")


def _insert(rows):
    """Insert reminder rows in batches; existing ones (same key) are skipped by the database."""
    aantal = 0
    rows = iter(rows)
    while batch := list(islice(rows, BATCH)):
        Herinnering.objects.bulk_create(batch, ignore_conflicts=True)
        aantal += len(batch)
    return aantal


def _actiepunt_rows(today, nu):
    """Rows for the deadline and overdue reminders to the responsible person (or the
    entrepreneur's address when there is no person)."""
    items = (
        Actiepunt.objects.filter(status__in=OPEN_STATUSSEN, deadline__isnull=False)
        .filter(deadline__lte=today + _dag(14))
        .filter(
            Q(verantwoordelijke__isnull=False, verantwoordelijke__is_active=True)
            | (Q(verantwoordelijke__isnull=True) & ~Q(extern_email=""))
        )
    )
    uit_deadlines = set(_uitgezet("deadlines").values_list("user_id", flat=True))
    uit_te_laat = set(_uitgezet("te_laat").values_list("user_id", flat=True))
    velden = ("pk", "traject_id", "deadline", "verantwoordelijke_id",
              "verantwoordelijke__email", "extern_email")
    for pk, traject_id, deadline, user_id, user_email, extern in items.values_list(
        *velden
    ).iterator(chunk_size=BATCH):
        if deadline < today:
            soort, peildatum, uit = Soort.TE_LAAT, te_laat_peildatum(deadline, today), uit_te_laat
        elif deadline == today:
            soort, peildatum, uit = Soort.DEADLINE_0, deadline, uit_deadlines
        elif deadline <= today + _dag(3):
            soort, peildatum, uit = Soort.DEADLINE_3, deadline, uit_deadlines
        else:
            soort, peildatum, uit = Soort.DEADLINE_14, deadline, uit_deadlines
        if user_id in uit:
            continue
        yield Herinnering(
            soort=soort, peildatum=peildatum, ontvanger=(user_email or extern).lower(),
            user_id=user_id, traject_id=traject_id, actiepunt_id=pk, aangemaakt=nu,
        )


def _escalatie_rows(today, nu):
    """Items more than 14 days overdue: once per deadline to each coordinator."""
    coordinatoren = defaultdict(list)
    for traject_id, user_id, email in (
        Lidmaatschap.objects.actief()
        .filter(rol=Rol.COORDINATOR, user__is_active=True)
        .exclude(user_id__in=_uitgezet("escalatie"))
        .values_list("traject_id", "user_id", "user__email")
    ):
        coordinatoren[traject_id].append((user_id, email.lower()))
    items = Actiepunt.objects.filter(
        status__in=OPEN_STATUSSEN, deadline__lte=today - _dag(ESCALATIE_NA_DAGEN)
    ).values_list("pk", "traject_id", "deadline")
    for pk, traject_id, deadline in items.iterator(chunk_size=BATCH):
        for user_id, email in coordinatoren.get(traject_id, ()):
            yield Herinnering(
                soort=Soort.ESCALATIE, peildatum=deadline, ontvanger=email, user_id=user_id,
                traject_id=traject_id, actiepunt_id=pk, aangemaakt=nu,
            )


def _dagbegin(datum):
    return timezone.make_aware(datetime.datetime.combine(datum, datetime.time.min))


def _overleg_rows(today, nu):
    """Werkgroep meetings of tomorrow (or later today, if the reminder was missed yesterday):
    every werkgroep member is reminded once."""
    overleggen = list(
        Overleg.objects.filter(datum__gt=nu, datum__lt=_dagbegin(today + _dag(2)))
        .values_list("pk", "traject_id", "datum")
    )
    if not overleggen:
        return
    leden = defaultdict(list)
    for traject_id, user_id, email in (
        Lidmaatschap.objects.actief()
        .filter(traject_id__in={o[1] for o in overleggen}, user__is_active=True)
        .exclude(werkgroeprol="")
        .exclude(user_id__in=_uitgezet("overleggen"))
        .values_list("traject_id", "user_id", "user__email")
    ):
        leden[traject_id].append((user_id, email.lower()))
    for pk, traject_id, datum in overleggen:
        for user_id, email in leden[traject_id]:
            yield Herinnering(
                soort=Soort.OVERLEG, peildatum=timezone.localdate(datum), ontvanger=email,
                user_id=user_id, traject_id=traject_id, overleg_id=pk, aangemaakt=nu,
            )


def _schouw_rows(today, nu):
    """Planned schouwen of tomorrow (or later today, if missed): the invited participants,
    or, when nobody was invited yet, every werkgroep member."""
    schouwen = list(
        Schouw.objects.filter(status=Schouw.Status.GEPLAND, begin__gt=nu,
                              begin__lt=_dagbegin(today + _dag(2)))
        .values_list("pk", "traject_id", "begin")
    )
    if not schouwen:
        return
    uit = _uitgezet("schouwen")
    uitgenodigd = defaultdict(list)
    for schouw_id, user_id, email in (
        Schouwdeelnemer.objects.filter(schouw_id__in=[s[0] for s in schouwen],
                                       lidmaatschap__user__is_active=True)
        .exclude(lidmaatschap__user_id__in=uit)
        .values_list("schouw_id", "lidmaatschap__user_id", "lidmaatschap__user__email")
    ):
        uitgenodigd[schouw_id].append((user_id, email.lower()))
    leden = defaultdict(list)
    for traject_id, user_id, email in (
        Lidmaatschap.objects.actief()
        .filter(traject_id__in={s[1] for s in schouwen}, user__is_active=True)
        .exclude(werkgroeprol="")
        .exclude(user_id__in=uit)
        .values_list("traject_id", "user_id", "user__email")
    ):
        leden[traject_id].append((user_id, email.lower()))
    heeft_deelnemers = set(
        Schouwdeelnemer.objects.filter(schouw_id__in=[s[0] for s in schouwen])
        .values_list("schouw_id", flat=True)
    )
    for pk, traject_id, begin in schouwen:
        ontvangers = uitgenodigd[pk] if pk in heeft_deelnemers else leden[traject_id]
        for user_id, email in ontvangers:
            yield Herinnering(
                soort=Soort.SCHOUW, peildatum=timezone.localdate(begin), ontvanger=email,
                user_id=user_id, traject_id=traject_id, schouw_id=pk, aangemaakt=nu,
            )


def herinneringen_plannen(*, nu=None):
    """Insert the reminder rows due now. Returns how many rows were offered (existing ones
    are skipped by the database, so running this twice adds nothing)."""
    nu = nu or timezone.now()
    today = timezone.localdate(nu)
    with transaction.atomic():
        aantal = _insert(_actiepunt_rows(today, nu))
        aantal += _insert(_escalatie_rows(today, nu))
        aantal += _insert(_overleg_rows(today, nu))
        aantal += _insert(_schouw_rows(today, nu))
    return aantal


def overzichten_plannen(*, nu=None):
    """The weekly digest: one row per user with open items, keyed on the week's Monday."""
    nu = nu or timezone.now()
    maandag = week_maandag(timezone.localdate(nu))
    open_items = Actiepunt.objects.filter(status__in=OPEN_STATUSSEN)
    via_organisatie = Lidmaatschap.objects.actief().filter(
        Exists(open_items.filter(
            traject_id=OuterRef("traject_id"), organisatie_id=OuterRef("organisatie_id")
        ))
    ).values("user_id")
    persoonlijk = open_items.filter(verantwoordelijke__isnull=False).values("verantwoordelijke_id")
    users = (
        get_user_model().objects.filter(is_active=True)
        .filter(Q(pk__in=via_organisatie) | Q(pk__in=persoonlijk))
        .exclude(pk__in=_uitgezet("overzicht"))
        .values_list("pk", "email")
    )
    with transaction.atomic():
        return _insert(
            Herinnering(soort=Soort.OVERZICHT, peildatum=maandag, ontvanger=email.lower(),
                        user_id=pk, aangemaakt=nu)
            for pk, email in users.iterator(chunk_size=BATCH)
        )


def onverzonden_inplannen():
    """Hand every unsent row to the send task, in chunks, after the current transaction."""
    from .tasks import verstuur_herinneringen

    ids = list(Herinnering.objects.onverzonden().order_by("pk").values_list("pk", flat=True))
    chunks = [ids[i:i + SEND_CHUNK] for i in range(0, len(ids), SEND_CHUNK)]
    for chunk in chunks:
        transaction.on_commit(lambda c=chunk: verstuur_herinneringen.delay(c))
    return len(ids)


# Sending one reminder ------------------------------------------------------------------------

def _nog_nodig(herinnering):
    """A reminder whose reason went away before it was sent is skipped, not sent."""
    if herinnering.user_id:
        veld = HerinneringInstelling.VELD_PER_SOORT[Soort(herinnering.soort)]
        uit = HerinneringInstelling.objects.filter(user_id=herinnering.user_id, **{veld: False})
        if uit.exists():
            return False
    actiepunt = herinnering.actiepunt
    if actiepunt is not None:
        if not actiepunt.is_open:
            return False
        if herinnering.soort in VASTE_PEILDATUM and actiepunt.deadline != herinnering.peildatum:
            return False
    schouw = herinnering.schouw
    if schouw is not None and (
        schouw.status != Schouw.Status.GEPLAND or schouw.begin <= timezone.now()
        or timezone.localdate(schouw.begin) != herinnering.peildatum
    ):
        return False
    overleg = herinnering.overleg
    return overleg is None or (
        overleg.datum > timezone.now()
        and timezone.localdate(overleg.datum) == herinnering.peildatum
    )


def _mail(herinnering):
    soort = Soort(herinnering.soort)
    context = {"herinnering": herinnering, "soort": soort.label}
    if soort == Soort.OVERZICHT:
        user = herinnering.user
        context["actiepunten"] = list(
            Actiepunt.objects.mijn(user).open().select_related("traject", "organisatie")
            .order_by("deadline", "pk")
        )
        context["vandaag"] = timezone.localdate()
        context["link"] = absolute_url(reverse("actiepunten:mijn"))
        context["instellingen"] = absolute_url(reverse("actiepunten:instellingen"))
        return "herinnering_overzicht", context
    if soort == Soort.SCHOUW:
        context["schouw"] = herinnering.schouw
        try:
            context["link"] = absolute_url(herinnering.schouw.get_absolute_url())
        except NoReverseMatch:  # the schouwen pages are not installed yet
            context["link"] = absolute_url(herinnering.schouw.traject.get_absolute_url())
        context["instellingen"] = absolute_url(reverse("actiepunten:instellingen"))
        return "herinnering_schouw", context
    if soort == Soort.OVERLEG:
        context["overleg"] = herinnering.overleg
        context["link"] = absolute_url(herinnering.overleg.get_absolute_url())
        context["instellingen"] = absolute_url(reverse("actiepunten:instellingen"))
        return "herinnering_overleg", context
    actiepunt = herinnering.actiepunt
    context["actiepunt"] = actiepunt
    context["dagen_te_laat"] = actiepunt.dagen_te_laat()
    if herinnering.user_id is None:
        from .services import link_token

        context["link"] = absolute_url(
            reverse("actiepunten:extern", args=[actiepunt.pk, link_token(actiepunt)])
        )
    else:
        context["link"] = absolute_url(actiepunt.get_absolute_url())
        context["instellingen"] = absolute_url(reverse("actiepunten:instellingen"))
    return "herinnering_actiepunt", context


def herinnering_versturen(*, herinnering_id):
    """Send one reminder unless it was sent already (or another worker is sending it).
    Returns True if this call sent it. SMTP errors (OSError) propagate for the task's retry."""
    try:
        with transaction.atomic():
            herinnering = (
                Herinnering.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("user", "actiepunt__traject", "actiepunt__organisatie",
                                "overleg__traject", "schouw__traject", "traject")
                .filter(pk=herinnering_id, verzonden_op__isnull=True, overgeslagen=False)
                .first()
            )
            if herinnering is None:
                return False
            if not _nog_nodig(herinnering):
                herinnering.overgeslagen = True
                herinnering.save(update_fields=["overgeslagen"])
                return False
            template, context = _mail(herinnering)
            send_templated_mail(template=template, to=[herinnering.ontvanger], context=context)
            herinnering.verzonden_op = timezone.now()
            herinnering.pogingen = F("pogingen") + 1
            herinnering.laatste_fout = ""
            herinnering.save(update_fields=["verzonden_op", "pogingen", "laatste_fout"])
            return True
    except OSError as error:
        Herinnering.objects.filter(pk=herinnering_id).update(
            pogingen=F("pogingen") + 1,
            laatste_fout=(_("Verzenden mislukt: %(fout)s") % {"fout": error})[:300],
        )
        raise
