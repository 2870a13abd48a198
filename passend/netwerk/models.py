"""Dekkend netwerk (domain.md section 4): the region's support offer as data.

- Behoefte: the shared list of support needs (12 standard ones, loaded after migrate; an SWV adds its own).
- Ondersteuningsplan: the SWV's plan with its period (at most 4 years) and the OPR's consent; it sets the
  basisondersteuning every regular school gives.
- Schoolprofiel + Aanbod: the schoolondersteuningsprofiel (SOP) of one school location: which needs it serves,
  at what level, for how many pupils; special schools add places, occupancy and waiting list.
- Leerlingbehoefte: a pupil's stated needs (the demand side).
- Plaatsingsverzoek: finding another fitting place for one pupil: the suggestions, the choice and the receiving
  school's confirmation.
- Dekkingsmeting: a dated snapshot of the coverage figures, for the trend.
- Netwerkinstellingen: the SWV's thresholds (distance, waiting list, occupancy).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from passend.audit.tracking import AuditedModel


class Behoefte(AuditedModel):
    """A support need (and the matching offer). Standard rows have no SWV; an SWV's own rows only it sees."""

    swv = models.ForeignKey("register.Samenwerkingsverband", null=True, blank=True, on_delete=models.CASCADE,
                            related_name="behoeften")
    code = models.SlugField(max_length=30)
    naam = models.CharField(max_length=100)
    omschrijving = models.CharField(max_length=300, blank=True)
    volgorde = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["volgorde", "naam"]
        verbose_name_plural = "behoeften"
        constraints = [
            models.UniqueConstraint(fields=["swv", "code"], name="behoefte_code_uniek"),
            models.UniqueConstraint(fields=["code"], condition=models.Q(swv__isnull=True),
                                    name="behoefte_standaard_uniek"),
        ]

    def __str__(self):
        return self.naam

    def audit_swv_id(self):
        return self.swv_id


class Niveau(models.TextChoices):
    BASIS = "basis", "Basisondersteuning"
    EXTRA = "extra", "Extra ondersteuning"
    SPECIALISTISCH = "specialistisch", "Specialistisch (SBO/SO/VSO)"


class Ondersteuningsplan(AuditedModel):
    """The SWV's ondersteuningsplan: period (at most 4 school years), OPR consent, and the basisondersteuning."""

    swv = models.ForeignKey("register.Samenwerkingsverband", on_delete=models.CASCADE,
                            related_name="ondersteuningsplannen")
    titel = models.CharField(max_length=200, default="Ondersteuningsplan")
    geldig_van = models.DateField()
    geldig_tot = models.DateField()
    opr_instemming_op = models.DateField("instemming OPR op", null=True, blank=True)
    basisondersteuning = models.TextField(help_text="Wat elke reguliere school biedt, één onderdeel per regel.")
    basis_behoeften = models.ManyToManyField(Behoefte, blank=True, related_name="+",
                                             help_text="Behoeften die elke reguliere school in de basis opvangt.")
    aangemaakt = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-geldig_van"]
        verbose_name_plural = "ondersteuningsplannen"
        constraints = [models.CheckConstraint(condition=models.Q(geldig_tot__gt=models.F("geldig_van")),
                                              name="op_einde_na_begin")]

    def __str__(self):
        return f"{self.titel} {self.geldig_van:%Y}–{self.geldig_tot:%Y}"

    def audit_swv_id(self):
        return self.swv_id

    @property
    def onderdelen(self) -> list[str]:
        return [r.strip(" -•\t") for r in self.basisondersteuning.splitlines() if r.strip(" -•\t")]


class Schoolprofiel(AuditedModel):
    """The schoolondersteuningsprofiel of one school location, within one SWV."""

    swv = models.ForeignKey("register.Samenwerkingsverband", on_delete=models.CASCADE, related_name="schoolprofielen")
    school = models.ForeignKey("register.School", on_delete=models.CASCADE, related_name="profielen")
    geldig_van = models.DateField()
    geldig_tot = models.DateField()
    mr_advies_op = models.DateField("advies MR op", null=True, blank=True)
    expertise = models.TextField(blank=True, help_text="Welke deskundigheid de school heeft (één per regel).")
    voorzieningen = models.TextField(blank=True, help_text="Gebouw en voorzieningen (lift, prikkelarme ruimte ...).")
    # Special schools (SBO, SO, VSO): places, occupancy and waiting list.
    plaatsen = models.PositiveIntegerField(null=True, blank=True)
    bezetting = models.PositiveIntegerField(null=True, blank=True)
    wachtlijst = models.PositiveIntegerField(null=True, blank=True)
    bijgewerkt_door = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="+")
    bijgewerkt = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["school__naam"]
        verbose_name_plural = "schoolprofielen"
        constraints = [
            models.UniqueConstraint(fields=["swv", "school"], name="schoolprofiel_uniek"),
            models.CheckConstraint(condition=models.Q(geldig_tot__gt=models.F("geldig_van")),
                                   name="sop_einde_na_begin"),
        ]

    def __str__(self):
        return f"Ondersteuningsprofiel {self.school}"

    def audit_swv_id(self):
        return self.swv_id


class Aanbod(AuditedModel):
    """One need a school serves: level, capacity (places for pupils with this need) and how many are taken."""

    profiel = models.ForeignKey(Schoolprofiel, on_delete=models.CASCADE, related_name="aanbod")
    behoefte = models.ForeignKey(Behoefte, on_delete=models.PROTECT, related_name="aanbod")
    niveau = models.CharField(max_length=16, choices=Niveau.choices, default=Niveau.EXTRA)
    capaciteit = models.PositiveIntegerField(null=True, blank=True, help_text="Leeg: geen vaste grens.")
    bezet = models.PositiveIntegerField(default=0)
    toelichting = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["behoefte__volgorde", "behoefte__naam"]
        verbose_name_plural = "aanbod"
        constraints = [models.UniqueConstraint(fields=["profiel", "behoefte"], name="aanbod_uniek")]

    def __str__(self):
        return f"{self.behoefte} ({self.get_niveau_display()})"

    def audit_swv_id(self):
        return self.profiel.swv_id


class Leerlingbehoefte(AuditedModel):
    """A stated support need of one pupil."""

    class Bron(models.TextChoices):
        AANVRAAG = "aanvraag", "Aanvraag"
        OPP = "opp", "OPP"
        TLV = "tlv", "TLV"
        SCHOOL = "school", "School"
        PLAATSING = "plaatsing", "Plaatsingsverzoek"

    leerling = models.ForeignKey("register.Leerling", on_delete=models.CASCADE, related_name="behoeften")
    behoefte = models.ForeignKey(Behoefte, on_delete=models.PROTECT, related_name="leerlingen")
    bron = models.CharField(max_length=10, choices=Bron.choices, default=Bron.SCHOOL)
    vastgesteld_op = models.DateField(default=timezone.localdate)
    vastgesteld_door = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                         related_name="+")

    class Meta:
        ordering = ["behoefte__volgorde"]
        verbose_name_plural = "leerlingbehoeften"
        constraints = [models.UniqueConstraint(fields=["leerling", "behoefte"], name="leerlingbehoefte_uniek")]

    def audit_leerling_id(self):
        return self.leerling_id

    def audit_swv_id(self):
        return self.leerling.swv_id


class Plaatsingsverzoek(AuditedModel):
    """Finding a fitting place for one pupil: who asked, for which needs and from where, the suggested schools,
    the choice and the receiving school's answer."""

    class Status(models.TextChoices):
        OPEN = "open", "Zoekt plaats"
        GEKOZEN = "gekozen", "School gekozen, wacht op bevestiging"
        BEVESTIGD = "bevestigd", "Bevestigd door de ontvangende school"
        AFGEWEZEN = "afgewezen", "Afgewezen door de gekozen school"
        INGETROKKEN = "ingetrokken", "Ingetrokken"

    swv = models.ForeignKey("register.Samenwerkingsverband", on_delete=models.PROTECT, related_name="plaatsingen")
    leerling = models.ForeignKey("register.Leerling", on_delete=models.PROTECT, related_name="plaatsingsverzoeken")
    vanuit_school = models.ForeignKey("register.School", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+", help_text="De school die een plaats zoekt (zorgplicht).")
    aanmelding = models.ForeignKey("zorgplicht.Aanmelding", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="plaatsingsverzoeken")
    pc4 = models.CharField("postcode (4 cijfers) van het woonadres", max_length=4)
    behoeften = models.ManyToManyField(Behoefte, related_name="+")
    toelichting = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN, db_index=True)
    gekozen_school = models.ForeignKey("register.School", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="plaatsingen_ontvangen")
    keuze_reden = models.TextField(blank=True)
    gekozen_op = models.DateTimeField(null=True, blank=True)
    gekozen_door = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    beantwoord_op = models.DateTimeField(null=True, blank=True)
    beantwoord_door = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="+")
    antwoord_toelichting = models.TextField(blank=True)
    aangemaakt = models.DateTimeField(default=timezone.now, editable=False)
    aangemaakt_door = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="+")

    class Meta:
        ordering = ["-aangemaakt"]
        verbose_name_plural = "plaatsingsverzoeken"

    def __str__(self):
        return f"Plaatsingsverzoek {self.pk}"

    def audit_leerling_id(self):
        return self.leerling_id

    def audit_swv_id(self):
        return self.swv_id

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.OPEN, self.Status.GEKOZEN, self.Status.AFGEWEZEN)


class Dekkingsmeting(models.Model):
    """The coverage figures of one SWV on one date (per need: offering schools, capacity, demand, gaps), kept for
    the trend. Aggregates only, no pupil data."""

    swv = models.ForeignKey("register.Samenwerkingsverband", on_delete=models.CASCADE, related_name="dekkingsmetingen")
    datum = models.DateField()
    cijfers = models.JSONField(default=dict, help_text="Per behoeftecode: aanbieders, capaciteit, bezet, vraag.")
    gaten = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["datum"]
        constraints = [models.UniqueConstraint(fields=["swv", "datum"], name="dekkingsmeting_uniek")]

    def __str__(self):
        return f"Dekkingsmeting {self.datum}"


class Netwerkinstellingen(AuditedModel):
    swv = models.OneToOneField("register.Samenwerkingsverband", on_delete=models.CASCADE,
                               related_name="netwerkinstellingen")
    max_afstand_km = models.DecimalField(
        "grootste afstand (km)", max_digits=5, decimal_places=1, default=10,
        help_text="Een behoefte is een gat waar leerlingen verder dan dit van de dichtstbijzijnde school met aanbod wonen.")
    wachtlijst_drempel = models.PositiveIntegerField(
        default=5, help_text="Een speciale school met een langere wachtlijst staat op de gatenlijst.")
    bezetting_drempel_procent = models.PositiveSmallIntegerField(
        default=100, help_text="Aanbod met zoveel procent bezet of meer geldt als vol.")
    wegfactor = models.DecimalField(
        max_digits=3, decimal_places=2, default=1,
        help_text="Hemelsbrede afstand maal deze factor benadert de reisafstand (1 = hemelsbreed).")

    class Meta:
        verbose_name = verbose_name_plural = "instellingen dekkend netwerk"

    def audit_swv_id(self):
        return self.swv_id

    @classmethod
    def voor(cls, swv) -> "Netwerkinstellingen":
        swv_id = getattr(swv, "pk", swv)
        return cls.objects.filter(swv_id=swv_id).first() or cls(swv_id=swv_id)
