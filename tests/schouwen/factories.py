import datetime

import factory
from django.apps import apps
from django.core.files.base import ContentFile
from django.utils import timezone

from schouwen import referentiedata
from schouwen.models import Bevinding, Categorie, Foto, Schouw
from tests import fotos
from tests.factories import TrajectFactory, UserFactory


def categorie(naam="Verlichting"):
    """A seeded category; seeded again if a transactional test emptied the table."""
    gevonden = Categorie.objects.filter(naam=naam).first()
    if gevonden is None:
        referentiedata.laad(apps)
        gevonden = Categorie.objects.get(naam=naam)
    return gevonden


class SchouwFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Schouw

    traject = factory.SubFactory(TrajectFactory)
    titel = factory.Sequence(lambda n: f"Schouw {n}")
    begin = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    einde = factory.LazyAttribute(lambda o: o.begin + datetime.timedelta(hours=2))
    dagdeel = Schouw.Dagdeel.DAG
    soort = Schouw.Soort.NULMETING
    verzamelpunt = "Marktplein"


class BevindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bevinding

    schouw = factory.SubFactory(SchouwFactory)
    categorie = factory.LazyFunction(categorie)
    omschrijving = factory.Sequence(lambda n: f"Lantaarnpaal {n} brandt niet")
    straat = "Langestraat"
    huisnummer = factory.Sequence(lambda n: str(n + 1))
    latitude = 52.0017
    longitude = 4.1655
    vastgelegd_door = factory.SubFactory(UserFactory)


class FotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Foto

    bevinding = factory.SubFactory(BevindingFactory)
    bestand = factory.LazyFunction(lambda: ContentFile(fotos.jpeg_bytes((200, 150)), "f.jpg"))
    scherm = factory.LazyFunction(lambda: ContentFile(fotos.jpeg_bytes((100, 75)), "s.jpg"))
    miniatuur = factory.LazyFunction(lambda: ContentFile(fotos.jpeg_bytes((40, 30)), "m.jpg"))
    breedte = 200
    hoogte = 150
    bestandsnaam = "IMG_0001.jpg"
    geupload_door = factory.LazyAttribute(lambda o: o.bevinding.vastgelegd_door)
