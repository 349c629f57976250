"""Demo: the action plan of the 's-Gravenzande trajectory (docs: demo-scenario).

Half a year in, most action points are done, some are open and the paving of the Langestraat
is overdue. Idempotent: items are looked up by title and only new ones get their history.
"""

import datetime

from django.contrib.auth import get_user_model

from schouwen.models import Bevinding
from trajects.demo import HOOFDTRAJECT
from trajects.models import Organisatie, Traject

from .models import Actiepunt, Bron, Doel, Knelpunt, Opmerking, Prioriteit, Status

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
            for status in ROUTE[eind]:
                actiepunt.naar_status(
                    status, door=users.get(email) if status != Status.GEVERIFIEERD
                    else coordinator, coordinator=True,
                    toelichting=toelichting if status == Status.GEREED else "",
                )
            if toelichting and users.get(email):
                Opmerking.objects.create(
                    actiepunt=actiepunt, auteur=users[email], tekst=toelichting
                )
            nieuw += 1
    gekoppeld = _koppel_bevindingen(traject)
    stdout.write(f"Plan van aanpak: {nieuw} actiepunten toegevoegd, {gekoppeld} gekoppeld aan "
                 "schouwbevindingen.")


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
