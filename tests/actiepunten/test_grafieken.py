"""Items done per month above the action plan (kvo.grafieken through actiepunten.grafieken)."""

import datetime
import xml.etree.ElementTree as ET

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from actiepunten.models import Status
from tests.actiepunten.factories import ActiepuntFactory

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"
TZ = timezone.get_default_timezone()


def gereed(world, dag, status=Status.GEREED, traject=None):
    ActiepuntFactory(traject=traject or world.traject, status=status,
                     gereed_op=datetime.datetime.combine(dag, datetime.time(23, 30), tzinfo=TZ))


@time_machine.travel(datetime.datetime(2026, 3, 15, 12, tzinfo=TZ), tick=False)
def test_matrix_shows_items_done_per_month_over_the_last_year(world):
    gereed(world, datetime.date(2026, 3, 2))
    gereed(world, datetime.date(2026, 3, 14), status=Status.GEVERIFIEERD)
    gereed(world, datetime.date(2026, 1, 31))  # late in the evening: still January here
    gereed(world, datetime.date(2025, 4, 1))
    gereed(world, datetime.date(2025, 3, 31))  # more than twelve months ago
    gereed(world, datetime.date(2026, 2, 10), traject=world.ander_traject)
    ActiepuntFactory(traject=world.traject, status=Status.OPEN)
    html = world.client_for("lezer").get(
        reverse("actiepunten:matrix", args=[world.traject.pk])).content.decode()
    begin = html.index("<svg", html.index("gereed-per-maand-titel") - 600)
    root = ET.fromstring(html[begin:html.index("</svg>", begin) + 6])
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "gereed-per-maand-titel gereed-per-maand-desc"
    assert root.find(f"{SVG}title").text == "Actiepunten gereed per maand"
    kolommen = list(root.iter(f"{SVG}g"))
    assert len(kolommen) == 12
    waarden = [[t.text for t in g.iter(f"{SVG}text")] for g in kolommen]
    assert waarden[0] == ["1", "apr", "2025"]
    assert waarden[9] == ["1", "jan", "2026"]
    assert waarden[10] == ["0", "feb"]
    assert waarden[11] == ["2", "mrt"]
    hoogtes = [float(g.find(f"{SVG}rect").get("height")) for g in kolommen]
    assert hoogtes[11] == 2 * hoogtes[0] and hoogtes[10] == 0
    assert "maart 2026: 2" in root.find(f"{SVG}desc").text
    assert "style=" not in html[begin:html.index("</svg>", begin)]


def test_no_items_done_no_chart(world):
    ActiepuntFactory(traject=world.traject)
    html = world.client_for("coordinator").get(
        reverse("actiepunten:matrix", args=[world.traject.pk])).content.decode()
    assert "gereed-per-maand" not in html
