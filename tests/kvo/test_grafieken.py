"""The SVG charts are valid, self-contained SVG with numbers a renderer can read."""

import xml.etree.ElementTree as ET

from django.utils import translation

from kvo import grafieken as charts

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


def test_column_chart_heights_follow_the_values_with_an_accessible_name():
    svg = charts.kolommendiagram(
        id="k1", titel="Actiepunten gereed per maand", beschrijving="jan: 2; feb: 0; mrt: 4",
        kolommen=[charts.Kolom("jan", 2), charts.Kolom("feb", 0), charts.Kolom("mrt", 4)],
    )
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "k1-titel k1-desc"
    assert root.find(f"{SVG}title").get("id") == "k1-titel"
    assert root.find(f"{SVG}title").text == "Actiepunten gereed per maand"
    assert root.find(f"{SVG}desc").text == "jan: 2; feb: 0; mrt: 4"
    kolommen = [g.find(f"{SVG}rect") for g in root.iter(f"{SVG}g")]
    hoogtes = [float(r.get("height")) for r in kolommen]
    assert hoogtes[1] == 0 and hoogtes[2] == 2 * hoogtes[0] > 0
    # Every column stands on the axis.
    bodems = {round(float(r.get("y")) + float(r.get("height")), 1) for r in kolommen}
    assert len(bodems) == 1
    teksten = [t.text for t in root.iter(f"{SVG}text")]
    assert teksten[-6:] == ["2", "jan", "0", "feb", "4", "mrt"]


def test_telling_gives_bars_and_the_same_numbers_as_a_table():
    grafiek = charts.telling(id="t1", titel="Bevindingen per categorie",
                             paren=[("Verlichting", 3), ("Groen", 1)],
                             kop=("Categorie", "Aantal"))
    root = parse(grafiek.svg)
    balken = list(root.iter(f"{SVG}rect"))
    assert [float(b.get("width")) for b in balken] == [350.0, round(350 / 3, 1)]
    assert [t.text for t in root.iter(f"{SVG}text")] == ["Verlichting", "3", "Groen", "1"]
    assert root.find(f"{SVG}desc").text == "Bevindingen per categorie. Verlichting: 3; Groen: 1"
    assert grafiek.rijen == [("Verlichting", "3"), ("Groen", "1")]
    assert grafiek and not charts.telling(id="t2", titel="x", paren=[], kop=("a", "b"))


def test_the_include_shows_the_chart_its_caption_and_its_table_without_style_attributes():
    from django.template.loader import render_to_string

    grafiek = charts.telling(id="t3", titel="Per maand", paren=[("jan", 1), ("feb", 5)],
                             kop=("Maand", "Gereed"), over_tijd=True)
    html = render_to_string("includes/grafiek.html", {"grafiek": grafiek})
    assert "<figcaption" in html and "Per maand" in html and "<svg" in html
    assert "<details" in html
    assert '<th scope="row" class="fw-normal">feb</th><td class="text-end">5' in html
    assert "style=" not in html and "<script" not in html
    pdf = render_to_string("includes/grafiek.html", {"grafiek": grafiek, "pdf": True})
    assert "<details" not in pdf and "<table" in pdf
