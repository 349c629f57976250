"""The incident trend chart of the enquetes app, drawn by the shared chart helper
(kvo.grafieken). The page and the dossier show the same chart."""

from django.utils.translation import gettext as _

from kvo.grafieken import Reeks, lijndiagram


def incidententrend(overzicht, *, id: str) -> str:
    """The trend chart of an Incidentenoverzicht: one line per source, the total per year.
    Empty without figures."""
    if not overzicht.reeksen:
        return ""
    jaren = overzicht.jaren
    beschrijving = "; ".join(
        f"{naam}: " + ", ".join(
            f"{j} {w}" for j, w in zip(jaren, waarden, strict=True) if w is not None
        )
        for naam, waarden in overzicht.reeksen
    )
    return lijndiagram(
        id=id,
        titel=_("Geregistreerde incidenten per jaar"),
        beschrijving=_("Totaal aantal incidenten per jaar per bron. %(lijst)s")
        % {"lijst": beschrijving},
        labels=[str(j) for j in jaren],
        reeksen=[Reeks(naam, waarden) for naam, waarden in overzicht.reeksen],
    )
