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
from django.db import connection, transaction
from django.db.models import (
    Case,
    DateField,
    DateTimeField,
    Exists,
    F,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.constants import OnConflict
from django.db.models.functions import Coalesce, Lower
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
SEND_CHUNK = 100
ESCALATIE_NA_DAGEN = 14
# Kinds whose peildatum is the deadline: a moved deadline makes the old reminder moot.
VASTE_PEILDATUM = {Soort.DEADLINE_14, Soort.DEADLINE_3, Soort.DEADLINE_0, Soort.ESCALATIE}


def _dag(n):
    return datetime.timedelta(days=n)


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


def _insert_select(queryset, **kolommen):
    """One `INSERT INTO herinnering (…) SELECT …` built from `queryset` with one expression per
    Herinnering field. Rows whose key exists already are skipped by the database (the partial
    unique constraints; the same conflict handling as `bulk_create(ignore_conflicts=True)`), so
    a second run inserts nothing. Returns the number of new rows."""
    namen = {f"kolom_{i}": naam for i, naam in enumerate(kolommen)}
    query = queryset.order_by().values(
        **{alias: kolommen[naam] for alias, naam in namen.items()}
    ).query
    compiler = query.get_compiler(connection=connection)
    select_sql, params = compiler.as_sql()
    velden = [Herinnering._meta.get_field(namen[alias]) for _, _, alias in compiler.select]
    ops = connection.ops
    sql = " ".join([
        ops.insert_statement(on_conflict=OnConflict.IGNORE),
        ops.quote_name(Herinnering._meta.db_table),
        "(" + ", ".join(ops.quote_name(veld.column) for veld in velden) + ")",
        select_sql,
        ops.on_conflict_suffix_sql(velden, OnConflict.IGNORE, None, None),
    ])
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


# With 100,000 items, building a model instance per candidate row costs tens of seconds, so the
# item reminders are one INSERT ... SELECT each, built with the ORM: the same statement runs on
# PostgreSQL and SQLite, and the work stays in the database.

def _week_mark(today):
    """Peildatum of the weekly overdue reminder: the first day after the deadline, then every
    7 days. That is the latest of the last seven days (today included) that falls on the
    weekday after the deadline's, so it needs no date arithmetic in SQL."""
    dagen = [today - _dag(n) for n in range(7)]
    return Case(
        *[When(deadline__iso_week_day=(dag - _dag(1)).isoweekday(), then=Value(dag))
          for dag in dagen],
        output_field=DateField(),
    )


def _actiepunt_herinneringen(today, nu):
    """Deadline reminders (14 and 3 days before, on the day; peildatum = the deadline) and the
    weekly overdue reminder, to the responsible person, or to the entrepreneur's address when
    there is no person."""
    te_laat = Q(deadline__lt=today)
    instelling = "verantwoordelijke__herinneringinstelling"
    items = (
        Actiepunt.objects.filter(status__in=OPEN_STATUSSEN, deadline__lte=today + _dag(14))
        .filter(Q(verantwoordelijke__is_active=True)
                | Q(verantwoordelijke__isnull=True) & ~Q(extern_email=""))
        .filter(Q(**{f"{instelling}__isnull": True})
                | te_laat & Q(**{f"{instelling}__te_laat": True})
                | ~te_laat & Q(**{f"{instelling}__deadlines": True}))
    )
    return _insert_select(
        items,
        soort=Case(
            When(te_laat, then=Value(Soort.TE_LAAT.value)),
            When(deadline=today, then=Value(Soort.DEADLINE_0.value)),
            When(deadline__lte=today + _dag(3), then=Value(Soort.DEADLINE_3.value)),
            default=Value(Soort.DEADLINE_14.value),
        ),
        peildatum=Case(When(te_laat, then=_week_mark(today)), default=F("deadline")),
        ontvanger=Lower(Coalesce("verantwoordelijke__email", "extern_email")),
        user=F("verantwoordelijke"), traject=F("traject"), actiepunt=F("pk"),
        **_nieuw(nu),
    )


def _escalaties(today, nu):
    """Items more than 14 days overdue: once per deadline to each coordinator of the
    trajectory. The membership conditions sit in one filter() so they apply to one join."""
    lid = "traject__lidmaatschappen"
    items = Actiepunt.objects.filter(
        status__in=OPEN_STATUSSEN, deadline__lte=today - _dag(ESCALATIE_NA_DAGEN),
    ).filter(
        Q(**{f"{lid}__geldig_tot__isnull": True}) | Q(**{f"{lid}__geldig_tot__gte": today}),
        Q(**{f"{lid}__user__herinneringinstelling__isnull": True})
        | Q(**{f"{lid}__user__herinneringinstelling__escalatie": True}),
        **{f"{lid}__rol": Rol.COORDINATOR, f"{lid}__user__is_active": True},
    )
    return _insert_select(
        items,
        soort=Value(Soort.ESCALATIE.value), peildatum=F("deadline"),
        ontvanger=Lower(f"{lid}__user__email"), user=F(f"{lid}__user"),
        traject=F("traject"), actiepunt=F("pk"),
        **_nieuw(nu),
    )


def _nieuw(nu):
    """The columns of a fresh, unsent row."""
    return {
        "aangemaakt": Value(nu, output_field=DateTimeField()),
        "overgeslagen": Value(False), "pogingen": Value(0), "laatste_fout": Value(""),
    }


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
    """Insert the reminder rows due now. Returns how many item reminder rows were new plus how
    many meeting and schouw rows were offered (existing rows are skipped by the database, so
    running this twice adds nothing)."""
    nu = nu or timezone.now()
    today = timezone.localdate(nu)
    with transaction.atomic():
        aantal = _actiepunt_herinneringen(today, nu)
        aantal += _escalaties(today, nu)
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
