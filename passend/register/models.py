"""The register: samenwerkingsverbanden, gemeenten, postcodes, besturen, scholen (real DUO data) and the
pupil records a samenwerkingsverband keeps (leerling, inschrijving, ouder/verzorger).

Data minimisation (AVG art. 5): a leerling holds what the SWV needs and nothing more: name, date of birth,
home postcode and house number, school history and parents. No BSN (SWV's may not use the PGN; see
docs/adr/0004-geen-bsn.md); if an installation must ever match on it, only a keyed hash is stored.
"""

import hashlib
import hmac

from django.conf import settings
from django.db import models
from django.db.models import F
from django.db.models.functions import Lower
from django.utils import timezone

from passend.audit.tracking import AuditedModel


class Sector(models.TextChoices):
    PO = "PO", "Primair onderwijs"
    VO = "VO", "Voortgezet onderwijs"


class Soort(models.TextChoices):
    """School type, as DUO registers it (mapped in data/README.md)."""

    BAO = "BAO", "Basisonderwijs"
    SBO = "SBO", "Speciaal basisonderwijs"
    SO = "SO", "Speciaal onderwijs"
    VSO = "VSO", "Voortgezet speciaal onderwijs"
    SO_VSO = "SO/VSO", "(Voortgezet) speciaal onderwijs"
    VO = "VO", "Voortgezet onderwijs"


class Gemeente(models.Model):
    naam = models.CharField(max_length=100)
    sleutel = models.CharField(max_length=100, unique=True, help_text="Naam in kleine letters, om te koppelen.")

    class Meta:
        ordering = ["naam"]
        verbose_name_plural = "gemeenten"

    def __str__(self):
        return self.naam

    @staticmethod
    def maak_sleutel(naam: str) -> str:
        return " ".join(naam.replace("’", "'").split()).casefold()


class Samenwerkingsverband(models.Model):
    """A samenwerkingsverband passend onderwijs, and the tenant of an installation.

    `code` is written as DUO writes it in ADMINISTRATIENUMMER: `PO2707`, `VO2708`.
    """

    code = models.CharField(max_length=6, unique=True)
    sector = models.CharField(max_length=2, choices=Sector.choices)
    naam = models.CharField(max_length=200)
    gemeenten = models.ManyToManyField(Gemeente, related_name="samenwerkingsverbanden", blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "samenwerkingsverbanden"

    def __str__(self):
        return f"{self.code_leesbaar} {self.naam}"

    @property
    def code_leesbaar(self) -> str:
        """`PO2707` as people write it: `PO 27-07`."""
        c = self.code
        return f"{c[:2]} {c[2:4]}-{c[4:]}" if len(c) == 6 else c


class Postcodegebied(models.Model):
    """A PC4 area with its centroid and the SWV's it belongs to (Regeling regio-indeling, BWBR0032324)."""

    pc4 = models.CharField(max_length=4, primary_key=True)
    gemeente = models.ForeignKey(Gemeente, null=True, blank=True, on_delete=models.SET_NULL)
    swv_po = models.ForeignKey(
        Samenwerkingsverband, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    swv_vo = models.ForeignKey(
        Samenwerkingsverband, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["pc4"]
        verbose_name_plural = "postcodegebieden"

    def __str__(self):
        return self.pc4


class Schoolbestuur(models.Model):
    """A bevoegd gezag. DUO's school file carries no bestuur, so besturen are entered or imported separately."""

    naam = models.CharField(max_length=200)
    bevoegd_gezag_nummer = models.CharField(max_length=10, blank=True)
    is_demo = models.BooleanField(default=False, help_text="Verzonnen voor de demo, geen echte gegevens.")

    class Meta:
        ordering = ["naam"]
        verbose_name_plural = "schoolbesturen"

    def __str__(self):
        return self.naam


class School(models.Model):
    """A school location (vestiging) from DUO's open data."""

    vestigingscode = models.CharField(max_length=6, unique=True)
    brin = models.CharField(max_length=4, db_index=True)
    naam = models.CharField(max_length=255)
    soort = models.CharField(max_length=6, choices=Soort.choices, db_index=True)
    duo_type = models.CharField(max_length=40, blank=True)
    denominatie = models.CharField(max_length=100, blank=True)
    internetadres = models.CharField(max_length=200, blank=True)
    straat = models.CharField(max_length=200, blank=True)
    huisnummer = models.CharField(max_length=20, blank=True)
    postcode = models.CharField(max_length=6, blank=True)
    plaats = models.CharField(max_length=100, blank=True)
    gemeente = models.ForeignKey(Gemeente, null=True, blank=True, on_delete=models.SET_NULL, related_name="scholen")
    provincie = models.CharField(max_length=50, blank=True)
    leerlingen = models.PositiveIntegerField(null=True, blank=True, help_text="DUO-telling; leeg = onbekend.")
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    bestuur = models.ForeignKey(
        Schoolbestuur, null=True, blank=True, on_delete=models.SET_NULL, related_name="scholen"
    )
    regio_swv_po = models.ForeignKey(
        Samenwerkingsverband, null=True, blank=True, on_delete=models.SET_NULL, related_name="scholen_po"
    )
    regio_swv_vo = models.ForeignKey(
        Samenwerkingsverband, null=True, blank=True, on_delete=models.SET_NULL, related_name="scholen_vo"
    )
    zoeknaam = models.CharField(max_length=400, blank=True, db_index=True)

    class Meta:
        ordering = ["naam"]
        verbose_name_plural = "scholen"

    def __str__(self):
        return f"{self.naam} ({self.plaats})" if self.plaats else self.naam

    @property
    def adres(self) -> str:
        pc = f"{self.postcode[:4]} {self.postcode[4:]}" if len(self.postcode) == 6 else self.postcode
        return f"{self.straat} {self.huisnummer}, {pc} {self.plaats}".strip(", ")

    @property
    def is_speciaal(self) -> bool:
        return self.soort in (Soort.SO, Soort.VSO, Soort.SO_VSO)

    def save(self, *args, **kwargs):
        self.zoeknaam = " ".join([self.naam, self.plaats, self.vestigingscode]).casefold()
        super().save(*args, **kwargs)


def samenwerkingsverband_van_school(soort: str, swv_po_id, swv_vo_id):
    """Which SWV a school belongs to, by the PC4 of its address.

    BAO and SBO belong to the PO-SWV of their region, VO (incl. PrO) to the VO-SWV (art. 18a WPO, art. 17a WVO;
    Regeling regio-indeling BWBR0032324). SO/VSO schools serve pupils of several SWV's and belong to none
    in particular (returns None); they are shown as 'in de regio'.
    """
    if soort in (Soort.BAO, Soort.SBO):
        return swv_po_id
    if soort == Soort.VO:
        return swv_vo_id
    return None


def bsn_hash(bsn: str) -> str:
    """Keyed hash (HMAC-SHA256) of a BSN; never the BSN itself. Needs PASSEND_BSN_HASH_KEY."""
    key = settings.PASSEND_BSN_HASH_KEY
    if not key:
        raise ValueError("PASSEND_BSN_HASH_KEY is niet ingesteld; BSN-koppeling staat uit.")
    return hmac.new(key.encode(), bsn.strip().encode(), hashlib.sha256).hexdigest()


class Leerling(AuditedModel):
    swv = models.ForeignKey(Samenwerkingsverband, on_delete=models.PROTECT, related_name="leerlingen")
    voornaam = models.CharField(max_length=100)
    tussenvoegsel = models.CharField(max_length=30, blank=True)
    achternaam = models.CharField(max_length=150)
    geboortedatum = models.DateField()
    postcode = models.CharField(max_length=6, blank=True, help_text="Woonadres: postcode zonder spatie.")
    huisnummer = models.CharField(max_length=10, blank=True)
    bsn_hash = models.CharField(max_length=64, blank=True, editable=False)
    zoeknaam = models.CharField(max_length=300, blank=True, editable=False)
    aangemaakt = models.DateTimeField(default=timezone.now, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False, on_delete=models.SET_NULL,
        related_name="leerlingdossier",
        help_text="Eigen account van de leerling (16+, als het samenwerkingsverband dat toestaat).",
    )

    class Meta:
        ordering = ["achternaam", "voornaam"]
        verbose_name_plural = "leerlingen"
        indexes = [
            models.Index(fields=["swv", "zoeknaam"]),
            # The pupil list is ordered by name within the tenant: this index serves it without a sort.
            models.Index(F("swv"), Lower("achternaam"), Lower("voornaam"), name="leerling_swv_naam_idx"),
        ]

    def __str__(self):
        return self.naam

    @property
    def naam(self) -> str:
        return " ".join(p for p in (self.voornaam, self.tussenvoegsel, self.achternaam) if p)

    def leeftijd(self, op=None) -> int:
        op = op or timezone.localdate()
        g = self.geboortedatum
        return op.year - g.year - ((op.month, op.day) < (g.month, g.day))

    def save(self, *args, **kwargs):
        self.zoeknaam = " ".join([self.voornaam, self.tussenvoegsel, self.achternaam]).casefold()
        super().save(*args, **kwargs)

    def audit_leerling_id(self):
        return self.pk

    def audit_swv_id(self):
        return self.swv_id


class Inschrijving(AuditedModel):
    """A pupil's enrolment at a school location, with its period. The history is kept."""

    leerling = models.ForeignKey(Leerling, on_delete=models.CASCADE, related_name="inschrijvingen")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="inschrijvingen")
    begindatum = models.DateField()
    einddatum = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-begindatum"]
        verbose_name_plural = "inschrijvingen"
        indexes = [models.Index(fields=["school", "einddatum"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(einddatum__isnull=True) | models.Q(einddatum__gte=models.F("begindatum")),
                name="inschrijving_einde_na_begin",
            )
        ]

    def __str__(self):
        return f"{self.school} vanaf {self.begindatum:%d-%m-%Y}"

    def is_actief(self, op=None) -> bool:
        """Enrolled on date `op` (today by default): no end date, or one on or after `op`.
        `actief_op()` is the same rule as a database filter."""
        op = op or timezone.localdate()
        return self.einddatum is None or self.einddatum >= op

    def audit_leerling_id(self):
        return self.leerling_id

    def audit_swv_id(self):
        return Leerling.objects.filter(pk=self.leerling_id).values_list("swv_id", flat=True).first()


def actief_op(op=None) -> models.Q:
    """Filter on Inschrijving: enrolled on date `op` (today by default); the twin of Inschrijving.is_actief."""
    op = op or timezone.localdate()
    return models.Q(einddatum__isnull=True) | models.Q(einddatum__gte=op)


class Ouder(AuditedModel):
    """A parent or carer. `user` links the record to a login for the parent portal."""

    swv = models.ForeignKey(Samenwerkingsverband, on_delete=models.PROTECT, related_name="ouders")
    voornaam = models.CharField(max_length=100, blank=True)
    achternaam = models.CharField(max_length=150)
    email = models.EmailField(blank=True)
    telefoon = models.CharField(max_length=30, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="ouderrecords"
    )
    kinderen = models.ManyToManyField(Leerling, through="OuderKind", related_name="ouders")

    class Meta:
        ordering = ["achternaam", "voornaam"]
        verbose_name = "ouder/verzorger"
        verbose_name_plural = "ouders/verzorgers"

    def __str__(self):
        return " ".join(p for p in (self.voornaam, self.achternaam) if p)

    def audit_swv_id(self):
        return self.swv_id


class OuderKind(AuditedModel):
    class Relatie(models.TextChoices):
        MOEDER = "moeder", "Moeder"
        VADER = "vader", "Vader"
        OUDER = "ouder", "Ouder"
        VOOGD = "voogd", "Voogd"
        VERZORGER = "verzorger", "Verzorger"

    ouder = models.ForeignKey(Ouder, on_delete=models.CASCADE, related_name="kindrelaties")
    leerling = models.ForeignKey(Leerling, on_delete=models.CASCADE, related_name="ouderrelaties")
    relatie = models.CharField(max_length=12, choices=Relatie.choices, default=Relatie.OUDER)
    heeft_gezag = models.BooleanField(default=True, help_text="Heeft ouderlijk gezag of voogdij.")

    class Meta:
        verbose_name = "ouder-kindrelatie"
        constraints = [models.UniqueConstraint(fields=["ouder", "leerling"], name="ouderkind_uniek")]

    def __str__(self):
        return f"{self.ouder} ({self.get_relatie_display()}) van {self.leerling}"

    def audit_leerling_id(self):
        return self.leerling_id

    def audit_swv_id(self):
        return Ouder.objects.filter(pk=self.ouder_id).values_list("swv_id", flat=True).first()
