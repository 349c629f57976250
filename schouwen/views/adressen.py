"""Dutch addresses on the capture and edit pages of a finding: a small proxy to the PDOK
Locatieserver (kvo/pdok.py). The browser talks only to us (the policy's connect-src 'self'),
who may ask is checked like every schouw page, the limits are ours, and a PDOK that is off,
down, slow or confused gets a Dutch message in JSON, never a server error."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kvo import pdok
from kvo.ratelimits import per_user

from .common import _schouw

MIN_TEKENS = 3
MAX_TEKENS = 100
AANTAL = 8


def _mag_vragen(request, pk, schouw_pk):
    """Who may capture in this schouw (the coordinator and the partners) may look up addresses;
    the edit page's users are among them. Others: 403, outsiders 404."""
    schouw, mag = _schouw(request, pk, schouw_pk, "schouwen.add_bevinding")
    return schouw


def _fout(fout: pdok.PdokFout):
    return JsonResponse({"fout": str(fout)}, status=fout.status)


@require_GET
@per_user("RATELIMIT_ADRESSEN", method="GET")
def adres_zoeken(request, pk, schouw_pk):
    """`?q=Langestraat 12`: up to eight addresses, those near the area first. A question of
    fewer than three characters gets an empty list without asking PDOK."""
    schouw = _mag_vragen(request, pk, schouw_pk)
    tekst = " ".join(request.GET.get("q", "").split())[:MAX_TEKENS]
    if len(tekst) < MIN_TEKENS:
        return JsonResponse({"adressen": []})
    gebied = schouw.traject.gebied
    bij = ((gebied.latitude, gebied.longitude)
           if gebied.latitude is not None and gebied.longitude is not None else None)
    try:
        adressen = pdok.zoeken(tekst, aantal=AANTAL, bij=bij)
    except pdok.PdokFout as fout:
        return _fout(fout)
    return JsonResponse({"adressen": [a.als_dict() for a in adressen]})


@require_GET
@per_user("RATELIMIT_ADRESSEN", method="GET")
def adres_dichtstbij(request, pk, schouw_pk):
    """`?lat=52.0&lon=4.17`: the nearest address (`adres`, null when PDOK knows none). Without
    a point: null without asking PDOK; a point that is no point: 400."""
    _mag_vragen(request, pk, schouw_pk)
    lat, lon = request.GET.get("lat", "").strip(), request.GET.get("lon", "").strip()
    if not lat and not lon:
        return JsonResponse({"adres": None})
    try:
        breedte, lengte = float(lat.replace(",", ".")), float(lon.replace(",", "."))
    except ValueError:
        breedte = lengte = float("nan")
    if not (-90 <= breedte <= 90 and -180 <= lengte <= 180):
        return JsonResponse({"fout": _("Geen geldige plek: kies een punt op de kaart.")},
                            status=400)
    try:
        adres = pdok.dichtstbij(breedte, lengte)
    except pdok.PdokFout as fout:
        return _fout(fout)
    return JsonResponse({"adres": adres.als_dict() if adres else None})
