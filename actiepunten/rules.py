"""Who may do what with the action plan."""

import rules

from trajects.rules import is_coordinator, is_deelnemer, is_eigenaar, is_lid


@rules.predicate
def is_verantwoordelijke(user, actiepunt):
    return actiepunt is not None and actiepunt.verantwoordelijke_id == user.pk


# Coordinators, partners whose organisation is responsible, and the responsible person.
mag_actiepunt_bijwerken = is_eigenaar | (is_lid & is_verantwoordelijke)

rules.add_perm("actiepunten.view_actiepunt", is_lid)
rules.add_perm("actiepunten.add_actiepunt", is_coordinator)
rules.add_perm("actiepunten.change_actiepunt", mag_actiepunt_bijwerken)
rules.add_perm("actiepunten.beheer_plan", is_coordinator)
rules.add_perm("actiepunten.comment_actiepunt", is_deelnemer)
rules.add_perm("actiepunten.view_knelpunt", is_lid)
rules.add_perm("actiepunten.change_knelpunt", is_coordinator)
rules.add_perm("actiepunten.view_doel", is_lid)
rules.add_perm("actiepunten.change_doel", is_coordinator)
rules.add_perm("actiepunten.view_herinnering", is_coordinator)
rules.add_perm("actiepunten.view_bewijsfoto", is_lid)
