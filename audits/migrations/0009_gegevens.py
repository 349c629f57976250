"""Data for the new audit fields: a repair deadline only after a negative outcome, and every
audit and certificate in the cycle its trajectory was in when it was made. Its own migration:
PostgreSQL alters no table in the transaction that just updated its rows."""

from django.db import migrations


def cyclus_per_rij(apps, app_label, model_name):
    """Each existing row joins the cycle its trajectory was in when the row was made."""
    Model = apps.get_model(app_label, model_name)
    Cyclus = apps.get_model("trajects", "Cyclus")
    cycli = {}
    for cyclus in Cyclus.objects.order_by("traject_id", "nummer"):
        cycli.setdefault(cyclus.traject_id, []).append(cyclus)
    for rij in Model.objects.filter(cyclus__isnull=True).only("pk", "traject_id", "aangemaakt"):
        lijst = cycli[rij.traject_id]
        gekozen = lijst[0]
        for cyclus in lijst:
            if cyclus.gestart <= rij.aangemaakt:
                gekozen = cyclus
        Model.objects.filter(pk=rij.pk).update(cyclus=gekozen)


def cycli_audit(apps, schema_editor):
    cyclus_per_rij(apps, "audits", "Audit")


def cycli_certificaat(apps, schema_editor):
    cyclus_per_rij(apps, "audits", "Certificaat")


def herstel_alleen_na_negatief(apps, schema_editor):
    """A repair deadline belongs to a negative outcome only (the new constraint)."""
    Audit = apps.get_model("audits", "Audit")
    Audit.objects.exclude(uitkomst__in=["", "negatief"]).update(herstel_deadline=None)



class Migration(migrations.Migration):

    dependencies = [
        ('audits', '0008_auditorwerk_heraudit'),
    ]

    operations = [
        migrations.RunPython(herstel_alleen_na_negatief, migrations.RunPython.noop),
        migrations.RunPython(cycli_audit, migrations.RunPython.noop),
        migrations.RunPython(cycli_certificaat, migrations.RunPython.noop),
    ]
