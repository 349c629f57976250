"""Object permissions for schouwen. Every member reads; coordinators plan and triage; partners
capture findings during a walk and may edit the ones they captured."""

import rules

from trajects.rules import is_coordinator, is_deelnemer, is_lid, is_partner


@rules.predicate
def heeft_vastgelegd(user, obj):
    """The user captured this finding (or the finding of this photo)."""
    bevinding = getattr(obj, "bevinding", obj)
    return getattr(bevinding, "vastgelegd_door_id", None) == user.pk


kan_bevinding_bewerken = is_coordinator | (is_partner & heeft_vastgelegd)

rules.add_perm("schouwen.view_schouw", is_lid)
rules.add_perm("schouwen.add_schouw", is_coordinator)
rules.add_perm("schouwen.change_schouw", is_coordinator)
rules.add_perm("schouwen.triage_schouw", is_coordinator)
rules.add_perm("schouwen.add_bevinding", is_deelnemer)
rules.add_perm("schouwen.view_bevinding", is_lid)
rules.add_perm("schouwen.change_bevinding", kan_bevinding_bewerken)
rules.add_perm("schouwen.view_foto", is_lid)
rules.add_perm("schouwen.delete_foto", kan_bevinding_bewerken)
rules.add_perm("schouwen.view_schouwdeelnemer", is_lid)
rules.add_perm("schouwen.view_schouwrapport", is_lid)
rules.add_perm("schouwen.add_schouwrapport", is_deelnemer)
