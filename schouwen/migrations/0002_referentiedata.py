"""Seed the usual finding categories and a checklist per kind of area (editable in admin)."""

from django.db import migrations


def seed(apps, schema_editor):
    from schouwen.referentiedata import laad

    laad(apps)


class Migration(migrations.Migration):
    dependencies = [("schouwen", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
