"""Who may do what with surveys and incident figures (predicates from trajects.rules)."""

import rules

from trajects.access import lidmaatschap_voor
from trajects.models import Rol
from trajects.rules import is_coordinator, is_lid

from .models import Incidentcijfer


def cijferbronnen_van(user, obj):
    """The sources whose incident figures `user` enters and corrects in the trajectory of
    `obj`: both for the coordinator, its own for the police or fire-brigade partner."""
    lid = lidmaatschap_voor(user, obj)
    if lid is None:
        return []
    if lid.rol == Rol.COORDINATOR:
        return list(Incidentcijfer.Bron)
    if lid.rol == Rol.PARTNER and lid.organisatie.soort in Incidentcijfer.Bron.values:
        return [Incidentcijfer.Bron(lid.organisatie.soort)]
    return []


@rules.predicate
def voert_cijfers_in(user, traject):
    return bool(cijferbronnen_van(user, traject))


@rules.predicate
def is_bron_van(user, cijfer):
    return cijfer is not None and cijfer.bron in cijferbronnen_van(user, cijfer)


# Results and incident figures are for members only; the recipient list (business e-mail
# addresses) and running the survey are the coordinator's.
rules.add_perm("enquetes.view_meting", is_lid)
rules.add_perm("enquetes.add_meting", is_coordinator)
rules.add_perm("enquetes.change_meting", is_coordinator)
rules.add_perm("enquetes.view_ontvanger", is_coordinator)
rules.add_perm("enquetes.view_incidentcijfer", is_lid)
rules.add_perm("enquetes.add_incidentcijfer", voert_cijfers_in)
rules.add_perm("enquetes.change_incidentcijfer", is_bron_van)
