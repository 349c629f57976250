"""The home page: the user's trajectories as a sortable, filterable table, what needs a
coordinator today, and the blocks of the person's own work that higher apps add
(trajects/thuis.py)."""

from django import forms
from django.db.models import F, OuterRef, Q, Subquery
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kvo.lists import filter_params, paginate

from .. import gereedheid, samenvatting, thuis
from ..access import mag_traject_starten
from ..models import Lidmaatschap, Overleg, Rol, Traject

# Sort keys in the URL (?sorteer=fase, ?sorteer=-te_laat) and the field each sorts on. Keys
# that an app's annotation provides are offered only while that app is installed.
SORTERINGEN = {
    "naam": ("naam", _("Traject")),
    "fase": ("fase", _("Fase")),
    "rol": ("mijn_rol", _("Mijn rol")),
    "te_laat": ("te_laat", _("Te laat")),
    "schouw": ("volgende_schouw", _("Volgende schouw")),
    "overleg": ("volgend_overleg", _("Volgend overleg")),
    "audit": ("volgende_audit", _("Audit")),
    "certificaat": ("certificaat_tot", _("Certificaat tot")),
    "activiteit": ("laatste_activiteit", _("Laatste activiteit")),
}


class TrajectFilter(forms.Form):
    """The table's filters; bad values are ignored with a message, never an error page."""

    q = forms.CharField(label=_("Zoeken op naam of gebied"), required=False, max_length=100)
    fase = forms.ChoiceField(label=_("Fase"), required=False,
                             choices=[("", _("Alle fases")), *Traject.Fase.choices],
                             widget=forms.Select(attrs={"class": "form-select"}))
    rol = forms.ChoiceField(label=_("Mijn rol"), required=False,
                            choices=[("", _("Alle rollen")), *Rol.choices],
                            widget=forms.Select(attrs={"class": "form-select"}))
    te_laat = forms.BooleanField(label=_("Alleen met actiepunten over de deadline"),
                                 required=False)


def _sorteer(queryset, sleutel):
    """Order by the key from the URL (with `-` for descending); unknown keys sort by name.
    Empty values go last either way."""
    veld = SORTERINGEN.get(sleutel.lstrip("-"), (None,))[0]
    if veld is None or not _kan_sorteren(queryset, veld):
        return queryset.order_by("naam", "pk"), "naam"
    expressie = F(veld)
    volgorde = (expressie.desc(nulls_last=True) if sleutel.startswith("-")
                else expressie.asc(nulls_last=True))
    return queryset.order_by(volgorde, "naam", "pk"), sleutel


def _kan_sorteren(queryset, veld):
    return veld in ("naam", "fase") or veld in queryset.query.annotations


def _koppen(queryset, sortering, querystring):
    """The sortable column headers: label, the link that sorts by it (again: the other way)
    and aria-sort for the current one."""
    koppen = {}
    for sleutel, (veld, label) in SORTERINGEN.items():
        if not _kan_sorteren(queryset, veld):
            continue
        huidig = sortering.lstrip("-") == sleutel
        aflopend = sortering.startswith("-")
        nieuw = f"-{sleutel}" if huidig and not aflopend else sleutel
        koppen[sleutel] = {
            "label": label,
            "url": f"?{querystring + '&' if querystring else ''}sorteer={nieuw}",
            "aria_sort": ("descending" if aflopend else "ascending") if huidig else "",
        }
    return koppen


def _mijn_trajecten(user):
    """The user's trajectories with every fact the table shows, one subquery each."""
    volgend_overleg = (
        Overleg.objects.filter(traject=OuterRef("pk"), datum__gte=timezone.now())
        .order_by("datum").values("datum")[:1]
    )
    mijn_rol = Lidmaatschap.objects.filter(user=user, traject=OuterRef("pk")).values("rol")[:1]
    return samenvatting.met_laatste_activiteit(
        samenvatting.annoteer(Traject.objects.voor_gebruiker(user))
        .select_related("gebied")
        .annotate(volgend_overleg=Subquery(volgend_overleg), mijn_rol=Subquery(mijn_rol))
    )


def dashboard(request):
    trajecten = _mijn_trajecten(request.user)
    filter_form = TrajectFilter(request.GET or None)
    gefilterd = trajecten
    if filter_form.is_bound and filter_form.is_valid():
        gegevens = filter_form.cleaned_data
        if gegevens["q"]:
            gefilterd = gefilterd.filter(Q(naam__icontains=gegevens["q"])
                                         | Q(gebied__naam__icontains=gegevens["q"])
                                         | Q(gebied__gemeente__icontains=gegevens["q"]))
        if gegevens["fase"]:
            gefilterd = gefilterd.filter(fase=gegevens["fase"])
        if gegevens["rol"]:
            gefilterd = gefilterd.filter(mijn_rol=gegevens["rol"])
        if gegevens["te_laat"] and "te_laat" in gefilterd.query.annotations:
            gefilterd = gefilterd.filter(te_laat__gt=0)
    gefilterd, sortering = _sorteer(gefilterd, request.GET.get("sorteer", "naam"))
    # The shared pager (kvo/lists.py, 50 a page); the sort is this table's own: empty values
    # last either way, and only the columns of the installed apps.
    lijst = paginate(request, gefilterd)
    page_obj = lijst["page_obj"]
    rijen = list(page_obj.object_list)
    per_traject = gereedheid.gereedheid_voor(rijen)
    for traject in rijen:
        traject.gereedheid = per_traject.get(traject.pk)
        traject.mijn_rol_label = Rol(traject.mijn_rol).label if traject.mijn_rol else ""

    # The user's memberships (one query), for the blocks too: their role in each trajectory
    # (one membership per trajectory) and whether they hold the permission to start one.
    leden = thuis.lidmaatschappen(request.user)
    rollen = {lid.traject_id: lid.rol for lid in leden}
    # What needs a coordinator today, in all their trajectories (not only this page).
    vandaag = timezone.localdate()
    coordinator_van = (list(trajecten.filter(mijn_rol=Rol.COORDINATOR).order_by("naam"))
                       if Rol.COORDINATOR in rollen.values() else [])
    return render(request, "trajects/dashboard.html", {
        "page_obj": page_obj,
        "trajecten": rijen,
        "aantal_trajecten": len(rollen),
        "filter_form": filter_form,
        "sortering": sortering,
        "koppen": _koppen(gefilterd, sortering, filter_params(request).urlencode()),
        "querystring": lijst["querystring"],
        "taken": thuis.taken_voor(coordinator_van, vandaag),
        "is_coordinator": bool(coordinator_van),
        "blokken": thuis.blokken_voor(request.user, rollen, leden),
        # As has_perm("trajects.traject_starten"), with the roles and the permission at hand
        # (anyone without memberships: has_perm).
        "kan_starten": mag_traject_starten(
            request.user, rollen=rollen, recht=leden[0].startrecht if leden else None),
        "vandaag": vandaag,
    })
