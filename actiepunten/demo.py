"""Demo: the action plan of the 's-Gravenzande trajectory (docs: demo-scenario).

Half a year in, most action points are done, some are open and the paving of the Langestraat
is overdue. Idempotent: items are looked up by title and only new ones get their history.
"""

import datetime

from django.contrib.auth import get_user_model

from schouwen.models import Bevinding
from trajects.demo import HOOFDTRAJECT, TWEEDE_TRAJECT, Demodata
from trajects.models import Melding, Organisatie, Traject

from .models import Actiepunt, Bron, Doel, Knelpunt, Opmerking, Prioriteit, Status
from .services import gereed_gemeld

# knelpunt, bron, doel, [(titel, organisatie, uitvoerder, verantwoordelijke e-mail, deadline
#   in days from today, eindstatus, toelichting)]
PLAN = [
    ("Openbare ruimte beschadigd of onvolledig", Bron.SCHOUW,
     "Straatwerk, groen en afsluitingen in het centrum op orde", [
         ("Boom voor winkel herplanten; gat in de stoep dichten", "Gemeente Westland", None,
          "gemeente@example.org", -150, Status.GEVERIFIEERD, "Boom direct na de schouw geplant."),
         ("Ontbrekende afsluitpaaltjes terugplaatsen", "Gemeente Westland", None,
          "gemeente@example.org", -150, Status.GEVERIFIEERD, "Paaltjes teruggeplaatst."),
         ("Straatwerk Langestraat herstellen na bouwwerkzaamheden", "Gemeente Westland", None,
          "gemeente@example.org", -21, Status.IN_UITVOERING, ""),
     ]),
    ("Brandgevaar door niet-afgesloten afvalcontainers", Bron.SCHOUW,
     "Alle containers achter de winkels zijn afgesloten", [
         ("Containers achter de winkels afsluiten (advies brandweer)", "BIZ 's-Gravenzande",
          "Brandweer Haaglanden", "ondernemer@example.org", 30, Status.OPEN, ""),
     ]),
    ("Winkelcentrum wordt als vuil ervaren", Bron.ENQUETE,
     "Ondernemers en bezoekers vinden het centrum schoon", [
         ("Extra veegronde en afspraken over schoonhouden winkelcentrum", "Gemeente Westland",
          "BIZ 's-Gravenzande", "gemeente@example.org", 45, Status.IN_UITVOERING, ""),
         ("Verlichting Dorpskade en steeg naar het parkeerterrein herstellen",
          "Gemeente Westland", None, "gemeente@example.org", -90, Status.GEVERIFIEERD,
          "Lantaarnpalen gerepareerd; extra ledverlichting in de steeg."),
     ]),
    ("Ondernemers weten weinig over criminaliteitspreventie", Bron.ENQUETE,
     "Ondernemers kennen de preventiemaatregelen en melden incidenten", [
         ("Informatieavond voor ondernemers over criminaliteitspreventie", "MKB Westland",
          "Politie team Westland", "coordinator@example.org", 60, Status.OPEN, ""),
         ("Ondernemers-app met wijkagent opzetten", "Politie team Westland",
          "BIZ 's-Gravenzande", "politie@example.org", -100, Status.GEVERIFIEERD,
          "App-groep actief; 34 ondernemers aangesloten."),
         ("Gerichte surveillance op jeugdoverlast in de avond", "Politie team Westland", None,
          "politie@example.org", -60, Status.GEVERIFIEERD, "Surveillance ingepland."),
         ("Huisnummers op achteringangen aanbrengen", "BIZ 's-Gravenzande", None,
          "ondernemer@example.org", -30, Status.GEREED,
          "Alle achteringangen hebben een huisnummer."),
     ]),
]

# Which demo schouw finding (start of its description, see schouwen/demo.py) each item came from.
BEVINDING_VAN = {
    "Boom voor winkel herplanten; gat in de stoep dichten": "Voor een winkel ontbreekt",
    "Ontbrekende afsluitpaaltjes terugplaatsen": "Paaltjes om de weg af te sluiten",
    "Straatwerk Langestraat herstellen na bouwwerkzaamheden": "Straatwerk in de Langestraat",
    "Containers achter de winkels afsluiten (advies brandweer)": "Afvalcontainers achter",
    "Extra veegronde en afspraken over schoonhouden winkelcentrum": "Het schoonhouden van",
    "Informatieavond voor ondernemers over criminaliteitspreventie": "Ondernemers weten weinig",
    "Verlichting Dorpskade en steeg naar het parkeerterrein herstellen": "Twee lantaarnpalen",
    "Gerichte surveillance op jeugdoverlast in de avond": "Jongeren hangen rond",
}

ROUTE = {
    Status.OPEN: [],
    Status.IN_UITVOERING: [Status.IN_UITVOERING],
    Status.GEREED: [Status.IN_UITVOERING, Status.GEREED],
    Status.GEVERIFIEERD: [Status.IN_UITVOERING, Status.GEREED, Status.GEVERIFIEERD],
}


def load_actiepunten(dates, stdout):
    traject = Traject.objects.filter(naam=HOOFDTRAJECT).first()
    if traject is None:
        return
    User = get_user_model()
    users = {u.email: u for u in User.objects.filter(email__endswith="@example.org")}
    coordinator = users.get("coordinator@example.org")
    orgs = {o.naam: o for o in Organisatie.objects.all()}
    nieuw = 0
    for volgorde, (titel, bron, doel_tekst, items) in enumerate(PLAN, start=1):
        knelpunt, _ = Knelpunt.objects.get_or_create(
            traject=traject, titel=titel, defaults={"bron": bron, "volgorde": volgorde}
        )
        doel, _ = Doel.objects.get_or_create(knelpunt=knelpunt, omschrijving=doel_tekst)
        for titel_ap, org, uitvoerder, email, dagen, eind, toelichting in items:
            if Actiepunt.objects.filter(traject=traject, titel=titel_ap).exists():
                continue
            actiepunt = Actiepunt(
                traject=traject, doel=doel, titel=titel_ap, bron=bron,
                organisatie=orgs.get(org), uitvoerder=orgs.get(uitvoerder) if uitvoerder else None,
                verantwoordelijke=users.get(email), prioriteit=Prioriteit.MIDDEN,
                deadline=dates.today + datetime.timedelta(days=dagen),
            )
            actiepunt._history_user = coordinator
            actiepunt.save()
            doorloop(actiepunt, ROUTE[eind], momenten(dates, dagen), users.get(email),
                      coordinator, toelichting)
            if eind == Status.GEREED:  # waits for the coordinator: their bell says so
                gereed_melding(actiepunt, users.get(email))
            nieuw += 1
    gekoppeld = _koppel_bevindingen(traject)
    _plan_bedrijventerrein(dates, users, orgs)
    stdout.write(f"Plan van aanpak: {nieuw} actiepunten toegevoegd, {gekoppeld} gekoppeld aan "
                 "schouwbevindingen.")


def _plan_bedrijventerrein(dates, users, orgs):
    """The business park's knelpunten: one from its first cycle (carried out), one new in the
    second; the items from the failed audit's remarks are added by the audits demo step."""
    traject = Traject.objects.filter(naam=TWEEDE_TRAJECT).first()
    if traject is None or traject.cycli.count() < 2:
        return
    eerste, tweede = traject.cycli.order_by("nummer")[:2]
    coordinator = users.get("coordinator2@example.org")
    for cyclus, titel, doel_tekst, items in [
        (eerste, "Donkere routes en open poorten 's nachts",
         "Het terrein is 's nachts verlicht en afgesloten", [
             ("Straatverlichting Leeuwenhoek 's nachts aan laten", "Gemeente Westland",
              "gemeente@example.org", -1000, Status.GEVERIFIEERD, "Schakeltijden aangepast."),
             ("Afspraken met ondernemers over afsluiten van poorten",
              "Parkmanagement Honderdland", "coordinator2@example.org", -960,
              Status.GEVERIFIEERD, "Afspraken in de nieuwsbrief en bij de entree."),
         ]),
        (tweede, "Brandgevaar door opslag tegen gevels",
         "Geen brandbare opslag tegen de gevels", [
             ("Ondernemers aanschrijven over pallets tegen de gevel",
              "Parkmanagement Honderdland", "coordinator2@example.org", 30,
              Status.IN_UITVOERING, ""),
         ]),
    ]:
        knelpunt, created = Knelpunt.objects.get_or_create(
            traject=traject, titel=titel, defaults={"bron": Bron.SCHOUW, "cyclus": cyclus}
        )
        if not created:
            continue
        doel = Doel.objects.create(knelpunt=knelpunt, omschrijving=doel_tekst)
        for titel_ap, org, email, dagen, eind, toelichting in items:
            actiepunt = Actiepunt(
                traject=traject, doel=doel, titel=titel_ap, bron=Bron.SCHOUW,
                organisatie=orgs.get(org), verantwoordelijke=users.get(email),
                prioriteit=Prioriteit.MIDDEN,
                deadline=dates.today + datetime.timedelta(days=dagen),
            )
            actiepunt._history_user = coordinator
            actiepunt.save()
            doorloop(actiepunt, ROUTE[eind], momenten_bedrijventerrein(dates, dagen),
                      users.get(email), coordinator, toelichting)


def momenten_bedrijventerrein(dates, dagen):
    """As `momenten`, counted from the business park's own start."""
    gereed = max(dates.today + datetime.timedelta(days=min(dagen, -1) - 4),
                 dates.tweede_start + datetime.timedelta(days=180))
    if dagen > 0:
        bezig = dates.tweede_cyclus2 + datetime.timedelta(days=25)
        return {None: dates.tweede_cyclus2 + datetime.timedelta(days=21),
                Status.IN_UITVOERING: bezig}
    return {
        None: dates.tweede_start + datetime.timedelta(days=150),
        Status.IN_UITVOERING: gereed - datetime.timedelta(days=30),
        Status.GEREED: gereed, Status.GEVERIFIEERD: gereed + datetime.timedelta(days=7),
    }


def momenten(dates, dagen):
    """When an item with its deadline `dagen` days from today was made, taken up, reported done
    and verified: spread over the past months, never the day the demo loads."""
    start = dates.start + datetime.timedelta(days=60)
    gisteren = dates.today - datetime.timedelta(days=1)
    gereed = min(max(dates.today + datetime.timedelta(days=dagen - 4), start +
                     datetime.timedelta(days=20)), gisteren - datetime.timedelta(days=3))
    bezig = max(gereed - datetime.timedelta(days=16), start + datetime.timedelta(days=5))
    if dagen > 0:  # still open or in progress: taken up a few weeks ago
        bezig = gisteren - datetime.timedelta(days=20)
    return {
        None: start, Status.IN_UITVOERING: bezig, Status.GEREED: gereed,
        Status.GEVERIFIEERD: min(gereed + datetime.timedelta(days=6), gisteren),
    }


def doorloop(actiepunt, route, dagen, uitvoerder, coordinator, toelichting):
    """Walk `actiepunt` through `route`, then date each step (its history row, the done
    report and the comment) to the day it happened."""
    for status in route:
        actiepunt.naar_status(
            status, door=uitvoerder if status != Status.GEVERIFIEERD else coordinator,
            coordinator=True, toelichting=toelichting if status == Status.GEREED else "",
        )
    if toelichting and uitvoerder:
        Opmerking.objects.create(actiepunt=actiepunt, auteur=uitvoerder, tekst=toelichting)
    stappen = list(actiepunt.history.order_by("history_date", "history_id"))
    for rij, status in zip(stappen, [None, *route], strict=True):
        rij.history_date = Demodata.moment(dagen[status], 9 + len(str(status)) % 7)
        rij.save(update_fields=["history_date"])
    if Status.GEREED in route:
        moment = Demodata.moment(dagen[Status.GEREED], 14)
        Actiepunt.objects.filter(pk=actiepunt.pk).update(gereed_op=moment)
        actiepunt.opmerkingen.update(tijdstip=moment)
    Actiepunt.objects.filter(pk=actiepunt.pk).update(aangemaakt=Demodata.moment(dagen[None]))


def gereed_melding(actiepunt, uitvoerder):
    """The notification a done report makes, dated to the report."""
    actiepunt.refresh_from_db()
    gereed_gemeld(actiepunt=actiepunt, door=uitvoerder, wie=str(uitvoerder))
    Melding.objects.filter(sleutel__startswith=f"actiepunt:{actiepunt.pk}:gereed:").update(
        aangemaakt=actiepunt.gereed_op)


def _koppel_bevindingen(traject):
    """Link the demo items to the demo schouw's findings (once; items already linked stay)."""
    gekoppeld = 0
    for actiepunt in traject.actiepunten.filter(titel__in=BEVINDING_VAN, bevindingen=None):
        bevinding = Bevinding.objects.van_traject(traject).filter(
            omschrijving__startswith=BEVINDING_VAN[actiepunt.titel], actiepunten=None
        ).first()
        if bevinding is None:
            continue
        actiepunt.bevindingen.add(bevinding)
        if bevinding.status != Bevinding.Status.OPGELOST:
            bevinding.markeer_als_actiepunt()
        gekoppeld += 1
    return gekoppeld
