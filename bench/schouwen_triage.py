"""Time the triage page and the map data of one schouw with 500 findings (100 with a photo).

Run: DATABASE_URL=postgres://... .venv/bin/python bench/schouwen_triage.py
Everything is created inside a transaction that is rolled back at the end: the database is
left as it was (it must be migrated).
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kvo.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

RUNS = 7


class Rollback(Exception):
    pass


def main():
    import tempfile

    from schouwen.models import Bevinding, Categorie, Foto
    from tests.factories import OrganisatieFactory, TrajectFactory, lid
    from tests.fotos import jpeg_bytes
    from tests.schouwen.factories import SchouwFactory
    from trajects.models import Rol

    settings.MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="kvo-bench-"))
    settings.ALLOWED_HOSTS = ["testserver"]
    try:
        with transaction.atomic():
            traject = TrajectFactory()
            coordinator = lid(traject, OrganisatieFactory(), Rol.COORDINATOR)
            schouw = SchouwFactory(traject=traject)
            categorieen = list(Categorie.objects.all())
            bevindingen = Bevinding.objects.bulk_create([
                Bevinding(schouw=schouw, categorie=categorieen[i % len(categorieen)],
                          omschrijving=f"Bevinding {i}: tegel los bij de ingang",
                          ernst=["groen", "geel", "oranje", "rood"][i % 4],
                          straat="Langestraat", huisnummer=str(i),
                          latitude=52.0 + i / 100000, longitude=4.16, vastgelegd_door=coordinator)
                for i in range(500)
            ])
            data = jpeg_bytes((64, 48))
            from django.core.files.base import ContentFile

            for bevinding in bevindingen[::5]:
                foto = Foto(bevinding=bevinding, breedte=64, hoogte=48, bestandsnaam="f.jpg",
                            geupload_door=coordinator)
                for veld in (foto.bestand, foto.scherm, foto.miniatuur):
                    veld.save("f.jpg", ContentFile(data), save=False)
                foto.save()
            client = Client()
            client.force_login(coordinator)
            for naam, url in [
                ("triage page", reverse("schouwen:triage", args=[traject.pk, schouw.pk])),
                ("map data (GeoJSON)", reverse("schouwen:kaart-data", args=[traject.pk])),
            ]:
                client.get(url)
                times = []
                for _ in range(RUNS):
                    with CaptureQueriesContext(connection) as ctx:
                        start = time.perf_counter()
                        response = client.get(url)
                        times.append(time.perf_counter() - start)
                    assert response.status_code == 200
                print(f"{naam}, 500 findings: median {statistics.median(times) * 1000:.0f} ms, "
                      f"worst {max(times) * 1000:.0f} ms, {len(ctx.captured_queries)} queries, "
                      f"{len(response.content) / 1000:.0f} KB")
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
