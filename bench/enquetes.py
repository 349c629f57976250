"""Time the survey results page with 1,000 responses, and a recipient import at the size cap.

Run: DATABASE_URL=postgres://... .venv/bin/python bench/enquetes.py
Creates a throwaway database (bench_enquetes_<pid>) next to the configured one, fills one meting
of the default template (15 questions) with 1,000 plausible responses, and reports median and
worst times and the query count of the results page, the CSV export and the aggregation alone.
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kvo.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

RUNS = 7
RESPONSES = 1000


def timed(func):
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), max(times)


def fill(meting, n):
    from enquetes.demo import _antwoorden
    from enquetes.models import Antwoord, Inzending, Ontvanger

    rng = random.Random(1)
    vragen = list(meting.sjabloon.vragen.all())
    Ontvanger.objects.bulk_create([
        Ontvanger(meting=meting, bedrijfsnaam=f"Bedrijf {i}", email=f"b{i}@example.org")
        for i in range(int(n * 1.6))
    ])
    inzendingen = Inzending.objects.bulk_create([Inzending(meting=meting) for _ in range(n)])
    rijen = [Antwoord(inzending=i, vraag=v, **a) for i in inzendingen for v in vragen
             for a in _antwoorden(v, rng)]
    Antwoord.objects.bulk_create(rijen, batch_size=5000)
    ids = list(meting.ontvangers.values_list("pk", flat=True)[:n])
    Ontvanger.objects.filter(pk__in=ids).update(beantwoord="2026-01-15T10:00:00Z")
    return len(rijen)


def main():
    from enquetes import services
    from enquetes.models import Sjabloon
    from enquetes.resultaten import meting_resultaten
    from tests.enquetes.factories import MetingFactory
    from tests.factories import OrganisatieFactory, TrajectFactory, lid
    from trajects.models import Rol

    setup_test_environment()
    settings.DEBUG = False
    traject = TrajectFactory()
    user = lid(traject, OrganisatieFactory(), Rol.COORDINATOR)
    standaard = Sjabloon.objects.get(traject__isnull=True)
    meting = MetingFactory(traject=traject, sjabloon=standaard.kopieer(traject=traject, naam="m"))
    rijen = fill(meting, RESPONSES)
    client = Client()
    client.force_login(user)
    print(f"{RESPONSES} responses, {rijen} answer rows, {meting.sjabloon.vragen.count()} questions;"
          f" {RUNS} runs each")
    for label, url in [
        ("results page", reverse("enquetes:resultaten", args=[traject.pk, meting.pk])),
        ("CSV export", reverse("enquetes:export-csv", args=[traject.pk, meting.pk])),
        ("XLSX export", reverse("enquetes:export-xlsx", args=[traject.pk, meting.pk])),
    ]:
        queries = []

        def count(execute, sql, *args, queries=queries):
            queries.append(sql)
            return execute(sql, *args)

        with connection.execute_wrapper(count):
            assert client.get(url).status_code == 200
        median, worst = timed(lambda url=url: client.get(url))
        print(f"{label:13}: median {median * 1000:6.0f} ms, worst {worst * 1000:6.0f} ms, "
              f"{len(queries)} queries")
    median, worst = timed(lambda: meting_resultaten(meting))
    print(f"aggregation  : median {median * 1000:6.0f} ms, worst {worst * 1000:6.0f} ms")

    # Recipient files: a large BIZ (1,000 members) and one just under the size cap.
    regel = "Bakkerij en banketbakkerij Langestraat {i};winkel{i}@example.org;Langestraat {i}\n"
    kop = "Bedrijfsnaam;E-mailadres;Adres\n"
    limiet = int(settings.ENQUETE_CSV_MAX_MB * 1024 * 1024) - 200
    groot = kop
    while len(groot) + len(regel) + 20 < limiet:
        groot += regel.format(i=groot.count("\n"))
    biz = kop + "".join(regel.format(i=i) for i in range(1000))
    for inhoud in (biz, groot):
        data = inhoud.encode("cp1252")
        leeg = MetingFactory(traject=traject)
        start = time.perf_counter()
        nieuw, _ = services.ontvangers_importeren(
            meting=leeg, bestand=SimpleUploadedFile("leden.csv", data))
        print(f"CSV import   : {len(data) / 1e6:.2f} MB, {nieuw} recipients in "
              f"{time.perf_counter() - start:.2f} s")

if __name__ == "__main__":
    creation = connection.creation
    connection.settings_dict.setdefault("TEST", {})["NAME"] = f"bench_enquetes_{os.getpid()}"
    old_name = creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        main()
    finally:
        creation.destroy_test_db(old_name, verbosity=0)
