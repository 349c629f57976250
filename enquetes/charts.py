"""Small server-side SVG charts: horizontal bars (survey answers) and lines (incident trends).

The SVG is self-contained (no scripts, no external fonts or CSS), so the same markup works on a
page and in the WeasyPrint dossier PDF. Each chart carries <title> and <desc> and is labelled
for screen readers; pages show the same numbers in a table next to it.
"""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

KLEUR_NU = "#1f4e79"  # 8.6:1 against white
KLEUR_VORIGE = "#5f7f9f"  # 4.2:1 against white: a graphical object needs 3:1
KLEUREN_LIJNEN = ["#1f4e79", "#a4343a", "#2e6b30", "#6a3d9a", "#8a5a00"]
STREEPJES = ["", "8 4", "2 3", "10 3 2 3", "4 4"]


def _kort(tekst, lengte):
    return tekst if len(tekst) <= lengte else tekst[: lengte - 1].rstrip() + "…"


def _getal(waarde):
    """Dutch number: 12,5 / 40."""
    if waarde is None:
        return ""
    if float(waarde).is_integer():
        return str(int(waarde))
    return f"{waarde:.1f}".replace(".", ",")


@dataclass
class Balk:
    label: str
    waarde: float
    vorige: float | None = None


def staafdiagram(*, id, titel, beschrijving, balken, eenheid="%", maximum=None,
                 legenda_nu="", legenda_vorige=""):
    """Horizontal bar chart; with `vorige` values a second, lighter bar per row."""
    breedte, label_breedte, rechts = 640, 230, 60
    vergelijk = any(b.vorige is not None for b in balken)
    rij = 40 if vergelijk else 28
    boven = 30 if vergelijk else 8
    grootste = maximum or max([b.waarde for b in balken] + [b.vorige or 0 for b in balken] + [1])
    schaal = (breedte - label_breedte - rechts) / grootste
    rijen = []
    for i, balk in enumerate(balken):
        y = boven + i * rij
        rijen.append({
            "y": y,
            "label": _kort(balk.label, 34),
            "label_y": y + 15,
            "breedte": round(balk.waarde * schaal, 1),
            "waarde": _getal(balk.waarde) + eenheid,
            "waarde_x": label_breedte + round(balk.waarde * schaal, 1) + 6,
            "vorige": None if balk.vorige is None else {
                "y": y + 20,
                "breedte": round(balk.vorige * schaal, 1),
                "waarde": _getal(balk.vorige) + eenheid,
                "waarde_x": label_breedte + round(balk.vorige * schaal, 1) + 6,
                "tekst_y": y + 29,
            },
        })
    svg = render_to_string("enquetes/svg/staafdiagram.svg", {
        "id": id, "titel": titel, "beschrijving": beschrijving, "rijen": rijen,
        "breedte": breedte, "hoogte": boven + len(balken) * rij + 6,
        "label_breedte": label_breedte, "kleur_nu": KLEUR_NU, "kleur_vorige": KLEUR_VORIGE,
        "vergelijk": vergelijk, "legenda_nu": legenda_nu, "legenda_vorige": legenda_vorige,
    })
    return mark_safe(svg)  # noqa: S308 - rendered from our template with autoescaping


@dataclass
class Reeks:
    naam: str
    waarden: list  # one value (or None) per x label


def lijndiagram(*, id, titel, beschrijving, labels, reeksen):
    breedte, hoogte = 640, 300
    links, rechts, boven, onder = 50, 20, 20, 70
    grootste = max([w for r in reeksen for w in r.waarden if w is not None] + [1])
    stap = _mooie_stap(grootste)
    top = stap * -(-grootste // stap)
    plot_b, plot_h = breedte - links - rechts, hoogte - boven - onder
    n = max(len(labels), 1)

    def x(i):
        return round(links + (plot_b * (i + 0.5) / n), 1)

    def y(w):
        return round(boven + plot_h - plot_h * w / top, 1)

    rasters = [{"y": y(w), "label": _getal(w)} for w in range(0, int(top) + 1, int(stap))]
    lijnen = []
    for j, reeks in enumerate(reeksen):
        punten = [(x(i), y(w), _getal(w)) for i, w in enumerate(reeks.waarden) if w is not None]
        lijnen.append({
            "naam": reeks.naam,
            "kleur": KLEUREN_LIJNEN[j % len(KLEUREN_LIJNEN)],
            "streep": STREEPJES[j % len(STREEPJES)],
            "pad": " ".join(f"{px},{py}" for px, py, _ in punten),
            "punten": punten,
            "legenda_x": links + 150 * j,
        })
    svg = render_to_string("enquetes/svg/lijndiagram.svg", {
        "id": id, "titel": titel, "beschrijving": beschrijving, "breedte": breedte,
        "hoogte": hoogte, "links": links, "rechts_x": breedte - rechts,
        "onder_y": boven + plot_h, "rasters": rasters, "lijnen": lijnen,
        "xlabels": [{"x": x(i), "label": label} for i, label in enumerate(labels)],
        "legenda_y": hoogte - 20, "xlabel_y": boven + plot_h + 18,
    })
    return mark_safe(svg)  # noqa: S308 - rendered from our template with autoescaping


def _mooie_stap(grootste):
    for stap in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if grootste / stap <= 6:
            return stap
    return 10 ** len(str(int(grootste)))


def incidententrend(overzicht, *, id: str) -> str:
    """The trend chart of an Incidentenoverzicht: one line per source, the total per year.
    Empty without figures. The page and the dossier show the same chart."""
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
