"""Toewijzing: support requests (aanvragen), expert advices, decisions, TLV's, arrangementen and objections.

The path of one request: Aanvraag (concept → ingediend → in behandeling → advies gevraagd → besloten →
bezwaar / afgesloten; see workflow.py for the table) with its Bijlagen, Ouderreacties, Overleggen (MDO),
Notities and Adviesopdrachten; the Besluit; and what the decision creates: a Tlv or an Arrangement (with its
Bestedingen). Every state change is a Gebeurtenis on the pupil's timeline and a row in the audit trail.

Every write goes through services.py; nothing here changes state on its own. Rules with a legal source
(deadlines, who may advise) live in regels.py as pure functions.
"""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone

from passend.audit.tracking import AuditedModel


class Soort(models.TextChoices):
    """What a school asks the SWV for."""

    ARRANGEMENT = "arrangement", "Arrangement (extra ondersteuning op de eigen school)"
    TLV = "tlv", "Toelaatbaarheidsverklaring (TLV)"
    VERLENGING = "verlenging", "Verlenging van een TLV"
    ADVIES = "advies", "Adviesvraag"


class TlvSoort(models.TextChoices):
    SBO = "sbo", "Speciaal basisonderwijs (SBO)"
    SO = "so", "Speciaal onderwijs (SO)"
    VSO = "vso", "Voortgezet speciaal onderwijs (VSO)"
    PRO = "pro", "Praktijkonderwijs (PrO)"


class Categorie(models.TextChoices):
    """Bekostigingscategorie for SO/VSO (domain.md §2.4); SBO and PrO have none."""

    LAAG = "laag", "Laag (categorie 1)"
    MIDDEN = "midden", "Midden (categorie 2)"
    HOOG = "hoog", "Hoog (categorie 3)"


class Status(models.TextChoices):
    CONCEPT = "concept", "Concept"
    INGEDIEND = "ingediend", "Ingediend"
    AANVULLING = "aanvulling", "Aanvulling gevraagd"
    IN_BEHANDELING = "in_behandeling", "In behandeling"
    ADVIES_GEVRAAGD = "advies_gevraagd", "Advies gevraagd"
    BESLOTEN = "besloten", "Besluit genomen"
    BEZWAAR = "bezwaar", "In bezwaar"
    AFGESLOTEN = "afgesloten", "Afgesloten"
    INGETROKKEN = "ingetrokken", "Ingetrokken"


OPEN_STATUSSEN = (Status.INGEDIEND, Status.AANVULLING, Status.IN_BEHANDELING, Status.ADVIES_GEVRAAGD)


class Afsluitreden(models.TextChoices):
    """Why a request ended in 'afgesloten' other than after a decision (empty: the usual way, after the
    decision). The status label shows it (Aanvraag.get_status_display)."""

    BUITEN_BEHANDELING = "buiten_behandeling", "Niet behandeld: niet op tijd aangevuld"


class Toewijzingsinstellingen(AuditedModel):
    """The choices an SWV makes for its toewijzing (ondersteuningsplan), with the defaults Passend proposes.

    The legal fixed points (6-week objection term, 2 weeks to ask the LBT) are in regels.py, not here.
    """

    swv = models.OneToOneField(
        "register.Samenwerkingsverband", on_delete=models.CASCADE, related_name="toewijzingsinstellingen"
    )
    ouderinstemming_vereist = models.BooleanField(
        default=True,
        help_text="Arrangementen en adviesvragen kunnen pas worden ingediend als een ouder met gezag akkoord is. "
        "Een TLV kan volgens de wet ook zonder instemming worden aangevraagd; het dossier toont dat dan.",
    )
    besluittermijn_weken = models.PositiveSmallIntegerField(
        default=8, validators=[MinValueValidator(1)],
        help_text="Streeftermijn van indienen tot besluit (Awb 4:13: redelijke termijn, hoogstens 8 weken).",
    )
    aanvultermijn_weken = models.PositiveSmallIntegerField(
        default=2, validators=[MinValueValidator(1)],
        help_text="Standaardtermijn waarbinnen de school een aanvraag aanvult als het SWV om aanvulling vraagt "
        "(Awb 4:5). De termijn voor het besluit staat stil tot de aanvulling, hoogstens tot het einde van deze termijn.",
    )
    tlv_standaard_schooljaren = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1)],
        help_text="Standaard geldigheid van een TLV in schooljaren; de TLV eindigt op 31 juli.",
    )
    emb_so_eindleeftijd = models.PositiveSmallIntegerField(
        default=14, help_text="EMB in het SO: TLV tot 31 juli van het schooljaar waarin de leerling deze leeftijd bereikt.",
    )
    emb_vso_eindleeftijd = models.PositiveSmallIntegerField(
        default=20, help_text="EMB in het VSO: TLV tot 31 juli van het schooljaar waarin de leerling deze leeftijd bereikt.",
    )
    verloop_signaal_maanden = models.PositiveSmallIntegerField(
        default=3, help_text="Een TLV verschijnt op de werklijst 'verloopt binnenkort' zoveel maanden voor de einddatum.",
    )
    beslistermijn_bezwaar_weken = models.PositiveSmallIntegerField(
        default=12, help_text="Termijn voor de beslissing op bezwaar na afloop van de bezwaartermijn (Awb 7:10).",
    )
    categorie_criteria = models.TextField(
        blank=True, help_text="De criteria van het SWV voor de bekostigingscategorie laag, midden en hoog (SO/VSO).",
    )
    contact_bezwaar = models.CharField(
        max_length=300, blank=True,
        help_text="Adres of e-mailadres waar bezwaar kan worden ingediend (staat in de beschikking).",
    )

    class Meta:
        verbose_name = "instellingen toewijzing"
        verbose_name_plural = "instellingen toewijzing"

    def __str__(self):
        return f"Instellingen toewijzing {self.swv.code_leesbaar}"

    def audit_swv_id(self):
        return self.swv_id

    @classmethod
    def voor(cls, swv) -> "Toewijzingsinstellingen":
        """The SWV's settings; the defaults when it has not saved any yet (not written to the database)."""
        swv_id = getattr(swv, "pk", swv)
        gevonden = cls.objects.filter(swv_id=swv_id).first()
        return gevonden or cls(swv_id=swv_id)


class Aanvraag(AuditedModel):
    """A school's request to the SWV for one pupil."""

    swv = models.ForeignKey("register.Samenwerkingsverband", on_delete=models.PROTECT, related_name="aanvragen")
    leerling = models.ForeignKey("register.Leerling", on_delete=models.PROTECT, related_name="aanvragen")
    school = models.ForeignKey(
        "register.School", on_delete=models.PROTECT, related_name="aanvragen",
        help_text="De aanvragende school: waar de leerling is ingeschreven of schriftelijk aangemeld.",
    )
    nummer = models.CharField(max_length=30, unique=True, editable=False)
    soort = models.CharField(max_length=12, choices=Soort.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.CONCEPT, db_index=True)

    # TLV and verlenging
    tlv_soort = models.CharField("soort onderwijs", max_length=3, choices=TlvSoort.choices, blank=True)
    categorie = models.CharField("gevraagde categorie", max_length=6, choices=Categorie.choices, blank=True)
    eerste_inschrijving_so = models.BooleanField(
        "eerste inschrijving in het speciaal onderwijs", default=False,
        help_text="De leerling komt niet van een reguliere school (bijv. vanuit de voorschoolse voorziening): "
        "de speciale school vraagt aan.",
    )
    emb = models.BooleanField("EMB (ernstig meervoudig beperkt)", default=False)
    vorige_tlv = models.ForeignKey(
        "Tlv", null=True, blank=True, on_delete=models.PROTECT, related_name="verlengingsaanvragen",
        help_text="Bij een verlenging: de TLV die wordt verlengd.",
    )

    # Arrangement
    doel = models.TextField(blank=True)
    vorm = models.CharField(max_length=200, blank=True, help_text="Bijv. ambulante begeleiding, observatie, groep.")
    uren = models.DecimalField(max_digits=7, decimal_places=1, null=True, blank=True, validators=[MinValueValidator(0)])
    bedrag = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)])
    periode_van = models.DateField(null=True, blank=True)
    periode_tot = models.DateField(null=True, blank=True)

    # The file
    vraag = models.TextField("hulpvraag", blank=True)
    al_gedaan = models.TextField("wat de school al heeft gedaan", blank=True)
    zienswijze_leerling = models.TextField("zienswijze van de leerling", blank=True)
    zienswijze_ouders_school = models.TextField(
        "gesprek met ouders (door de school)", blank=True,
        help_text="Wat ouders in het gesprek met de school hebben gezegd. Ouders kunnen ook zelf reageren.",
    )
    zonder_instemming_toelichting = models.TextField(
        "toelichting indienen zonder instemming ouders", blank=True,
        help_text="Alleen bij een TLV: waarom de aanvraag wordt ingediend zonder dat ouders akkoord zijn.",
    )

    # Handling
    consulent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="toegewezen_aanvragen"
    )
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    aangemaakt = models.DateTimeField(default=timezone.now, editable=False)
    ingediend_op = models.DateField(null=True, blank=True, editable=False, help_text="Eerste indiening.")
    besloten_op = models.DateField(null=True, blank=True, editable=False)
    afgesloten_op = models.DateField(null=True, blank=True, editable=False)
    afsluitreden = models.CharField(
        max_length=20, choices=Afsluitreden.choices, blank=True, editable=False,
        help_text="Afgesloten zonder besluit op de inhoud: buiten behandeling gesteld omdat de school de aanvraag "
        "niet binnen de gestelde termijn aanvulde (Awb 4:5). Leeg: afgesloten na het besluit.",
    )

    class Meta:
        ordering = ["-aangemaakt", "-pk"]
        verbose_name = "aanvraag"
        verbose_name_plural = "aanvragen"
        indexes = [models.Index(fields=["swv", "status"]), models.Index(fields=["leerling", "status"])]

    def __str__(self):
        return f"{self.nummer} {self.get_soort_display()}"

    @property
    def is_tlv(self) -> bool:
        return self.soort in (Soort.TLV, Soort.VERLENGING)

    @property
    def buiten_behandeling(self) -> bool:
        """Closed without a decision on its content: not completed in time (Awb 4:5)."""
        return self.status == Status.AFGESLOTEN and self.afsluitreden == Afsluitreden.BUITEN_BEHANDELING

    def get_status_display(self) -> str:
        """The status as people read it; a request closed because it was not completed in time says so
        (everywhere the status shows: lists, the request page, the parent and pupil portals)."""
        if self.buiten_behandeling:
            return Afsluitreden.BUITEN_BEHANDELING.label
        return dict(Status.choices).get(self.status, self.status)

    @property
    def omschrijving(self) -> str:
        if self.is_tlv and self.tlv_soort:
            extra = f" {self.get_categorie_display().lower()}" if self.categorie else ""
            return f"{'Verlenging TLV' if self.soort == Soort.VERLENGING else 'TLV'} {self.tlv_soort.upper()}{extra}"
        return self.get_soort_display()

    def audit_leerling_id(self):
        return self.leerling_id

    def audit_swv_id(self):
        return self.swv_id


class _BijAanvraag(AuditedModel):
    """Rows that belong to one aanvraag: audit them under its pupil and tenant."""

    class Meta:
        abstract = True

    def audit_leerling_id(self):
        return Aanvraag.objects.filter(pk=self.aanvraag_id).values_list("leerling_id", flat=True).first()

    def audit_swv_id(self):
        return Aanvraag.objects.filter(pk=self.aanvraag_id).values_list("swv_id", flat=True).first()


def bijlage_pad(instance, filename: str) -> str:
    # No pupil name in the path; the original name is kept in `naam`.
    import uuid

    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"toewijzing/{instance.aanvraag.swv_id}/{instance.aanvraag_id}/{uuid.uuid4().hex}.{ext}"


class Bijlage(_BijAanvraag):
    class Soort(models.TextChoices):
        OPP = "opp", "OPP / groeidocument"
        VERSLAG = "verslag", "Onderzoeksverslag"
        EVALUATIE = "evaluatie", "Evaluatie"
        OVERIG = "overig", "Overig"

    aanvraag = models.ForeignKey(Aanvraag, on_delete=models.CASCADE, related_name="bijlagen")
    soort = models.CharField(max_length=10, choices=Soort.choices)
    naam = models.CharField(max_length=200)
    bestand = models.FileField(upload_to=bijlage_pad, max_length=300)
    grootte = models.PositiveIntegerField(default=0)
    geupload_door = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    geupload_op = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["soort", "geupload_op"]
        verbose_name_plural = "bijlagen"

    def __str__(self):
        return self.naam


class Ouderreactie(_BijAanvraag):
    """A parent's confirmation that they have seen the request, with their view and whether they agree.

    One per parent per aanvraag; who, when and as which parent (with or without gezag) is recorded.
    """

    class Akkoord(models.TextChoices):
        AKKOORD = "akkoord", "Akkoord met de aanvraag"
        NIET_AKKOORD = "niet_akkoord", "Niet akkoord met de aanvraag"

    aanvraag = models.ForeignKey(Aanvraag, on_delete=models.CASCADE, related_name="ouderreacties")
    ouder = models.ForeignKey("register.Ouder", on_delete=models.PROTECT, related_name="+")
    heeft_gezag = models.BooleanField(help_text="Had gezag op het moment van reageren.")
    relatie = models.CharField(max_length=12, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    gezien_op = models.DateTimeField(default=timezone.now)
    akkoord = models.CharField(max_length=12, choices=Akkoord.choices)
    zienswijze = models.TextField(blank=True)

    class Meta:
        ordering = ["gezien_op"]
        verbose_name = "reactie van ouder"
        verbose_name_plural = "reacties van ouders"
        constraints = [models.UniqueConstraint(fields=["aanvraag", "ouder"], name="ouderreactie_uniek")]


class Gebeurtenis(models.Model):
    """One step on the pupil's toewijzing timeline (a transition, an advice, a parent's reaction ...).

    Append-only like the audit trail; the audit trail has the same step with its technical detail.
    """

    aanvraag = models.ForeignKey(Aanvraag, on_delete=models.CASCADE, related_name="gebeurtenissen")
    leerling = models.ForeignKey("register.Leerling", on_delete=models.CASCADE, related_name="+")
    tijdstip = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    rol = models.CharField(max_length=20, blank=True)
    transitie = models.CharField(max_length=30, blank=True)
    van_status = models.CharField(max_length=16, blank=True)
    naar_status = models.CharField(max_length=16, blank=True)
    tekst = models.CharField(max_length=300)
    toelichting = models.TextField(blank=True)
    voor_ouders = models.BooleanField(default=True, help_text="Zichtbaar voor ouders en school.")
    aanvullen_uiterlijk = models.DateField(
        null=True, blank=True,
        help_text="Bij 'terugsturen voor aanvulling': de laatste dag waarop de school kan aanvullen (Awb 4:5). "
        "De termijn voor het besluit staat stil tot de aanvulling, hoogstens tot deze dag (Awb 4:15).",
    )

    class Meta:
        ordering = ["-tijdstip", "-pk"]
        verbose_name_plural = "gebeurtenissen"

    def __str__(self):
        return self.tekst


class Notitie(_BijAanvraag):
    """An internal note of the SWV on the case (not visible to school or parents)."""

    aanvraag = models.ForeignKey(Aanvraag, on_delete=models.CASCADE, related_name="notities")
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    tijdstip = models.DateTimeField(default=timezone.now)
    tekst = models.TextField()

    class Meta:
        ordering = ["-tijdstip", "-pk"]
        verbose_name_plural = "notities"


class Overleg(_BijAanvraag):
    """A multidisciplinary meeting (MDO) on the case."""

    aanvraag = models.ForeignKey(Aanvraag, on_delete=models.CASCADE, related_name="overleggen")
    datum = models.DateTimeField()
    locatie = models.CharField(max_length=200, blank=True)
    deelnemers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    externe_deelnemers = models.CharField(
        max_length=500, blank=True, help_text="Namen en functies van wie geen account heeft (bijv. ouders, jeugdhulp)."
    )
    verslag = models.TextField(blank=True)
    aangemaakt_door = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["datum"]
        verbose_name = "overleg (MDO)"
        verbose_name_plural = "overleggen (MDO)"


class Beroep(models.TextChoices):
    ORTHOPEDAGOOG = "orthopedagoog", "Orthopedagoog"
    PSYCHOLOOG = "psycholoog", "Psycholoog"
    KJ_PSYCHOLOOG = "kj_psycholoog", "Kinder- of jeugdpsycholoog"
    PEDAGOOG = "pedagoog", "Pedagoog"
    KINDERPSYCHIATER = "kinderpsychiater", "Kinderpsychiater"
    MAATSCHAPPELIJK_WERKER = "maatschappelijk_werker", "Maatschappelijk werker"
    ARTS = "arts", "Arts"


class Adviesopdracht(_BijAanvraag):
    """One expert asked for one separate written advice on one aanvraag (deskundigenadvies, domain.md §2.3).

    While the assignment is open the expert has access to this pupil's file (a Dossiertoegang kept in step
    by services.py); it closes when the advice is withdrawn, declined or the case is decided.
    """

    class Volgorde(models.IntegerChoices):
        EERSTE = 1, "Eerste deskundige"
        TWEEDE = 2, "Tweede deskundige"

    class Status(models.TextChoices):
        GEVRAAGD = "gevraagd", "Gevraagd"
        GEGEVEN = "gegeven", "Advies gegeven"
        BETROKKEN = "betrokken", "Teruggegeven: eerder betrokken"
        INGETROKKEN = "ingetrokken", "Ingetrokken door SWV"

    class Conclusie(models.TextChoices):
        POSITIEF = "positief", "Positief: de leerling is toelaatbaar"
        NEGATIEF = "negatief", "Negatief: de leerling is niet toelaatbaar"

    aanvraag = models.ForeignKey(Aanvraag, on_delete=models.CASCADE, related_name="adviesopdrachten")
    deskundige = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="adviesopdrachten")
    volgorde = models.PositiveSmallIntegerField(choices=Volgorde.choices)
    beroep = models.CharField(max_length=25, choices=Beroep.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.GEVRAAGD)
    gevraagd_op = models.DateTimeField(default=timezone.now)
    gevraagd_door = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uiterlijk = models.DateField(null=True, blank=True)
    # Filled in by the expert, in their own login.
    niet_eerder_betrokken = models.BooleanField(
        null=True, help_text="Verklaring van de deskundige: niet eerder bij de leerling betrokken geweest.",
    )
    zelfstandig_opgesteld = models.BooleanField(default=False)
    conclusie = models.CharField(max_length=10, choices=Conclusie.choices, blank=True)
    advies = models.TextField(blank=True)
    categorie = models.CharField("geadviseerde categorie", max_length=6, choices=Categorie.choices, blank=True)
    gegeven_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["volgorde", "gevraagd_op"]
        verbose_name = "adviesopdracht"
        verbose_name_plural = "adviesopdrachten"

    def __str__(self):
        return f"{self.get_volgorde_display()}: {self.deskundige} ({self.get_beroep_display()})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.GEVRAAGD


class Besluit(_BijAanvraag):
    """The SWV's decision on an aanvraag (an Awb-besluit for a TLV)."""

    class Uitkomst(models.TextChoices):
        TOEGEKEND = "toegekend", "Toegekend"
        AFGEWEZEN = "afgewezen", "Afgewezen"

    aanvraag = models.OneToOneField(Aanvraag, on_delete=models.CASCADE, related_name="besluit")
    uitkomst = models.CharField(max_length=10, choices=Uitkomst.choices)
    motivering = models.TextField()
    datum = models.DateField(help_text="Datum van het besluit (en van de bekendmaking).")
    genomen_door = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # A TLV decision: what was granted.
    tlv_soort = models.CharField(max_length=3, choices=TlvSoort.choices, blank=True)
    categorie = models.CharField(max_length=6, choices=Categorie.choices, blank=True)
    begindatum = models.DateField(null=True, blank=True)
    einddatum = models.DateField(null=True, blank=True)
    herzien_op_bezwaar = models.BooleanField(default=False)

    class Meta:
        verbose_name_plural = "besluiten"

    def __str__(self):
        return f"{self.get_uitkomst_display()} ({self.datum:%d-%m-%Y})"


def document_pad(instance, filename: str) -> str:
    import uuid

    return f"toewijzing/{instance.aanvraag.swv_id}/{instance.aanvraag_id}/beschikking-{uuid.uuid4().hex}.pdf"


class Beschikking(_BijAanvraag):
    """The decision letter (PDF/UA) as sent: made once, never regenerated, so the file shows what was sent."""

    aanvraag = models.ForeignKey(Aanvraag, on_delete=models.CASCADE, related_name="beschikkingen")
    titel = models.CharField(max_length=200)
    bestand = models.FileField(upload_to=document_pad, max_length=300)
    verzonden_op = models.DateTimeField(default=timezone.now)
    verzonden_door = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-verzonden_op"]
        verbose_name_plural = "beschikkingen"

    def __str__(self):
        return self.titel


class TlvQuerySet(models.QuerySet):
    def telbaar(self, op: dt.date | None = None):
        """Without the TLV's that a revision on objection replaced (services._herzien withdraws the old one and
        issues a new one on the same request with the same date of issue): counted, each decision is one TLV.
        With `op` (counting the TLV's valid on a day): only when the revised one had begun by then, so on any
        day one of the two counts. A verlenging is a new request, so the TLV it extends still counts."""
        herzien = Tlv.objects.filter(vervangt=models.OuterRef("pk"), aanvraag=models.OuterRef("aanvraag"))
        if op is not None:
            herzien = herzien.filter(begindatum__lte=op)
        return self.exclude(models.Exists(herzien))


class Tlv(AuditedModel):
    """A toelaatbaarheidsverklaring as issued (domain.md §2.4–2.6). Valid nationwide; registered by the
    special school with DUO under its number."""

    swv = models.ForeignKey("register.Samenwerkingsverband", on_delete=models.PROTECT, related_name="tlvs")
    leerling = models.ForeignKey("register.Leerling", on_delete=models.PROTECT, related_name="tlvs")
    aanvraag = models.ForeignKey(Aanvraag, on_delete=models.PROTECT, related_name="tlvs")
    nummer = models.CharField(max_length=30, unique=True)
    soort = models.CharField(max_length=3, choices=TlvSoort.choices)
    categorie = models.CharField(max_length=6, choices=Categorie.choices, blank=True)
    emb = models.BooleanField(default=False)
    begindatum = models.DateField()
    einddatum = models.DateField()
    afgegeven_op = models.DateField()
    aanvragende_school = models.ForeignKey("register.School", on_delete=models.PROTECT, related_name="+")
    vervangt = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="vervangen_door",
        help_text="Bij een verlenging of herziening: de eerdere TLV.",
    )
    ingetrokken_op = models.DateField(null=True, blank=True)
    intrekkingsreden = models.CharField(max_length=300, blank=True)

    objects = TlvQuerySet.as_manager()

    class Meta:
        ordering = ["-afgegeven_op", "-pk"]
        verbose_name = "TLV"
        verbose_name_plural = "TLV's"
        indexes = [models.Index(fields=["swv", "einddatum"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(einddatum__gte=models.F("begindatum")), name="tlv_einde_na_begin"),
        ]

    def __str__(self):
        return f"TLV {self.nummer}"

    def audit_leerling_id(self):
        return self.leerling_id

    def audit_swv_id(self):
        return self.swv_id

    @property
    def omschrijving(self) -> str:
        cat = f" {self.categorie}" if self.categorie else ""
        return f"{self.soort.upper()}{cat}"


class Arrangement(AuditedModel):
    """Granted extra support in the regular school: goal, form, hours or budget, period, provider.

    Amounts live here and in Besteding only; the funding module reads them through bedragen.py.
    """

    swv = models.ForeignKey("register.Samenwerkingsverband", on_delete=models.PROTECT, related_name="arrangementen")
    leerling = models.ForeignKey("register.Leerling", on_delete=models.PROTECT, related_name="arrangementen")
    aanvraag = models.OneToOneField(Aanvraag, on_delete=models.PROTECT, related_name="arrangement")
    school = models.ForeignKey("register.School", on_delete=models.PROTECT, related_name="arrangementen")
    doel = models.TextField()
    vorm = models.CharField(max_length=200)
    uren = models.DecimalField(max_digits=7, decimal_places=1, null=True, blank=True)
    bedrag = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("0"))
    begindatum = models.DateField()
    einddatum = models.DateField()
    aanbieder = models.CharField(max_length=200, blank=True, help_text="Wie de ondersteuning geeft.")
    beeindigd_op = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-begindatum", "-pk"]
        verbose_name_plural = "arrangementen"
        constraints = [
            models.CheckConstraint(condition=models.Q(einddatum__gte=models.F("begindatum")), name="arrangement_einde_na_begin"),
        ]

    def __str__(self):
        return f"Arrangement {self.aanvraag.nummer}"

    def audit_leerling_id(self):
        return self.leerling_id

    def audit_swv_id(self):
        return self.swv_id


class Besteding(AuditedModel):
    """Spending booked against an arrangement (hours and/or money)."""

    arrangement = models.ForeignKey(Arrangement, on_delete=models.PROTECT, related_name="bestedingen")
    datum = models.DateField()
    omschrijving = models.CharField(max_length=300)
    uren = models.DecimalField(max_digits=7, decimal_places=1, default=Decimal("0"), validators=[MinValueValidator(0)])
    bedrag = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("0"), validators=[MinValueValidator(0)])
    geboekt_door = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    geboekt_op = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-datum", "-pk"]
        verbose_name_plural = "bestedingen"

    def audit_leerling_id(self):
        return Arrangement.objects.filter(pk=self.arrangement_id).values_list("leerling_id", flat=True).first()

    def audit_swv_id(self):
        return Arrangement.objects.filter(pk=self.arrangement_id).values_list("swv_id", flat=True).first()


class Bezwaar(_BijAanvraag):
    """An objection against a decision, with the LBT procedure (domain.md §2.8)."""

    class Indiener(models.TextChoices):
        OUDERS = "ouders", "Ouders"
        SCHOOLBESTUUR = "schoolbestuur", "Aanvragend schoolbestuur"
        ANDERS = "anders", "Andere belanghebbende"

    class Uitkomst(models.TextChoices):
        GEGROND = "gegrond", "Gegrond: besluit herzien"
        ONGEGROND = "ongegrond", "Ongegrond: besluit blijft"
        NIET_ONTVANKELIJK = "niet_ontvankelijk", "Niet-ontvankelijk"
        INGETROKKEN = "ingetrokken", "Ingetrokken door indiener"

    class LbtAdvies(models.TextChoices):
        GEGROND = "gegrond", "Bezwaar gegrond"
        ONGEGROND = "ongegrond", "Bezwaar ongegrond"
        NIET_ONTVANKELIJK = "niet_ontvankelijk", "Niet-ontvankelijk"

    aanvraag = models.ForeignKey(Aanvraag, on_delete=models.PROTECT, related_name="bezwaren")
    besluit = models.ForeignKey(Besluit, on_delete=models.PROTECT, related_name="bezwaren")
    ontvangen_op = models.DateField()
    indiener = models.CharField(max_length=15, choices=Indiener.choices)
    indiener_naam = models.CharField(max_length=200, blank=True)
    gronden = models.TextField(help_text="Waarom de indiener het niet eens is met het besluit.")
    te_laat = models.BooleanField(default=False, editable=False)
    # LBT procedure
    lbt_gevraagd_op = models.DateField(null=True, blank=True)
    verweer_verzonden_op = models.DateField(null=True, blank=True)
    hoorzitting_op = models.DateField(null=True, blank=True)
    lbt_advies_op = models.DateField(null=True, blank=True)
    lbt_advies = models.CharField(max_length=20, choices=LbtAdvies.choices, blank=True)
    # Decision on the objection
    beslist_op = models.DateField(null=True, blank=True)
    uitkomst = models.CharField(max_length=20, choices=Uitkomst.choices, blank=True)
    motivering = models.TextField(blank=True)
    geregistreerd_door = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-ontvangen_op", "-pk"]
        verbose_name_plural = "bezwaren"

    def __str__(self):
        return f"Bezwaar {self.aanvraag.nummer} ({self.ontvangen_op:%d-%m-%Y})"

    @property
    def is_open(self) -> bool:
        return not self.beslist_op


def vandaag() -> dt.date:
    return timezone.localdate()
