"""Who is what in a trajectory. Membership is the boundary: outsiders see nothing."""

from .models import Lidmaatschap, Rol


def traject_id_of(obj):
    """The id of the trajectory `obj` belongs to (a Traject belongs to itself)."""
    traject_id = getattr(obj, "traject_id", None)
    if traject_id is None:
        traject_id = obj.traject.pk
    return traject_id


def lidmaatschap_voor(user, obj):
    """The active membership of `user` in the trajectory of `obj`, or None.

    Cached on the user object, so the checks of one request cost one query per trajectory.
    """
    if obj is None or not user.is_authenticated or not user.is_active:
        return None
    traject_id = traject_id_of(obj)
    cache = user.__dict__.setdefault("_kvo_lidmaatschappen", {})
    if traject_id not in cache:
        cache[traject_id] = (
            Lidmaatschap.objects.actief()
            .select_related("organisatie")
            .filter(user=user, traject_id=traject_id)
            .first()
        )
    return cache[traject_id]


def rol_van(user, obj):
    lid = lidmaatschap_voor(user, obj)
    return lid.rol if lid else None


def mag_bewerken(user, obj):
    """Coordinators edit everything in their trajectory; partners what their organisation owns."""
    lid = lidmaatschap_voor(user, obj)
    if lid is None:
        return False
    if lid.rol == Rol.COORDINATOR:
        return True
    return lid.rol == Rol.PARTNER and getattr(obj, "organisatie_id", None) == lid.organisatie_id
