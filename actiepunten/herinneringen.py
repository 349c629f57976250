"""Reminders: the periodic sweep that finds due work and hands it to the outbox.

The sweep never schedules anything in the future. It runs from the beat schedule, works out
which reminders are due on every day since its last successful run (Europe/Amsterdam; so a
day missed while beat or the broker was down is made good) and inserts one `Herinnering` row
per (subject, kind, peildatum, recipient); the unique constraints make a second run, or a
second worker, insert nothing. In the same transaction the new rows are bundled into outbox
mails (kvo/outbox.py): all action-item reminders and escalations for one address in one sweep
become one mail listing the items; meeting, schouw and digest reminders get a mail each. The
outbox sends them, retries failures and never loses one; just before sending, a reminder whose
reason went away (item closed, deadline moved, kind switched off) is left out of its mail.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

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
    QuerySet,
    Value,
    When,
)
from django.db.models.constants import OnConflict
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone

from kvo import sweeps
from kvo.models import Bericht
from kvo.outbox import berichten_maken
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


def _dag(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def _uitgezet(veld: str) -> QuerySet[Any]:
    """Users who switched reminder group `veld` off."""
    return HerinneringInstelling.objects.filter(**{veld: False}).values("user_id")


def _insert(rows: Iterable[Herinnering]) -> int:
    """Insert reminder rows in batches; existing ones (same key) are skipped by the database."""
    aantal = 0
    rijen = iter(rows)
    while batch := list(islice(rijen, BATCH)):
        Herinnering.objects.bulk_create(batch, ignore_conflicts=True)
        aantal += len(batch)
    return aantal


def _insert_select(queryset: QuerySet[Any], **kolommen: Combinable) -> int:
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
    velden: list[Any] = [
        Herinnering._meta.get_field(namen[alias]) for _, _, alias in compiler.select
    ]
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

def _week_mark(today: datetime.date) -> Case:
    """Peildatum of the weekly overdue reminder: the first day after the deadline, then every
    7 days. That is the latest of the last seven days (today included) that falls on the
    weekday after the deadline's, so it needs no date arithmetic in SQL."""
    dagen = [today - _dag(n) for n in range(7)]
    return Case(
        *[When(deadline__iso_week_day=(dag - _dag(1)).isoweekday(), then=Value(dag))
          for dag in dagen],
        output_field=DateField(),
    )


def _actiepunt_herinneringen(today: datetime.date, nu: datetime.datetime) -> int:
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


def _escalaties(today: datetime.date, nu: datetime.datetime) -> int:
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


def _nieuw(nu: datetime.datetime) -> dict[str, Value]:
    """The columns of a fresh, unsent row."""
    return {
        "aangemaakt": Value(nu, output_field=DateTimeField()),
        "overgeslagen": Value(False),
    }


def _dagbegin(datum: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(datum, datetime.time.min))


def _overleg_rows(today: datetime.date, nu: datetime.datetime) -> Iterator[Herinnering]:
    """Werkgroep meetings of tomorrow (or later today, if the reminder was missed yesterday):
    every werkgroep member is reminded once."""
    overleggen = list(
        Overleg.objects.filter(datum__gt=nu, datum__lt=_dagbegin(today + _dag(2)))
        .values_list("pk", "traject_id", "datum")
    )
    if not overleggen:
        return
    leden: defaultdict[int, list[tuple[int, str]]] = defaultdict(list)
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


def _schouw_rows(today: datetime.date, nu: datetime.datetime) -> Iterator[Herinnering]:
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
    uitgenodigd: defaultdict[int, list[tuple[int, str]]] = defaultdict(list)
    for schouw_id, user_id, email in (
        Schouwdeelnemer.objects.filter(schouw_id__in=[s[0] for s in schouwen],
                                       lidmaatschap__user__is_active=True)
        .exclude(lidmaatschap__user_id__in=uit)
        .values_list("schouw_id", "lidmaatschap__user_id", "lidmaatschap__user__email")
    ):
        uitgenodigd[schouw_id].append((user_id, email.lower()))
    leden: defaultdict[int, list[tuple[int, str]]] = defaultdict(list)
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


SWEEP = "actiepunten.herinneringen"
SWEEP_OVERZICHT = "actiepunten.overzichten"


def herinneringen_plannen(*, nu: datetime.datetime | None = None) -> int:
    """Insert the reminder rows due on every day since the last run, up to now. Returns how
    many item reminder rows were new plus how many meeting and schouw rows were offered
    (existing rows are skipped by the database, so running this twice adds nothing)."""
    nu = nu or timezone.now()
    today = timezone.localdate(nu)
    with transaction.atomic():
        aantal = 0
        for dag in sweeps.dagen_te_plannen(SWEEP, today):
            aantal += _actiepunt_herinneringen(dag, nu)
            aantal += _escalaties(dag, nu)
        # Meetings and schouwen still ahead: what a missed day would have reminded of is
        # included, as the window runs from now to the end of tomorrow.
        aantal += _insert(_overleg_rows(today, nu))
        aantal += _insert(_schouw_rows(today, nu))
        sweeps.sweep_afronden(SWEEP, today)
    return aantal


def overzichten_plannen(
    *, nu: datetime.datetime | None = None, alleen_inhalen: bool = False
) -> int:
    """The weekly digest: one row per user with open items, keyed on the week's Monday. Made
    once a week, normally by Monday's run. With `alleen_inhalen` (the daily sweep) it is made
    only if this week's was not made yet although earlier weeks' were: a Monday missed while
    beat or the broker was down is made good the next day."""
    nu = nu or timezone.now()
    today = timezone.localdate(nu)
    maandag = week_maandag(today)
    vorige = sweeps.laatste_dag(SWEEP_OVERZICHT)
    if vorige is not None and vorige >= maandag:
        return 0
    if alleen_inhalen and vorige is None:
        return 0
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
        aantal = _insert(
            Herinnering(soort=Soort.OVERZICHT, peildatum=maandag, ontvanger=email.lower(),
                        user_id=pk, aangemaakt=nu)
            for pk, email in users.iterator(chunk_size=BATCH)
        )
        sweeps.sweep_afronden(SWEEP_OVERZICHT, today)
    return aantal


# Mail kinds per reminder kind: item reminders for one address are bundled into one mail.
BUNDEL = "actiepunten.herinneringen"
MAIL_PER_SOORT = {
    Soort.OVERZICHT: "actiepunten.overzicht",
    Soort.OVERLEG: "actiepunten.overleg",
    Soort.SCHOUW: "actiepunten.schouw",
}


def herinneringen_bundelen() -> int:
    """Write an outbox mail for every reminder row not yet in one: all item reminders and
    escalations for one address in one mail, the other kinds one mail each. Returns how many
    mails were written. Call it in the sweep's transaction (the Sweep row lock keeps two
    sweeps from bundling the same rows)."""
    te_bundelen = Herinnering.objects.te_bundelen()
    gebundeld = te_bundelen.exclude(soort__in=MAIL_PER_SOORT)
    adressen = list(
        gebundeld.order_by("ontvanger").values_list("ontvanger", flat=True).distinct()
    )
    los = list(
        te_bundelen.filter(soort__in=MAIL_PER_SOORT).order_by("pk")
        .values_list("pk", "soort", "ontvanger")
    )
    berichten = berichten_maken(
        [Bericht(soort=BUNDEL, aan=adres) for adres in adressen]
        + [Bericht(soort=MAIL_PER_SOORT[Soort(soort)], aan=aan) for _pk, soort, aan in los]
    )
    # One UPDATE per address (the partial index on ontvanger finds its rows), one per loose row.
    for adres, bericht in zip(adressen, berichten, strict=False):
        gebundeld.filter(ontvanger=adres).update(bericht=bericht)
    for (pk, _soort, _aan), bericht in zip(los, berichten[len(adressen):], strict=True):
        Herinnering.objects.filter(pk=pk).update(bericht=bericht)
    return len(berichten)


def herinneringen_sweep(*, nu: datetime.datetime | None = None) -> int:
    """The daily sweep: plan every missed day up to today and a missed weekly digest, and
    bundle the new rows into outbox mails, all in one transaction. Returns the number of
    mails written."""
    with transaction.atomic():
        herinneringen_plannen(nu=nu)
        overzichten_plannen(nu=nu, alleen_inhalen=True)
        return herinneringen_bundelen()


def overzichten_sweep(*, nu: datetime.datetime | None = None) -> int:
    """The weekly digest run (Mondays) and its mails."""
    with transaction.atomic():
        overzichten_plannen(nu=nu)
        return herinneringen_bundelen()


# Just before sending (kvo/outbox.py renders the mail) ----------------------------------------

def nog_nodig(
    herinnering: Herinnering, instelling: HerinneringInstelling | None = None
) -> bool:
    """Whether this reminder is still worth sending; `instelling` is the recipient's
    HerinneringInstelling (None: every kind on)."""
    veld = HerinneringInstelling.VELD_PER_SOORT[Soort(herinnering.soort)]
    if herinnering.user_id and instelling is not None and not getattr(instelling, veld):
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
