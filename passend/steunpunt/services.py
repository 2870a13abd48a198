"""Every write of the Steunpunt module: in a transaction, checked, recorded in the audit trail.

Errors are ValidationError with a Dutch message; nothing is saved then. Public actions (registering for an
activity, subscribing to the newsletter) take no role; everything else takes the acting Roltoekenning.
"""

import datetime as dt
import hashlib
from pathlib import Path

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from passend.accounts.models import Rol
from passend.audit.services import record
from passend.core.access import can

from . import mails, regels
from .models import (
    Abonnee,
    Activiteit,
    Antennedeelname,
    Artikel,
    Deelname,
    Nieuwsbrief,
    Thema,
    Vraag,
    als_opslag,
)
from .toegang import is_steunpunt

KENNIS_MAP = Path(__file__).resolve().parent / "kennis"

THEMAS = [
    ("zorgplicht", "Zorgplicht"),
    ("tlv", "Toelaatbaarheidsverklaring (TLV)"),
    ("opp", "Ontwikkelingsperspectief (OPP)"),
    ("arrangementen", "Arrangementen en ondersteuningstoewijzing"),
    ("bezwaar", "Bezwaar en geschillen"),
    ("bekostiging", "Bekostiging en verdeelmodellen"),
    ("thuiszitters", "Thuiszitters en leerplicht"),
    ("dekkend-netwerk", "Dekkend netwerk"),
    ("ondersteuningsprofiel", "Ondersteuningsprofiel en basisondersteuning"),
    ("medezeggenschap", "Medezeggenschap"),
    ("leerlingenvervoer", "Leerlingenvervoer"),
    ("ouders-en-leerlingen", "Ouders en leerlingen"),
    ("privacy", "Privacy en bewaartermijnen"),
]


def _eis_steunpunt(rol) -> None:
    if not is_steunpunt(rol):
        raise PermissionDenied("Alleen medewerkers van het Steunpunt mogen dit doen.")


def _email_hash(email: str) -> str:
    return hashlib.sha256(email.casefold().encode()).hexdigest()[:16]


def _schoon_email(email: str) -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": "Vul een geldig e-mailadres in, bijvoorbeeld naam@school.nl."}) from None
    return email


# ------------------------------------------------------------------------------------------------------------
# Themes and Passend's own knowledge articles (loaded after migrate)
# ------------------------------------------------------------------------------------------------------------

def laad_themas() -> None:
    for volgorde, (slug, naam) in enumerate(THEMAS):
        Thema.objects.update_or_create(slug=slug, defaults={"naam": naam, "volgorde": volgorde})


def laad_kennis() -> int:
    """Load the knowledge articles in passend/steunpunt/kennis/*.md (Passend's explanations of the rules it
    applies). A new file becomes a published article; a file whose text changed updates an article that
    editors have not touched since (uit_passend); an edited one is left alone. Returns the number written."""
    from .uitleg import lees_voorkant

    laad_themas()
    themas = {t.slug: t for t in Thema.objects.all()}
    geschreven = 0
    # Written with bulk_create/update, outside the audit trail: this is the platform's own content, loaded by
    # migrate, not an action of a user.
    for pad in sorted(KENNIS_MAP.glob("*.md")):
        v = lees_voorkant(pad)
        slug = pad.stem
        bestaand = Artikel.objects.filter(slug=slug).first()
        if bestaand is not None and (not bestaand.uit_passend or bestaand.tekst == v["tekst"]):
            continue
        velden = dict(
            titel=v["titel"][:200], soort=v["soort"], samenvatting=v["samenvatting"][:400], tekst=v["tekst"],
            sectoren=als_opslag(v["sectoren"]), doelgroepen=als_opslag(v["doelgroepen"]),
            bronnen="\n".join(v["bronnen"]), bijgewerkt_op=timezone.now(),
        )
        velden["zoektekst"] = " ".join([velden["titel"], velden["samenvatting"], velden["tekst"]]).casefold()
        if bestaand is None:
            a = Artikel.objects.bulk_create([Artikel(
                slug=slug, uit_passend=True, status=Artikel.Status.GEPUBLICEERD,
                gepubliceerd_op=timezone.localdate(), **velden)])[0]
            a = Artikel.objects.get(slug=slug)
        else:
            Artikel.objects.filter(pk=bestaand.pk).update(**velden)
            a = bestaand
        a.themas.set([themas[t] for t in v["themas"] if t in themas])
        geschreven += 1
    return geschreven


# ------------------------------------------------------------------------------------------------------------
# Knowledge base
# ------------------------------------------------------------------------------------------------------------

PDF_MAX = 20 * 1024 * 1024


def _unieke_slug(titel: str, behalve=None) -> str:
    basis = slugify(titel)[:100] or "artikel"
    slug, n = basis, 2
    while Artikel.objects.filter(slug=slug).exclude(pk=getattr(behalve, "pk", None)).exists():
        slug, n = f"{basis}-{n}", n + 1
    return slug


@transaction.atomic
def artikel_opslaan(rol, artikel: Artikel | None, *, titel: str, soort: str, samenvatting: str = "",
                    tekst: str = "", themas=(), sectoren=(), doelgroepen=(), bronnen: str = "",
                    bestand=None) -> Artikel:
    """Create or change an article (a draft until published). A document needs a PDF; other kinds a text."""
    _eis_steunpunt(rol)
    fouten = {}
    if not (titel or "").strip():
        fouten["titel"] = "Geef het artikel een titel."
    if soort not in Artikel.Soort.values:
        fouten["soort"] = "Kies een soort."
    heeft_bestand = bestand is not None or (artikel is not None and artikel.bestand)
    if soort == Artikel.Soort.DOCUMENT and not heeft_bestand:
        fouten["bestand"] = "Een document heeft een pdf-bestand nodig."
    if soort != Artikel.Soort.DOCUMENT and not (tekst or "").strip():
        fouten["tekst"] = "Schrijf de tekst van het artikel."
    if bestand is not None:
        kop = bestand.read(5)
        bestand.seek(0)
        if kop != b"%PDF-":
            fouten["bestand"] = "Alleen pdf-bestanden kunnen worden geüpload."
        elif bestand.size > PDF_MAX:
            fouten["bestand"] = "Het bestand is groter dan 20 MB."
    for b in (bronnen or "").split():
        if not b.startswith(("https://", "http://")):
            fouten["bronnen"] = f"'{b}' is geen webadres. Zet één adres per regel, beginnend met https://."
            break
    if fouten:
        raise ValidationError(fouten)
    nieuw = artikel is None
    a = artikel or Artikel(auteur_id=rol.user_id, status=Artikel.Status.CONCEPT)
    a.titel = titel.strip()
    a.soort = soort
    a.samenvatting = (samenvatting or "").strip()
    a.tekst = tekst or ""
    a.sectoren = als_opslag(sectoren)
    a.doelgroepen = als_opslag(doelgroepen)
    a.bronnen = "\n".join((bronnen or "").split())
    a.bijgewerkt_op = timezone.now()
    a.uit_passend = False
    if nieuw:
        a.slug = _unieke_slug(a.titel)
    if bestand is not None:
        a.bestand = bestand
        a.bestandsnaam = Path(bestand.name).name[:200]
    a.save()
    a.themas.set(list(themas))
    return a


@transaction.atomic
def artikel_status(rol, artikel: Artikel, status: str) -> Artikel:
    """Publish, archive or return to draft. Publishing sets the publication date (first time only)."""
    _eis_steunpunt(rol)
    if status not in Artikel.Status.values:
        raise ValidationError("Onbekende status.")
    if status == Artikel.Status.GEPUBLICEERD and artikel.soort == Artikel.Soort.DOCUMENT and not artikel.bestand:
        raise ValidationError("Een document zonder pdf kan niet worden gepubliceerd.")
    artikel.status = status
    if status == Artikel.Status.GEPUBLICEERD and artikel.gepubliceerd_op is None:
        artikel.gepubliceerd_op = timezone.localdate()
    artikel.save()
    return artikel


# ------------------------------------------------------------------------------------------------------------
# Activities
# ------------------------------------------------------------------------------------------------------------

@transaction.atomic
def activiteit_opslaan(rol, activiteit: Activiteit | None, *, titel: str, soort: str, omschrijving: str,
                       begin: dt.datetime, eind: dt.datetime, locatie: str, online_link: str, capaciteit: int,
                       themas=(), sectoren=()) -> Activiteit:
    _eis_steunpunt(rol)
    fouten = {}
    if not (titel or "").strip():
        fouten["titel"] = "Geef de activiteit een titel."
    if soort not in Activiteit.Soort.values:
        fouten["soort"] = "Kies een soort."
    if begin is None:
        fouten["begin"] = "Vul het begin in."
    if eind is None:
        fouten["eind"] = "Vul het einde in."
    elif begin is not None and eind <= begin:
        fouten["eind"] = "Het einde ligt na het begin."
    if capaciteit is None or capaciteit < 1:
        fouten["capaciteit"] = "Het aantal plaatsen is minstens 1."
    elif activiteit is not None:
        geplaatst = activiteit.deelnames.filter(status=Deelname.Status.GEPLAATST).count()
        if capaciteit < geplaatst:
            fouten["capaciteit"] = (f"Er zijn al {geplaatst} deelnemers geplaatst; minder plaatsen kan niet. "
                                   "Meld eerst deelnemers af.")
    if fouten:
        raise ValidationError(fouten)
    a = activiteit or Activiteit(organisator_id=rol.user_id)
    oude_capaciteit = a.capaciteit if activiteit is not None else None
    for veld, waarde in dict(titel=titel.strip(), soort=soort, omschrijving=omschrijving or "", begin=begin,
                             eind=eind, locatie=locatie or "", online_link=online_link or "",
                             capaciteit=capaciteit).items():
        setattr(a, veld, waarde)
    a.sectoren = als_opslag(sectoren)
    a.save()
    a.themas.set(list(themas))
    if oude_capaciteit is not None and capaciteit > oude_capaciteit:
        _vul_aan(a)
    return a


@transaction.atomic
def activiteit_status(rol, activiteit: Activiteit, status: str) -> Activiteit:
    """Publish or cancel. Cancelling tells every placed and waiting participant by e-mail."""
    _eis_steunpunt(rol)
    if status not in Activiteit.Status.values:
        raise ValidationError("Onbekende status.")
    if activiteit.status == Activiteit.Status.GEANNULEERD:
        raise ValidationError("Een geannuleerde activiteit kan niet meer worden gewijzigd.")
    activiteit.status = status
    activiteit.save()
    if status == Activiteit.Status.GEANNULEERD:
        for d in activiteit.deelnames.exclude(status=Deelname.Status.AFGEMELD):
            transaction.on_commit(lambda d=d: mails.activiteit_geannuleerd(d))
    return activiteit


def deelname_token(d: Deelname) -> str:
    return signing.dumps([d.pk, _email_hash(d.email)], salt="steunpunt.deelname")


def deelname_uit_token(token: str) -> Deelname | None:
    try:
        pk, h = signing.loads(token, salt="steunpunt.deelname")
    except (signing.BadSignature, ValueError, TypeError):
        return None
    d = Deelname.objects.select_related("activiteit").filter(pk=pk).first()
    return d if d is not None and _email_hash(d.email) == h else None


def open_voor_aanmelding(a: Activiteit, nu: dt.datetime | None = None) -> bool:
    return a.status == Activiteit.Status.GEPUBLICEERD and a.begin > (nu or timezone.now())


@transaction.atomic
def aanmelden(activiteit: Activiteit, *, naam: str, email: str, organisatie: str = "") -> Deelname:
    """Register for an activity (no login needed): placed while there is room, else on the waiting list.
    The activity row is locked, so two registrations for the last place cannot both get it."""
    a = Activiteit.objects.select_for_update().get(pk=activiteit.pk)
    fouten = {}
    if not (naam or "").strip():
        fouten["naam"] = "Vul uw naam in."
    try:
        email = _schoon_email(email)
    except ValidationError as e:
        fouten.update(e.message_dict)
    if fouten:
        raise ValidationError(fouten)
    if not open_voor_aanmelding(a):
        raise ValidationError("Voor deze activiteit kunt u zich niet (meer) aanmelden.")
    if a.deelnames.filter(email=email).exclude(status=Deelname.Status.AFGEMELD).exists():
        raise ValidationError({"email": "Met dit e-mailadres bent u al aangemeld voor deze activiteit."})
    geplaatst = a.deelnames.filter(status=Deelname.Status.GEPLAATST).count()
    status = regels.plaats_of_wachtlijst(a.capaciteit, geplaatst)
    nu = timezone.now()
    try:
        with transaction.atomic():
            d = Deelname.objects.create(activiteit=a, naam=naam.strip()[:150], email=email,
                                        organisatie=(organisatie or "").strip()[:150], status=status,
                                        aangemeld_op=nu, geplaatst_op=nu if status == "geplaatst" else None)
    except IntegrityError:
        raise ValidationError({"email": "Met dit e-mailadres bent u al aangemeld voor deze activiteit."}) from None
    record("create", d, omschrijving=f"Aanmelding activiteit {a.pk} ({status})")
    transaction.on_commit(lambda: mails.aanmelding_ontvangen(d))
    return d


def _vul_aan(a: Activiteit) -> list[Deelname]:
    """Move the first people on the waiting list to free places (and tell them)."""
    vrij = a.capaciteit - a.deelnames.filter(status=Deelname.Status.GEPLAATST).count()
    if vrij <= 0 or a.begin <= timezone.now():
        return []
    wachtend = list(a.deelnames.filter(status=Deelname.Status.WACHTLIJST).order_by("aangemeld_op", "pk")[:vrij])
    nu = timezone.now()
    for d in wachtend:
        d.status = Deelname.Status.GEPLAATST
        d.geplaatst_op = nu
        d.save(update_fields=["status", "geplaatst_op"])
        record("change", d, velden=["status"], omschrijving=f"Van wachtlijst geplaatst, activiteit {a.pk}")
        transaction.on_commit(lambda d=d: mails.van_wachtlijst_geplaatst(d))
    return wachtend


@transaction.atomic
def afmelden(deelname: Deelname, *, door_organisator: bool = False) -> Deelname:
    """Cancel a registration (from the link in the e-mail, or by the organiser, who then tells the participant
    by e-mail). A freed place goes to the first on the waiting list."""
    a = Activiteit.objects.select_for_update().get(pk=deelname.activiteit_id)
    d = Deelname.objects.get(pk=deelname.pk)
    if d.status == Deelname.Status.AFGEMELD:
        return d
    was_geplaatst = d.status == Deelname.Status.GEPLAATST
    d.status = Deelname.Status.AFGEMELD
    d.afgemeld_op = timezone.now()
    d.save(update_fields=["status", "afgemeld_op"])
    record("change", d, velden=["status"], omschrijving=f"Afgemeld voor activiteit {a.pk}")
    if door_organisator:
        transaction.on_commit(lambda: mails.afgemeld_door_organisator(d))
    if was_geplaatst:
        _vul_aan(a)
    return d


@transaction.atomic
def aanwezigheid(rol, activiteit: Activiteit, aanwezig_ids: set[int]) -> int:
    """Record the attendance list: the placed participants in `aanwezig_ids` were there, the rest not."""
    _eis_steunpunt(rol)
    geplaatst = list(activiteit.deelnames.filter(status=Deelname.Status.GEPLAATST))
    onbekend = set(aanwezig_ids) - {d.pk for d in geplaatst}
    if onbekend:
        raise ValidationError("Alleen geplaatste deelnemers kunnen als aanwezig worden aangevinkt.")
    for d in geplaatst:
        d.aanwezig = d.pk in aanwezig_ids
        d.save(update_fields=["aanwezig"])
    record("change", activiteit, velden=["aanwezigheid"], omschrijving="Presentielijst bijgewerkt")
    return sum(1 for d in geplaatst if d.aanwezig)


def herinneringen_versturen(nu: dt.datetime | None = None, activiteit: Activiteit | None = None) -> int:
    """Send the reminder to every placed participant of activities that start within
    PASSEND_STEUNPUNT_HERINNERING_DAGEN days (once per activity). With `activiteit`: that one, now.
    Returns the number of e-mails sent. Run daily (`passend steunpunt_herinneringen`)."""
    nu = nu or timezone.now()
    dagen = settings.PASSEND_STEUNPUNT_HERINNERING_DAGEN
    qs = Activiteit.objects.filter(status=Activiteit.Status.GEPUBLICEERD, begin__gt=nu)
    if activiteit is not None:
        qs = qs.filter(pk=activiteit.pk)
    verstuurd = 0
    for a in qs:
        if activiteit is None and not regels.herinnering_nu(a.begin, nu, dagen, a.herinnering_verstuurd_op is not None):
            continue
        with transaction.atomic():
            for d in a.deelnames.filter(status=Deelname.Status.GEPLAATST, herinnerd_op__isnull=True):
                mails.herinnering(d)
                d.herinnerd_op = nu
                d.save(update_fields=["herinnerd_op"])
                verstuurd += 1
            a.herinnering_verstuurd_op = nu
            a.save(update_fields=["herinnering_verstuurd_op"])
    return verstuurd


# ------------------------------------------------------------------------------------------------------------
# Newsletter
# ------------------------------------------------------------------------------------------------------------

def bevestig_token(a: Abonnee) -> str:
    return signing.dumps([a.pk, _email_hash(a.email)], salt="steunpunt.bevestig")


def afmeld_token(a: Abonnee) -> str:
    return signing.dumps([a.pk, _email_hash(a.email)], salt="steunpunt.afmelden")


def _abonnee(token: str, salt: str, max_age=None) -> Abonnee | None:
    try:
        pk, h = signing.loads(token, salt=salt, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    a = Abonnee.objects.filter(pk=pk).first()
    return a if a is not None and _email_hash(a.email) == h else None


@transaction.atomic
def abonneren(email: str) -> Abonnee:
    """Step 1 of the double opt-in: store the address unconfirmed and mail a confirmation link. Subscribing
    again sends the link again (and says nothing about whether the address was known)."""
    email = _schoon_email(email)
    a, _ = Abonnee.objects.get_or_create(email=email)
    if not a.bevestigd:
        transaction.on_commit(lambda: mails.bevestig_abonnement(a, bevestig_token(a)))
    return a


@transaction.atomic
def bevestigen(token: str) -> Abonnee:
    """Step 2: the link from the mail confirms the subscription (valid PASSEND_STEUNPUNT_BEVESTIG_DAGEN days)."""
    a = _abonnee(token, "steunpunt.bevestig", max_age=dt.timedelta(days=settings.PASSEND_STEUNPUNT_BEVESTIG_DAGEN))
    if a is None:
        raise ValidationError("Deze bevestigingslink is ongeldig of verlopen. Meld u opnieuw aan.")
    if not a.bevestigd:
        a.bevestigd_op = timezone.now()
        a.save(update_fields=["bevestigd_op"])
    return a


@transaction.atomic
def opzeggen(token: str) -> bool:
    """Unsubscribe: the row is deleted, so no address is kept. An unknown or already used link changes
    nothing and returns False."""
    a = _abonnee(token, "steunpunt.afmelden")
    if a is None:
        return False
    a.delete()
    return True


def aantal_abonnees() -> int:
    return Abonnee.objects.filter(bevestigd_op__isnull=False).count()


def recente_inhoud(sinds: dt.date | None = None):
    """Suggestions for a new issue: articles published since the last issue (or 60 days) and the activities
    of the coming 90 days that are open."""
    if sinds is None:
        laatste = Nieuwsbrief.objects.filter(status=Nieuwsbrief.Status.VERZONDEN).aggregate(m=Max("verzonden_op"))["m"]
        sinds = laatste.date() if laatste else timezone.localdate() - dt.timedelta(days=60)
    artikelen = Artikel.objects.filter(status=Artikel.Status.GEPUBLICEERD, gepubliceerd_op__gte=sinds)
    nu = timezone.now()
    activiteiten = Activiteit.objects.filter(status=Activiteit.Status.GEPUBLICEERD, begin__gt=nu,
                                             begin__lte=nu + dt.timedelta(days=90))
    return artikelen, activiteiten


@transaction.atomic
def nieuwsbrief_opslaan(rol, brief: Nieuwsbrief | None, *, onderwerp: str, inleiding: str, artikelen=(),
                        activiteiten=()) -> Nieuwsbrief:
    _eis_steunpunt(rol)
    if brief is not None and brief.status != Nieuwsbrief.Status.CONCEPT:
        raise ValidationError("Een verzonden nieuwsbrief kan niet meer worden gewijzigd.")
    if not (onderwerp or "").strip():
        raise ValidationError({"onderwerp": "Geef de nieuwsbrief een onderwerp."})
    artikelen, activiteiten = list(artikelen), list(activiteiten)
    if not artikelen and not activiteiten and not (inleiding or "").strip():
        raise ValidationError("Een nieuwsbrief zonder inleiding, artikelen of activiteiten is leeg.")
    if any(not a.is_gepubliceerd for a in artikelen):
        raise ValidationError({"artikelen": "Alleen gepubliceerde artikelen kunnen in de nieuwsbrief."})
    b = brief or Nieuwsbrief(aangemaakt_door_id=rol.user_id)
    b.onderwerp = onderwerp.strip()
    b.inleiding = inleiding or ""
    b.save()
    b.artikelen.set(artikelen)
    b.activiteiten.set(activiteiten)
    return b


def verzending_loopt(brief: Nieuwsbrief) -> bool:
    """A send job for this issue is waiting or running."""
    from passend.core.models import Job

    return Job.objects.filter(soort="steunpunt-nieuwsbrief", parameters__nieuwsbrief=brief.pk,
                              status__in=[Job.Status.WACHT, Job.Status.BEZIG]).exists()


def nieuwsbrief_verzenden(rol, brief: Nieuwsbrief):
    """Start sending the issue to every confirmed subscriber (a job with progress). Returns the Job.
    A send that stopped halfway (status 'wordt verzonden', no job running) resumes after the last subscriber
    who got it."""
    from passend.core.jobs import start_job

    _eis_steunpunt(rol)
    with transaction.atomic():
        b = Nieuwsbrief.objects.select_for_update().get(pk=brief.pk)
        hervatten = b.status == Nieuwsbrief.Status.VERZENDEN and not verzending_loopt(b)
        if b.status != Nieuwsbrief.Status.CONCEPT and not hervatten:
            raise ValidationError("Deze nieuwsbrief is al verzonden of wordt verzonden.")
        if not hervatten and aantal_abonnees() == 0:
            raise ValidationError("Er zijn nog geen bevestigde abonnees.")
        b.status = Nieuwsbrief.Status.VERZENDEN
        b.save(update_fields=["status"])
    titel = f"Nieuwsbrief {'verder ' if hervatten else ''}verzenden: {b.onderwerp}"
    return start_job("steunpunt-nieuwsbrief", titel, user=rol.user, swv=None, nieuwsbrief=b.pk)


# ------------------------------------------------------------------------------------------------------------
# Helpdesk
# ------------------------------------------------------------------------------------------------------------

VRAGERS = (Rol.SCHOOL, Rol.SCHOOLBESTUUR, Rol.SWV_MEDEWERKER, Rol.SWV_DIRECTEUR, Rol.OUDER, Rol.LEERPLICHT,
           Rol.VERVOER, Rol.DESKUNDIGE)


def mag_vragen(rol) -> bool:
    return rol is not None and rol.actief and rol.rol in VRAGERS


@transaction.atomic
def vraag_stellen(rol, *, onderwerp: str, tekst: str, thema: Thema | None, sectoren=()) -> Vraag:
    if not mag_vragen(rol):
        raise PermissionDenied("In deze rol kunt u geen vraag aan de helpdesk stellen.")
    fouten = {}
    if not (onderwerp or "").strip():
        fouten["onderwerp"] = "Vat uw vraag samen in een onderwerp."
    if not (tekst or "").strip():
        fouten["tekst"] = "Schrijf uw vraag."
    if thema is None:
        fouten["thema"] = "Kies het thema waar uw vraag over gaat."
    if fouten:
        raise ValidationError(fouten)
    nu = timezone.now()
    jaar = timezone.localtime(nu).year
    # The number is unique; a lock on the year's last question keeps two questions from taking the same one.
    laatste = (Vraag.objects.select_for_update().filter(nummer__startswith=f"HD-{jaar}-").order_by("-nummer")
               .values_list("nummer", flat=True).first())
    volgnummer = int(laatste.rsplit("-", 1)[1]) + 1 if laatste else 1
    v = Vraag.objects.create(
        nummer=regels.vraag_nummer(jaar, volgnummer), vrager_id=rol.user_id, vrager_rol=rol.rol,
        vrager_swv_id=rol.swv_id, onderwerp=onderwerp.strip()[:200], tekst=tekst.strip(), thema=thema,
        sectoren=als_opslag(sectoren), gesteld_op=nu,
    )
    return v


@transaction.atomic
def vraag_oppakken(rol, vraag: Vraag) -> Vraag:
    _eis_steunpunt(rol)
    if vraag.status not in (Vraag.Status.NIEUW, Vraag.Status.IN_BEHANDELING):
        raise ValidationError("Deze vraag is al beantwoord.")
    vraag.behandelaar_id = rol.user_id
    vraag.status = Vraag.Status.IN_BEHANDELING
    vraag.opgepakt_op = vraag.opgepakt_op or timezone.now()
    vraag.save()
    return vraag


@transaction.atomic
def vraag_beantwoorden(rol, vraag: Vraag, antwoord: str) -> Vraag:
    _eis_steunpunt(rol)
    if not (antwoord or "").strip():
        raise ValidationError({"antwoord": "Schrijf het antwoord."})
    if vraag.status == Vraag.Status.GESLOTEN:
        raise ValidationError("Deze vraag is gesloten.")
    nu = timezone.now()
    vraag.antwoord = antwoord.strip()
    vraag.behandelaar_id = vraag.behandelaar_id or rol.user_id
    vraag.opgepakt_op = vraag.opgepakt_op or nu
    vraag.beantwoord_op = vraag.beantwoord_op or nu
    vraag.status = Vraag.Status.BEANTWOORD
    vraag.save()
    if vraag.vrager is not None and vraag.vrager.email:
        transaction.on_commit(lambda: mails.vraag_beantwoord(vraag))
    return vraag


@transaction.atomic
def vraag_sluiten(rol, vraag: Vraag) -> Vraag:
    """Close a question: by the questioner (done) or by the Steunpunt."""
    if not (is_steunpunt(rol) or vraag.vrager_id == getattr(rol, "user_id", None)):
        raise PermissionDenied("U kunt deze vraag niet sluiten.")
    vraag.status = Vraag.Status.GESLOTEN
    vraag.gesloten_op = timezone.now()
    vraag.save()
    return vraag


@transaction.atomic
def naar_faq(rol, vraag: Vraag, *, titel: str | None = None, tekst: str | None = None) -> Artikel:
    """Turn an answered question into a draft FAQ article. The draft holds the question's summary and the
    answer, never the questioner; the editor checks it for anything that identifies someone before publishing."""
    _eis_steunpunt(rol)
    if vraag.status not in (Vraag.Status.BEANTWOORD, Vraag.Status.GESLOTEN) or not vraag.antwoord:
        raise ValidationError("Alleen een beantwoorde vraag kan een veelgestelde vraag worden.")
    if vraag.faq_id:
        raise ValidationError("Van deze vraag is al een veelgestelde vraag gemaakt.")
    titel = (titel or vraag.onderwerp).strip()
    if not titel.endswith("?"):
        titel += "?"
    a = artikel_opslaan(rol, None, titel=titel, soort=Artikel.Soort.FAQ, samenvatting="",
                        tekst=tekst or vraag.antwoord, themas=[vraag.thema], sectoren=vraag.sector_lijst)
    vraag.faq = a
    vraag.save()
    return a


# ------------------------------------------------------------------------------------------------------------
# Antenna participation (an SWV setting)
# ------------------------------------------------------------------------------------------------------------

@transaction.atomic
def antenne_instellen(rol, naam_tonen: bool) -> Antennedeelname:
    d = Antennedeelname.voor(rol.swv) if rol.swv_id else None
    if d is None or not can(rol, "change", d):
        raise PermissionDenied("Alleen de directeur of beheerder van het SWV kan dit instellen.")
    d.naam_tonen = bool(naam_tonen)
    d.gewijzigd_op = timezone.now()
    d.save()
    from .antenne import vergeet

    transaction.on_commit(vergeet)
    return d
