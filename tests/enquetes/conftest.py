import pytest

from tests.enquetes.factories import MetingFactory, OntvangerFactory, vragenlijst


@pytest.fixture
def meting(world):
    meting = MetingFactory(traject=world.traject, naam="Nulmeting", nummer=0)
    meting.vragen_per_soort = vragenlijst(meting)
    return meting


@pytest.fixture
def ontvanger(meting):
    return OntvangerFactory(meting=meting, bedrijfsnaam="Bakkerij De Korenschoof",
                            email="korenschoof@example.org")
