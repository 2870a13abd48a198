"""Thuiszitters: the SWV's register of pupils without (enough) education, shared with school and leerplicht
(domain.md section 5).

A Melding is one case: a pupil, a category (absoluut verzuim, langdurig relatief verzuim, a vrijstelling, or a
threatened thuiszitter; each change kept with the date it applies from, Categoriestand, so a report reads the
category of its reference date and the duration counts as regels.duur_vanaf says), a start date, the hours of education still received (each change kept with the date
it applies from, Urenstand, so a report reads the hours of its reference date), reasons, the parties involved
and a case holder. A plan of approach (Actie) and every contact or step (Contact) hang under it. A case is
ended with an outcome, never deleted: the register is cumulative, as the Inspectie asks. When the pupil's
record reaches its retention date the case stays for the counts, stripped of everything that identifies the
pupil (bewaren.py); the snapshot fields below (age, sector, gemeente) are what the anonymised report needs.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from passend.audit.tracking import AuditedModel


class Categorie(models.TextChoices):
    ABSOLUUT = "absoluut", "Absoluut verzuim (niet ingeschreven)"
    RELATIEF = "relatief", "Langdurig relatief verzuim (ingeschreven, ongeoorloofd afwezig)"
    VRIJSTELLING_5A = "vrijstelling_5a", "Vrijstelling art. 5 onder a (lichamelijke of psychische ongeschiktheid)"
    VRIJSTELLING_5B = "vrijstelling_5b", "Vrijstelling art. 5 onder b (bedenkingen tegen de richting)"
    VRIJSTELLING_5C = "vrijstelling_5c", "Vrijstelling art. 5 onder c (school in het buitenland)"
    VRIJSTELLING_5A_TREKKEND = "vrijstelling_art5a", "Vrijstelling art. 5a (trekkend bestaan)"
    VRIJSTELLING_11G = "vrijstelling_11g", "Vrijstelling art. 11 onder g (gewichtige omstandigheden)"
    VRIJSTELLING_15 = "vrijstelling_15", "Vrijstelling art. 15 (kwalificatieplicht, ander onderwijs)"
    DREIGEND = "dreigend", "Dreigende thuiszitter"


VRIJSTELLINGEN = (
    Categorie.VRIJSTELLING_5A, Categorie.VRIJSTELLING_5B, Categorie.VRIJSTELLING_5C,
    Categorie.VRIJSTELLING_5A_TREKKEND, Categorie.VRIJSTELLING_11G, Categorie.VRIJSTELLING_15,
)


class Reden(models.TextChoices):
    """The fixed list of reasons (with 'anders'); what SWV thuiszittersregistraties commonly record."""

    GEEN_PASSEND_AANBOD = "geen_aanbod", "Geen passend onderwijsaanbod gevonden"
    WACHTLIJST = "wachtlijst", "Wachtlijst (speciaal) onderwijs"
    PSYCHISCH = "psychisch", "Psychische problematiek"
    GEDRAG = "gedrag", "Gedragsproblematiek"
    ASS = "ass", "Autisme (ASS)"
    SCHOOLANGST = "schoolangst", "Schoolangst / schoolweigering"
    LICHAMELIJK = "lichamelijk", "Lichamelijke of medische problematiek"
    THUISSITUATIE = "thuissituatie", "Thuissituatie"
    CONFLICT = "conflict", "Conflict tussen ouders en school"
    VERWIJDERD = "verwijderd", "Verwijderd of geschorst"
    WACHTEN_ZORG = "wachten_zorg", "Wachten op jeugdhulp of zorg"
    VERHUIZING = "verhuizing", "Verhuizing / nieuw in de regio"
    ANDERS = "anders", "Anders"


class Partij(models.TextChoices):
    SCHOOL = "school", "School"
    SWV = "swv", "Samenwerkingsverband"
    LEERPLICHT = "leerplicht", "Leerplicht"
    JEUGDHULP = "jeugdhulp", "Jeugdhulp"


class Uitkomst(models.TextChoices):
    TERUG_OP_SCHOOL = "terug_op_school", "Terug op school"
    ANDER_ONDERWIJS = "ander_onderwijs", "Ander onderwijs"
    ZORG = "zorg", "Zorg of dagbesteding"
    VERHUISD = "verhuisd", "Verhuisd (buiten de regio)"
    VRIJSTELLING = "vrijstelling", "Vrijstelling verleend"
    ANDERS = "anders", "Anders"


class Melding(AuditedModel):
    swv = models.ForeignKey("register.Samenwerkingsverband", on_delete=models.PROTECT, related_name="thuiszitters")
    nummer = models.CharField(max_length=30, unique=True, editable=False)
    leerling = models.ForeignKey("register.Leerling", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="thuiszittersmeldingen",
                                 help_text="Leeg nadat het leerlingdossier volgens de bewaartermijn is verwijderd.")
    categorie = models.CharField(max_length=20, choices=Categorie.choices)
    startdatum = models.DateField(help_text="Sinds wanneer de leerling geen (volledig) onderwijs krijgt.")
    uren_onderwijs = models.DecimalField(max_digits=4, decimal_places=1, default=0,
                                         help_text="Uren onderwijs per week die de leerling nog krijgt.")
    duur_sinds = models.DateField(
        editable=False, help_text="Vanaf deze dag telt de duur (regels.duur_vanaf over de categorieën): de "
        "startdatum, of de dag waarop de leerling thuiszitter werd na een wijziging van de categorie.")
    redenen = models.JSONField(default=list, blank=True, help_text="Codes uit Reden.")
    reden_anders = models.CharField(max_length=300, blank=True)
    partijen = models.JSONField(default=list, blank=True, help_text="Codes uit Partij.")
    school = models.ForeignKey("register.School", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="thuiszitters", help_text="De school van inschrijving (leeg bij absoluut verzuim).")
    gemeente = models.ForeignKey("register.Gemeente", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="thuiszitters", help_text="Woongemeente: haar leerplichtambtenaar ziet deze melding.")
    casushouder = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="thuiszitterscasussen")
    toelichting = models.TextField(blank=True)
    # Snapshot for the anonymised report, kept when the pupil's record is removed.
    leeftijd_bij_start = models.PositiveSmallIntegerField(null=True, blank=True)
    schoolsoort = models.CharField(max_length=6, blank=True, help_text="Soort school van inschrijving (BAO, SBO, SO, VO ...).")
    # Escalation to the thuiszittersoverleg ("thuiszitterstafel").
    tafel_op = models.DateField(null=True, blank=True)
    # Ending
    einddatum = models.DateField(null=True, blank=True)
    uitkomst = models.CharField(max_length=20, choices=Uitkomst.choices, blank=True)
    uitkomst_school = models.ForeignKey("register.School", null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="+")
    uitkomst_uren = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    uitkomst_toelichting = models.TextField(blank=True)
    geanonimiseerd_op = models.DateField(null=True, blank=True, editable=False)
    gemeld_door = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    gemeld_door_rol = models.CharField(max_length=20, blank=True)
    aangemaakt = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-startdatum", "-pk"]
        verbose_name = "thuiszittersmelding"
        verbose_name_plural = "thuiszittersmeldingen"
        indexes = [models.Index(fields=["swv", "einddatum"]), models.Index(fields=["gemeente", "einddatum"])]

    def __str__(self):
        return f"{self.nummer} {self.get_categorie_display()}"

    @property
    def is_open(self) -> bool:
        return self.einddatum is None

    def audit_leerling_id(self):
        return self.leerling_id

    def audit_swv_id(self):
        return self.swv_id


class _BijMelding(AuditedModel):
    class Meta:
        abstract = True

    def audit_leerling_id(self):
        return Melding.objects.filter(pk=self.melding_id).values_list("leerling_id", flat=True).first()

    def audit_swv_id(self):
        return Melding.objects.filter(pk=self.melding_id).values_list("swv_id", flat=True).first()


class Actie(_BijMelding):
    """One action of the plan of approach: what, who, by when, done."""

    melding = models.ForeignKey(Melding, on_delete=models.CASCADE, related_name="acties")
    omschrijving = models.CharField(max_length=300)
    eigenaar = models.CharField(max_length=150, help_text="Wie het doet (naam of partij).")
    partij = models.CharField(max_length=12, choices=Partij.choices, blank=True)
    uiterlijk = models.DateField()
    gedaan_op = models.DateField(null=True, blank=True)
    aangemaakt_door = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    aangemaakt = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["uiterlijk", "pk"]
        verbose_name_plural = "acties"

    def __str__(self):
        return self.omschrijving


class _Stand(_BijMelding):
    """A value of the case from a date on (append-only): who recorded it, as which role, and when. The subclass
    names the value and its `geldig_vanaf`; the latest row is the value on the Melding itself."""

    door = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    rol = models.CharField(max_length=20, blank=True)
    vastgelegd = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        abstract = True
        ordering = ["geldig_vanaf", "pk"]


class Urenstand(_Stand):
    """The hours of education a pupil still receives, from a date on (append-only). Melding.uren_onderwijs is the
    value of the latest row; the quarterly report reads the row valid on its reference date, so a change after
    that date does not alter the report of that quarter."""

    melding = models.ForeignKey(Melding, on_delete=models.CASCADE, related_name="urenstanden")
    geldig_vanaf = models.DateField(help_text="Vanaf deze dag krijgt de leerling dit aantal uren onderwijs.")
    uren = models.DecimalField(max_digits=4, decimal_places=1, help_text="Uren onderwijs per week.")

    class Meta(_Stand.Meta):
        verbose_name = "urenstand"
        verbose_name_plural = "urenstanden"

    def __str__(self):
        return f"{self.uren} uur per week vanaf {self.geldig_vanaf:%d-%m-%Y}"


class Categoriestand(_Stand):
    """The category of the case from a date on (append-only). Melding.categorie is the value of the latest row;
    the quarterly report and the dashboard read the row valid on their reference date, and the duration counts
    from the day regels.duur_vanaf gives (a dreigend thuiszitter who becomes relatief verzuim is a thuiszitter
    from that day, not from the start of the case)."""

    melding = models.ForeignKey(Melding, on_delete=models.CASCADE, related_name="categoriestanden")
    geldig_vanaf = models.DateField(help_text="Vanaf deze dag geldt deze categorie.")
    categorie = models.CharField(max_length=20, choices=Categorie.choices)

    class Meta(_Stand.Meta):
        verbose_name = "categoriestand"
        verbose_name_plural = "categoriestanden"

    def __str__(self):
        return f"{self.get_categorie_display()} vanaf {self.geldig_vanaf:%d-%m-%Y}"


class Contact(_BijMelding):
    """One contact or step on the case's timeline (append-only)."""

    class Soort(models.TextChoices):
        GESPREK = "gesprek", "Gesprek"
        TELEFOON = "telefoon", "Telefoon / e-mail"
        HUISBEZOEK = "huisbezoek", "Huisbezoek"
        OVERLEG = "overleg", "Overleg tussen partijen"
        TAFEL = "tafel", "Thuiszittersoverleg (thuiszitterstafel)"
        STAP = "stap", "Stap in de casus"

    melding = models.ForeignKey(Melding, on_delete=models.CASCADE, related_name="contacten")
    datum = models.DateField()
    soort = models.CharField(max_length=12, choices=Soort.choices)
    partij = models.CharField(max_length=12, choices=Partij.choices, blank=True)
    verslag = models.TextField(blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    rol = models.CharField(max_length=20, blank=True)
    tijdstip = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-datum", "-tijdstip", "-pk"]
        verbose_name_plural = "contacten"

    def __str__(self):
        return f"{self.get_soort_display()} {self.datum:%d-%m-%Y}"


class Thuiszittersinstellingen(AuditedModel):
    """Per-SWV settings where the law or the Inspectie's form is not public (domain.md section 5 [uncertain])."""

    swv = models.OneToOneField("register.Samenwerkingsverband", on_delete=models.CASCADE,
                               related_name="thuiszittersinstellingen")
    escalatie_weken = models.PositiveSmallIntegerField(
        default=6, help_text="Na zoveel weken zonder plan van aanpak komt de casus op de lijst voor het thuiszittersoverleg.")
    peildata = models.CharField(
        max_length=60, default="01-01,01-04,01-07,01-10",
        help_text="Peildata van de kwartaalrapportage aan de Inspectie (dag-maand, komma-gescheiden).")
    kolommen = models.CharField(
        max_length=400, default="volgnummer,categorie,leeftijd,schoolsoort,duurklasse,duur_weken,status,uitkomst,redenen",
        help_text="Kolommen van het blad 'Registratie' in de Inspectie-rapportage, in volgorde.")
    signaal_weken = models.PositiveSmallIntegerField(
        default=2, help_text="Een beëindigde inschrijving zonder nieuwe komt na zoveel weken op de signalenlijst.")

    class Meta:
        verbose_name = verbose_name_plural = "instellingen thuiszitters"

    def audit_swv_id(self):
        return self.swv_id

    @classmethod
    def voor(cls, swv) -> "Thuiszittersinstellingen":
        swv_id = getattr(swv, "pk", swv)
        return cls.objects.filter(swv_id=swv_id).first() or cls(swv_id=swv_id)
