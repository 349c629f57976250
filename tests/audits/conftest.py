import importlib

import pytest
from django.apps import apps

from audits.models import AuditAuditor
from tests.audits.factories import AuditFactory

_seed = importlib.import_module("audits.migrations.0002_schema_en_eisen").seed


@pytest.fixture(autouse=True)
def schema_en_eisen(request):
    """The seeded scheme versions and requirements, also after another test's flush (tests
    with transaction=True empty the tables that data migrations filled)."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return
    transactional = marker.kwargs.get("transaction", False)
    request.getfixturevalue("transactional_db" if transactional else "db")
    _seed(apps, None)


@pytest.fixture
def audit(world):
    """A planned audit of the world's trajectory; the auditor persona is its auditor."""
    audit = AuditFactory(
        traject=world.traject, certificerende_instelling=world.organisaties["auditor"]
    )
    AuditAuditor.objects.create(audit=audit, user=world.users["auditor"])
    return audit
