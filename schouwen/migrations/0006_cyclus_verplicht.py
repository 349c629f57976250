"""Every row now belongs to a cycle. Separate from the data migration before it: PostgreSQL does
not alter a table in the transaction that just updated its rows' foreign keys."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('schouwen', '0005_cyclus'),
    ]

    operations = [
        migrations.AlterField(
            model_name='schouw',
            name='cyclus',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='trajects.cyclus', verbose_name='cyclus'),
        ),
    ]
