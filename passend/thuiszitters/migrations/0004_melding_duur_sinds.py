"""Melding.duur_sinds is filled for every case by 0003: from now on it is required."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("thuiszitters", "0003_categoriestand"),
    ]

    operations = [
        migrations.AlterField(
            model_name="melding",
            name="duur_sinds",
            field=models.DateField(editable=False, help_text="Vanaf deze dag telt de duur (regels.duur_vanaf over de categorieën): de startdatum, of de dag waarop de leerling thuiszitter werd na een wijziging van de categorie."),
        ),
    ]
