"""Demo data: the KVO trajectory of the 's-Gravenzande shopping centre (docs: demo-scenario).

Dates are relative to today: the trajectory started half a year ago and its certification audit
is planned for the coming end of June, with the certificate handover on 17 July at 16:30.
Every step is idempotent: running `load_demo` twice changes nothing.

Higher apps add their own steps with `register_step` in their AppConfig.ready().
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify

from .models import (
    Aanwezigheid,
    Document,
    FaseWijziging,
    Gebied,
    Lidmaatschap,
    Organisatie,
    Overleg,
    Partner,
    Rol,
    Traject,
    Werkgroeprol,
)

DEMO_PASSWORD = "demo-KVO-2026"
HOOFDTRAJECT = "KVO-W Centrum 's-Gravenzande"
TWEEDE_TRAJECT = "KVO-B Bedrijventerrein Honderdland"


@dataclass(frozen=True)
class Demodata:
    today: datetime.date
    start: datetime.date
    audit: datetime.date
    uitreiking: datetime.datetime

    @classmethod
    def for_today(cls, today=None):
        today = today or timezone.localdate()
        year = today.year if today <= datetime.date(today.year, 6, 10) else today.year + 1
        audit = datetime.date(year, 6, 26)
        start = (today - datetime.timedelta(days=182)).replace(day=1)
        uitreiking = timezone.make_aware(datetime.datetime(year, 7, 17, 16, 30))
        return cls(today=today, start=start, audit=audit, uitreiking=uitreiking)


_steps: list = []


def register_step(order, func):
    """`func(dates, stdout)` adds one app's demo data; steps run in `order`."""
    if func not in [f for _, f in _steps]:
        _steps.append((order, func))


ORGANISATIES = [
    ("BIZ 's-Gravenzande", Organisatie.Soort.ONDERNEMERS, "Bestuurslid BIZ"),
    ("MKB Westland", Organisatie.Soort.MKB, "Procesbegeleider MKB Westland"),
    ("Gemeente Westland", Organisatie.Soort.GEMEENTE, "Beleidsadviseur veiligheid"),
    ("Politie team Westland", Organisatie.Soort.POLITIE, "Wijkagent"),
    ("Brandweer Haaglanden", Organisatie.Soort.BRANDWEER, "Risicobeheerser"),
    ("CCV", Organisatie.Soort.PROCESBEGELEIDER, "Adviseur CCV"),
    ("Kiwa NCP", Organisatie.Soort.CERTIFICEERDER, "Auditor"),
    ("Parkmanagement Honderdland", Organisatie.Soort.ONDERNEMERS, "Parkmanager"),
]

# email, display name, organisation, app role, werkgroep role
GEBRUIKERS = [
    ("coordinator@example.org", "Procesbegeleider MKB Westland", "MKB Westland",
     Rol.COORDINATOR, Werkgroeprol.PROCESBEGELEIDER),
    ("ondernemer@example.org", "Bestuurslid BIZ 's-Gravenzande", "BIZ 's-Gravenzande",
     Rol.PARTNER, Werkgroeprol.VOORZITTER),
    ("gemeente@example.org", "Beleidsadviseur veiligheid Westland", "Gemeente Westland",
     Rol.PARTNER, Werkgroeprol.SECRETARIS),
    ("politie@example.org", "Wijkagent 's-Gravenzande", "Politie team Westland",
     Rol.PARTNER, Werkgroeprol.LID),
    ("brandweer@example.org", "Risicobeheerser Brandweer Haaglanden", "Brandweer Haaglanden",
     Rol.PARTNER, Werkgroeprol.LID),
    ("ccv@example.org", "Adviseur CCV", "CCV", Rol.LEZER, Werkgroeprol.PROCESBEGELEIDER),
    ("auditor@example.org", "Auditor Kiwa NCP", "Kiwa NCP", Rol.AUDITOR, ""),
]


def _user(email, naam, **extra):
    User = get_user_model()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email, DEMO_PASSWORD, naam=naam, **extra)
    return user


def _traject(naam, gebied, organisatie, dates, **extra):
    traject, created = Traject.objects.get_or_create(
        naam=naam, defaults={"gebied": gebied, "procesbegeleider": organisatie, **extra}
    )
    return traject, created


def load_trajects(dates, stdout):
    orgs = {}
    for naam, soort, contact in ORGANISATIES:
        orgs[naam], _ = Organisatie.objects.get_or_create(
            naam=naam, defaults={"soort": soort, "contactpersoon": contact,
                                 "email": f"info@{slugify(naam)}.example.org"},
        )
    centrum, _ = Gebied.objects.get_or_create(
        gemeente="Westland", naam="Centrum 's-Gravenzande",
        defaults={"soort": Gebied.Soort.WINKELGEBIED,
                  "straten": "Langestraat\nMarktplein\nDorpskade\nJuliustraat\nSchoolstraat",
                  "latitude": 52.0017, "longitude": 4.1655},
    )
    traject, created = _traject(
        HOOFDTRAJECT, centrum, orgs["MKB Westland"], dates,
        schemaversie=Traject.Schemaversie.KVO_4_0, startdatum=dates.start,
        beoogde_auditdatum=dates.audit,
        omschrijving="De BIZ 's-Gravenzande is het traject gestart; MKB Westland begeleidt het, "
                     "met steun van het CCV in de eerste periode.",
    )
    users = {}
    coordinator = _user("coordinator@example.org", "Procesbegeleider MKB Westland")
    if created:
        fases = [
            ("", Traject.Fase.SAMENWERKING, dates.start, "Intentieverklaring getekend."),
            (Traject.Fase.SAMENWERKING, Traject.Fase.ANALYSE,
             dates.start + datetime.timedelta(days=30), "Nulmeting: enquête, schouw, cijfers."),
            (Traject.Fase.ANALYSE, Traject.Fase.PLAN,
             dates.start + datetime.timedelta(days=90), "Plan van aanpak opgesteld."),
            (Traject.Fase.PLAN, Traject.Fase.AUDIT,
             dates.start + datetime.timedelta(days=150), "Audit aangevraagd bij Kiwa NCP."),
        ]
        for van, naar, datum, toelichting in fases:
            FaseWijziging.objects.create(
                traject=traject, van=van, naar=naar, door=coordinator, toelichting=toelichting,
                tijdstip=timezone.make_aware(datetime.datetime.combine(datum, datetime.time(10))),
            )
        Traject.objects.filter(pk=traject.pk).update(fase=Traject.Fase.AUDIT)
    rollen = {
        "BIZ 's-Gravenzande": "Initiatiefnemer; leden beantwoorden de enquête",
        "MKB Westland": "Begeleidt de KVO-trajecten in de Westlandse centra",
        "Gemeente Westland": "Openbare ruimte, reiniging en bestrating",
        "Politie team Westland": "Gerichte surveillance, kennis van incidenten",
        "Brandweer Haaglanden": "Advies brandrisico's, meldingen meldkamer",
        "CCV": "Ondersteunt de eerste periode",
        "Kiwa NCP": "Certificerende instelling",
    }
    for naam, rol in rollen.items():
        Partner.objects.get_or_create(
            traject=traject, organisatie=orgs[naam],
            defaults={"rol": rol, "sinds": dates.start},
        )
    for email, naam, org, rol, werkgroeprol in GEBRUIKERS:
        user = _user(email, naam)
        users[email] = user
        Lidmaatschap.objects.get_or_create(
            user=user, traject=traject,
            defaults={"organisatie": orgs[org], "rol": rol, "werkgroeprol": werkgroeprol},
        )
    _user("beheer@example.org", "Functioneel beheerder", is_staff=True, is_superuser=True)

    # Werkgroep meetings: held ones with attendance, and the next one planned.
    leden = list(traject.lidmaatschappen.exclude(werkgroeprol=""))
    for weken, onderwerp in [(-20, "Startbijeenkomst werkgroep"), (-12, "Bespreking nulmeting"),
                             (-4, "Plan van aanpak vaststellen"), (3, "Voorbereiding audit")]:
        datum = timezone.make_aware(datetime.datetime.combine(
            dates.today + datetime.timedelta(weeks=weken), datetime.time(15, 0)))
        overleg, nieuw = Overleg.objects.get_or_create(
            traject=traject, onderwerp=onderwerp,
            defaults={"datum": datum, "locatie": "Gemeentehuis Westland, Naaldwijk",
                      "notulen": "" if weken > 0 else f"Notulen: {onderwerp.lower()}. "
                      "Actiepunten doorgenomen en matrix bijgewerkt."},
        )
        if nieuw and weken < 0:
            for lid in leden:
                Aanwezigheid.objects.create(overleg=overleg, lidmaatschap=lid, aanwezig=True)

    _intentieverklaring(traject, orgs["MKB Westland"], coordinator, dates)

    # A second trajectory in another area, with its own coordinator.
    honderdland, _ = Gebied.objects.get_or_create(
        gemeente="Westland", naam="Bedrijventerrein Honderdland",
        defaults={"soort": Gebied.Soort.BEDRIJVENTERREIN, "straten": "Honderdland\nLeeuwenhoek",
                  "latitude": 51.9780, "longitude": 4.1790},
    )
    tweede, created = _traject(
        TWEEDE_TRAJECT, honderdland, orgs["MKB Westland"], dates,
        schemaversie=Traject.Schemaversie.KVO_4_0, startdatum=dates.start,
    )
    coordinator2 = _user("coordinator2@example.org", "Parkmanager Honderdland")
    if created:
        FaseWijziging.objects.create(traject=tweede, van="", naar=tweede.fase, door=coordinator2)
    for naam in ["Parkmanagement Honderdland", "Gemeente Westland", "MKB Westland"]:
        Partner.objects.get_or_create(traject=tweede, organisatie=orgs[naam])
    Lidmaatschap.objects.get_or_create(
        user=coordinator2, traject=tweede,
        defaults={"organisatie": orgs["Parkmanagement Honderdland"], "rol": Rol.COORDINATOR,
                  "werkgroeprol": Werkgroeprol.KARTREKKER},
    )
    Lidmaatschap.objects.get_or_create(
        user=users["gemeente@example.org"], traject=tweede,
        defaults={"organisatie": orgs["Gemeente Westland"], "rol": Rol.PARTNER,
                  "werkgroeprol": Werkgroeprol.LID},
    )
    stdout.write(f"Traject '{traject}' en '{tweede}' staan klaar.")


register_step(0, load_trajects)


def load(stdout, today=None):
    dates = Demodata.for_today(today)
    with transaction.atomic():
        for _order, step in sorted(_steps, key=lambda s: s[0]):
            step(dates, stdout)
    return dates


def _intentieverklaring(traject, organisatie, coordinator, dates):
    """The signed declaration of intent, as a small generated PDF."""
    if traject.documenten.filter(soort=Document.Soort.INTENTIEVERKLARING).exists():
        return
    from kvo.pdf import html_to_pdf

    partners = "".join(
        f"<li>{escape(p.organisatie.naam)}</li>"
        for p in traject.partners.select_related("organisatie")
    )
    html = (
        f"<h1>Intentieverklaring {escape(traject.naam)}</h1>"
        f"<p>De partners spreken de intentie uit om samen het Keurmerk Veilig Ondernemen te "
        f"behalen voor {escape(traject.gebied.naam)}.</p><ul>{partners}</ul>"
        f"<p>Getekend op {dates.start:%d-%m-%Y}.</p>"
    )
    bestand = ContentFile(html_to_pdf(html), name="intentieverklaring.pdf")
    from .services import document_aanmaken

    document_aanmaken(
        traject=traject, soort=Document.Soort.INTENTIEVERKLARING,
        titel="Intentieverklaring KVO-W Centrum 's-Gravenzande", organisatie=organisatie,
        bestand=bestand, content_type="application/pdf", door=coordinator,
    )
