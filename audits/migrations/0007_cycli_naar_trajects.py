"""The cycles move to trajects (every app's rows belong to one). The cycles that re-certification
started (numbered from 2; trajects 0003 gave every trajectory its first) are copied there before
the other apps assign their rows to cycles, hence `run_before`."""

from django.db import migrations


def kopieer_cycli(apps, schema_editor):
    Oud = apps.get_model("audits", "Cyclus")
    Nieuw = apps.get_model("trajects", "Cyclus")
    for cyclus in Oud.objects.all():
        Nieuw.objects.get_or_create(
            traject_id=cyclus.traject_id, nummer=cyclus.nummer,
            defaults={"gestart": cyclus.gestart, "gestart_door_id": cyclus.gestart_door_id,
                      "overgenomen": cyclus.overgenomen},
        )


class Migration(migrations.Migration):

    dependencies = [
        ("audits", "0006_opschoning"),
        ("trajects", "0004_cycli_fasetabel_lidmaatschaplog"),
    ]
    run_before = [
        ("actiepunten", "0004_cyclus"),
        ("enquetes", "0005_cyclus"),
        ("schouwen", "0005_cyclus"),
    ]

    operations = [
        migrations.RunPython(kopieer_cycli, migrations.RunPython.noop),
    ]
