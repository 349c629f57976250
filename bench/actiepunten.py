"""Time the reminder sweep over 100,000 action items and the matrix page with 5,000 items.

Run: .venv/bin/python bench/actiepunten.py [--keep] [--matrix]
(--keep reuses the data of a previous run; --matrix measures only the matrix pages)
Uses its own PostgreSQL database (BENCH_DATABASE_URL, default kvo_bench_actiepunten on
127.0.0.1, created if missing), flushes it, and fills it with 200 trajectories of 500 items each:
deadlines spread over a year back and a year ahead, half of the items done. Reports time, peak
Python memory (tracemalloc) and the number of queries of:
- the first sweep (inserts all due reminder rows) and a second sweep on the same day (inserts
  nothing: every row exists), each split into planning and handing unsent rows to the broker;
- the matrix page of one trajectory with 5,000 items under 20 knelpunten (median and worst of
  10 requests, its size as sent and gzipped), and the rows of the largest knelpunt as the
  page loads them on demand.
"""

import datetime
import gzip
import os
import random
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kvo.settings")
BENCH_DB = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kvo_bench_actiepunten"
)
os.environ["DATABASE_URL"] = BENCH_DB
os.environ["REDIS_URL"] = ""  # the broker is the in-memory transport: no mail goes out

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from actiepunten import herinneringen  # noqa: E402
from actiepunten.models import Actiepunt, Doel, Herinnering, Knelpunt, Status  # noqa: E402
from kvo import outbox  # noqa: E402
from kvo.celery import app as celery_app  # noqa: E402
from kvo.models import Bericht, Sweep, User  # noqa: E402
from trajects.models import (  # noqa: E402
    Cyclus,
    Gebied,
    Lidmaatschap,
    Organisatie,
    Partner,
    Rol,
    Traject,
)

TRAJECTEN = 200
PER_TRAJECT = 500
MATRIX_ITEMS = 5000
RUNS = 10
STATUSSEN = [Status.OPEN, Status.IN_UITVOERING, Status.GEREED, Status.GEVERIFIEERD]


def ensure_database():
    name = BENCH_DB.rsplit("/", 1)[1]
    exists = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc",
         f"SELECT 1 FROM pg_database WHERE datname='{name}'"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    if not exists:
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)


def fill():
    rng = random.Random(4)
    today = timezone.localdate()
    orgs = Organisatie.objects.bulk_create(
        Organisatie(naam=f"Organisatie {i}", soort=Organisatie.Soort.GEMEENTE) for i in range(6)
    )
    gebieden = Gebied.objects.bulk_create(
        Gebied(naam=f"Gebied {i}", soort=Gebied.Soort.WINKELGEBIED, gemeente="Bench")
        for i in range(TRAJECTEN + 1)
    )
    trajecten = Traject.objects.bulk_create(
        Traject(naam=f"Traject {i}", gebied=gebieden[i], startdatum=today)
        for i in range(TRAJECTEN + 1)
    )
    users = User.objects.bulk_create(
        User(email=f"user{i}@example.org", naam=f"Gebruiker {i}", password="!")
        for i in range((TRAJECTEN + 1) * 6)
    )
    Partner.objects.bulk_create(Partner(traject=t, organisatie=o) for t in trajecten for o in orgs)
    leden, per_traject = [], {}
    for ti, traject in enumerate(trajecten):
        mensen = users[ti * 6:(ti + 1) * 6]
        per_traject[traject.pk] = mensen
        for i, user in enumerate(mensen):
            leden.append(Lidmaatschap(
                user=user, traject=traject, organisatie=orgs[i],
                rol=Rol.COORDINATOR if i == 0 else Rol.PARTNER,
                werkgroeprol="lid" if i < 3 else "",
            ))
    Lidmaatschap.objects.bulk_create(leden)
    matrix = trajecten[-1]
    cyclus = Cyclus.objects.create(traject=matrix, nummer=1)
    knelpunten = Knelpunt.objects.bulk_create(
        Knelpunt(traject=matrix, cyclus=cyclus, titel=f"Knelpunt {i}", volgorde=i)
        for i in range(20)
    )
    doelen = Doel.objects.bulk_create(
        Doel(knelpunt=k, omschrijving=f"Doel {k.volgorde}.{j}") for k in knelpunten
        for j in range(3)
    )

    def item(traject, i, doel=None):
        mensen = per_traject[traject.pk]
        return Actiepunt(
            traject=traject, titel=f"Actiepunt {i}", doel=doel,
            organisatie=orgs[i % 6], verantwoordelijke=mensen[i % 6],
            deadline=today + datetime.timedelta(days=rng.randint(-365, 365)),
            status=rng.choice(STATUSSEN),
        )

    for traject in trajecten[:-1]:
        Actiepunt.objects.bulk_create(
            (item(traject, i) for i in range(PER_TRAJECT)), batch_size=5000
        )
    Actiepunt.objects.bulk_create(
        item(matrix, i, doelen[i % len(doelen)]) for i in range(MATRIX_ITEMS)
    )
    return matrix, per_traject[matrix.pk][0]


def measure(label, func, memory=False):
    if memory:
        tracemalloc.start()
    start, cpu = time.perf_counter(), time.process_time()
    with CaptureQueriesContext(connection) as ctx:
        result = func()
    duration, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = ""
    if memory:
        peak = f"peak {tracemalloc.get_traced_memory()[1] / 1e6:.1f} MB, "
        tracemalloc.stop()
    print(f"{label:<52} {duration:6.2f} s wall, {cpu:5.2f} s cpu, {peak}"
          f"{len(ctx.captured_queries)} queries -> {result:,}", flush=True)
    return duration


def sweep(label, memory=False):
    total = measure(f"{label}: plan rows", herinneringen.herinneringen_plannen, memory)
    total += measure(f"{label}: bundle rows into outbox mails (one per address)",
                     herinneringen.herinneringen_bundelen, memory)
    print(f"{label}: total {total:.2f} s; reminder rows now {Herinnering.objects.count():,}",
          flush=True)


def sweeps():
    celery_app.conf.task_always_eager = False
    sweep("sweep, first run")
    print(f"outbox mails written: {Bericht.objects.count():,}", flush=True)
    # The relay renders each bundled mail at send time (locmem backend: no SMTP cost).
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    measure("relay: render and send mails for 30 s",
            lambda: outbox.berichten_versturen(tijdslimiet=30))
    sweep("sweep, second run the same day")
    # Peak memory under tracemalloc (which slows Python down): again from an empty log.
    Herinnering.objects.all().delete()
    Sweep.objects.all().delete()
    sweep("sweep, first run again, measuring memory", memory=True)


def meet_pagina(label, client, url, **headers):
    """Median and worst of RUNS requests (after one warm-up), queries and size of the last."""
    client.get(url, **headers)
    walls, cpus = [], []
    for _ in range(RUNS):
        start, cpu = time.perf_counter(), time.process_time()
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url, **headers)
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
        assert response.status_code == 200, response.status_code
    inhoud = response.content
    print(f"{label}, {MATRIX_ITEMS} items: median {statistics.median(walls) * 1000:.0f} ms "
          f"wall ({statistics.median(cpus) * 1000:.0f} ms cpu), worst {max(walls) * 1000:.0f} ms, "
          f"{len(ctx.captured_queries)} queries, {len(inhoud) / 1e3:,.1f} kB HTML, "
          f"{len(gzip.compress(inhoud)) / 1e3:,.1f} kB gzipped", flush=True)


def main():
    ensure_database()
    call_command("migrate", verbosity=0)
    verwacht = TRAJECTEN * PER_TRAJECT + MATRIX_ITEMS
    if "--keep" in sys.argv and Actiepunt.objects.count() == verwacht:
        matrix = Traject.objects.order_by("-pk").first()
        coordinator = Lidmaatschap.objects.filter(traject=matrix, rol=Rol.COORDINATOR).first().user
        Herinnering.objects.all().delete()
        Bericht.objects.all().delete()
        Sweep.objects.all().delete()
    else:
        call_command("flush", interactive=False, verbosity=0)
        start = time.perf_counter()
        matrix, coordinator = fill()
        print(f"Filled {Actiepunt.objects.count():,} items in {time.perf_counter() - start:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")

    if "--matrix" not in sys.argv:
        sweeps()
    client = Client()
    client.force_login(coordinator)
    meet_pagina("matrix page", client, reverse("actiepunten:matrix", args=[matrix.pk]))
    knelpunt = Knelpunt.objects.filter(traject=matrix).first()
    groep = reverse("actiepunten:matrix-knelpunt", args=[matrix.pk, knelpunt.pk])
    meet_pagina("a knelpunt's rows, first 50 (fragment)", client, groep, HTTP_HX_REQUEST="true")
    meet_pagina("a knelpunt's rows, page 5 (fragment)", client, f"{groep}?pagina=5",
                HTTP_HX_REQUEST="true")
    meet_pagina("matrix page filtered to overdue items", client,
                reverse("actiepunten:matrix", args=[matrix.pk]) + "?te_laat=on")
    print(f"load average during the run: {os.getloadavg()}")


if __name__ == "__main__":
    main()
