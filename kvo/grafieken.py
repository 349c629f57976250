"""Small server-rendered SVG charts, one home for every page and PDF: horizontal bars
(`staafdiagram`: survey answers, findings per category), columns over time (`kolommendiagram`:
action items done per month) and lines (`lijndiagram`: incident trends).

The SVG comes from templates (templates/includes/grafieken/), is self-contained (no script, no
style attribute: the strict CSP forbids them; colours are presentation attributes such as
fill=, so the same markup works on a page and in a WeasyPrint PDF) and carries <title> and
<desc>, named by aria-labelledby on an svg with role="img", so a screen reader announces it
as one image with its numbers. A page shows the same numbers as a table too:
`Grafiek` holds the SVG with its table, `{% include "includes/grafiek.html" %}` shows both.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

KLEUR_NU = "#1f4e79"  # 8.6:1 against white
KLEUR_VORIGE = "#5f7f9f"  # 4.2:1 against white: a graphical object needs 3:1
KLEUREN_LIJNEN = ["#1f4e79", "#a4343a", "#2e6b30", "#6a3d9a", "#8a5a00"]
STREEPJES = ["", "8 4", "2 3", "10 3 2 3", "4 4"]


def kort(tekst: str, lengte: int) -> str:
    return tekst if len(tekst) <= lengte else tekst[: lengte - 1].rstrip() + "…"


def getal(waarde: float | None) -> str:
    """Dutch number: 12,5 / 40."""
    if waarde is None:
        return ""
    if float(waarde).is_integer():
        return str(int(waarde))
    return f"{waarde:.1f}".replace(".", ",")


def _svg(template: str, context: dict) -> SafeString:
    return mark_safe(render_to_string(template, context))  # noqa: S308 - our template, autoescaped


@dataclass
class Balk:
    label: str
    waarde: float
    vorige: float | None = None


def staafdiagram(*, id: str, titel: str, beschrijving: str, balken: Sequence[Balk],
                 eenheid: str = "%", maximum: float | None = None, legenda_nu: str = "",
                 legenda_vorige: str = "") -> SafeString:
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
            "label": kort(balk.label, 34),
            "label_y": y + 15,
            "breedte": round(balk.waarde * schaal, 1),
            "waarde": getal(balk.waarde) + eenheid,
            "waarde_x": label_breedte + round(balk.waarde * schaal, 1) + 6,
            "vorige": None if balk.vorige is None else {
                "y": y + 20,
                "breedte": round(balk.vorige * schaal, 1),
                "waarde": getal(balk.vorige) + eenheid,
                "waarde_x": label_breedte + round(balk.vorige * schaal, 1) + 6,
                "tekst_y": y + 29,
            },
        })
    return _svg("includes/grafieken/staafdiagram.svg", {
        "id": id, "titel": titel, "beschrijving": beschrijving, "rijen": rijen,
        "breedte": breedte, "hoogte": boven + len(balken) * rij + 6,
        "label_breedte": label_breedte, "kleur_nu": KLEUR_NU, "kleur_vorige": KLEUR_VORIGE,
        "vergelijk": vergelijk, "legenda_nu": legenda_nu, "legenda_vorige": legenda_vorige,
    })


def balken_smal(*, id: str, titel: str, beschrijving: str, balken: Sequence[Balk],
                eenheid: str = "") -> SafeString:
    """Horizontal bars with each label above its bar: narrow enough to stay legible on a
    phone (a 400 wide drawing, shown at most 440 px wide)."""
    breedte, rechts, rij = 400, 50, 40
    grootste = max([b.waarde for b in balken] + [1])
    schaal = (breedte - rechts) / grootste
    rijen = [{
        "label": kort(balk.label, 48), "label_y": i * rij + 13, "y": i * rij + 18,
        "breedte": round(balk.waarde * schaal, 1), "waarde": getal(balk.waarde) + eenheid,
        "waarde_x": round(balk.waarde * schaal, 1) + 6, "waarde_y": i * rij + 30,
    } for i, balk in enumerate(balken)]
    return _svg("includes/grafieken/balken_smal.svg", {
        "id": id, "titel": titel, "beschrijving": beschrijving, "rijen": rijen,
        "breedte": breedte, "hoogte": len(balken) * rij + 4, "kleur": KLEUR_NU,
    })


@dataclass
class Kolom:
    label: str
    waarde: float
    onder: str = ""  # a second line under the label (the year under a month)


def kolommendiagram(*, id: str, titel: str, beschrijving: str,
                    kolommen: Sequence[Kolom]) -> SafeString:
    """Vertical columns over time (months, quarters), the value above each column. A 480 wide
    drawing: twelve columns stay legible on a phone."""
    breedte, hoogte = 480, 220
    links, rechts, boven, onder = 32, 6, 22, 44
    grootste = max([k.waarde for k in kolommen] + [1])
    stap = _mooie_stap(grootste)
    top = stap * -(-grootste // stap)
    plot_b, plot_h = breedte - links - rechts, hoogte - boven - onder
    vak = plot_b / max(len(kolommen), 1)
    kolom_b = round(min(vak * 0.7, 60), 1)

    def y(waarde: float) -> float:
        return round(boven + plot_h - plot_h * waarde / top, 1)

    staven = []
    for i, kolom in enumerate(kolommen):
        midden = round(links + vak * (i + 0.5), 1)
        staven.append({
            "x": round(midden - kolom_b / 2, 1), "midden": midden, "y": y(kolom.waarde),
            "hoogte": round(plot_h * kolom.waarde / top, 1), "label": kolom.label,
            "onder": kolom.onder, "waarde": getal(kolom.waarde),
        })
    return _svg("includes/grafieken/kolommendiagram.svg", {
        "id": id, "titel": titel, "beschrijving": beschrijving, "breedte": breedte,
        "hoogte": hoogte, "links": links, "rechts_x": breedte - rechts,
        "onder_y": boven + plot_h, "xlabel_y": boven + plot_h + 17,
        "xonder_y": boven + plot_h + 33, "kolom_b": kolom_b,
        "rasters": [{"y": y(w), "label": getal(w)} for w in range(0, int(top) + 1, int(stap))],
        "staven": staven, "kleur": KLEUR_NU,
    })


@dataclass
class Reeks:
    naam: str
    waarden: list  # one value (or None) per x label


def lijndiagram(*, id: str, titel: str, beschrijving: str, labels: Sequence[str],
                reeksen: Sequence[Reeks]) -> SafeString:
    breedte, hoogte = 640, 300
    links, rechts, boven, onder = 50, 20, 20, 70
    grootste = max([w for r in reeksen for w in r.waarden if w is not None] + [1])
    stap = _mooie_stap(grootste)
    top = stap * -(-grootste // stap)
    plot_b, plot_h = breedte - links - rechts, hoogte - boven - onder
    n = max(len(labels), 1)

    def x(i: int) -> float:
        return round(links + (plot_b * (i + 0.5) / n), 1)

    def y(w: float) -> float:
        return round(boven + plot_h - plot_h * w / top, 1)

    rasters = [{"y": y(w), "label": getal(w)} for w in range(0, int(top) + 1, int(stap))]
    lijnen = []
    for j, reeks in enumerate(reeksen):
        punten = [(x(i), y(w), getal(w)) for i, w in enumerate(reeks.waarden) if w is not None]
        lijnen.append({
            "naam": reeks.naam,
            "kleur": KLEUREN_LIJNEN[j % len(KLEUREN_LIJNEN)],
            "streep": STREEPJES[j % len(STREEPJES)],
            "pad": " ".join(f"{px},{py}" for px, py, _ in punten),
            "punten": punten,
            "legenda_x": links + 150 * j,
        })
    return _svg("includes/grafieken/lijndiagram.svg", {
        "id": id, "titel": titel, "beschrijving": beschrijving, "breedte": breedte,
        "hoogte": hoogte, "links": links, "rechts_x": breedte - rechts,
        "onder_y": boven + plot_h, "rasters": rasters, "lijnen": lijnen,
        "xlabels": [{"x": x(i), "label": label} for i, label in enumerate(labels)],
        "legenda_y": hoogte - 20, "xlabel_y": boven + plot_h + 18,
    })


def _mooie_stap(grootste: float) -> int:
    for stap in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if grootste / stap <= 6:
            return stap
    return int(10 ** len(str(int(grootste))))


@dataclass
class Grafiek:
    """A chart with its numbers as a table (the text alternative a page shows with it):
    `{% include "includes/grafiek.html" with grafiek=… %}`."""

    id: str
    titel: str
    svg: SafeString
    kop: tuple[str, str]  # the table's column headers: what, how many
    rijen: list[tuple[str, str]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.rijen)


def telling(*, id: str, titel: str, paren: Sequence[tuple[str, int]], kop: tuple[str, str],
            over_tijd: bool = False) -> Grafiek:
    """A count per label (category, month) as a chart and a table: bars, or columns when the
    labels are periods in order (`over_tijd`). Empty (false) without any pair."""
    lijst = "; ".join(f"{label}: {getal(aantal)}" for label, aantal in paren)
    beschrijving = f"{titel}. {lijst}" if lijst else titel
    if over_tijd:
        svg = kolommendiagram(id=id, titel=titel, beschrijving=beschrijving,
                              kolommen=[Kolom(label, aantal) for label, aantal in paren])
    else:
        svg = balken_smal(id=id, titel=titel, beschrijving=beschrijving,
                          balken=[Balk(label, aantal) for label, aantal in paren])
    return Grafiek(id=id, titel=titel, svg=svg, kop=kop,
                   rijen=[(label, getal(aantal)) for label, aantal in paren])
