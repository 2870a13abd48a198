"""The Steunpunt Passend Onderwijs: knowledge base, activities, newsletter and helpdesk.

The Steunpunt is a national role (Rol.STEUNPUNT, a Roltoekenning without SWV). None of these models holds pupil
data. The antenna (antenne.py) reads the other modules' figures as aggregates and stores nothing but each SWV's
choice to be named (Antennedeelname).

Personal data kept here, and for how long (bewaren.py enforces it):
- Deelname (name, e-mail, organisation of a participant): until PASSEND_STEUNPUNT_DEELNAME_DAGEN after the
  activity; then only the counts stay on the Activiteit.
- Abonnee (an e-mail address): only while subscribed; unsubscribing deletes the row, an unconfirmed
  subscription is deleted after PASSEND_STEUNPUNT_BEVESTIG_DAGEN.
- Vraag (a helpdesk question): until PASSEND_STEUNPUNT_VRAAG_JAREN after it was closed.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from passend.audit.tracking import AuditedModel


class Sector(models.TextChoices):
    PO = "po", "PO"
    VO = "vo", "VO"
    VSO = "vso", "(V)SO"


class Doelgroep(models.TextChoices):
    OUDERS = "ouders", "Ouders en leerlingen"
    SCHOLEN = "scholen", "Scholen"
    BESTUREN = "besturen", "Schoolbesturen"
    SWV = "swv", "Samenwerkingsverbanden"
    GEMEENTEN = "gemeenten", "Gemeenten"


def als_lijst(waarde: str) -> list[str]:
    """",po,vo," -> ["po", "vo"]: the stored form of a multiple choice (filter on it with met_keuze)."""
    return [w for w in (waarde or "").split(",") if w]


def met_keuze(veld: str, waarde: str) -> Q:
    """Rows whose multiple choice `veld` (stored as ",po,vo,") holds `waarde`."""
    return Q(**{f"{veld}__contains": f",{waarde},"})


def als_opslag(waarden) -> str:
    """["po", "vo"] -> ",po,vo," (empty list: "")."""
    waarden = [w for w in waarden if w]
    return f",{','.join(waarden)}," if waarden else ""


class Thema(models.Model):
    """A theme of the knowledge base and the helpdesk (zorgplicht, TLV, OPP ...). Loaded after migrate."""

    slug = models.SlugField(unique=True)
    naam = models.CharField(max_length=80)
    volgorde = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["volgorde", "naam"]
        verbose_name_plural = "thema's"

    def __str__(self):
        return self.naam


class _MetSectoren(models.Model):
    sectoren = models.CharField(max_length=20, blank=True, help_text="Opgeslagen als ',po,vo,'.")

    class Meta:
        abstract = True

    @property
    def sector_lijst(self) -> list[str]:
        return als_lijst(self.sectoren)

    @property
    def sector_labels(self) -> list[str]:
        labels = dict(Sector.choices)
        return [labels.get(s, s) for s in self.sector_lijst]


class Artikel(AuditedModel, _MetSectoren):
    """An item of the knowledge base: an article, a document (PDF), a practice example or a FAQ."""

    class Soort(models.TextChoices):
        ARTIKEL = "artikel", "Artikel"
        DOCUMENT = "document", "Document"
        PRAKTIJK = "praktijkvoorbeeld", "Praktijkvoorbeeld"
        FAQ = "faq", "Veelgestelde vraag"

    class Status(models.TextChoices):
        CONCEPT = "concept", "Concept"
        GEPUBLICEERD = "gepubliceerd", "Gepubliceerd"
        GEARCHIVEERD = "gearchiveerd", "Gearchiveerd"

    slug = models.SlugField(max_length=120, unique=True)
    titel = models.CharField(max_length=200)
    soort = models.CharField(max_length=20, choices=Soort.choices, default=Soort.ARTIKEL)
    samenvatting = models.CharField(max_length=400, blank=True)
    tekst = models.TextField(blank=True, help_text="Markdown: alinea's, ## kopjes, - lijstjes, [links](https://…).")
    bestand = models.FileField(upload_to="steunpunt/documenten/", blank=True, max_length=300)
    bestandsnaam = models.CharField(max_length=200, blank=True)
    themas = models.ManyToManyField(Thema, blank=True, related_name="artikelen")
    doelgroepen = models.CharField(max_length=60, blank=True, help_text="Opgeslagen als ',ouders,scholen,'.")
    bronnen = models.TextField(blank=True, help_text="Eén adres per regel.")
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.CONCEPT, db_index=True)
    gepubliceerd_op = models.DateField(null=True, blank=True)
    bijgewerkt_op = models.DateTimeField(default=timezone.now)
    aangemaakt = models.DateTimeField(default=timezone.now, editable=False)
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    # Lower-case title, summary and text: the portable full-text search (every word must occur).
    zoektekst = models.TextField(blank=True, editable=False)
    # Loaded from passend/steunpunt/kennis/ (Passend's own explanations of the rules it applies).
    uit_passend = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["-gepubliceerd_op", "titel"]
        verbose_name_plural = "artikelen"

    def __str__(self):
        return self.titel

    def save(self, *args, **kwargs):
        self.zoektekst = " ".join([self.titel, self.samenvatting, self.tekst]).casefold()
        super().save(*args, **kwargs)

    @property
    def is_gepubliceerd(self) -> bool:
        return self.status == self.Status.GEPUBLICEERD

    @property
    def doelgroep_lijst(self) -> list[str]:
        return als_lijst(self.doelgroepen)

    @property
    def doelgroep_labels(self) -> list[str]:
        labels = dict(Doelgroep.choices)
        return [labels.get(s, s) for s in self.doelgroep_lijst]

    @property
    def bron_lijst(self) -> list[str]:
        return [b.strip() for b in self.bronnen.split() if b.strip()]


class Activiteit(AuditedModel, _MetSectoren):
    """A webinar, regional meeting or training in the agenda."""

    class Soort(models.TextChoices):
        WEBINAR = "webinar", "Webinar"
        REGIO = "regiobijeenkomst", "Regiobijeenkomst"
        TRAINING = "training", "Training"
        CONGRES = "congres", "Congres"

    class Status(models.TextChoices):
        CONCEPT = "concept", "Concept"
        GEPUBLICEERD = "gepubliceerd", "Gepubliceerd"
        GEANNULEERD = "geannuleerd", "Geannuleerd"

    titel = models.CharField(max_length=200)
    soort = models.CharField(max_length=20, choices=Soort.choices)
    omschrijving = models.TextField(blank=True)
    begin = models.DateTimeField()
    eind = models.DateTimeField()
    locatie = models.CharField(max_length=200, blank=True, help_text="Adres, of 'online'.")
    online_link = models.URLField(blank=True, help_text="Alleen in de bevestiging aan geplaatste deelnemers.")
    capaciteit = models.PositiveIntegerField()
    themas = models.ManyToManyField(Thema, blank=True, related_name="activiteiten")
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.CONCEPT, db_index=True)
    organisator = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    aangemaakt = models.DateTimeField(default=timezone.now, editable=False)
    herinnering_verstuurd_op = models.DateTimeField(null=True, blank=True)
    # What stays after the participants' data is removed (bewaren.py).
    geteld_geplaatst = models.PositiveIntegerField(null=True, blank=True)
    geteld_aanwezig = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["begin"]
        verbose_name_plural = "activiteiten"
        constraints = [
            models.CheckConstraint(condition=models.Q(eind__gt=models.F("begin")), name="activiteit_eind_na_begin"),
            models.CheckConstraint(condition=models.Q(capaciteit__gte=1), name="activiteit_capaciteit_positief"),
        ]

    def __str__(self):
        return self.titel


class Deelname(models.Model):
    """A registration for an activity: placed, on the waiting list, or cancelled."""

    class Status(models.TextChoices):
        GEPLAATST = "geplaatst", "Geplaatst"
        WACHTLIJST = "wachtlijst", "Wachtlijst"
        AFGEMELD = "afgemeld", "Afgemeld"

    activiteit = models.ForeignKey(Activiteit, on_delete=models.CASCADE, related_name="deelnames")
    naam = models.CharField(max_length=150)
    email = models.EmailField()
    organisatie = models.CharField(max_length=150, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices)
    aangemeld_op = models.DateTimeField(default=timezone.now)
    geplaatst_op = models.DateTimeField(null=True, blank=True)
    afgemeld_op = models.DateTimeField(null=True, blank=True)
    herinnerd_op = models.DateTimeField(null=True, blank=True)
    aanwezig = models.BooleanField(null=True, blank=True, help_text="Leeg: nog niet bijgehouden.")

    class Meta:
        ordering = ["aangemeld_op", "pk"]
        verbose_name_plural = "deelnames"
        constraints = [
            models.UniqueConstraint(
                fields=["activiteit", "email"], condition=~models.Q(status="afgemeld"), name="deelname_eenmaal",
            ),
        ]

    def __str__(self):
        return f"{self.naam} — {self.activiteit}"


class Abonnee(models.Model):
    """A newsletter subscriber. Double opt-in: `bevestigd_op` is set from the link in the confirmation mail.
    Tokens are signed (django.core.signing), never stored. Unsubscribing deletes the row."""

    email = models.EmailField(unique=True)
    aangemeld_op = models.DateTimeField(default=timezone.now)
    bevestigd_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["aangemeld_op"]
        verbose_name_plural = "abonnees"

    def __str__(self):
        return self.email

    @property
    def bevestigd(self) -> bool:
        return self.bevestigd_op is not None


class Nieuwsbrief(AuditedModel):
    """An issue of the newsletter, composed from recent articles and coming activities."""

    class Status(models.TextChoices):
        CONCEPT = "concept", "Concept"
        VERZENDEN = "verzenden", "Wordt verzonden"
        VERZONDEN = "verzonden", "Verzonden"

    onderwerp = models.CharField(max_length=200)
    inleiding = models.TextField(blank=True)
    artikelen = models.ManyToManyField(Artikel, blank=True, related_name="+")
    activiteiten = models.ManyToManyField(Activiteit, blank=True, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CONCEPT)
    aangemaakt = models.DateTimeField(default=timezone.now, editable=False)
    aangemaakt_door = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="+")
    verzonden_op = models.DateTimeField(null=True, blank=True)
    ontvangers = models.PositiveIntegerField(default=0)
    # While sending: the id of the last subscriber mailed (subscribers go in id order), so that a send that
    # stopped halfway resumes after it and nobody gets the issue twice. No address is kept.
    verzonden_tot = models.BigIntegerField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-aangemaakt"]
        verbose_name_plural = "nieuwsbrieven"

    def __str__(self):
        return self.onderwerp


class Vraag(AuditedModel, _MetSectoren):
    """A helpdesk question. The questioner sees only their own; Steunpunt advisors see all."""

    class Status(models.TextChoices):
        NIEUW = "nieuw", "Nieuw"
        IN_BEHANDELING = "in_behandeling", "In behandeling"
        BEANTWOORD = "beantwoord", "Beantwoord"
        GESLOTEN = "gesloten", "Gesloten"

    nummer = models.CharField(max_length=20, unique=True, editable=False)
    vrager = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="vragen")
    vrager_rol = models.CharField(max_length=20, help_text="De rol waarin de vraag is gesteld.")
    vrager_swv = models.ForeignKey("register.Samenwerkingsverband", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    onderwerp = models.CharField(max_length=200)
    tekst = models.TextField()
    thema = models.ForeignKey(Thema, on_delete=models.PROTECT, related_name="vragen")
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.NIEUW, db_index=True)
    behandelaar = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    gesteld_op = models.DateTimeField(default=timezone.now, db_index=True)
    opgepakt_op = models.DateTimeField(null=True, blank=True)
    antwoord = models.TextField(blank=True)
    beantwoord_op = models.DateTimeField(null=True, blank=True)
    gesloten_op = models.DateTimeField(null=True, blank=True)
    faq = models.ForeignKey(Artikel, null=True, blank=True, on_delete=models.SET_NULL, related_name="uit_vragen")

    class Meta:
        ordering = ["-gesteld_op"]
        verbose_name_plural = "vragen"

    def __str__(self):
        return f"{self.nummer} {self.onderwerp}"


class Antennedeelname(AuditedModel):
    """An SWV's choice how it appears in the Steunpunt's comparisons: by name, or anonymous (the default)."""

    swv = models.OneToOneField("register.Samenwerkingsverband", on_delete=models.CASCADE, related_name="antenne")
    naam_tonen = models.BooleanField(
        "met naam tonen", default=False,
        help_text="Aan: het Steunpunt en andere SWV's zien de naam van het SWV in vergelijkingen. "
                  "Uit: het SWV staat er anoniem in.",
    )
    gewijzigd_op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "antennedeelnames"

    def __str__(self):
        return f"Antenne {self.swv}"

    def audit_swv_id(self):
        return self.swv_id

    @classmethod
    def voor(cls, swv) -> "Antennedeelname":
        return cls.objects.filter(swv=swv).first() or cls(swv=swv)
