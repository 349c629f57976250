"""A trajectory's effort timeline: what the werkgroep did, by kind and period."""

from django.core.paginator import Paginator
from django.shortcuts import render

from .. import tijdlijn
from ..access import traject_voor
from ..forms import TijdlijnFilterForm


def tijdlijn_pagina(request, pk):
    traject, mag = traject_voor(request.user, pk)
    soorten = tijdlijn.soorten()
    form = TijdlijnFilterForm(request.GET or None, soorten=soorten)
    gefilterd = form.is_valid() and any(form.cleaned_data.values())
    if form.is_bound and not form.is_valid():
        # A wrong filter shows no rows rather than a silently wider list.
        events = None
    else:
        gegevens = form.cleaned_data if form.is_bound else {}
        events = tijdlijn.tijdlijn(
            traject, codes=gegevens.get("soort") or None,
            van=gegevens.get("van"), tot=gegevens.get("tot"),
        )
    page_obj = Paginator(events if events is not None else [], 50).get_page(
        request.GET.get("pagina"))
    querystring = request.GET.copy()
    querystring.pop("pagina", None)
    return render(request, "trajects/tijdlijn.html", {
        "traject": traject,
        "form": form,
        "gefilterd": gefilterd,
        "page_obj": page_obj,
        "gebeurtenissen": tijdlijn.weergeven(traject, page_obj.object_list),
        "querystring": querystring.urlencode(),
    })
