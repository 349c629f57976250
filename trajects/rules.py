"""Object permissions (django-rules). Other apps reuse these predicates in their own rules.py."""

import rules

from .access import (
    lidmaatschap_voor,
    mag_bewerken,
    mag_organisatie_bewerken,
    mag_organisatie_toevoegen,
    mag_regio_zien,
    mag_traject_starten,
    zichtbare_organisaties,
)
from .models import Rol


@rules.predicate
def is_lid(user, obj):
    return lidmaatschap_voor(user, obj) is not None


@rules.predicate
def is_coordinator(user, obj):
    lid = lidmaatschap_voor(user, obj)
    return lid is not None and lid.rol == Rol.COORDINATOR


@rules.predicate
def is_partner(user, obj):
    lid = lidmaatschap_voor(user, obj)
    return lid is not None and lid.rol == Rol.PARTNER


@rules.predicate
def is_auditor(user, obj):
    lid = lidmaatschap_voor(user, obj)
    return lid is not None and lid.rol == Rol.AUDITOR


@rules.predicate
def is_eigenaar(user, obj):
    """Coordinator, or partner whose organisation owns `obj`."""
    return mag_bewerken(user, obj)


is_deelnemer = is_coordinator | is_partner

rules.add_perm("trajects.view_traject", is_lid)
rules.add_perm("trajects.change_traject", is_coordinator)
rules.add_perm("trajects.beheer_leden", is_coordinator)
rules.add_perm("trajects.view_lidmaatschap", is_lid)
rules.add_perm("trajects.change_lidmaatschap", is_coordinator)
rules.add_perm("trajects.view_lidmaatschapwijziging", is_lid)
rules.add_perm("trajects.view_cyclus", is_lid)
rules.add_perm("trajects.view_partner", is_lid)
rules.add_perm("trajects.change_partner", is_coordinator)
rules.add_perm("trajects.view_uitnodiging", is_coordinator)
rules.add_perm("trajects.change_uitnodiging", is_coordinator)
rules.add_perm("trajects.view_document", is_lid)
rules.add_perm("trajects.add_document", is_deelnemer)
rules.add_perm("trajects.change_document", is_eigenaar)
rules.add_perm("trajects.view_documentversie", is_lid)
rules.add_perm("trajects.view_overleg", is_lid)
rules.add_perm("trajects.add_overleg", is_coordinator)
rules.add_perm("trajects.change_overleg", is_coordinator)


# Outside one trajectory: shared organisations and starting trajectories (trajects/access.py
# says who; views ask these permissions, never the roles).


@rules.predicate
def organisatie_zichtbaar(user, organisatie):
    return organisatie is not None and (
        zichtbare_organisaties(user).filter(pk=organisatie.pk).exists()
    )


@rules.predicate
def organisatie_bewerkbaar(user, organisatie):
    return organisatie is not None and mag_organisatie_bewerken(user, organisatie)


@rules.predicate
def mag_organisaties_toevoegen(user):
    return mag_organisatie_toevoegen(user)


@rules.predicate
def mag_trajecten_starten(user):
    return mag_traject_starten(user)


rules.add_perm("trajects.view_organisatie", organisatie_zichtbaar)
rules.add_perm("trajects.change_organisatie", organisatie_bewerkbaar)
rules.add_perm("trajects.add_organisatie", mag_organisaties_toevoegen)
# Not trajects.add_traject: that model permission, given in the admin, is one way to be a starter.
rules.add_perm("trajects.traject_starten", mag_trajecten_starten)
rules.add_perm("trajects.add_gebied", mag_trajecten_starten)


@rules.predicate
def is_toezichthouder(user):
    return mag_regio_zien(user)


# The regional overview: people who oversee areas for an organisation (trajects.Toezicht).
rules.add_perm("trajects.regio_bekijken", is_toezichthouder)
