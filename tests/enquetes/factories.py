import datetime

import factory
from django.utils import timezone

from enquetes.models import Incidentcijfer, Meting, Ontvanger, Sjabloon, Vraag
from tests.factories import TrajectFactory


class SjabloonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sjabloon

    naam = factory.Sequence(lambda n: f"Vragenlijst {n}")


class VraagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vraag

    sjabloon = factory.SubFactory(SjabloonFactory)
    volgorde = factory.Sequence(lambda n: n * 10)
    code = factory.Sequence(lambda n: f"vraag-{n}")
    tekst = factory.Sequence(lambda n: f"Vraag {n}?")
    soort = Vraag.Soort.JA_NEE


class MetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meting

    traject = factory.SubFactory(TrajectFactory)
    sjabloon = factory.SubFactory(
        SjabloonFactory, traject=factory.SelfAttribute("..traject")
    )
    nummer = factory.Sequence(lambda n: n)
    naam = factory.Sequence(lambda n: f"Meting {n}")
    start = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=7))
    einde = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=21))
    responsdoel = 40


class OntvangerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ontvanger

    meting = factory.SubFactory(MetingFactory)
    bedrijfsnaam = factory.Sequence(lambda n: f"Bakkerij {n}")
    email = factory.Sequence(lambda n: f"winkel{n}@example.org")


class IncidentcijferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Incidentcijfer

    traject = factory.SubFactory(TrajectFactory)
    bron = Incidentcijfer.Bron.POLITIE
    jaar = factory.Sequence(lambda n: 2000 + n % 25)
    soort = factory.Sequence(lambda n: f"Soort {n}")
    aantal = 10


def vragenlijst(meting):
    """One question of every kind on `meting`, keyed by kind."""
    s = meting.sjabloon
    return {
        "enkelvoudig": VraagFactory(sjabloon=s, code="branche", sectie="Over uw bedrijf",
                                    tekst="Wat voor bedrijf hebt u?", soort="enkelvoudig",
                                    opties="Winkel\nHoreca\nAnders", verplicht=True),
        "schaal5": VraagFactory(sjabloon=s, code="veilig", sectie="Veiligheid",
                                tekst="Hoe veilig voelt u zich?", soort="schaal5",
                                verplicht=True, toelichting="1 = zeer onveilig"),
        "meervoudig": VraagFactory(sjabloon=s, code="slachtoffer", sectie="Veiligheid",
                                   tekst="Waarvan was u slachtoffer?", soort="meervoudig",
                                   opties="Winkeldiefstal\nInbraak\nGeen"),
        "janee": VraagFactory(sjabloon=s, code="aangifte", sectie="Veiligheid",
                              tekst="Deed u aangifte?", soort="janee"),
        "getal": VraagFactory(sjabloon=s, code="medewerkers", sectie="Over uw bedrijf",
                              tekst="Hoeveel medewerkers?", soort="getal"),
        "open": VraagFactory(sjabloon=s, code="suggestie", sectie="Tot slot",
                             tekst="Wat kan beter?", soort="open"),
    }
