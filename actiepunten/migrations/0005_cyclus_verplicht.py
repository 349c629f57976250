"""Every row now belongs to a cycle. Separate from the data migration before it: PostgreSQL does
not alter a table in the transaction that just updated its rows' foreign keys."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('actiepunten', '0004_cyclus'),
    ]

    operations = [
        migrations.AlterField(
            model_name='knelpunt',
            name='cyclus',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='trajects.cyclus', verbose_name='cyclus'),
        ),
    ]
