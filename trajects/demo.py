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
    Cyclus,
    Document,
    FaseWijziging,
    Gebeurtenis,
    Gebied,
    Lidmaatschap,
    LidmaatschapWijziging,
    Organisatie,
    Overleg,
    Partner,
    Rol,
    Toezicht,
    Toezichthouder,
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
    # The business park's history: started 45 months ago, a negative certification audit, a
    # re-audit and the certificate almost three years ago, re-certification started four months
    # ago with its audit six weeks ahead.
    tweede_start: datetime.date
    tweede_audit: datetime.date
    tweede_heraudit: datetime.date
    tweede_certificaat: datetime.date
    tweede_cyclus2: datetime.date
    tweede_hercertificering: datetime.date

    @classmethod
    def for_today(cls, today=None):
        today = today or timezone.localdate()
        year = today.year if today <= datetime.date(today.year, 6, 10) else today.year + 1
        audit = datetime.date(year, 6, 26)
        start = (today - datetime.timedelta(days=182)).replace(day=1)
        uitreiking = timezone.make_aware(datetime.datetime(year, 7, 17, 16, 30))
        tweede_start = (today - datetime.timedelta(days=1370)).replace(day=1)
        tweede_audit = tweede_start + datetime.timedelta(days=270)
        tweede_heraudit = tweede_audit + datetime.timedelta(days=75)
        return cls(
            today=today, start=start, audit=audit, uitreiking=uitreiking,
            tweede_start=tweede_start, tweede_audit=tweede_audit,
            tweede_heraudit=tweede_heraudit,
            tweede_certificaat=tweede_heraudit + datetime.timedelta(days=21),
            tweede_cyclus2=today - datetime.timedelta(days=120),
            tweede_hercertificering=today + datetime.timedelta(days=42),
        )

    @property
    def tweede_certificaatnummer(self):
        return f"KVO-B-{self.tweede_certificaat.year}-014"

    @staticmethod
    def moment(dag, uur=10):
        """`dag` at `uur` o'clock, Dutch time: for timestamps in the demo's history."""
        return timezone.make_aware(datetime.datetime.combine(dag, datetime.time(uur)))


def fasehistorie(traject, door, stappen):
    """Write a trajectory's phase history as it happened: (phase, day, event, reason[, by])
    rows, and leave the trajectory in the last phase. Only for a trajectory the demo just
    made."""
    vorige = ""
    for fase, dag, gebeurtenis, toelichting, *wie in stappen:
        FaseWijziging.objects.create(
            traject=traject, van=vorige, naar=fase, door=wie[0] if wie else door,
            gebeurtenis=gebeurtenis,
            toelichting=toelichting, tijdstip=Demodata.moment(dag),
        )
        vorige = fase
    Traject.objects.filter(pk=traject.pk).update(fase=vorige)


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


def _lid(user, traject, organisatie, rol, werkgroeprol, sinds, door):
    """A member since `sinds`, with the log row a real invitation would have left."""
    lid, created = Lidmaatschap.objects.get_or_create(
        user=user, traject=traject,
        defaults={"organisatie": organisatie, "rol": rol, "werkgroeprol": werkgroeprol},
    )
    if created:
        LidmaatschapWijziging.objects.create(
            lidmaatschap=lid, nieuw=True, naar_rol=rol, door=user,
            aanleiding=LidmaatschapWijziging.Aanleiding.TRAJECT_GESTART if user == door
            else LidmaatschapWijziging.Aanleiding.UITNODIGING,
            tijdstip=Demodata.moment(sinds + datetime.timedelta(days=2 if user != door else 0)),
        )
    return lid


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
        omschrijving="De BIZ 's-Gravenzande is het traject gestart; MKB Westland begeleidt het, "
                     "met steun van het CCV in de eerste periode.",
    )
    users = {}
    coordinator = _user("coordinator@example.org", "Procesbegeleider MKB Westland")
    if created:
        fasehistorie(traject, coordinator, [
            (Traject.Fase.SAMENWERKING, dates.start, Gebeurtenis.START, ""),
            (Traject.Fase.ANALYSE, dates.start + datetime.timedelta(days=30),
             Gebeurtenis.INTENTIEVERKLARING, "Intentieverklaring getekend door alle partners."),
            (Traject.Fase.PLAN, dates.start + datetime.timedelta(days=90), Gebeurtenis.HANDMATIG,
             "Nulmeting afgerond: enquête, schouw en cijfers; plan van aanpak opgesteld."),
            (Traject.Fase.AUDIT, dates.start + datetime.timedelta(days=150),
             Gebeurtenis.AUDIT_GEPLAND, "Certificering gepland bij Kiwa NCP."),
        ])
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
        if rol != Rol.AUDITOR:  # the auditor's access comes with the audit (audits demo)
            _lid(user, traject, orgs[org], rol, werkgroeprol, dates.start, coordinator)
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

    _getekend(traject, Document.Soort.INTENTIEVERKLARING, orgs["MKB Westland"], coordinator,
              dates.start + datetime.timedelta(days=30))

    # A second trajectory in another area, with its own coordinator.
    honderdland, _ = Gebied.objects.get_or_create(
        gemeente="Westland", naam="Bedrijventerrein Honderdland",
        defaults={"soort": Gebied.Soort.BEDRIJVENTERREIN, "straten": "Honderdland\nLeeuwenhoek",
                  "latitude": 51.9780, "longitude": 4.1790},
    )
    # Certified almost three years ago: its phases and cycles are written here, its walks, plan
    # and audits by the steps of those apps.
    tweede, created = _traject(
        TWEEDE_TRAJECT, honderdland, orgs["MKB Westland"], dates,
        schemaversie=Traject.Schemaversie.KVO_4_0, startdatum=dates.tweede_start,
        omschrijving="Parkmanagement Honderdland trekt het keurmerk; het eerste certificaat "
                     "volgde op een heraudit en loopt binnenkort af.",
    )
    coordinator2 = _user("coordinator2@example.org", "Parkmanager Honderdland")
    if created:
        _tweede_historie(tweede, coordinator2, dates)
    for naam in ["Parkmanagement Honderdland", "Gemeente Westland", "MKB Westland",
                 "Politie team Westland", "Brandweer Haaglanden"]:
        Partner.objects.get_or_create(
            traject=tweede, organisatie=orgs[naam], defaults={"sinds": dates.tweede_start}
        )
    _lid(coordinator2, tweede, orgs["Parkmanagement Honderdland"], Rol.COORDINATOR,
         Werkgroeprol.VOORZITTER, dates.tweede_start, coordinator2)
    _lid(users["gemeente@example.org"], tweede, orgs["Gemeente Westland"], Rol.PARTNER,
         Werkgroeprol.SECRETARIS, dates.tweede_start, coordinator2)
    for soort, dag in [
        (Document.Soort.INTENTIEVERKLARING, dates.tweede_start + datetime.timedelta(days=30)),
        (Document.Soort.CONVENANT, dates.tweede_certificaat),
    ]:
        _getekend(tweede, soort, orgs["Parkmanagement Honderdland"], coordinator2, dag)
    leden = list(tweede.lidmaatschappen.exclude(werkgroeprol=""))
    for weken, onderwerp in [(-30, "Werkgroep: jaarverslag en matrix"),
                             (-10, "Werkgroep: voorbereiding hercertificering")]:
        overleg, nieuw = Overleg.objects.get_or_create(
            traject=tweede, onderwerp=onderwerp,
            defaults={"datum": Demodata.moment(dates.today + datetime.timedelta(weeks=weken), 9),
                      "locatie": "Kantoor parkmanagement Honderdland",
                      "notulen": f"Notulen: {onderwerp.lower()}."},
        )
        if nieuw:
            Aanwezigheid.objects.bulk_create([
                Aanwezigheid(overleg=overleg, lidmaatschap=lid, aanwezig=True) for lid in leden
            ])
    # A regional platform that oversees both areas: the regional overview (werkplek).
    platform, _ = Organisatie.objects.get_or_create(
        naam="Platform Veilig Ondernemen Haaglanden",
        defaults={"soort": Organisatie.Soort.PROCESBEGELEIDER,
                  "email": "info@pvo-haaglanden.example.org"},
    )
    for gebied in (traject.gebied, honderdland):
        Toezicht.objects.get_or_create(organisatie=platform, gebied=gebied)
    Toezichthouder.objects.get_or_create(
        user=_user("regio@example.org", "Programmamanager Platform Veilig Ondernemen"),
        organisatie=platform,
    )
    stdout.write(f"Traject '{traject}' en '{tweede}' staan klaar.")


register_step(0, load_trajects)


def _tweede_historie(traject, coordinator, dates):
    """The business park's phases and its second cycle (the audits demo step adds the audits
    and the certificate, the schouwen and actiepunten steps the walks and the plan)."""
    fasehistorie(traject, coordinator, [
        (Traject.Fase.SAMENWERKING, dates.tweede_start, Gebeurtenis.START, ""),
        (Traject.Fase.ANALYSE, dates.tweede_start + datetime.timedelta(days=30),
         Gebeurtenis.INTENTIEVERKLARING, "Intentieverklaring getekend."),
        (Traject.Fase.PLAN, dates.tweede_start + datetime.timedelta(days=150),
         Gebeurtenis.HANDMATIG, "Nulmeting afgerond, met een rijdende avondschouw."),
        (Traject.Fase.AUDIT, dates.tweede_start + datetime.timedelta(days=210),
         Gebeurtenis.AUDIT_GEPLAND, f"Certificering gepland op {dates.tweede_audit:%d-%m-%Y}."),
        (Traject.Fase.HERSTEL, dates.tweede_audit, Gebeurtenis.NEGATIEVE_AUDIT,
         "Certificering negatief: te weinig maatregelen uitgevoerd.",
         get_user_model().objects.filter(email="auditor@example.org").first()),
        (Traject.Fase.AUDIT, dates.tweede_audit + datetime.timedelta(days=10),
         Gebeurtenis.AUDIT_GEPLAND, f"Heraudit gepland op {dates.tweede_heraudit:%d-%m-%Y}."),
        (Traject.Fase.UITVOERING, dates.tweede_certificaat, Gebeurtenis.CERTIFICAAT,
         f"Certificaat {dates.tweede_certificaatnummer} uitgegeven."),
        (Traject.Fase.HERCERTIFICERING, dates.tweede_cyclus2, Gebeurtenis.HERCERTIFICERING,
         f"Volgende cyclus gestart na certificaat {dates.tweede_certificaatnummer}."),
        (Traject.Fase.AUDIT, dates.tweede_cyclus2 + datetime.timedelta(days=30),
         Gebeurtenis.AUDIT_GEPLAND,
         f"Hercertificering gepland op {dates.tweede_hercertificering:%d-%m-%Y}."),
    ])
    Cyclus.objects.create(
        traject=traject, nummer=2, gestart=Demodata.moment(dates.tweede_cyclus2),
        gestart_door=coordinator, overgenomen="5 partners, 1 open actiepunt",
    )


def load(stdout, today=None):
    dates = Demodata.for_today(today)
    with transaction.atomic():
        for _order, step in sorted(_steps, key=lambda s: s[0]):
            step(dates, stdout)
    return dates


TEKSTEN = {
    Document.Soort.INTENTIEVERKLARING: (
        "Intentieverklaring", "De partners spreken de intentie uit om samen het Keurmerk Veilig "
        "Ondernemen te behalen voor {gebied}."),
    Document.Soort.CONVENANT: (
        "Convenant", "De partners verbinden zich aan het plan van aanpak en de afspraken van het "
        "Keurmerk Veilig Ondernemen voor {gebied}, voor de looptijd van het certificaat."),
}


def _getekend(traject, soort, organisatie, door, getekend):
    """A signed document (declaration of intent, covenant) as a small generated PDF, uploaded
    on the day it was signed."""
    if traject.documenten.filter(soort=soort).exists():
        return
    from kvo.pdf import html_to_pdf

    from .services import document_aanmaken

    kop, tekst = TEKSTEN[soort]
    partners = "".join(
        f"<li>{escape(p.organisatie.naam)}</li>"
        for p in traject.partners.select_related("organisatie")
    )
    titel = f"{kop} {traject.naam}"
    html = (
        f"<html lang='nl'><title>{escape(titel)}</title><h1>{escape(titel)}</h1>"
        f"<p>{escape(tekst.format(gebied=traject.gebied.naam))}</p><ul>{partners}</ul>"
        f"<p>Getekend op {getekend:%d-%m-%Y}.</p>"
    )
    document = document_aanmaken(
        traject=traject, soort=soort, titel=titel, organisatie=organisatie,
        bestand=ContentFile(html_to_pdf(html), name=f"{kop.lower()}.pdf"),
        content_type="application/pdf", door=door,
    )
    document.versies.update(geupload=Demodata.moment(getekend, 16))
