"""Leerlingenvervoer (domain.md section 7): the gemeente's task, following from the SWV's decisions.

- Vervoersinstellingen: the rules of one gemeente's verordening, with the VNG model as default.
- Vervoersaanvraag: a pupil's request for transport to school, with what the decision needs (home PC4, school,
  independent travel, wheelchair, may not travel with others, an individual maximum ride time, what the driver
  must know) and the decision (a proposal computed by regels.recht_op_vervoer, confirmed by the gemeente user).
- Voertuig: a vehicle the gemeente's carrier has (seats, wheelchair places, depot, availability).
- Routeplanning: one planning run (a direction on a date) in the background, with its routes, checked by
  routering.controle before they are shown.
"""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone

from passend.audit.tracking import AuditedModel


class Vervoersinstellingen(AuditedModel):
    """The verordening of one gemeente. Defaults: the VNG model verordening leerlingenvervoer (domain.md 7)."""

    gemeente = models.OneToOneField("register.Gemeente", on_delete=models.CASCADE, related_name="vervoersinstellingen")
    km_drempel = models.DecimalField(
        "afstandsdrempel (km)", max_digits=4, decimal_places=1, default=Decimal("6.0"),
        help_text="Recht op vervoer als de dichtstbijzijnde passende school verder weg ligt (VNG-model: 6 km).")
    vo_alleen_met_beperking = models.BooleanField(
        "VO alleen bij een beperking", default=True,
        help_text="Voortgezet onderwijs: alleen vervoer voor leerlingen die door hun beperking niet zelfstandig "
                  "kunnen reizen (gebruikelijk, niet landelijk vastgelegd).")
    ov_max_minuten = models.PositiveSmallIntegerField(
        "grens reistijd openbaar vervoer (minuten)", default=90,
        help_text="Aangepast vervoer als het openbaar vervoer enkele reis langer duurt (VNG-model: 1,5 uur).")
    wegfactor = models.DecimalField(
        max_digits=3, decimal_places=2, default=Decimal("1.30"),
        help_text="Hemelsbrede afstand maal deze factor benadert de afstand over de weg (tot er een wegennet is).")
    ov_snelheid_kmh = models.DecimalField(
        "gemiddelde snelheid openbaar vervoer (km/u)", max_digits=4, decimal_places=1, default=Decimal("20.0"),
        help_text="Schatting van de reistijd met het openbaar vervoer inclusief lopen en wachten.")
    snelheid_kmh = models.DecimalField(
        "gemiddelde snelheid aangepast vervoer (km/u)", max_digits=4, decimal_places=1, default=Decimal("40.0"))
    max_rit_minuten = models.PositiveSmallIntegerField(
        "grootste ritduur in de planning (minuten)", default=60,
        help_text="Het VNG-model kent geen algemene grens (zo kort mogelijk); de planning gebruikt deze, tenzij "
                  "voor een leerling een eigen (kortere) grens geldt.")
    inkomensgrens = models.DecimalField(
        "inkomensgrens eigen bijdrage (€)", max_digits=9, decimal_places=2, default=Decimal("29700"))
    drempelbedrag = models.DecimalField(
        "drempelbedrag per schooljaar (€)", max_digits=8, decimal_places=2, default=Decimal("622.50"),
        help_text="Kosten van het openbaar vervoer over de eerste 6 km (voorbeeld Ooststellingwerf 2024-2025).")
    draagkracht_km = models.DecimalField(
        "draagkrachtbijdrage vanaf (km)", max_digits=4, decimal_places=1, default=Decimal("20.0"))
    schooltijd_begin = models.TimeField(default=dt.time(8, 30))
    schooltijd_eind = models.TimeField(default=dt.time(14, 30))
    aankomst_marge_min = models.PositiveSmallIntegerField(
        "aankomst op school vanaf (minuten voor begin)", default=20)

    class Meta:
        verbose_name = verbose_name_plural = "instellingen leerlingenvervoer"

    @classmethod
    def voor(cls, gemeente) -> "Vervoersinstellingen":
        gid = getattr(gemeente, "pk", gemeente)
        return cls.objects.filter(gemeente_id=gid).first() or cls(gemeente_id=gid)


class Vorm(models.TextChoices):
    AANGEPAST = "aangepast", "Aangepast vervoer (taxi, taxibus)"
    OV = "ov", "Vergoeding openbaar vervoer"
    FIETS = "fiets", "Vergoeding fiets of eigen vervoer"
    GEEN = "geen", "Geen vervoer"


class Vervoersaanvraag(AuditedModel):
    class Status(models.TextChoices):
        INGEDIEND = "ingediend", "Ingediend"
        TOEGEKEND = "toegekend", "Toegekend"
        AFGEWEZEN = "afgewezen", "Afgewezen"

    swv = models.ForeignKey("register.Samenwerkingsverband", on_delete=models.PROTECT, related_name="vervoersaanvragen")
    gemeente = models.ForeignKey("register.Gemeente", on_delete=models.PROTECT, related_name="vervoersaanvragen")
    leerling = models.ForeignKey("register.Leerling", on_delete=models.PROTECT, related_name="vervoersaanvragen")
    school = models.ForeignKey("register.School", on_delete=models.PROTECT, related_name="+")
    schooljaar = models.PositiveSmallIntegerField(help_text="Eerste kalenderjaar: 2026 voor 2026-2027.")
    pc4 = models.CharField("postcode woonadres (4 cijfers)", max_length=4)
    kan_zelfstandig_reizen = models.BooleanField(
        default=False, help_text="Kan de leerling zelfstandig met het openbaar vervoer of de fiets reizen?")
    beperking = models.BooleanField(
        "structurele beperking", default=False,
        help_text="Een lichamelijke, verstandelijke of zintuiglijke beperking (geen eigen bijdrage).")
    rolstoel = models.BooleanField(default=False)
    alleen_reizen = models.BooleanField("moet alleen reizen", default=False)
    max_rit_minuten = models.PositiveSmallIntegerField("eigen grootste ritduur (minuten)", null=True, blank=True)
    chauffeur_info = models.CharField(
        "wat de chauffeur moet weten", max_length=300, blank=True,
        help_text="Alleen wat nodig is voor een veilige rit (bijv. 'zit achter de bestuurder', 'epilepsie: "
                  "noodmedicatie in de tas'). Dit staat op de ritlijst.")
    inkomen_boven_grens = models.BooleanField(null=True, blank=True)
    toelichting = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.INGEDIEND, db_index=True)
    voorstel = models.JSONField(default=dict, blank=True, help_text="Uitkomst van de regels met de redenen.")
    vorm = models.CharField(max_length=10, choices=Vorm.choices, blank=True)
    eigen_bijdrage = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    motivering = models.TextField(blank=True)
    besloten_op = models.DateField(null=True, blank=True)
    besloten_door = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")
    aangemaakt = models.DateTimeField(default=timezone.now, editable=False)
    aangemaakt_door = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="+")

    class Meta:
        ordering = ["-aangemaakt"]
        verbose_name_plural = "vervoersaanvragen"
        constraints = [models.UniqueConstraint(fields=["leerling", "schooljaar"], name="vervoer_een_per_jaar")]

    def __str__(self):
        return f"Vervoersaanvraag {self.pk}"

    def audit_leerling_id(self):
        return self.leerling_id

    def audit_swv_id(self):
        return self.swv_id


class Voertuig(AuditedModel):
    gemeente = models.ForeignKey("register.Gemeente", on_delete=models.CASCADE, related_name="voertuigen")
    naam = models.CharField(max_length=100)
    zitplaatsen = models.PositiveSmallIntegerField(default=7)
    rolstoelplaatsen = models.PositiveSmallIntegerField(default=0)
    depot_pc4 = models.CharField("standplaats (postcode, 4 cijfers)", max_length=4)
    beschikbaar_van = models.TimeField(default=dt.time(7, 0))
    beschikbaar_tot = models.TimeField(default=dt.time(9, 30))
    actief = models.BooleanField(default=True)

    class Meta:
        ordering = ["naam"]
        verbose_name_plural = "voertuigen"

    def __str__(self):
        return self.naam


class Routeplanning(AuditedModel):
    class Richting(models.TextChoices):
        HEEN = "heen", "Heen (naar school)"
        TERUG = "terug", "Terug (naar huis)"

    class Status(models.TextChoices):
        WACHT = "wacht", "Wacht"
        BEZIG = "bezig", "Bezig"
        KLAAR = "klaar", "Klaar"
        FOUT = "fout", "Mislukt"

    gemeente = models.ForeignKey("register.Gemeente", on_delete=models.CASCADE, related_name="routeplanningen")
    swv = models.ForeignKey("register.Samenwerkingsverband", on_delete=models.CASCADE, related_name="+")
    richting = models.CharField(max_length=5, choices=Richting.choices, default=Richting.HEEN)
    seconden = models.PositiveSmallIntegerField("rekentijd (seconden)", default=30)
    status = models.CharField(max_length=6, choices=Status.choices, default=Status.WACHT)
    job = models.ForeignKey("core.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    resultaat = models.JSONField(default=dict, blank=True,
                                 help_text="Routes met haltes, tijden en ritduur per leerling (aanvraag-id's).")
    kengetallen = models.JSONField(default=dict, blank=True)
    fout = models.TextField(blank=True)
    aangemaakt = models.DateTimeField(default=timezone.now, editable=False)
    aangemaakt_door = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="+")

    class Meta:
        ordering = ["-aangemaakt"]
        verbose_name_plural = "routeplanningen"

    def __str__(self):
        return f"Routeplanning {self.pk}"

    def audit_swv_id(self):
        return self.swv_id
