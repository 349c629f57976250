"""The cycle filter of the lists (schouwen, metingen, knelpunten, audits, certificates).

    gekozen, cycli = cyclus_uit_verzoek(request, traject)
    if gekozen:
        rijen = rijen.filter(cyclus=gekozen)

The template includes "includes/cyclus_filter.html" (shown when there is more than one cycle);
`?cyclus=<nummer>` picks one, nothing means all.
"""


def cyclus_uit_verzoek(request, traject):
    """(the chosen cycle or None, every cycle of `traject`): one query."""
    cycli = list(traject.cycli.all())
    gekozen = next((c for c in cycli if str(c.nummer) == request.GET.get("cyclus")), None)
    return gekozen, cycli


def filter_context(gekozen, cycli):
    """Template context for the filter form and the pagination links."""
    return {
        "cycli": cycli,
        "gekozen_cyclus": gekozen,
        "querystring": f"cyclus={gekozen.nummer}" if gekozen else "",
    }
