"""The one place that changes aanmeldingen. Each function is one transaction, locks the aanmelding, checks
access and the rules (regels.py), writes a Stap on the timeline; the audit trail records the changes.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from passend.accounts.models import SWV_STAF, Rol
from passend.audit.services import record
from passend.core.access import can, visible
from passend.core.invoer import datum as _datum
from passend.register.models import Inschrijving, Leerling, Ouder, OuderKind, School

from . import regels
from .models import OPEN_STATUSSEN, Aanmelding, Stap, Status, Weigergrond
from .toegang import aanmelding_zichtbaar

GEEN_SCHOOL = "Alleen de school van de aanmelding kan dit doen."


def vandaag() -> dt.date:
    return timezone.localdate()


def _stap(a: Aanmelding, rol, tekst: str, toelichting: str = "") -> Stap:
    s = Stap.objects.create(aanmelding=a, user_id=getattr(rol, "user_id", None), rol=getattr(rol, "rol", "") or "",
                            tekst=tekst[:300], toelichting=toelichting)
    record("update", a, omschrijving=tekst[:200])
    return s


def _lock(a: Aanmelding) -> Aanmelding:
    vers = Aanmelding.objects.select_for_update().filter(pk=a.pk).first()
    if vers is None:
        raise PermissionDenied("Deze aanmelding bestaat niet (meer).")
    return vers


def _eis_school(rol, a: Aanmelding) -> None:
    if not can(rol, "change", a):
        if a.status not in OPEN_STATUSSEN and aanmelding_zichtbaar(rol, a):
            raise ValidationError("Op deze aanmelding is al besloten.")
        raise PermissionDenied(GEEN_SCHOOL)




def scholen_van(rol):
    if rol is None or rol.rol != Rol.SCHOOL:
        return School.objects.none()
    return School.objects.filter(pk__in=rol.scholen.values("pk")).order_by("naam")


def _bekende_ouder(rol, leerling: Leerling, gegevens: dict) -> Ouder | None:
    """The parent record this school already has for the same person, so that one parent is one record (and one
    account in the parent portal): a parent of this pupil with the same name, or a parent of another pupil the
    school sees (a brother or sister) with the same name and e-mail address. Never a record the school cannot see."""
    naam = {"voornaam__iexact": gegevens.get("voornaam", ""), "achternaam__iexact": gegevens.get("achternaam", "")}
    zichtbaar = visible(rol, Ouder).filter(swv_id=rol.swv_id, **naam)
    eigen = zichtbaar.filter(kindrelaties__leerling=leerling)
    email = gegevens.get("email", "")
    if email:
        eigen = eigen.filter(Q(email__iexact=email) | Q(email=""))
    gevonden = eigen.order_by("pk").first()
    if gevonden is None and email:
        gevonden = zichtbaar.filter(email__iexact=email).order_by("pk").first()
    return gevonden


@transaction.atomic
def aanmelding_registreren(rol, *, school: School, ontvangen_op, leerling: Leerling | None = None,
                           nieuwe_leerling: dict | None = None, ouders: list[dict] | None = None, voorkeur: int = 1,
                           andere_scholen: str = "", extra_ondersteuning_verwacht: bool = False,
                           toelichting: str = "", gewenste_startdatum=None) -> Aanmelding:
    """Record a written aanmelding at one of the role's schools, for a known pupil or a new one (name, date of
    birth, postcode) with their parents ({voornaam, achternaam, email, telefoon, relatie, heeft_gezag})."""
    if (rol is None or not rol.actief or rol.rol != Rol.SCHOOL
            or not scholen_van(rol).filter(pk=school.pk).exists()):
        raise PermissionDenied("Alleen een school legt een aanmelding vast, bij een eigen school.")
    ontvangen = _datum(ontvangen_op, "ontvangen_op")
    fouten = {}
    if ontvangen > vandaag():
        fouten["ontvangen_op"] = "De datum van ontvangst ligt in de toekomst."
    try:
        voorkeur = int(voorkeur or 0)
    except (TypeError, ValueError):
        voorkeur = 0
    if not (1 <= voorkeur <= 20):
        fouten["voorkeur"] = "Geef de plaats in de voorkeur van de ouders (1 = eerste voorkeur)."
    if (leerling is None) == (not nieuwe_leerling):
        fouten["leerling"] = "Kies een bekende leerling of vul de gegevens van een nieuwe leerling in."
    if fouten:
        raise ValidationError(fouten)
    if leerling is None:
        leerling = Leerling(swv_id=rol.swv_id, **{k: v for k, v in nieuwe_leerling.items() if v is not None})
        leerling.full_clean()
        leerling.save()
    elif leerling.swv_id != rol.swv_id or not can(rol, "view", leerling):
        raise PermissionDenied("U kunt deze leerling niet kiezen.")
    if Aanmelding.objects.filter(leerling=leerling, school=school, status__in=OPEN_STATUSSEN).exists():
        raise ValidationError({"leerling": "Deze leerling heeft al een open aanmelding bij deze school."})
    a = Aanmelding(
        swv_id=rol.swv_id, leerling=leerling, school=school, ontvangen_op=ontvangen, voorkeur=voorkeur,
        andere_scholen=andere_scholen.strip(), extra_ondersteuning_verwacht=bool(extra_ondersteuning_verwacht),
        toelichting=toelichting.strip(), gewenste_startdatum=_datum(gewenste_startdatum, "gewenste_startdatum", False),
        aangemaakt_door_id=rol.user_id,
    )
    a.full_clean()
    a.save()
    for gegevens in ouders or []:
        gegevens = dict(gegevens)  # the caller's dicts stay as they were
        if not (gegevens.get("achternaam") or "").strip():
            continue
        relatie = gegevens.pop("relatie", OuderKind.Relatie.OUDER) or OuderKind.Relatie.OUDER
        gezag = bool(gegevens.pop("heeft_gezag", True))
        gegevens = {k: (v or "").strip() for k, v in gegevens.items()}
        ouder = _bekende_ouder(rol, leerling, gegevens)
        if ouder is None:
            ouder = Ouder(swv_id=rol.swv_id, **gegevens)
            ouder.full_clean()
            ouder.save()
        if not OuderKind.objects.filter(ouder=ouder, leerling=leerling).exists():
            OuderKind.objects.create(ouder=ouder, leerling=leerling, relatie=relatie, heeft_gezag=gezag)
    zorgplicht = "met zorgplicht (eerste voorkeur)" if a.heeft_zorgplicht else f"{a.voorkeur}e voorkeur, geen zorgplicht"
    _stap(a, rol, f"Schriftelijke aanmelding ontvangen op {ontvangen:%d-%m-%Y} ({zorgplicht})")
    return a


@transaction.atomic
def verlengen(rol, aanmelding: Aanmelding, *, reden: str,
              weken: int = regels.MAX_VERLENGING_WEKEN) -> Aanmelding:
    """Extend the term once by `weken` weeks (1-4, as the school chooses; default the full 4), with a letter to
    the parents (reason and new deadline). Bad input: ValidationError per field, nothing saved."""
    a = _lock(aanmelding)
    _eis_school(rol, a)
    fouten = {}
    if not (reden or "").strip():
        fouten["reden"] = "Schrijf de reden; die staat in de brief aan de ouders."
    if fout := regels.verlenging_weken_fout(weken):
        fouten["weken"] = fout
    if fouten:
        raise ValidationError(fouten)
    waarom_niet = regels.verlenging_mogelijk(a.ontvangen_op, a.verlengd_op is not None, vandaag())
    if waarom_niet:
        raise ValidationError(waarom_niet)
    a.verlengd_op = vandaag()
    a.verlenging_weken = weken
    a.verlenging_reden = reden.strip()
    if a.status == Status.ONTVANGEN:
        a.status = Status.VERLENGD
    from .pdf import verlengingsbrief_pdf

    a.verlengingsbrief.save(f"verlenging-{a.pk}.pdf", ContentFile(verlengingsbrief_pdf(a)), save=False)
    a.save()
    _stap(a, rol, f"Termijn eenmalig verlengd met {weken_tekst(weken)} tot {a.geldende_termijn:%d-%m-%Y}; brief "
          "aan ouders", toelichting=a.verlenging_reden)
    return a


def weken_tekst(weken: int) -> str:
    """"1 week", "3 weken"."""
    return f"{weken} {'week' if weken == 1 else 'weken'}"


@transaction.atomic
def toelaten(rol, aanmelding: Aanmelding, *, met_extra_ondersteuning: bool, begindatum=None) -> Aanmelding:
    """Admit the pupil (enrols them at the school from `begindatum`, default the desired start or today)."""
    a = _lock(aanmelding)
    _eis_school(rol, a)
    if a.status == Status.ELDERS_VOORGESTELD:
        raise ValidationError("Er staat een plaatsing op een andere school open; trek die eerst in.")
    begin = _datum(begindatum, "begindatum", verplicht=False) or a.gewenste_startdatum or vandaag()
    a.status = Status.TOEGELATEN
    a.besloten_op = vandaag()
    a.met_extra_ondersteuning = bool(met_extra_ondersteuning)
    a.save()
    if not Inschrijving.objects.filter(leerling_id=a.leerling_id, school_id=a.school_id, einddatum__isnull=True).exists():
        Inschrijving.objects.create(leerling_id=a.leerling_id, school_id=a.school_id, begindatum=begin)
    extra = "met extra ondersteuning" if a.met_extra_ondersteuning else "zonder extra ondersteuning"
    _stap(a, rol, f"Toegelaten ({extra}), ingeschreven vanaf {begin:%d-%m-%Y}")
    return a


@transaction.atomic
def elders_voorstellen(rol, aanmelding: Aanmelding, *, andere_school: School, motivering: str) -> Aanmelding:
    """The school cannot offer a fitting place but another school agreed to admit: that school must confirm."""
    a = _lock(aanmelding)
    _eis_school(rol, a)
    fouten = {}
    if andere_school.pk == a.school_id:
        fouten["andere_school"] = "Kies een andere school dan die van de aanmelding."
    elif not (a.swv_id in (andere_school.regio_swv_po_id, andere_school.regio_swv_vo_id) or andere_school.is_speciaal):
        # Its users must be able to confirm in this SWV: a school of the region, or a special school (which serves
        # several SWV's). A school elsewhere is arranged outside Passend for now.
        fouten["andere_school"] = "Kies een school in de regio van het samenwerkingsverband of een speciale school."
    if len(motivering.strip()) < 10:
        fouten["motivering"] = "Motiveer waarom de school geen passende plek kan bieden."
    if fouten:
        raise ValidationError(fouten)
    a.status = Status.ELDERS_VOORGESTELD
    a.andere_school = andere_school
    a.motivering = motivering.strip()
    a.andere_school_bevestigd_op = None
    a.save()
    _stap(a, rol, f"Plaats voorgesteld op {andere_school.naam}; die school moet bevestigen", toelichting=a.motivering)
    return a


@transaction.atomic
def elders_bevestigen(rol, aanmelding: Aanmelding, *, akkoord: bool, toelichting: str = "",
                      begindatum=None) -> Aanmelding:
    """The other school confirms it admits the pupil (the pupil is enrolled there), or declines (the aanmelding
    goes back to the first school, whose term keeps running)."""
    a = _lock(aanmelding)
    if (rol is None or not rol.actief or rol.rol != Rol.SCHOOL or rol.swv_id != a.swv_id
            or a.status != Status.ELDERS_VOORGESTELD
            or a.andere_school_id not in set(rol.scholen.values_list("pk", flat=True))):
        raise PermissionDenied("Alleen de voorgestelde school kan deze plaatsing bevestigen.")
    if akkoord:
        begin = _datum(begindatum, "begindatum", verplicht=False) or a.gewenste_startdatum or vandaag()
        a.status = Status.ELDERS_GEPLAATST
        a.besloten_op = vandaag()
        a.andere_school_bevestigd_op = vandaag()
        a.andere_school_bevestigd_door_id = rol.user_id
        a.save()
        if not Inschrijving.objects.filter(leerling_id=a.leerling_id, school_id=a.andere_school_id,
                                           einddatum__isnull=True).exists():
            Inschrijving.objects.create(leerling_id=a.leerling_id, school_id=a.andere_school_id, begindatum=begin)
        _stap(a, rol, f"{a.andere_school.naam} bevestigt de plaatsing; ingeschreven vanaf {begin:%d-%m-%Y}",
              toelichting=toelichting)
    else:
        naam = a.andere_school.naam
        a.status = Status.VERLENGD if a.verlengd_op else Status.ONTVANGEN
        a.andere_school = None
        a.save()
        _stap(a, rol, f"{naam} kan de leerling niet plaatsen; de aanmelding ligt weer bij de school",
              toelichting=toelichting)
    return a


@transaction.atomic
def elders_intrekken(rol, aanmelding: Aanmelding, *, reden: str) -> Aanmelding:
    """The school of aanmelding withdraws its proposal of another school (before that school confirmed)."""
    a = _lock(aanmelding)
    _eis_school(rol, a)
    if a.status != Status.ELDERS_VOORGESTELD:
        raise ValidationError("Er staat geen voorstel voor een andere school open.")
    if not reden.strip():
        raise ValidationError({"reden": "Schrijf de reden."})
    naam = a.andere_school.naam
    a.status = Status.VERLENGD if a.verlengd_op else Status.ONTVANGEN
    a.andere_school = None
    a.save()
    _stap(a, rol, f"Voorstel voor {naam} ingetrokken; de aanmelding ligt weer bij de school", toelichting=reden.strip())
    return a


@transaction.atomic
def weigeren(rol, aanmelding: Aanmelding, *, grond: str, motivering: str) -> Aanmelding:
    """Refuse on a legal ground. Refusing without one requires another place (elders_voorstellen): a refusal
    'without another place' cannot be recorded (domain.md §1)."""
    a = _lock(aanmelding)
    _eis_school(rol, a)
    if a.status == Status.ELDERS_VOORGESTELD:
        raise ValidationError("Er staat een voorstel voor een andere school open; trek dat eerst in.")
    fouten = {}
    if grond not in Weigergrond.values:
        fouten["grond"] = ("Weigeren kan alleen op een wettelijke grond (school vol, grondslag, cluster 1 of 2). "
                           "Anders moet de school eerst een andere school vinden die de leerling toelaat.")
    if len(motivering.strip()) < 10:
        fouten["motivering"] = "Motiveer de weigering; ouders krijgen de motivering."
    if fouten:
        raise ValidationError(fouten)
    a.status = Status.GEWEIGERD
    a.weigergrond = grond
    a.motivering = motivering.strip()
    a.besloten_op = vandaag()
    a.save()
    _stap(a, rol, f"Geweigerd: {a.get_weigergrond_display().lower()}", toelichting=a.motivering)
    return a


@transaction.atomic
def intrekken(rol, aanmelding: Aanmelding, *, reden: str) -> Aanmelding:
    """The parents withdrew the aanmelding (e.g. chose another school)."""
    a = _lock(aanmelding)
    _eis_school(rol, a)
    if not reden.strip():
        raise ValidationError({"reden": "Schrijf de reden."})
    a.status = Status.INGETROKKEN
    a.besloten_op = vandaag()
    a.save()
    _stap(a, rol, "Aanmelding ingetrokken door de ouders", toelichting=reden.strip())
    return a


@transaction.atomic
def hulp_vragen(rol, aanmelding: Aanmelding, *, vraag: str):
    """The school cannot find a place: ask the SWV for help with an adviesvraag (toewijzing), linked here."""
    from passend.toewijzing import services as toewijzing
    from passend.toewijzing.models import Soort

    a = _lock(aanmelding)
    _eis_school(rol, a)
    if a.hulpvraag_id:
        raise ValidationError("Er is al een hulpvraag aan het samenwerkingsverband voor deze aanmelding.")
    if not vraag.strip():
        raise ValidationError({"vraag": "Beschrijf wat u van het samenwerkingsverband vraagt."})
    aanvraag = toewijzing.aanvraag_aanmaken(rol, a.leerling, a.school, Soort.ADVIES, vraag=vraag.strip())
    a.hulpvraag = aanvraag
    a.save(update_fields=["hulpvraag"])
    _stap(a, rol, f"Hulp gevraagd aan het samenwerkingsverband (adviesvraag {aanvraag.nummer}, nog als concept)")
    return aanvraag


def mag_zien_als_staf(rol) -> bool:
    return rol is not None and rol.rol in SWV_STAF
