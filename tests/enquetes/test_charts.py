"""The SVG charts are valid, self-contained SVG with numbers a renderer can read."""

import xml.etree.ElementTree as ET

from django.utils import translation

from enquetes import charts

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg):
    return ET.fromstring(str(svg))


def test_bar_chart_is_valid_svg_with_proportional_bars_in_dutch_locale():
    with translation.override("nl"):
        svg = charts.staafdiagram(
            id="g1", titel="Voelt u zich veilig?", beschrijving="Ja: 62,5%; Nee: 37,5%",
            balken=[charts.Balk("Ja", 62.5, 50.0), charts.Balk("Nee", 37.5, 50.0)], maximum=100,
            legenda_nu="1-meting", legenda_vorige="Nulmeting",
        )
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "g1-titel g1-desc"
    assert root.find(f"{SVG}title").text == "Voelt u zich veilig?"
    assert root.find(f"{SVG}desc").text == "Ja: 62,5%; Nee: 37,5%"
    breedtes = [float(r.get("width")) for r in root.iter(f"{SVG}rect")
                if float(r.get("height")) in {18, 11}]
    # Legend squares first (14 and 10 high are left out), then current and previous per row.
    assert breedtes == [218.8, 175.0, 131.2, 175.0]
    teksten = [t.text for t in root.iter(f"{SVG}text")]
    assert "62,5%" in teksten and "Nulmeting" in teksten
    assert not list(root.iter(f"{SVG}script"))


def test_long_labels_are_shortened_in_the_chart():
    svg = charts.staafdiagram(id="g2", titel="t", beschrijving="d",
                              balken=[charts.Balk("Rondhangende jongeren of personen bij de "
                                                  "ingang van het winkelcentrum", 10)])
    labels = [t.text for t in parse(svg).iter(f"{SVG}text")]
    assert labels[0].endswith("…") and len(labels[0]) == 34


def test_line_chart_points_follow_the_values():
    with translation.override("nl"):
        svg = charts.lijndiagram(
            id="l1", titel="Incidenten", beschrijving="d", labels=["2021", "2022", "2023"],
            reeksen=[charts.Reeks("Politie", [10, 20, None]), charts.Reeks("Brandweer", [5, 5, 5])],
        )
    root = parse(svg)
    lijnen = list(root.iter(f"{SVG}polyline"))
    assert len(lijnen) == 2
    politie = [tuple(map(float, p.split(","))) for p in lijnen[0].get("points").split()]
    assert len(politie) == 2  # the missing year is left out
    (x1, y1), (x2, y2) = politie
    assert x1 < x2 and y2 < y1  # more incidents is higher up
    assert lijnen[1].get("stroke-dasharray") == "8 4"
