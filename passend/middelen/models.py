"""Middelen: the rates (normbedragen) per year, the SWV's own official pupil count where it has one, and the
SWV's choices for its budget and distribution model (domain.md section 6)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone

from passend.audit.tracking import AuditedModel


class Component(models.TextChoices):
    LICHT = "licht", "Lichte ondersteuning (per leerling)"
    ZWAAR = "zwaar", "Zware ondersteuning (per leerling)"
    SMW = "smw", "Schoolmaatschappelijk werk (per schoolgewicht)"
    SBO = "sbo", "SBO-ondersteuningsbedrag (per SBO-leerling met TLV)"
    SO_LAAG = "so_laag", "SO categorie 1 laag (per leerling)"
    SO_MIDDEN = "so_midden", "SO categorie 2 midden (per leerling)"
    SO_HOOG = "so_hoog", "SO categorie 3 hoog (per leerling)"
    SO_JONG_LAAG = "so_jong_laag", "SO jonger dan 8, categorie 1 laag (per leerling)"
    SO_JONG_MIDDEN = "so_jong_midden", "SO jonger dan 8, categorie 2 midden (per leerling)"
    SO_JONG_HOOG = "so_jong_hoog", "SO jonger dan 8, categorie 3 hoog (per leerling)"
    VSO_LAAG = "vso_laag", "VSO categorie 1 laag (per leerling)"
    VSO_MIDDEN = "vso_midden", "VSO categorie 2 midden (per leerling)"
    VSO_HOOG = "vso_hoog", "VSO categorie 3 hoog (per leerling)"


class Normbedrag(AuditedModel):
    """One rate for one year and sector. Official rows have no SWV (loaded from data/ with their source); an SWV
    adds later years itself (its own rows win over the official ones for that SWV)."""

    jaar = models.PositiveSmallIntegerField(help_text="Eerste kalenderjaar van de periode (2015 voor 2015-2016).")
    periode = models.CharField(max_length=20, help_text="Zoals de bron het noemt: 2015-2016, 2024.")
    sector = models.CharField(max_length=2, choices=[("PO", "PO"), ("VO", "VO")])
    component = models.CharField(max_length=16, choices=Component.choices)
    bedrag = models.DecimalField(max_digits=10, decimal_places=2)
    bron = models.CharField(max_length=500)
    swv = models.ForeignKey("register.Samenwerkingsverband", null=True, blank=True, on_delete=models.CASCADE,
                            related_name="normbedragen")
    ingevoerd_door = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="+")
    aangemaakt = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-jaar", "sector", "component"]
        verbose_name_plural = "normbedragen"
        constraints = [
            models.UniqueConstraint(fields=["jaar", "sector", "component", "swv"], name="normbedrag_uniek"),
            models.UniqueConstraint(fields=["jaar", "sector", "component"], condition=models.Q(swv__isnull=True),
                                    name="normbedrag_officieel_uniek"),
        ]

    def __str__(self):
        return f"{self.periode} {self.sector} {self.get_component_display()}: € {self.bedrag}"

    def audit_swv_id(self):
        return self.swv_id


class Leerlingtelling(AuditedModel):
    """The SWV's official DUO pupil count for a budget year (otherwise the register's DUO counts of its schools)."""

    swv = models.ForeignKey("register.Samenwerkingsverband", on_delete=models.CASCADE, related_name="leerlingtellingen")
    jaar = models.PositiveSmallIntegerField(help_text="Het begrotingsjaar waarvoor deze telling geldt.")
    bo = models.PositiveIntegerField("leerlingen basisonderwijs", default=0)
    sbo = models.PositiveIntegerField("leerlingen SBO", default=0)
    vo = models.PositiveIntegerField("leerlingen VO", default=0)
    schoolgewichten = models.PositiveIntegerField("som schoolgewichten", default=0)
    bron = models.CharField(max_length=300, blank=True, help_text="Bijv. 'DUO, Mijn DUO, telling 1-2-2025'.")

    class Meta:
        ordering = ["-jaar"]
        verbose_name_plural = "leerlingtellingen"
        constraints = [models.UniqueConstraint(fields=["swv", "jaar"], name="leerlingtelling_uniek")]

    def audit_swv_id(self):
        return self.swv_id


class Verdeelmodel(models.TextChoices):
    SCHOOL = "school", "Schoolmodel"
    EXPERTISE = "expertise", "Expertisemodel"
    LEERLING = "leerling", "Leerlingmodel"
    HYBRIDE = "hybride", "Hybride model"


class Middeleninstellingen(AuditedModel):
    """The SWV's choices. Where domain.md marks the rule uncertain (vangnetbepaling, signaleringswaarde) the rule
    itself is a setting."""

    swv = models.OneToOneField("register.Samenwerkingsverband", on_delete=models.CASCADE,
                               related_name="middeleninstellingen")
    gekozen_model = models.CharField(max_length=10, choices=Verdeelmodel.choices, default=Verdeelmodel.HYBRIDE)
    apparaat_procent = models.DecimalField(
        max_digits=5, decimal_places=2, default=Decimal("5"),
        help_text="Deel van het vrije budget dat het SWV in elk model houdt voor de eigen organisatie.")
    vaste_voet_per_school = models.DecimalField(
        max_digits=10, decimal_places=2, default=Decimal("0"),
        help_text="Schoolmodel: vast bedrag per school, de rest naar leerlingaantal.")
    hybride_school_procent = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("50"))
    hybride_leerling_procent = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("25"))
    hybride_expertise_procent = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("25"))
    vangnet_drempel_procent = models.DecimalField(
        max_digits=5, decimal_places=2, default=Decimal("0"),
        help_text="Vangnet: groei na de teldatum telt pas boven dit percentage van de speciale leerlingen op de teldatum.")
    vangnet_factor = models.DecimalField(
        max_digits=4, decimal_places=3, default=Decimal("0.583"),
        help_text="Vangnet: welk deel van een jaarbedrag per groeileerling wordt betaald (7/12 = 0,583).")
    signalering_minimum = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("250000"))
    signalering_procent = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("3.5"))
    reserve = models.DecimalField("eigen vermogen (reserve)", max_digits=12, decimal_places=2, null=True, blank=True)
    totale_baten = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    prognose_jaren = models.PositiveSmallIntegerField(default=4)
    groei_leerlingen_procent = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("-1.0"))
    groei_tlv_procent = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("2.0"))
    indexatie_procent = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("2.0"))

    class Meta:
        verbose_name = verbose_name_plural = "instellingen middelen"

    def audit_swv_id(self):
        return self.swv_id

    @classmethod
    def voor(cls, swv) -> "Middeleninstellingen":
        swv_id = getattr(swv, "pk", swv)
        return cls.objects.filter(swv_id=swv_id).first() or cls(swv_id=swv_id)
