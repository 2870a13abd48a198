"""The category gets a dated history (Categoriestand), and the case the day its duration counts from
(Melding.duur_sinds, regels.duur_vanaf). Existing cases get one row: their present category, valid from the
case's start date, and duur_sinds = the start date. Before this migration a change of category overwrote the old
value (the timeline records only that the category changed, not from what), so the present value is the only
one known; for a case whose category was never changed it is exactly right. duur_sinds becomes required in
0004 (a separate transaction: PostgreSQL does not alter a table with pending trigger events)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

CATEGORIEEN = [
    ("absoluut", "Absoluut verzuim (niet ingeschreven)"),
    ("relatief", "Langdurig relatief verzuim (ingeschreven, ongeoorloofd afwezig)"),
    ("vrijstelling_5a", "Vrijstelling art. 5 onder a (lichamelijke of psychische ongeschiktheid)"),
    ("vrijstelling_5b", "Vrijstelling art. 5 onder b (bedenkingen tegen de richting)"),
    ("vrijstelling_5c", "Vrijstelling art. 5 onder c (school in het buitenland)"),
    ("vrijstelling_art5a", "Vrijstelling art. 5a (trekkend bestaan)"),
    ("vrijstelling_11g", "Vrijstelling art. 11 onder g (gewichtige omstandigheden)"),
    ("vrijstelling_15", "Vrijstelling art. 15 (kwalificatieplicht, ander onderwijs)"),
    ("dreigend", "Dreigende thuiszitter"),
]


def bestaande_categorieen(apps, schema_editor):
    Melding = apps.get_model("thuiszitters", "Melding")
    Categoriestand = apps.get_model("thuiszitters", "Categoriestand")
    Melding.objects.filter(duur_sinds__isnull=True).update(duur_sinds=models.F("startdatum"))
    al = set(Categoriestand.objects.values_list("melding_id", flat=True))
    rijen = [Categoriestand(melding_id=pk, geldig_vanaf=start, categorie=categorie, vastgelegd=aangemaakt)
             for pk, start, categorie, aangemaakt in Melding.objects.order_by("pk")
             .values_list("pk", "startdatum", "categorie", "aangemaakt").iterator() if pk not in al]
    Categoriestand.objects.bulk_create(rijen, batch_size=1000)


class Migration(migrations.Migration):

    dependencies = [
        ("thuiszitters", "0002_urenstand"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Categoriestand",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("geldig_vanaf", models.DateField(help_text="Vanaf deze dag geldt deze categorie.")),
                ("categorie", models.CharField(choices=CATEGORIEEN, max_length=20)),
                ("rol", models.CharField(blank=True, max_length=20)),
                ("vastgelegd", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ("door", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                           related_name="+", to=settings.AUTH_USER_MODEL)),
                ("melding", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                              related_name="categoriestanden", to="thuiszitters.melding")),
            ],
            options={
                "verbose_name": "categoriestand",
                "verbose_name_plural": "categoriestanden",
                "ordering": ["geldig_vanaf", "pk"],
            },
        ),
        migrations.AddField(
            model_name="melding",
            name="duur_sinds",
            field=models.DateField(editable=False, null=True),
        ),
        migrations.RunPython(bestaande_categorieen, migrations.RunPython.noop),
    ]
