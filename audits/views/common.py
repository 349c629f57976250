"""What the audit page groups share: fetching an audit, on whose behalf, the re-audit form."""

from kvo.access import get_with_rights

from .. import services
from ..forms import HercontroleForm
from ..models import Audit


def _audit(request, pk, audit_pk, perm=None):
    return get_with_rights(
        request.user,
        Audit.objects.select_related(
            "traject__gebied", "certificerende_instelling", "rapport", "cyclus", "vorige_audit",
            "uitkomst_door",
        ),
        perm, pk=audit_pk, traject_id=pk,
    )


def _namens_keuzes(request, audit):
    """The coordinator records on an auditor's behalf: choose whose word it is. The auditor
    records under their own name (None: no such fields)."""
    if services.is_auditor_van(request.user, audit):
        return None
    namen = [str(rij.user) for rij in audit.auditor_rijen.select_related("user")]
    return [*namen, str(audit.certificerende_instelling)]


def _hercontrole_form(request, heraudit, opmerking, data=None):
    return HercontroleForm(
        data, prefix=f"opmerking-{opmerking.pk}",
        namens_keuzes=_namens_keuzes(request, heraudit),
    )
