"""Ontwikkelingsperspectief (OPP): one per pupil with extra support or in SBO/SO/VSO/PrO (domain.md section 3).

An Opp belongs to a pupil at a school and has versions (OppVersie). A version is a concept until the school sets
it (vastgesteld); a set version is never changed again: an adjustment is a new version, so every version stays
readable and comparable. A version has the perspectiefdeel (expected uitstroombestemming with its onderbouwing:
belemmerende and bevorderende factoren), the handelingsdeel (support, deviations from the programme, goals), the
pupil's view (hoorrecht) and the record of the discussion with parents (OOGO). Parents with gezag give or withhold
consent (Instemming) on the handelingsdeel of a set version. Evaluations (at least once a school year) are kept.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from passend.audit.tracking import AuditedModel


class Aanleiding(models.TextChoices):
    """What starts the 6-week term (the SWV's setting says which applies; domain.md marks the second [uncertain])."""

    INSCHRIJVING = "inschrijving", "Inschrijving (of definitieve plaatsing)"
    EXTRA_ONDERSTEUNING = "extra_ondersteuning", "Start van de extra ondersteuning"


class Uitstroom(models.TextChoices):
    """Expected uitstroombestemming (PO: type vervolgonderwijs; VO/VSO: uitstroomprofiel)."""

    PRO = "pro", "Praktijkonderwijs"
    VMBO_BB = "vmbo_bb", "Vmbo basisberoepsgerichte leerweg"
    VMBO_KB = "vmbo_kb", "Vmbo kaderberoepsgerichte leerweg"
    VMBO_GT = "vmbo_gt", "Vmbo gemengde/theoretische leerweg"
    HAVO = "havo", "Havo"
    VWO = "vwo", "Vwo"
    VSO = "vso", "Voortgezet speciaal onderwijs"
    VERVOLGONDERWIJS = "vervolgonderwijs", "Vervolgonderwijs (mbo, hbo, wo)"
    ARBEIDSMARKT = "arbeidsmarkt", "Arbeidsmarkt"
    DAGBESTEDING = "dagbesteding", "Dagbesteding"


class Opp(AuditedModel):
    swv = models.ForeignKey("register.Samenwerkingsverband", on_delete=models.PROTECT, related_name="opps")
    leerling = models.ForeignKey("register.Leerling", on_delete=models.PROTECT, related_name="opps")
    school = models.ForeignKey("register.School", on_delete=models.PROTECT, related_name="opps")
    aanleiding = models.CharField(max_length=20, choices=Aanleiding.choices, default=Aanleiding.INSCHRIJVING)
    aanleiding_datum = models.DateField(help_text="Datum van inschrijving of start van de extra ondersteuning.")
    contactpersoon = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="Wie ouders kunnen aanspreken over dit OPP.",
    )
    extern_bestand = models.FileField(
        upload_to="opp/extern/", blank=True, max_length=300,
        help_text="Een OPP dat buiten Passend is gemaakt (PDF), zolang er nog geen OPP in Passend is.",
    )
    beeindigd_op = models.DateField(null=True, blank=True)
    aangemaakt = models.DateTimeField(default=timezone.now, editable=False)
    aangemaakt_door = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-aanleiding_datum", "-pk"]
        verbose_name = "OPP"
        verbose_name_plural = "OPP's"
        constraints = [
            models.UniqueConstraint(fields=["leerling", "school"], condition=models.Q(beeindigd_op__isnull=True),
                                    name="opp_een_lopend_per_leerling_school"),
        ]

    def __str__(self):
        return f"OPP {self.leerling}"

    def audit_leerling_id(self):
        return self.leerling_id

    def audit_swv_id(self):
        return self.swv_id


class _BijOpp(AuditedModel):
    class Meta:
        abstract = True

    def audit_leerling_id(self):
        return Opp.objects.filter(pk=self._opp_id()).values_list("leerling_id", flat=True).first()

    def audit_swv_id(self):
        return Opp.objects.filter(pk=self._opp_id()).values_list("swv_id", flat=True).first()

    def _opp_id(self):
        return self.opp_id


class OppVersie(_BijOpp):
    class Status(models.TextChoices):
        CONCEPT = "concept", "Concept"
        VASTGESTELD = "vastgesteld", "Vastgesteld"

    opp = models.ForeignKey(Opp, on_delete=models.CASCADE, related_name="versies")
    nummer = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.CONCEPT)
    # Perspectiefdeel (OOGO, no consent)
    uitstroombestemming = models.CharField(max_length=20, choices=Uitstroom.choices, blank=True)
    onderbouwing = models.TextField(blank=True)
    belemmerende_factoren = models.TextField(blank=True)
    bevorderende_factoren = models.TextField(blank=True)
    # Handelingsdeel (consent of parents with gezag)
    ondersteuning = models.TextField("te bieden begeleiding en ondersteuning", blank=True)
    afwijkingen = models.TextField("afwijkingen van het onderwijsprogramma", blank=True)
    doelen = models.TextField(blank=True)
    # Pupil and parents
    zienswijze_leerling = models.TextField("zienswijze van de leerling (hoorrecht)", blank=True)
    oogo_op = models.DateField("besproken met ouders op", null=True, blank=True)
    oogo_verslag = models.TextField("verslag van het gesprek met ouders (OOGO)", blank=True)
    vastgesteld_op = models.DateField(null=True, blank=True)
    vastgesteld_door = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                         related_name="+")
    aangemaakt = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["opp", "-nummer"]
        verbose_name = "OPP-versie"
        verbose_name_plural = "OPP-versies"
        constraints = [models.UniqueConstraint(fields=["opp", "nummer"], name="oppversie_uniek")]

    def __str__(self):
        return f"{self.opp} versie {self.nummer}"


class Instemming(_BijOpp):
    """A parent's consent (or not) on the handelingsdeel of one set version, per parent with gezag."""

    class Besluit(models.TextChoices):
        INSTEMMING = "instemming", "Ik stem in met het handelingsdeel"
        GEEN_INSTEMMING = "geen_instemming", "Ik stem niet in met het handelingsdeel"

    versie = models.ForeignKey(OppVersie, on_delete=models.CASCADE, related_name="instemmingen")
    ouder = models.ForeignKey("register.Ouder", on_delete=models.PROTECT, related_name="+")
    heeft_gezag = models.BooleanField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    op = models.DateTimeField(default=timezone.now)
    besluit = models.CharField(max_length=16, choices=Besluit.choices)
    toelichting = models.TextField(blank=True)

    class Meta:
        ordering = ["op"]
        verbose_name_plural = "instemmingen"
        constraints = [models.UniqueConstraint(fields=["versie", "ouder"], name="instemming_uniek")]

    def _opp_id(self):
        return OppVersie.objects.filter(pk=self.versie_id).values_list("opp_id", flat=True).first()


class Evaluatie(_BijOpp):
    opp = models.ForeignKey(Opp, on_delete=models.CASCADE, related_name="evaluaties")
    datum = models.DateField()
    met_ouders = models.BooleanField(default=True, help_text="Geëvalueerd met de ouders.")
    verslag = models.TextField()
    bijstelling_nodig = models.BooleanField(default=False)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-datum", "-pk"]
        verbose_name_plural = "evaluaties"


class Mening(_BijOpp):
    """The pupil's own view on their OPP, written by the pupil in their own account (hoorrecht: Wet versterking
    positie ouders en leerlingen, Kamerstuk 36443). Goes to the school, which takes it into the next version's
    `zienswijze_leerling`; kept as given, never edited."""

    opp = models.ForeignKey(Opp, on_delete=models.CASCADE, related_name="meningen")
    versie = models.ForeignKey(OppVersie, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                               help_text="De versie die de leerling las toen hij of zij dit schreef.")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    tekst = models.TextField()
    gegeven_op = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-gegeven_op", "-pk"]
        verbose_name = "mening van de leerling"
        verbose_name_plural = "meningen van de leerling"


class Oppinstellingen(AuditedModel):
    swv = models.OneToOneField("register.Samenwerkingsverband", on_delete=models.CASCADE, related_name="oppinstellingen")
    aanleiding_regulier = models.CharField(
        max_length=20, choices=Aanleiding.choices, default=Aanleiding.EXTRA_ONDERSTEUNING,
        help_text="Wat in het regulier onderwijs de termijn van 6 weken start (de wet noemt inschrijving; voor leerlingen "
        "die al op school zitten gebruiken SWV's de start van de extra ondersteuning).",
    )
    waarschuwen_dagen = models.PositiveSmallIntegerField(default=14)

    class Meta:
        verbose_name = verbose_name_plural = "instellingen OPP"

    def audit_swv_id(self):
        return self.swv_id

    @classmethod
    def voor(cls, swv) -> "Oppinstellingen":
        swv_id = getattr(swv, "pk", swv)
        return cls.objects.filter(swv_id=swv_id).first() or cls(swv_id=swv_id)
