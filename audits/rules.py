"""Object permissions of the audits app. Auditors read everything here and change nothing."""

import rules

from trajects.rules import is_coordinator, is_lid

# On a Traject: planning audits, certificates and the next cycle.
rules.add_perm("audits.beheer", is_coordinator)

rules.add_perm("audits.view_audit", is_lid)
rules.add_perm("audits.change_audit", is_coordinator)
rules.add_perm("audits.view_auditauditor", is_lid)
rules.add_perm("audits.view_auditopmerking", is_lid)
rules.add_perm("audits.change_auditopmerking", is_coordinator)
rules.add_perm("audits.view_dossierversie", is_lid)
rules.add_perm("audits.view_certificaat", is_lid)
