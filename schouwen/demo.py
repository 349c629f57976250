"""Demo step (order 10): the 0-meting schouwen of the 's-Gravenzande centre, with the findings the
news article names and generated photos; plus the next periodic schouw, planned."""

import datetime
import io

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from trajects.demo import HOOFDTRAJECT
from trajects.models import Organisatie, Traject

from . import referentiedata, services
from .models import Bevinding, Categorie, Checklistsjabloon, Schouw

# description, category, severity, organisation, street, number, (lat, lon), final status, colours
BEVINDINGEN_DAG = [
    ("Voor een winkel ontbreekt een grote boom; er is een gapend gat achtergebleven.",
     "Groen", "oranje", "Gemeente Westland", "Langestraat", "42", (52.00195, 4.16402),
     Bevinding.Status.OPGELOST, ((120, 90, 60), (60, 140, 60))),
    ("Paaltjes om de weg af te sluiten ontbreken.",
     "Bestrating", "geel", "Gemeente Westland", "Marktplein", "", (52.00148, 4.16588),
     Bevinding.Status.OPGELOST, ((150, 150, 150), (200, 60, 40))),
    ("Afvalcontainers achter de winkels staan niet op slot: brandgevaar.",
     "Brandveiligheid", "rood", "BIZ 's-Gravenzande", "Juliustraat", "3", (52.00232, 4.16611),
     Bevinding.Status.TOEGEWEZEN, ((40, 90, 40), (220, 200, 40))),
    ("Straatwerk in de Langestraat is beschadigd door jaren bouwwerkzaamheden.",
     "Bestrating", "oranje", "Gemeente Westland", "Langestraat", "18", (52.00171, 4.16473),
     Bevinding.Status.TOEGEWEZEN, ((170, 120, 100), (90, 90, 90))),
    ("Het schoonhouden van het winkelcentrum vraagt verdere stappen: zwerfafval bij de "
     "bankjes en de fietsenstalling.",
     "Zwerfafval en vervuiling", "geel", "Gemeente Westland", "Marktplein", "", (52.00132, 4.16551),
     Bevinding.Status.TOEGEWEZEN, ((110, 110, 110), (230, 230, 230))),
    ("Ondernemers weten weinig over criminaliteitspreventie; voorlichting is gewenst.",
     "Toezicht, camera's en afsluiting", "geel", "MKB Westland", "Schoolstraat", "", None,
     Bevinding.Status.TOEGEWEZEN, ((60, 80, 140), (240, 240, 240))),
]

BEVINDINGEN_AVOND = [
    ("Twee lantaarnpalen bij de Dorpskade branden niet; de steeg naar het parkeerterrein is "
     "donker.", "Verlichting", "oranje", "Gemeente Westland", "Dorpskade", "7",
     (52.00262, 4.16705), Bevinding.Status.TOEGEWEZEN, ((20, 20, 50), (250, 220, 120))),
    ("Jongeren hangen rond bij de fietsenstalling op het Marktplein.",
     "Overlast door personen", "geel", "Politie team Westland", "Marktplein", "",
     (52.00141, 4.16570), Bevinding.Status.TOEGEWEZEN, ((30, 30, 60), (150, 150, 200))),
]


def demo_foto(tekst, achtergrond, voorgrond, size=(1600, 1200)):
    """A simple drawn 'photo' (JPEG bytes): sky, street and an object in the finding's colours."""
    image = Image.new("RGB", size, achtergrond)
    draw = ImageDraw.Draw(image)
    w, h = size
    draw.rectangle([0, 0, w, h // 3], fill=(150, 190, 230))
    draw.polygon([(0, h), (w, h), (w * 3 // 5, h // 3), (w * 2 // 5, h // 3)], fill=(110, 110, 115))
    draw.rectangle([w // 3, h // 2, w * 2 // 3, h * 5 // 6], fill=voorgrond, outline=(0, 0, 0),
                   width=8)
    draw.text((40, 40), tekst[:60], fill=(0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def _schouw(traject, *, titel, begin, dagdeel, soort, lengte=2, cyclus=None,
            verzamelpunt="Marktplein, bij de muziektent"):
    return Schouw.objects.get_or_create(
        traject=traject, titel=titel,
        defaults={
            "begin": begin, "einde": begin + datetime.timedelta(hours=lengte),
            "dagdeel": dagdeel, "soort": soort, "cyclus": cyclus,
            "verzamelpunt": verzamelpunt,
            "route": "\n".join(traject.gebied.stratenlijst),
            "checklist": Checklistsjabloon.objects.filter(
                gebiedsoort=traject.gebied.soort, actief=True).first(),
        },
    )


def _vul(schouw, traject, bevindingen, leden):
    # The invitation mails are for real walks; the demo's past walks are recorded directly.
    from .models import Schouwdeelnemer

    Schouwdeelnemer.objects.bulk_create([
        Schouwdeelnemer(schouw=schouw, lidmaatschap=lid, aanwezig=True,
                        bericht_volgnummer=schouw.volgnummer)
        for lid in leden
    ])
    organisaties = {o.naam: o for o in Organisatie.objects.filter(partnerschappen__traject=traject)}
    door = leden[0].user
    for (tekst, categorie, ernst, organisatie, straat, nummer, positie, status,
         kleuren) in bevindingen:
        fotos = [SimpleUploadedFile(f"{categorie.lower()}.jpg", demo_foto(tekst, *kleuren))
                 ] if kleuren else []
        bevinding = services.bevinding_vastleggen(
            schouw=schouw, door=door, fotos=fotos,
            categorie=Categorie.objects.get(naam=categorie), omschrijving=tekst, ernst=ernst,
            organisatie=organisaties.get(organisatie), straat=straat, huisnummer=nummer,
            latitude=positie[0] if positie else None,
            longitude=positie[1] if positie else None, toch_nieuw=True,
        )
        if status == Bevinding.Status.OPGELOST:
            bevinding.markeer_als_opgelost()
    services.schouw_afronden(schouw=schouw)
    # Recorded during the walk and completed right after it, not on the day the demo loads.
    schouw.bevindingen.update(aangemaakt=schouw.begin + datetime.timedelta(minutes=20))
    Schouw.objects.filter(pk=schouw.pk).update(afgerond_op=schouw.einde)


def load_schouwen(dates, stdout):
    referentiedata.laad(apps)
    traject = Traject.objects.filter(naam=HOOFDTRAJECT).select_related("gebied").first()
    if traject is None:
        return
    tz = timezone.get_current_timezone()
    leden = list(
        traject.lidmaatschappen.filter(rol__in=["coordinator", "partner"])
        .select_related("user", "organisatie").order_by("rol", "pk")
    )
    dag = datetime.datetime.combine(dates.start + datetime.timedelta(days=40), datetime.time(10))
    schouw, created = _schouw(
        traject, titel="Nulmeting overdag", begin=timezone.make_aware(dag, tz),
        dagdeel=Schouw.Dagdeel.DAG, soort=Schouw.Soort.NULMETING,
    )
    if created:
        _vul(schouw, traject, BEVINDINGEN_DAG, leden)
    avond = datetime.datetime.combine(dates.start + datetime.timedelta(days=47),
                                      datetime.time(20))
    schouw_avond, created = _schouw(
        traject, titel="Nulmeting 's avonds", begin=timezone.make_aware(avond, tz),
        dagdeel=Schouw.Dagdeel.AVOND, soort=Schouw.Soort.NULMETING, lengte=1,
    )
    if created:
        _vul(schouw_avond, traject, BEVINDINGEN_AVOND, leden)
    volgende = datetime.datetime.combine(dates.today + datetime.timedelta(days=21),
                                         datetime.time(10))
    gepland, created = _schouw(
        traject, titel="Periodieke schouw voorjaar", begin=timezone.make_aware(volgende, tz),
        dagdeel=Schouw.Dagdeel.DAG, soort=Schouw.Soort.PERIODIEK,
    )
    if created:
        from .models import Schouwdeelnemer

        Schouwdeelnemer.objects.bulk_create([
            Schouwdeelnemer(schouw=gepland, lidmaatschap=lid, bericht_volgnummer=0)
            for lid in leden
        ])
    _schouwen_bedrijventerrein(dates, tz)
    stdout.write(f"Schouwen van '{traject}' staan klaar.")


# The business park: driven by night in the first cycle, by day for the 1-meting of the second.
BEVINDINGEN_HONDERDLAND_AVOND = [
    ("Straatverlichting langs de Leeuwenhoek valt na 22 uur uit; de route is donker.",
     "Verlichting", "oranje", "Gemeente Westland", "Leeuwenhoek", "", (51.97855, 4.18012),
     Bevinding.Status.OPGELOST, None),
    ("Poort van een bedrijfsunit aan het Honderdland staat 's nachts open.",
     "Toezicht, camera's en afsluiting", "geel", "Parkmanagement Honderdland", "Honderdland",
     "110", (51.97741, 4.17853), Bevinding.Status.OPGELOST, None),
]
BEVINDINGEN_HONDERDLAND_DAG = [
    ("Pallets tegen de gevel van een bedrijfsunit: brandgevaar en klimhulp.",
     "Brandveiligheid", "oranje", "Parkmanagement Honderdland", "Honderdland", "86",
     (51.97790, 4.17921), Bevinding.Status.TOEGEWEZEN, None),
]


def _schouwen_bedrijventerrein(dates, tz):
    from trajects.demo import TWEEDE_TRAJECT

    traject = Traject.objects.filter(naam=TWEEDE_TRAJECT).select_related("gebied").first()
    if traject is None or traject.cycli.count() < 2:
        return
    eerste, tweede = traject.cycli.order_by("nummer")[:2]
    leden = list(traject.lidmaatschappen.filter(rol__in=["coordinator", "partner"])
                 .select_related("user", "organisatie").order_by("rol", "pk"))
    for titel, dag, uur, dagdeel, soort, cyclus, bevindingen in [
        ("Avondschouw rijdend", dates.tweede_start + datetime.timedelta(days=100), 21,
         Schouw.Dagdeel.AVOND, Schouw.Soort.NULMETING, eerste, BEVINDINGEN_HONDERDLAND_AVOND),
        ("1-meting overdag", dates.tweede_cyclus2 + datetime.timedelta(days=20), 10,
         Schouw.Dagdeel.DAG, Schouw.Soort.HERHALING, tweede, BEVINDINGEN_HONDERDLAND_DAG),
    ]:
        begin = timezone.make_aware(datetime.datetime.combine(dag, datetime.time(uur)), tz)
        schouw, created = _schouw(traject, titel=titel, begin=begin, dagdeel=dagdeel, soort=soort,
                                  cyclus=cyclus, verzamelpunt="Parkeerterrein Honderdland")
        if created:
            _vul(schouw, traject, bevindingen, leden)
