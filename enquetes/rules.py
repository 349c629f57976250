"""Who may do what with surveys and incident figures (predicates from trajects.rules)."""

import rules

from trajects.rules import is_coordinator, is_deelnemer, is_lid

# Results and incident figures are for members only; the recipient list (business e-mail
# addresses) and running the survey are the coordinator's.
rules.add_perm("enquetes.view_meting", is_lid)
rules.add_perm("enquetes.add_meting", is_coordinator)
rules.add_perm("enquetes.change_meting", is_coordinator)
rules.add_perm("enquetes.view_ontvanger", is_coordinator)
rules.add_perm("enquetes.view_incidentcijfer", is_lid)
rules.add_perm("enquetes.add_incidentcijfer", is_deelnemer)
rules.add_perm("enquetes.change_incidentcijfer", is_deelnemer)
