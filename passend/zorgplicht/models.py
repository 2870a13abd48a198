"""Zorgplicht: written aanmeldingen at a school, their deadlines and outcomes (domain.md section 1).

An Aanmelding is received on a date; the school of the parents' first preference holds the zorgplicht. It is
decided within 6 weeks, once extendable by 1 to 4 weeks as the school chooses (`verlenging_weken`, with a letter
to the parents); after 10 weeks without a decision, whatever the extension, the pupil is entitled to a temporary
place. Outcomes: admitted (with or without extra support), placed at another school that agreed (which
confirms), or refused on a legal ground (school full, grondslag, cluster 1/2). Refusing without another place
cannot be recorded: services.py refuses it.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from passend.audit.tracking import AuditedModel

from . import regels


class Status(models.TextChoices):
    ONTVANGEN = "ontvangen", "Ontvangen"
    VERLENGD = "verlengd", "Termijn verlengd"
    ELDERS_VOORGESTELD = "elders_voorgesteld", "Plaats op andere school voorgesteld"
    TOEGELATEN = "toegelaten", "Toegelaten"
    ELDERS_GEPLAATST = "elders_geplaatst", "Geplaatst op andere school"
    GEWEIGERD = "geweigerd", "Geweigerd (wettelijke grond)"
    INGETROKKEN = "ingetrokken", "Ingetrokken door ouders"


OPEN_STATUSSEN = (Status.ONTVANGEN, Status.VERLENGD, Status.ELDERS_VOORGESTELD)


class Weigergrond(models.TextChoices):
    """The grounds on which a school may refuse without finding another place (domain.md §1, exceptions)."""

    VOL = "vol", "De school is vol (geldt voor alle aanmelders, gepubliceerd)"
    GRONDSLAG = "grondslag", "Ouders respecteren de grondslag van de school niet"
    CLUSTER12 = "cluster12", "Aanmelding bij een cluster 1- of 2-school (eigen landelijke procedure)"


class Aanmelding(AuditedModel):
    swv = models.ForeignKey("register.Samenwerkingsverband", on_delete=models.PROTECT, related_name="aanmeldingen")
    leerling = models.ForeignKey("register.Leerling", on_delete=models.PROTECT, related_name="aanmeldingen")
    school = models.ForeignKey("register.School", on_delete=models.PROTECT, related_name="aanmeldingen")
    ontvangen_op = models.DateField(help_text="Datum waarop de schriftelijke aanmelding binnenkwam.")
    gewenste_startdatum = models.DateField(null=True, blank=True)
    voorkeur = models.PositiveSmallIntegerField(
        default=1, help_text="Plaats van deze school in de voorkeur van de ouders (1 = eerste voorkeur: zorgplicht).",
    )
    andere_scholen = models.CharField(
        max_length=500, blank=True, help_text="Andere scholen waar ouders hun kind hebben aangemeld, in volgorde.",
    )
    extra_ondersteuning_verwacht = models.BooleanField(
        default=False, help_text="Ouders of school verwachten dat de leerling extra ondersteuning nodig heeft.",
    )
    toelichting = models.TextField(blank=True, help_text="Wat ouders bij de aanmelding over de ondersteuning vertelden.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ONTVANGEN, db_index=True)
    # Extension (once, by 1 to 4 weeks)
    verlengd_op = models.DateField(null=True, blank=True)
    verlenging_weken = models.PositiveSmallIntegerField(
        default=regels.MAX_VERLENGING_WEKEN,
        validators=[MinValueValidator(1), MaxValueValidator(regels.MAX_VERLENGING_WEKEN)],
        help_text="Met hoeveel weken de school de termijn verlengde (1 tot en met 4). Telt alleen als verlengd_op "
        "is ingevuld; de school kiest het bij het verlengen.",
    )
    verlenging_reden = models.TextField(blank=True)
    verlengingsbrief = models.FileField(upload_to="zorgplicht/brieven/", blank=True, max_length=300)
    # Decision
    besloten_op = models.DateField(null=True, blank=True)
    met_extra_ondersteuning = models.BooleanField(null=True, blank=True)
    weigergrond = models.CharField(max_length=10, choices=Weigergrond.choices, blank=True)
    motivering = models.TextField(blank=True)
    andere_school = models.ForeignKey(
        "register.School", null=True, blank=True, on_delete=models.PROTECT, related_name="voorgestelde_aanmeldingen",
        help_text="De school die bereid is de leerling toe te laten.",
    )
    andere_school_bevestigd_op = models.DateField(null=True, blank=True)
    andere_school_bevestigd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    hulpvraag = models.ForeignKey(
        "toewijzing.Aanvraag", null=True, blank=True, on_delete=models.SET_NULL, related_name="aanmeldingen",
        help_text="Ondersteuningsvraag aan het SWV als de school geen passende plek vindt.",
    )
    aangemaakt_door = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    aangemaakt = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-ontvangen_op", "-pk"]
        verbose_name_plural = "aanmeldingen"
        indexes = [models.Index(fields=["swv", "status"]), models.Index(fields=["school", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(verlenging_weken__gte=1, verlenging_weken__lte=regels.MAX_VERLENGING_WEKEN),
                name="zorgplicht_verlenging_1_tot_4_weken",
            ),
        ]

    def __str__(self):
        return f"Aanmelding {self.leerling} bij {self.school} ({self.ontvangen_op:%d-%m-%Y})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSSEN

    @property
    def is_verlengd(self) -> bool:
        return self.verlengd_op is not None

    @property
    def geldende_termijn(self):
        """The deadline that applies (regels.termijn with the weeks the school chose)."""
        return regels.termijn(self.ontvangen_op, self.is_verlengd, self.verlenging_weken)

    @property
    def heeft_zorgplicht(self) -> bool:
        """The school of the parents' first preference holds the zorgplicht (domain.md §1)."""
        return self.voorkeur == 1

    def audit_leerling_id(self):
        return self.leerling_id

    def audit_swv_id(self):
        return self.swv_id


class Stap(models.Model):
    """One step on an aanmelding's timeline (append-only)."""

    aanmelding = models.ForeignKey(Aanmelding, on_delete=models.CASCADE, related_name="stappen")
    tijdstip = models.DateTimeField(default=timezone.now)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    rol = models.CharField(max_length=20, blank=True)
    tekst = models.CharField(max_length=300)
    toelichting = models.TextField(blank=True)

    class Meta:
        ordering = ["-tijdstip", "-pk"]
        verbose_name_plural = "stappen"

    def __str__(self):
        return self.tekst


class Zorgplichtinstellingen(AuditedModel):
    swv = models.OneToOneField("register.Samenwerkingsverband", on_delete=models.CASCADE,
                               related_name="zorgplichtinstellingen")
    waarschuwen_dagen = models.PositiveSmallIntegerField(
        default=7, help_text="Een aanmelding komt zoveel dagen voor de termijn als 'bijna verlopen' op de werklijst.",
    )

    class Meta:
        verbose_name = verbose_name_plural = "instellingen zorgplicht"

    def audit_swv_id(self):
        return self.swv_id

    @classmethod
    def voor(cls, swv) -> "Zorgplichtinstellingen":
        swv_id = getattr(swv, "pk", swv)
        return cls.objects.filter(swv_id=swv_id).first() or cls(swv_id=swv_id)
