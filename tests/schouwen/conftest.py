import pytest
from django.apps import apps

from schouwen import referentiedata
from tests.schouwen.factories import SchouwFactory


@pytest.fixture(autouse=True)
def _referentiedata(request):
    """Categories and checklists as the migration seeds them. Tests on a transactional database
    truncate every table afterwards, seeded rows included, so put them back when missing."""
    if "transactional_db" in request.fixturenames or "live_server" in request.fixturenames:
        request.getfixturevalue("transactional_db")
    else:
        request.getfixturevalue("db")
    referentiedata.laad(apps)


@pytest.fixture
def schouw(world):
    return SchouwFactory(traject=world.traject)
