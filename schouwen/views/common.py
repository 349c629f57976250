"""What the schouw page groups share: fetching a schouw, the map settings."""

from django.conf import settings

from kvo.access import get_with_rights

from ..models import Schouw


def _schouw(request, pk, schouw_pk, perm=None):
    return get_with_rights(
        request.user, Schouw.objects.select_related("traject__gebied", "checklist"), perm,
        pk=schouw_pk, traject_id=pk,
    )


def _leaflet_context():
    return {
        "tegels": settings.LEAFLET_CONFIG["TILES"],
        "tegels_bron": settings.LEAFLET_CONFIG.get("ATTRIBUTION_PREFIX", ""),
    }


def _centrum(traject):
    gebied = traject.gebied
    if gebied.latitude is not None and gebied.longitude is not None:
        return [gebied.latitude, gebied.longitude]
    return list(settings.LEAFLET_CONFIG["DEFAULT_CENTER"])
