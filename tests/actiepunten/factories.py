import datetime

import factory

from actiepunten.models import Actiepunt, Doel, Knelpunt
from tests.factories import TrajectFactory


class KnelpuntFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Knelpunt

    traject = factory.SubFactory(TrajectFactory)
    titel = factory.Sequence(lambda n: f"Knelpunt {n}")


class DoelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Doel

    knelpunt = factory.SubFactory(KnelpuntFactory)
    omschrijving = factory.Sequence(lambda n: f"Doel {n}")


class ActiepuntFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Actiepunt

    traject = factory.SubFactory(TrajectFactory)
    titel = factory.Sequence(lambda n: f"Actiepunt {n}")
    deadline = datetime.date(2026, 6, 1)
