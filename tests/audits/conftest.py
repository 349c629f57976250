import pytest

from audits.models import AuditAuditor
from tests.audits.factories import AuditFactory


@pytest.fixture
def audit(world):
    """A planned audit of the world's trajectory; the auditor persona is its auditor."""
    audit = AuditFactory(
        traject=world.traject, certificerende_instelling=world.organisaties["auditor"]
    )
    AuditAuditor.objects.create(audit=audit, user=world.users["auditor"])
    return audit
