"""The extension of the zorgplicht term becomes a chosen number of weeks (1-4) instead of always 4.

Every existing aanmelding gets 4 weeks (the column default): before this migration an extension was always the
full 4 weeks, so the deadlines of extended aanmeldingen stay exactly as they were. The RunPython step says so
explicitly for the extended ones."""

import django.core.validators
from django.db import migrations, models


def bestaande_verlengingen_vier_weken(apps, schema_editor):
    Aanmelding = apps.get_model("zorgplicht", "Aanmelding")
    Aanmelding.objects.filter(verlengd_op__isnull=False).update(verlenging_weken=4)


class Migration(migrations.Migration):

    dependencies = [
        ('zorgplicht', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='aanmelding',
            name='verlenging_weken',
            field=models.PositiveSmallIntegerField(default=4, help_text='Met hoeveel weken de school de termijn verlengde (1 tot en met 4). Telt alleen als verlengd_op is ingevuld; de school kiest het bij het verlengen.', validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(4)]),
        ),
        migrations.RunPython(bestaande_verlengingen_vier_weken, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='aanmelding',
            constraint=models.CheckConstraint(condition=models.Q(('verlenging_weken__gte', 1), ('verlenging_weken__lte', 4)), name='zorgplicht_verlenging_1_tot_4_weken'),
        ),
    ]
