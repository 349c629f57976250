"""Object permissions of the audits app.

Coordinators plan audits, invite auditors, send the dossier and record certificates. The auditor
of an audit, within their access window (an active membership), records that audit's outcome,
remarks, report and the re-audit's verdicts under their own name; a coordinator may record them
on the auditor's behalf, marked as such. Everyone else reads.
"""

import rules

from trajects.access import lidmaatschap_voor
from trajects.models import Rol
from trajects.rules import is_coordinator, is_lid


@rules.predicate
def is_auditor_van_audit(user, audit):
    """One of this audit's own auditors, while their membership is active."""
    lid = lidmaatschap_voor(user, audit)
    if lid is None or lid.rol != Rol.AUDITOR:
        return False
    cache = user.__dict__.setdefault("_kvo_auditaudits", {})
    if audit.pk not in cache:
        cache[audit.pk] = audit.auditor_rijen.filter(user=user).exists()
    return cache[audit.pk]


# On a Traject: planning audits, certificates and the next cycle.
rules.add_perm("audits.beheer", is_coordinator)

rules.add_perm("audits.view_audit", is_lid)
rules.add_perm("audits.change_audit", is_coordinator)
# The auditor's work on an audit (outcome, remarks, report, re-audit verdicts).
rules.add_perm("audits.auditor_werk", is_coordinator | is_auditor_van_audit)
rules.add_perm("audits.view_auditauditor", is_lid)
rules.add_perm("audits.view_auditopmerking", is_lid)
rules.add_perm("audits.change_auditopmerking", is_coordinator)
rules.add_perm("audits.view_hercontrole", is_lid)
rules.add_perm("audits.view_dossierversie", is_lid)
rules.add_perm("audits.view_certificaat", is_lid)
