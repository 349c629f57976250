"""The shared default questionnaire, covering the usual KVO themes. Editable in admin; every
meting works on its own copy."""

from django.db import migrations


def maak_sjabloon(apps, schema_editor):
    from enquetes.referentiedata import laad

    laad(apps)


def verwijder_sjabloon(apps, schema_editor):
    from enquetes.referentiedata import NAAM

    Sjabloon = apps.get_model("enquetes", "Sjabloon")
    Sjabloon.objects.filter(traject__isnull=True, naam=NAAM, meting__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("enquetes", "0001_initial")]

    operations = [migrations.RunPython(maak_sjabloon, verwijder_sjabloon)]
