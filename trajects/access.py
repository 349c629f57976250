"""Who is what in a trajectory. Membership is the boundary: outsiders see nothing."""

from django.conf import settings
from django.db.models import Exists, Q

from kvo.access import Rights, get_with_rights

from .models import Gebied, Lidmaatschap, Organisatie, Partner, Rol, Toezichthouder, Traject


def traject_id_of(obj):
    """The id of the trajectory `obj` belongs to (a Traject belongs to itself)."""
    traject_id = getattr(obj, "traject_id", None)
    if traject_id is None:
        traject_id = obj.traject.pk
    return traject_id


def mag_regio_zien(user):
    """Whether `user` oversees areas for an organisation (the regional overview)."""
    return (user.is_authenticated and user.is_active
            and Toezichthouder.objects.actief().filter(user=user).exists())


def traject_voor(user, pk: int, perm: str | None = None) -> tuple[Traject, Rights]:
    """The trajectory `pk` (with its area) and what `user` may do there; 404 for a non-member,
    403 without `perm`. The first line of every view on a trajectory's page."""
    return get_with_rights(user, Traject.objects.select_related("gebied"), perm, pk=pk)


def lidmaatschap_voor(user, obj):
    """The active membership of `user` in the trajectory of `obj`, or None.

    Someone who oversees the trajectory's area for an organisation (Toezichthouder) and is no
    member gets an unsaved membership with the role lezer (`via_toezicht` set): they read
    everything, as a lezer does, and change nothing.

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
        ) or _toezicht_als_lezer(user, traject_id)
    return cache[traject_id]


def _toezicht_als_lezer(user, traject_id):
    toezicht = (
        Toezichthouder.objects.actief().select_related("organisatie")
        .filter(user=user, organisatie__toezichten__gebied__trajecten=traject_id).first()
    )
    if toezicht is None:
        return None
    lid = Lidmaatschap(user=user, traject_id=traject_id, organisatie=toezicht.organisatie,
                       rol=Rol.LEZER)
    lid.via_toezicht = True
    return lid


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


# Outside one trajectory: starting trajectories, shared organisations and areas -----------------

def startrecht(user_id):
    """Whether the user `user_id` (an id or an OuterRef) holds the trajects.add_traject
    permission, their own or through a group, as an `Exists` to annotate a query the page runs
    anyway (the home page's memberships): what ModelBackend's has_perm answers for an active
    user who is no superuser, in no query of its own. The other backends (rules, axes) grant no
    trajects.add_traject."""
    from django.contrib.auth.models import Permission

    return Exists(
        Permission.objects.filter(content_type__app_label="trajects", codename="add_traject")
        .filter(Q(user=user_id) | Q(group__user=user_id))
    )


def mag_traject_starten(user, rollen=None, recht=None):
    """Staff, holders of the trajects.add_traject permission (given in the admin) and members
    with a role in settings.TRAJECT_STARTEN_ROLLEN (default: coordinators) start trajectories
    and add the organisations and areas they need. `rollen`: the user's active roles by
    trajectory (`{traject_id: rol}`) when the caller has them already (the home page), which
    saves a query; the role is asked before the permission, which costs two. `recht`: whether
    the user holds that permission (`startrecht`), when the caller has it already, which saves
    those two."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_staff:
        return True
    starters = settings.TRAJECT_STARTEN_ROLLEN
    if starters:
        if rollen is not None:
            if set(rollen.values()) & set(starters):
                return True
        elif Lidmaatschap.objects.actief().filter(user=user, rol__in=starters).exists():
            return True
    if recht is not None:
        return bool(recht) or user.is_superuser
    return user.has_perm("trajects.add_traject")


def eigen_organisaties(user):
    """The organisations `user` acts for in an active membership (all of them for staff)."""
    if user.is_staff:
        return Organisatie.objects.all()
    if not user.is_authenticated:
        return Organisatie.objects.none()
    return Organisatie.objects.filter(
        pk__in=Lidmaatschap.objects.actief().filter(user=user).values("organisatie_id")
    )


def zichtbare_organisaties(user):
    """Organisations taking part in the user's trajectories or in those they oversee, their own
    and those they added (staff: all)."""
    if user.is_staff:
        return Organisatie.objects.all()
    if not user.is_authenticated:
        return Organisatie.objects.none()
    return Organisatie.objects.filter(
        Q(pk__in=Partner.objects.filter(
            traject__in=Traject.objects.voor_gebruiker(user).values("pk")
        ).values("organisatie_id"))
        | Q(pk__in=Partner.objects.filter(
            traject__in=Traject.objects.onder_toezicht_van(user).values("pk")
        ).values("organisatie_id"))
        | Q(pk__in=eigen_organisaties(user).values("pk"))
        | Q(aangemaakt_door=user)
    )


def bewerkbare_organisaties(user):
    """Whose shared record (name, e-mail, …) `user` may change: staff all; others the
    organisations they act for as coordinator or partner, and one they added as long as it has
    no people of its own.
    A coordinator sets a partner's role and contact per trajectory instead (Partner)."""
    if not user.is_authenticated or not user.is_active:
        return Organisatie.objects.none()
    if user.is_staff:
        return Organisatie.objects.all()
    zonder_mensen = Organisatie.objects.filter(aangemaakt_door=user).exclude(
        pk__in=Lidmaatschap.objects.values("organisatie_id")
    )
    # Its people act for it as coordinator or partner; auditors and readers only read.
    eigen = Lidmaatschap.objects.actief().filter(
        user=user, rol__in=[Rol.COORDINATOR, Rol.PARTNER]
    ).values("organisatie_id")
    return Organisatie.objects.filter(Q(pk__in=eigen) | Q(pk__in=zonder_mensen.values("pk")))


def mag_organisatie_bewerken(user, organisatie):
    return bewerkbare_organisaties(user).filter(pk=organisatie.pk).exists()


def mag_organisatie_toevoegen(user):
    """Coordinators add the organisations they need as partners; starters for new ones."""
    return user.is_authenticated and user.is_active and (
        mag_traject_starten(user)
        or Lidmaatschap.objects.actief().filter(user=user, rol=Rol.COORDINATOR).exists()
    )


def bruikbare_gebieden(user):
    """Areas a new trajectory may use: those without a trajectory of other people (staff:
    all). An area normally has one KVO trajectory; its members may start the next one."""
    if user.is_staff:
        return Gebied.objects.all()
    anderen = Traject.objects.exclude(pk__in=Traject.objects.voor_gebruiker(user).values("pk"))
    return Gebied.objects.exclude(trajecten__in=anderen)
