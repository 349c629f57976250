"""Every audit and certificate now belongs to a cycle; a repair deadline only after a negative
outcome. Separate from the data migration before it: PostgreSQL does
not alter a table in the transaction that just updated its rows' foreign keys."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('audits', '0009_gegevens'),
    ]

    operations = [
        migrations.AlterField(
            model_name='audit',
            name='cyclus',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='trajects.cyclus', verbose_name='cyclus'),
        ),
        migrations.AlterField(
            model_name='certificaat',
            name='cyclus',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='trajects.cyclus', verbose_name='cyclus'),
        ),
            migrations.AddConstraint(
            model_name='audit',
            constraint=models.CheckConstraint(condition=models.Q(('uitkomst__in', ['', 'negatief']), ('herstel_deadline__isnull', True), _connector='OR'), name='audit_herstel_alleen_na_negatief'),
        ),
    ]
