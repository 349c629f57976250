"""Demo data: the completed nulmeting of the 's-Gravenzande trajectory (about 60 of 120 BIZ
members answered) and police and fire-brigade figures for the last four years. Idempotent: the
meting is made only once, figures are get-or-create."""

import datetime
import random

from django.apps import apps
from django.utils import timezone

from trajects.demo import HOOFDTRAJECT
from trajects.models import Traject

from . import referentiedata
from .models import Antwoord, Incidentcijfer, Inzending, Meting, Ontvanger, Sjabloon, Vraag

BRANCHES = [
    "Bakkerij", "Slagerij", "Bloemenhuis", "Kapsalon", "Opticien", "Schoenenwinkel",
    "Boekhandel", "Café", "Lunchroom", "Modezaak", "Drogisterij", "Fietsenwinkel",
    "Juwelier", "Reisbureau", "Makelaardij", "Dierenspeciaalzaak", "Cadeauwinkel", "Eetcafé",
    "Snackbar", "Telefoonwinkel",
]
STRATEN = ["Langestraat", "Marktplein", "Dorpskade", "Juliustraat", "Schoolstraat", "Voorstraat"]

# Answer weights per question code, in the order of the question's options.
GEWICHTEN = {
    "soort-bedrijf": [55, 20, 20, 5],
    "veilig-in-bedrijf": [2, 6, 18, 48, 26],
    "veilig-overdag": [1, 4, 15, 50, 30],
    "veilig-avond": [6, 18, 34, 30, 12],
    "ontwikkeling": [10, 55, 25, 10],
    "aangifte": [30, 25, 20, 25],
    "schoon": [1, 1, 2, 5, 12, 25, 30, 16, 6, 2],
    "aantrekkelijk": [0, 1, 2, 4, 10, 22, 33, 20, 6, 2],
    "verlichting-voldoende": [60, 40],
}
# Chance that an option of a multiple-choice question is ticked.
KANSEN = {
    "slachtoffer": [0.45, 0.10, 0.03, 0.22, 0.18, 0.35],
    "overlast": [0.55, 0.30, 0.25, 0.12, 0.33, 0.10, 0.15],
    "maatregelen": [0.55, 0.48, 0.30, 0.40, 0.20, 0.35, 0.08],
}
OPEN = {
    "geen-aangifte-reden": [
        "Het heeft toch geen zin, er gebeurt niets mee.",
        "Te veel moeite voor een klein bedrag.",
        "Aangifte doen kost te veel tijd.",
        "Ik wist niet dat het online kon.",
    ],
    "suggestie": [
        "Meer toezicht in de avond, vooral op het Marktplein.",
        "Containers achter de winkels op slot en vaker legen.",
        "De bestrating in de Langestraat herstellen.",
        "Betere verlichting in de steegjes naar het parkeerterrein.",
        "Een WhatsApp-groep voor alle winkeliers.",
        "Vaker de wijkagent op straat.",
        "Zwerfafval rond de snackbars aanpakken.",
    ],
}

# (source, kind, counts for the last four years, oldest first)
INCIDENTEN = [
    ("politie", "Winkeldiefstal", [38, 42, 35, 31]),
    ("politie", "Inbraak in bedrijf", [9, 11, 7, 6]),
    ("politie", "Vernieling", [14, 17, 12, 10]),
    ("politie", "Overval", [1, 0, 1, 0]),
    ("politie", "Bedreiging", [5, 6, 4, 4]),
    ("politie", "Fietsendiefstal", [22, 25, 19, 18]),
    ("brandweer", "Brand in container", [4, 6, 3, 2]),
    ("brandweer", "Buitenbrand", [2, 3, 2, 1]),
    ("brandweer", "Brand in gebouw", [1, 1, 0, 1]),
    ("brandweer", "Automatische brandmelding (loos alarm)", [12, 10, 11, 9]),
]


def _antwoorden(vraag, rng):
    """Plausible answer rows for one respondent (none if they skipped the question)."""
    opties = vraag.optielijst
    if vraag.code in GEWICHTEN:
        keuze = rng.choices(opties, weights=GEWICHTEN[vraag.code])[0]
        getal = int(keuze) if vraag.soort in Vraag.SCHALEN else None
        return [{"keuze": keuze, "getal": getal}]
    if vraag.code in KANSEN:
        gekozen = [o for o, kans in zip(opties[:-1], KANSEN[vraag.code], strict=False)
                   if rng.random() < kans]
        return [{"keuze": o} for o in (gekozen or opties[-1:])]
    if vraag.code in OPEN:
        if rng.random() < 0.35:
            return [{"tekst": rng.choice(OPEN[vraag.code])}]
        return []
    if vraag.soort == Vraag.Soort.GETAL:
        return [{"getal": rng.choice([1, 2, 2, 3, 4, 5, 6, 8, 12, 20])}]
    if opties:
        return [{"keuze": rng.choice(opties)}]
    return []


def load_enquetes(dates, stdout):
    traject = Traject.objects.filter(naam=HOOFDTRAJECT).first()
    if traject is None:
        return
    jaar = dates.today.year
    for bron, soort, aantallen in INCIDENTEN:
        for i, aantal in enumerate(aantallen):
            Incidentcijfer.objects.get_or_create(
                traject=traject, bron=bron, soort=soort, jaar=jaar - 4 + i,
                defaults={"aantal": aantal},
            )
    if traject.metingen.exists():
        return
    referentiedata.laad(apps)
    standaard = Sjabloon.objects.get(traject__isnull=True, naam=referentiedata.NAAM)
    start = dates.start + datetime.timedelta(days=35)
    meting = Meting(
        traject=traject, nummer=0, naam="Nulmeting", start=start,
        einde=start + datetime.timedelta(days=28), responsdoel=40,
        inleiding="De BIZ 's-Gravenzande vraagt alle leden hoe veilig en schoon zij het centrum "
                  "vinden. Het invullen duurt ongeveer vijf minuten.",
    )
    meting.sjabloon = standaard.kopieer(traject=traject, naam="Nulmeting")
    meting.save()

    rng = random.Random(2018)
    uitgenodigd = timezone.make_aware(datetime.datetime.combine(start, datetime.time(9)))
    ontvangers = []
    for i in range(120):
        branche = BRANCHES[i % len(BRANCHES)]
        straat = STRATEN[i % len(STRATEN)]
        huisnummer = 1 + (i * 7) % 90
        ontvangers.append(Ontvanger(
            meting=meting, bedrijfsnaam=f"{branche} {straat} {huisnummer}",
            email=f"ondernemer{i + 1:03d}@example.org",
            adres=f"{straat} {huisnummer}, 2691 's-Gravenzande", uitgenodigd=uitgenodigd,
        ))
    Ontvanger.objects.bulk_create(ontvangers)
    vragen = list(meting.sjabloon.vragen.all())
    beantwoord = rng.sample(list(meting.ontvangers.values_list("pk", flat=True)), 62)
    rijen = []
    for _n in beantwoord:
        inzending = Inzending.objects.create(meting=meting)
        for vraag in vragen:
            rijen += [Antwoord(inzending=inzending, vraag=vraag, **a)
                      for a in _antwoorden(vraag, rng)]
    Antwoord.objects.bulk_create(rijen)
    for pk in beantwoord:
        dag = rng.randint(0, 27)
        Ontvanger.objects.filter(pk=pk).update(beantwoord=uitgenodigd + datetime.timedelta(
            days=dag, hours=rng.randint(0, 9)))
    stdout.write(f"Nulmeting met {len(beantwoord)} van 120 antwoorden en incidentcijfers.")
