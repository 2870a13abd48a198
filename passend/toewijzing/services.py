"""The one place that changes toewijzing state. Pages and API call these; nothing else writes.

Every function runs in one transaction, locks the request it changes, and checks access (passend.core.access)
and the workflow table (workflow.py) itself, also when the page already did: a refused or half-finished
action leaves nothing behind. Each step writes a Gebeurtenis (the pupil's timeline) and an audit row.
"""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from passend.accounts.models import SWV_STAF, Dossiertoegang, Rol, Roltoekenning, User
from passend.audit.services import record
from passend.core.access import can, visible
from passend.core.invoer import datum as _datum
from passend.register.models import Leerling, OuderKind, Samenwerkingsverband, School, actief_op

from . import regels, workflow
from .models import (
    Aanvraag,
    Adviesopdracht,
    Afsluitreden,
    Arrangement,
    Beschikking,
    Besluit,
    Besteding,
    Bezwaar,
    Bijlage,
    Categorie,
    Gebeurtenis,
    Notitie,
    Ouderreactie,
    Overleg,
    Soort,
    Status,
    Tlv,
    TlvSoort,
    Toewijzingsinstellingen,
    vandaag,
)
from .toegang import ACTIEVE_OPDRACHT, DESKUNDIGE_STATUSSEN, aanvraag_zichtbaar, mag_aanvragen
from .workflow import OngeldigeTransitie

GEEN_TOEGANG = "U heeft geen toegang tot deze aanvraag."
MAX_BIJLAGE = 20 * 1024 * 1024
TOEGESTANE_EXTENSIES = {"pdf", "docx", "doc", "odt", "rtf", "txt", "jpg", "jpeg", "png"}
AANVRAAG_VELDEN = (
    "tlv_soort", "categorie", "eerste_inschrijving_so", "emb", "vorige_tlv", "doel", "vorm", "uren", "bedrag",
    "periode_van", "periode_tot", "vraag", "al_gedaan", "zienswijze_leerling", "zienswijze_ouders_school",
    "zonder_instemming_toelichting",
)
SPECIALE_SOORTEN = ("SBO", "SO", "VSO", "SO/VSO")


# ------------------------------------------------------------------------------------------------------------
# Helpers
# ------------------------------------------------------------------------------------------------------------

def _lock(aanvraag: Aanvraag) -> Aanvraag:
    """The request, freshly read and locked for the rest of the transaction."""
    vers = Aanvraag.objects.select_for_update().filter(pk=aanvraag.pk).first()
    if vers is None:
        raise PermissionDenied(GEEN_TOEGANG)
    return vers


def _gebeurtenis(aanvraag: Aanvraag, rol, tekst: str, *, transitie: str = "", van: str = "", naar: str = "",
                 toelichting: str = "", voor_ouders: bool = True,
                 aanvullen_uiterlijk: dt.date | None = None) -> Gebeurtenis:
    g = Gebeurtenis.objects.create(
        aanvraag=aanvraag, leerling_id=aanvraag.leerling_id, user_id=getattr(rol, "user_id", None),
        rol=getattr(rol, "rol", "") or "", transitie=transitie, van_status=van, naar_status=naar,
        tekst=tekst[:300], toelichting=toelichting, voor_ouders=voor_ouders, aanvullen_uiterlijk=aanvullen_uiterlijk,
    )
    record("update", aanvraag, velden=["status"] if naar else [], omschrijving=tekst[:200])
    return g


def _volgnummer(model, swv: Samenwerkingsverband, prefix: str) -> int:
    """Next sequence number for numbers starting with `prefix` (the SWV row is locked by the caller)."""
    from django.db.models.functions import Length

    # Longest first, then highest: "…-10000" comes after "…-9999" although it sorts before it as text.
    laatste = (
        model.objects.filter(nummer__startswith=prefix).order_by(Length("nummer").desc(), "-nummer")
        .values_list("nummer", flat=True).first()
    )
    return int(laatste.rsplit("-", 1)[1]) + 1 if laatste else 1


def _instellingen(swv_id) -> Toewijzingsinstellingen:
    return Toewijzingsinstellingen.voor(swv_id)


def _meld(aanvraag: Aanvraag, onderwerp: str, *, ouders: bool = True, school: bool = True) -> None:
    """E-mail the parents (with a login) and the school's users that something waits for them in Passend.
    The message holds no pupil data: they read it after logging in."""
    adressen = set()
    if ouders:
        adressen |= set(
            OuderKind.objects.filter(leerling_id=aanvraag.leerling_id, ouder__user__isnull=False)
            .exclude(ouder__email="").values_list("ouder__email", flat=True)
        )
    if school:
        adressen |= set(
            User.objects.filter(rollen__rol=Rol.SCHOOL, rollen__actief=True, rollen__scholen=aanvraag.school_id,
                                rollen__swv_id=aanvraag.swv_id, is_active=True)
            .exclude(email="").values_list("email", flat=True)
        )
    if not adressen:
        return
    tekst = (
        f"{onderwerp}\n\nLog in bij Passend om het bericht te lezen (aanvraag {aanvraag.nummer}).\n"
        "Dit bericht bevat bewust geen gegevens over de leerling."
    )
    transaction.on_commit(lambda: send_mail(
        f"Passend: {onderwerp}", tekst, None, sorted(adressen), fail_silently=True
    ))


def sync_dossiertoegang(user_id: int, leerling_id: int) -> None:
    """An expert may see a pupil's file exactly while they have an open or given advice on an undecided
    request for that pupil: keep their Dossiertoegang in step."""
    actief = Adviesopdracht.objects.filter(
        deskundige_id=user_id, aanvraag__leerling_id=leerling_id, status__in=ACTIEVE_OPDRACHT,
        aanvraag__status__in=DESKUNDIGE_STATUSSEN,
    ).exists()
    bestaand = Dossiertoegang.objects.filter(user_id=user_id, leerling_id=leerling_id).first()
    if actief:
        if bestaand is None:
            toegang = Dossiertoegang.objects.create(
                user_id=user_id, leerling_id=leerling_id, reden="Deskundigenadvies (toewijzing)", geldig_tot=None
            )
            record("create", toegang, leerling_id=leerling_id, omschrijving="Dossiertoegang deskundige geopend")
        elif bestaand.geldig_tot is not None:
            bestaand.geldig_tot = None
            bestaand.save(update_fields=["geldig_tot"])
            record("update", bestaand, leerling_id=leerling_id, velden=["geldig_tot"],
                   omschrijving="Dossiertoegang deskundige heropend")
    elif bestaand is not None and (bestaand.geldig_tot is None or bestaand.geldig_tot >= vandaag()):
        bestaand.geldig_tot = vandaag() - dt.timedelta(days=1)
        bestaand.save(update_fields=["geldig_tot"])
        record("update", bestaand, leerling_id=leerling_id, velden=["geldig_tot"],
               omschrijving="Dossiertoegang deskundige beëindigd")


def _sync_alle_deskundigen(aanvraag: Aanvraag) -> None:
    for user_id in set(aanvraag.adviesopdrachten.values_list("deskundige_id", flat=True)):
        sync_dossiertoegang(user_id, aanvraag.leerling_id)


def _eis_staf(rol, aanvraag: Aanvraag) -> None:
    if rol is None or rol.rol not in SWV_STAF or not aanvraag_zichtbaar(rol, aanvraag):
        raise PermissionDenied("Alleen medewerkers van het samenwerkingsverband kunnen dit doen.")


# ------------------------------------------------------------------------------------------------------------
# Requests
# ------------------------------------------------------------------------------------------------------------

def scholen_voor_aanvraag(rol, leerling: Leerling):
    """The schools of this role where the pupil is enrolled (now or from a future date) or registered in
    writing (an open aanmelding): only such a school holds the zorgplicht and may request (domain.md §2.2)."""
    if rol is None or rol.rol != Rol.SCHOOL:
        return School.objects.none()
    from django.apps import apps
    from django.db.models import Q

    hier = Q(pk__in=leerling.inschrijvingen.filter(actief_op()).values("school_id"))
    if apps.is_installed("passend.zorgplicht"):
        # Registered in writing (an open aanmelding) also gives the zorgplicht, so the school may request.
        from passend.zorgplicht.models import OPEN_STATUSSEN, Aanmelding

        hier |= Q(pk__in=Aanmelding.objects.filter(leerling=leerling, status__in=OPEN_STATUSSEN).values("school_id"))
    return School.objects.filter(pk__in=rol.scholen.values("pk")).filter(hier).order_by("naam")


def _valideer_inhoud(a: Aanvraag) -> None:
    fouten = {}
    if a.soort in (Soort.TLV, Soort.VERLENGING):
        if a.tlv_soort in (TlvSoort.SBO, TlvSoort.PRO) and a.categorie:
            fouten["categorie"] = "SBO en PrO kennen geen bekostigingscategorie; laat dit veld leeg."
        if a.emb and a.tlv_soort not in (TlvSoort.SO, TlvSoort.VSO):
            fouten["emb"] = "EMB geldt alleen voor SO en VSO."
        if a.emb and a.categorie and a.categorie != Categorie.HOOG:
            fouten["categorie"] = "Een EMB-leerling valt in categorie hoog."
        if a.soort == Soort.VERLENGING and a.vorige_tlv_id:
            vorige = a.vorige_tlv
            if vorige.leerling_id != a.leerling_id:
                fouten["vorige_tlv"] = "Deze TLV hoort niet bij deze leerling."
            elif vorige.swv_id != a.swv_id:
                fouten["vorige_tlv"] = "Een verlenging vraagt u aan bij het samenwerkingsverband dat de TLV afgaf."
        if a.eerste_inschrijving_so and a.school.soort not in SPECIALE_SOORTEN:
            fouten["eerste_inschrijving_so"] = (
                "Bij een eerste inschrijving in het speciaal onderwijs vraagt de speciale school de TLV aan."
            )
    else:
        for veld in ("tlv_soort", "categorie"):
            if getattr(a, veld):
                fouten[veld] = "Alleen in te vullen bij een TLV of verlenging."
    if a.periode_van and a.periode_tot and a.periode_tot < a.periode_van:
        fouten["periode_tot"] = "Het einde van de periode ligt vóór het begin."
    if fouten:
        raise ValidationError(fouten)


@transaction.atomic
def aanvraag_aanmaken(rol, leerling: Leerling, school: School, soort: str, **velden) -> Aanvraag:
    """Open a request (status concept) for a pupil enrolled at one of the role's schools."""
    if not mag_aanvragen(rol):
        raise PermissionDenied("Alleen een school kan een aanvraag openen.")
    if not can(rol, "view", leerling) or not scholen_voor_aanvraag(rol, leerling).filter(pk=school.pk).exists():
        raise PermissionDenied(
            "U kunt alleen een aanvraag doen voor een leerling die op uw school is ingeschreven (zorgplicht)."
        )
    if soort not in Soort.values:
        raise ValidationError({"soort": "Kies wat u aanvraagt."})
    swv = Samenwerkingsverband.objects.select_for_update().get(pk=rol.swv_id)
    jaar = vandaag().year
    prefix = regels.aanvraag_nummer(swv.code, jaar, 0).rsplit("-", 1)[0] + "-"
    a = Aanvraag(
        swv=swv, leerling=leerling, school=school, soort=soort, aangemaakt_door_id=rol.user_id,
        nummer=regels.aanvraag_nummer(swv.code, jaar, _volgnummer(Aanvraag, swv, prefix)),
    )
    for veld in AANVRAAG_VELDEN:
        if veld in velden:
            setattr(a, veld, velden[veld])
    a.full_clean()
    _valideer_inhoud(a)
    a.save()
    _gebeurtenis(a, rol, f"Aanvraag {a.omschrijving.lower()} geopend door de school", naar=Status.CONCEPT)
    return a


@transaction.atomic
def aanvraag_bijwerken(rol, aanvraag: Aanvraag, **velden) -> Aanvraag:
    """Change the content of a request that is still a concept or sent back for more information."""
    a = _lock(aanvraag)
    if not can(rol, "change", a):
        raise PermissionDenied("Deze aanvraag kan niet meer worden gewijzigd.")
    for veld in AANVRAAG_VELDEN:
        if veld in velden:
            setattr(a, veld, velden[veld])
    a.full_clean()
    _valideer_inhoud(a)
    a.save()
    return a


@transaction.atomic
def bijlage_toevoegen(rol, aanvraag: Aanvraag, soort: str, upload) -> Bijlage:
    a = _lock(aanvraag)
    mag = (rol.rol == Rol.SCHOOL and can(rol, "change", a)) or (
        rol.rol in SWV_STAF and aanvraag_zichtbaar(rol, a) and a.status not in (Status.AFGESLOTEN, Status.INGETROKKEN)
    )
    if not mag:
        raise PermissionDenied("U kunt bij deze aanvraag nu geen bijlagen toevoegen.")
    if soort not in Bijlage.Soort.values:
        raise ValidationError({"soort": "Kies de soort bijlage."})
    naam = (getattr(upload, "name", "") or "bijlage").rsplit("/", 1)[-1][:200]
    ext = naam.rsplit(".", 1)[-1].lower() if "." in naam else ""
    if ext not in TOEGESTANE_EXTENSIES:
        raise ValidationError({"bestand": "Dit bestandstype kan niet. Gebruik PDF, Word, ODT, RTF, tekst, JPG of PNG."})
    if upload.size > MAX_BIJLAGE:
        raise ValidationError({"bestand": "Het bestand is groter dan 20 MB."})
    if upload.size == 0:
        raise ValidationError({"bestand": "Het bestand is leeg."})
    b = Bijlage(aanvraag=a, soort=soort, naam=naam, grootte=upload.size, geupload_door_id=rol.user_id)
    b.bestand.save(naam, upload, save=False)
    b.save()
    _gebeurtenis(a, rol, f"Bijlage toegevoegd: {b.get_soort_display()} ({naam})", voor_ouders=True)
    return b


@transaction.atomic
def bijlage_verwijderen(rol, bijlage: Bijlage) -> None:
    a = _lock(bijlage.aanvraag)
    if not can(rol, "change", bijlage):
        raise PermissionDenied("Deze bijlage kan niet meer worden verwijderd.")
    naam = bijlage.naam
    bestand = bijlage.bestand
    bijlage.delete()
    transaction.on_commit(lambda: bestand.delete(save=False))
    _gebeurtenis(a, rol, f"Bijlage verwijderd: {naam}")


@transaction.atomic
def ouderreactie_geven(rol, aanvraag: Aanvraag, *, akkoord: str, zienswijze: str = "") -> Ouderreactie:
    """A parent confirms they have seen the request, gives their view and agrees or not. Recorded per parent:
    who (the login), when, as which parent, with or without gezag at that moment."""
    a = _lock(aanvraag)
    if rol is None or rol.rol != Rol.OUDER or not aanvraag_zichtbaar(rol, a):
        raise PermissionDenied("Alleen een ouder van deze leerling kan hier reageren.")
    if a.status not in (Status.CONCEPT, Status.AANVULLING, *DESKUNDIGE_STATUSSEN):
        raise ValidationError("Op deze aanvraag is al besloten; reageren kan niet meer. U kunt wel bezwaar maken.")
    if akkoord not in Ouderreactie.Akkoord.values:
        raise ValidationError({"akkoord": "Geef aan of u akkoord bent met de aanvraag."})
    relatie = (
        OuderKind.objects.select_related("ouder")
        .filter(leerling_id=a.leerling_id, ouder__user_id=rol.user_id).order_by("-heeft_gezag", "pk").first()
    )
    if relatie is None:
        raise PermissionDenied("Alleen een ouder van deze leerling kan hier reageren.")
    reactie, nieuw = Ouderreactie.objects.update_or_create(
        aanvraag=a, ouder=relatie.ouder,
        defaults={
            "heeft_gezag": relatie.heeft_gezag, "relatie": relatie.get_relatie_display(), "user_id": rol.user_id,
            "gezien_op": timezone.now(), "akkoord": akkoord, "zienswijze": zienswijze.strip(),
        },
    )
    gezag = "met gezag" if relatie.heeft_gezag else "zonder gezag"
    tekst = f"{relatie.get_relatie_display()} ({gezag}) heeft de aanvraag gezien: {reactie.get_akkoord_display().lower()}"
    _gebeurtenis(a, rol, tekst if nieuw else tekst + " (gewijzigd)")
    return reactie


# ------------------------------------------------------------------------------------------------------------
# Handling by the SWV
# ------------------------------------------------------------------------------------------------------------

def swv_medewerkers(swv_id):
    """Users with an active SWV staff role in this SWV (for the consulent choice and MDO invitations)."""
    return User.objects.filter(
        is_active=True, rollen__swv_id=swv_id, rollen__actief=True, rollen__rol__in=list(SWV_STAF)
    ).distinct().order_by("last_name", "first_name", "username")


def deskundigen(swv_id):
    """Users with an active expert role in this SWV, with their function (beroep) as entered."""
    return User.objects.filter(
        is_active=True, rollen__swv_id=swv_id, rollen__actief=True, rollen__rol=Rol.DESKUNDIGE
    ).distinct().order_by("last_name", "first_name", "username")


@transaction.atomic
def consulent_toewijzen(rol, aanvraag: Aanvraag, consulent: User) -> Aanvraag:
    a = _lock(aanvraag)
    _eis_staf(rol, a)
    if a.status not in (Status.INGEDIEND, Status.AANVULLING, Status.IN_BEHANDELING, Status.ADVIES_GEVRAAGD):
        raise ValidationError("Een consulent toewijzen kan alleen bij een ingediende, lopende aanvraag.")
    if not swv_medewerkers(a.swv_id).filter(pk=consulent.pk).exists():
        raise ValidationError({"consulent": "Kies een medewerker van dit samenwerkingsverband."})
    a.consulent = consulent
    a.save(update_fields=["consulent"])
    _gebeurtenis(a, rol, f"Consulent toegewezen: {consulent}")
    return a


@transaction.atomic
def notitie_toevoegen(rol, aanvraag: Aanvraag, tekst: str) -> Notitie:
    a = _lock(aanvraag)
    _eis_staf(rol, a)
    if not tekst.strip():
        raise ValidationError({"tekst": "Schrijf een notitie."})
    return Notitie.objects.create(aanvraag=a, auteur_id=rol.user_id, tekst=tekst.strip())


@transaction.atomic
def overleg_plannen(rol, aanvraag: Aanvraag, *, datum: dt.datetime, locatie: str = "", deelnemers=(),
                    externe_deelnemers: str = "") -> Overleg:
    a = _lock(aanvraag)
    _eis_staf(rol, a)
    if a.status in (Status.CONCEPT, Status.INGETROKKEN, Status.AFGESLOTEN):
        raise ValidationError("Een MDO plannen kan alleen bij een ingediende, lopende aanvraag.")
    toegestaan = set(
        User.objects.filter(rollen__swv_id=a.swv_id, rollen__actief=True, is_active=True).values_list("pk", flat=True)
    )
    deelnemers = list(deelnemers)
    if any(u.pk not in toegestaan for u in deelnemers):
        raise ValidationError({"deelnemers": "Nodig alleen gebruikers van dit samenwerkingsverband uit."})
    o = Overleg.objects.create(aanvraag=a, datum=datum, locatie=locatie, externe_deelnemers=externe_deelnemers,
                               aangemaakt_door_id=rol.user_id)
    o.deelnemers.set(deelnemers)
    _gebeurtenis(a, rol, f"MDO gepland op {timezone.localtime(datum):%d-%m-%Y %H:%M}")
    return o


@transaction.atomic
def overleg_verslag(rol, overleg: Overleg, verslag: str) -> Overleg:
    _lock(overleg.aanvraag)
    if not can(rol, "change", overleg):
        raise PermissionDenied("U kunt dit overleg niet wijzigen.")
    overleg.verslag = verslag.strip()
    overleg.save(update_fields=["verslag"])
    return overleg


# ------------------------------------------------------------------------------------------------------------
# Deskundigenadvies
# ------------------------------------------------------------------------------------------------------------

@transaction.atomic
def deskundige_vragen(rol, aanvraag: Aanvraag, *, deskundige: User, volgorde: int, beroep: str,
                      uiterlijk: dt.date | None = None) -> Adviesopdracht:
    """Ask one expert for one separate advice. Gives the expert access to the file while it is open."""
    a = _lock(aanvraag)
    _eis_staf(rol, a)
    if a.status not in (Status.IN_BEHANDELING, Status.ADVIES_GEVRAAGD):
        raise ValidationError("Deskundigen vraagt u om advies als de aanvraag in behandeling is.")
    if not deskundigen(a.swv_id).filter(pk=deskundige.pk).exists():
        raise ValidationError({"deskundige": "Kies een deskundige die in dit samenwerkingsverband als deskundige werkt."})
    if not regels.beroep_past(volgorde, beroep):
        if volgorde == 1:
            raise ValidationError({"beroep": "De eerste deskundige is een orthopedagoog of psycholoog."})
        raise ValidationError({"beroep": "Dit beroep kan niet de tweede deskundige zijn."})
    actief = [o for o in a.adviesopdrachten.all() if o.status in ACTIEVE_OPDRACHT]
    if any(o.volgorde == volgorde for o in actief):
        raise ValidationError({"volgorde": "Voor deze rol is al een deskundige gevraagd; trek die eerst in."})
    if any(o.deskundige_id == deskundige.pk for o in actief):
        raise ValidationError({"deskundige": "Deze deskundige adviseert al; de twee adviezen komen van twee verschillende personen."})
    # The declaration is about the pupil, not one request: it also holds for a later request (a verlenging).
    if Adviesopdracht.objects.filter(aanvraag__leerling_id=a.leerling_id, deskundige=deskundige,
                                     status=Adviesopdracht.Status.BETROKKEN).exists():
        raise ValidationError({"deskundige": "Deze deskundige heeft verklaard eerder bij de leerling betrokken te zijn."})
    o = Adviesopdracht.objects.create(
        aanvraag=a, deskundige=deskundige, volgorde=volgorde, beroep=beroep, gevraagd_door_id=rol.user_id,
        uiterlijk=uiterlijk,
    )
    sync_dossiertoegang(deskundige.pk, a.leerling_id)
    _gebeurtenis(a, rol, f"{o.get_volgorde_display()} gevraagd ({o.get_beroep_display().lower()})")
    return o


@transaction.atomic
def deskundige_intrekken(rol, opdracht: Adviesopdracht) -> Adviesopdracht:
    a = _lock(opdracht.aanvraag)
    _eis_staf(rol, a)
    o = Adviesopdracht.objects.select_for_update().get(pk=opdracht.pk)
    if o.status != Adviesopdracht.Status.GEVRAAGD or a.status not in (Status.IN_BEHANDELING, Status.ADVIES_GEVRAAGD):
        raise ValidationError("Alleen een openstaande adviesvraag bij een lopende aanvraag kan worden ingetrokken.")
    o.status = Adviesopdracht.Status.INGETROKKEN
    o.save(update_fields=["status"])
    sync_dossiertoegang(o.deskundige_id, a.leerling_id)
    _gebeurtenis(a, rol, f"Adviesvraag aan {o.get_volgorde_display().lower()} ingetrokken")
    return o


@transaction.atomic
def advies_geven(rol, opdracht: Adviesopdracht, *, niet_eerder_betrokken: bool, zelfstandig_opgesteld: bool = False,
                 conclusie: str = "", advies: str = "", categorie: str = "") -> Adviesopdracht:
    """The expert's own written advice, or their declaration that they were involved before (which returns
    the assignment: they may not advise, domain.md §2.3)."""
    a = _lock(opdracht.aanvraag)
    o = Adviesopdracht.objects.select_for_update().get(pk=opdracht.pk)
    if rol is None or rol.rol != Rol.DESKUNDIGE or o.deskundige_id != rol.user_id:
        raise PermissionDenied("Alleen de gevraagde deskundige kan dit advies geven.")
    if o.status != Adviesopdracht.Status.GEVRAAGD or a.status not in (Status.IN_BEHANDELING, Status.ADVIES_GEVRAAGD):
        raise ValidationError("Deze adviesvraag staat niet (meer) open.")
    o.niet_eerder_betrokken = niet_eerder_betrokken
    if not niet_eerder_betrokken:
        o.status = Adviesopdracht.Status.BETROKKEN
        o.gegeven_op = timezone.now()
        o.save()
        sync_dossiertoegang(o.deskundige_id, a.leerling_id)
        _gebeurtenis(a, rol, f"{o.get_volgorde_display()} gaf de vraag terug: eerder bij de leerling betrokken")
        return o
    fouten = {}
    if not zelfstandig_opgesteld:
        fouten["zelfstandig_opgesteld"] = "Verklaar dat u dit advies zelf en apart hebt opgesteld; een gezamenlijk advies telt niet."
    if conclusie not in Adviesopdracht.Conclusie.values:
        fouten["conclusie"] = "Kies uw conclusie."
    if len(advies.strip()) < 20:
        fouten["advies"] = "Schrijf uw advies met de onderbouwing (minstens een paar zinnen)."
    if categorie and a.tlv_soort not in (TlvSoort.SO, TlvSoort.VSO):
        fouten["categorie"] = "Een categorie hoort alleen bij SO of VSO."
    elif categorie and categorie not in Categorie.values:
        fouten["categorie"] = "Kies laag, midden of hoog."
    if fouten:
        raise ValidationError(fouten)
    o.zelfstandig_opgesteld = True
    o.conclusie = conclusie
    o.advies = advies.strip()
    o.categorie = categorie
    o.status = Adviesopdracht.Status.GEGEVEN
    o.gegeven_op = timezone.now()
    o.save()
    _gebeurtenis(a, rol, f"{o.get_volgorde_display()} heeft advies gegeven")
    return o


# ------------------------------------------------------------------------------------------------------------
# Transitions
# ------------------------------------------------------------------------------------------------------------

@transaction.atomic
def transitie(rol, aanvraag: Aanvraag, naam: str, *, toelichting: str = "", **gegevens) -> Aanvraag:
    """Take workflow step `naam`. Refused with OngeldigeTransitie (the reason in Dutch) when the table does
    not allow it; with ValidationError when the input it needs is missing or wrong."""
    a = _lock(aanvraag)
    if not aanvraag_zichtbaar(rol, a):
        raise PermissionDenied(GEEN_TOEGANG)
    reden = workflow.weigering(rol, a, naam)
    if reden:
        raise OngeldigeTransitie(reden)
    t = workflow.transitie_voor(naam, a.soort)
    van = a.status
    vandaag_ = vandaag()
    if naam in ("aanvulling_vragen", "intrekken") and not toelichting.strip():
        raise ValidationError({"toelichting": "Schrijf de reden; school en ouders zien die."})
    if naam == "buiten_behandeling_stellen" and not toelichting.strip():
        raise ValidationError({"toelichting": "Schrijf de motivering: wat ontbreekt en waarom de aanvraag zonder "
                                              "aanvulling niet te beoordelen is. School en ouders zien die."})
    extra = ""
    aanvullen_uiterlijk = None
    if naam == "aanvulling_vragen":
        aanvullen_uiterlijk = aanvultermijn(a, gegevens.get("aanvullen_uiterlijk"))
        extra = f" (aanvullen uiterlijk {aanvullen_uiterlijk:%d-%m-%Y})"
    elif naam in ("indienen", "opnieuw_indienen"):
        if a.ingediend_op is None:
            a.ingediend_op = vandaag_
        if a.is_tlv and not workflow.ouders_akkoord(a):
            extra = " (zonder instemming van ouders; toelichting in het dossier)"
    elif naam == "buiten_behandeling_stellen":
        # Awb 4:5: ends without a decision on the content; the reason shows wherever the status does.
        a.afsluitreden = Afsluitreden.BUITEN_BEHANDELING
        extra = " (niet op tijd aangevuld)"
    elif naam == "besluiten":
        # The date of the decision itself (it may be recorded a few days later): lead times count from it.
        a.besloten_op = _besluit_nemen(rol, a, **gegevens).datum
    elif naam == "bezwaar_registreren":
        _bezwaar_registreren(rol, a, **gegevens)
    elif naam == "beslissen_op_bezwaar":
        _beslissen_op_bezwaar(rol, a, **gegevens)
    if t.naar in (Status.AFGESLOTEN, Status.INGETROKKEN):
        a.afgesloten_op = vandaag_
    a.status = t.naar
    a.save()
    tekst = f"{t.label}: {Status(van).label.lower()} → {Status(t.naar).label.lower()}{extra}"
    _gebeurtenis(a, rol, tekst, transitie=naam, van=van, naar=t.naar, toelichting=toelichting.strip(),
                 aanvullen_uiterlijk=aanvullen_uiterlijk)
    _sync_alle_deskundigen(a)
    if naam in ("indienen", "opnieuw_indienen"):
        _meld(a, "Aanvraag ingediend bij het samenwerkingsverband", school=False)
    elif naam == "aanvulling_vragen":
        _meld(a, "Het samenwerkingsverband vraagt een aanvulling op de aanvraag", ouders=False)
    elif naam in ("besluiten", "beslissen_op_bezwaar"):
        _meld(a, "Er is een besluit op de aanvraag; de brief staat voor u klaar")
    elif naam == "buiten_behandeling_stellen":
        _meld(a, "Het samenwerkingsverband behandelt de aanvraag niet, omdat die niet op tijd is aangevuld")
    return a




MAX_AANVULTERMIJN_WEKEN = 26


def standaard_aanvullen_uiterlijk(aanvraag: Aanvraag, vanaf: dt.date | None = None) -> dt.date:
    """The completion term the SWV proposes: its setting aanvultermijn_weken from today."""
    return (vanaf or vandaag()) + dt.timedelta(weeks=_instellingen(aanvraag.swv_id).aanvultermijn_weken)


def aanvultermijn(aanvraag: Aanvraag, waarde=None) -> dt.date:
    """The last day the school may complete the request (Awb 4:5: a term the SWV sets; without one the decision
    term is not suspended, regels.opschorting_einde): the date given, or the SWV's default. It must lie after
    today (the school needs at least a day) and within half a year."""
    vandaag_ = vandaag()
    datum = _datum(waarde, "aanvullen_uiterlijk", verplicht=False) or standaard_aanvullen_uiterlijk(aanvraag, vandaag_)
    if datum <= vandaag_:
        raise ValidationError({"aanvullen_uiterlijk": "Kies een datum na vandaag: de school heeft tijd nodig om aan te vullen."})
    if datum > vandaag_ + dt.timedelta(weeks=MAX_AANVULTERMIJN_WEKEN):
        raise ValidationError({"aanvullen_uiterlijk": "Kies een datum binnen een half jaar."})
    return datum


def standaard_periode(aanvraag: Aanvraag, begindatum: dt.date | None = None, tlv_soort: str = "",
                      emb: bool | None = None) -> tuple[dt.date, dt.date]:
    """The default begin and end of a TLV granted on this request (regels.py, with the SWV's settings)."""
    inst = _instellingen(aanvraag.swv_id)
    tlv_soort = tlv_soort or aanvraag.tlv_soort
    emb = aanvraag.emb if emb is None else emb
    if begindatum is None:
        begindatum = vandaag()
        vorige = aanvraag.vorige_tlv
        if aanvraag.soort == Soort.VERLENGING and vorige is not None and vorige.einddatum >= begindatum:
            begindatum = vorige.einddatum + dt.timedelta(days=1)
    if emb and tlv_soort in (TlvSoort.SO, TlvSoort.VSO):
        leeftijd = inst.emb_so_eindleeftijd if tlv_soort == TlvSoort.SO else inst.emb_vso_eindleeftijd
        return begindatum, regels.tlv_einddatum_emb(begindatum, aanvraag.leerling.geboortedatum, leeftijd)
    return begindatum, regels.tlv_einddatum(begindatum, inst.tlv_standaard_schooljaren)


def _besluit_nemen(rol, a: Aanvraag, *, uitkomst: str = "", motivering: str = "", datum=None, tlv_soort: str = "",
                   categorie: str = "", begindatum=None, einddatum=None, emb: bool | None = None, uren=None,
                   bedrag=None, aanbieder: str = "", doel: str = "", vorm: str = "") -> Besluit:
    fouten = {}
    if uitkomst not in Besluit.Uitkomst.values:
        fouten["uitkomst"] = "Kies: toekennen of afwijzen."
    if len(motivering.strip()) < 10:
        fouten["motivering"] = "Motiveer het besluit; de motivering staat in de brief aan ouders en school."
    if fouten:
        raise ValidationError(fouten)
    besluitdatum = _datum(datum, "datum", verplicht=False) or vandaag()
    if besluitdatum > vandaag():
        raise ValidationError({"datum": "Een besluit kan niet in de toekomst worden gedateerd."})
    b = Besluit(aanvraag=a, uitkomst=uitkomst, motivering=motivering.strip(), datum=besluitdatum,
                genomen_door_id=rol.user_id)
    if uitkomst == Besluit.Uitkomst.TOEGEKEND and a.is_tlv:
        _tlv_gegevens(a, b, tlv_soort=tlv_soort, categorie=categorie, begindatum=begindatum, einddatum=einddatum,
                      emb=emb)
    b.full_clean(exclude=["aanvraag"])
    b.save()
    if uitkomst == Besluit.Uitkomst.TOEGEKEND:
        if a.is_tlv:
            _tlv_uitgeven(a, b, vervangt=a.vorige_tlv if a.soort == Soort.VERLENGING else None,
                          emb=a.emb if emb is None else emb)
        elif a.soort == Soort.ARRANGEMENT:
            _arrangement_maken(a, uren=uren, bedrag=bedrag, begindatum=begindatum, einddatum=einddatum,
                               aanbieder=aanbieder, doel=doel, vorm=vorm)
    _beschikking(rol, a, b, soort="besluit")
    return b


def _tlv_gegevens(a: Aanvraag, b: Besluit, *, tlv_soort, categorie, begindatum, einddatum, emb) -> None:
    fouten = {}
    b.tlv_soort = tlv_soort or a.tlv_soort
    if b.tlv_soort not in TlvSoort.values:
        fouten["tlv_soort"] = "Kies de soort onderwijs."
    b.categorie = categorie if categorie != "" else (a.categorie if b.tlv_soort in (TlvSoort.SO, TlvSoort.VSO) else "")
    if b.tlv_soort in (TlvSoort.SO, TlvSoort.VSO) and b.categorie not in Categorie.values:
        fouten["categorie"] = "Kies de bekostigingscategorie (laag, midden of hoog) volgens de criteria van het SWV."
    if b.tlv_soort in (TlvSoort.SBO, TlvSoort.PRO) and b.categorie:
        fouten["categorie"] = "SBO en PrO kennen geen bekostigingscategorie."
    emb = a.emb if emb is None else emb
    if emb and b.tlv_soort in (TlvSoort.SO, TlvSoort.VSO) and b.categorie != Categorie.HOOG:
        fouten["categorie"] = "Een EMB-leerling valt in categorie hoog."
    if fouten:
        raise ValidationError(fouten)
    start = _datum(begindatum, "begindatum", verplicht=False)
    standaard_begin, standaard_eind = standaard_periode(a, start, b.tlv_soort, emb)
    b.begindatum = standaard_begin
    b.einddatum = _datum(einddatum, "einddatum", verplicht=False) or standaard_eind
    if b.einddatum < b.begindatum:
        raise ValidationError({"einddatum": "De einddatum ligt vóór de begindatum."})


def _tlv_uitgeven(a: Aanvraag, b: Besluit, *, vervangt: Tlv | None, emb: bool) -> Tlv:
    swv = Samenwerkingsverband.objects.select_for_update().get(pk=a.swv_id)
    jaar = b.datum.year
    prefix = regels.tlv_nummer(swv.code, jaar, 0).rsplit("-", 1)[0] + "-"
    tlv = Tlv.objects.create(
        swv=swv, leerling_id=a.leerling_id, aanvraag=a, nummer=regels.tlv_nummer(swv.code, jaar, _volgnummer(Tlv, swv, prefix)),
        soort=b.tlv_soort, categorie=b.categorie, emb=bool(emb and b.tlv_soort in (TlvSoort.SO, TlvSoort.VSO)),
        begindatum=b.begindatum, einddatum=b.einddatum, afgegeven_op=b.datum, aanvragende_school_id=a.school_id,
        vervangt=vervangt,
    )
    return tlv


def _decimaal(waarde, veld: str) -> Decimal | None:
    if waarde in (None, ""):
        return None
    try:
        d = Decimal(str(waarde).replace(",", "."))
    except ArithmeticError:
        raise ValidationError({veld: "Geen geldig getal."}) from None
    if d < 0:
        raise ValidationError({veld: "Mag niet negatief zijn."})
    return d


def _arrangement_maken(a: Aanvraag, *, uren, bedrag, begindatum, einddatum, aanbieder, doel, vorm) -> Arrangement:
    uren = _decimaal(uren, "uren") if uren not in (None, "") else a.uren
    bedrag = _decimaal(bedrag, "bedrag") if bedrag not in (None, "") else a.bedrag
    begin = _datum(begindatum, "begindatum", verplicht=False) or a.periode_van
    eind = _datum(einddatum, "einddatum", verplicht=False) or a.periode_tot
    fouten = {}
    if uren is None and bedrag is None:
        fouten["uren"] = "Ken uren of een bedrag toe."
    if begin is None:
        fouten["begindatum"] = "Vul de begindatum in."
    if eind is None:
        fouten["einddatum"] = "Vul de einddatum in."
    elif begin is not None and eind < begin:
        fouten["einddatum"] = "De einddatum ligt vóór de begindatum."
    if fouten:
        raise ValidationError(fouten)
    return Arrangement.objects.create(
        swv_id=a.swv_id, leerling_id=a.leerling_id, aanvraag=a, school_id=a.school_id, doel=doel or a.doel,
        vorm=vorm or a.vorm, uren=uren, bedrag=bedrag or Decimal("0"), begindatum=begin, einddatum=eind,
        aanbieder=aanbieder,
    )


def _beschikking(rol, a: Aanvraag, besluit: Besluit, *, soort: str, bezwaar: Bezwaar | None = None) -> Beschikking:
    """Make the letter (PDF/UA) once and keep it with the request: parents and school read it in Passend."""
    from .pdf import beschikking_pdf

    titel, inhoud = beschikking_pdf(a, besluit, soort=soort, bezwaar=bezwaar)
    doc = Beschikking(aanvraag=a, titel=titel, verzonden_door_id=rol.user_id)
    doc.bestand.save(f"{a.nummer}.pdf", ContentFile(inhoud), save=False)
    doc.save()
    return doc


# ------------------------------------------------------------------------------------------------------------
# Objection
# ------------------------------------------------------------------------------------------------------------

def _bezwaar_registreren(rol, a: Aanvraag, *, ontvangen_op=None, indiener: str = "", indiener_naam: str = "",
                         gronden: str = "") -> Bezwaar:
    besluit = a.besluit
    ontvangen = _datum(ontvangen_op, "ontvangen_op")
    fouten = {}
    if ontvangen > vandaag():
        fouten["ontvangen_op"] = "De datum van ontvangst ligt in de toekomst."
    elif ontvangen < besluit.datum:
        fouten["ontvangen_op"] = "Een bezwaar kan niet vóór het besluit zijn ontvangen."
    if indiener not in Bezwaar.Indiener.values:
        fouten["indiener"] = "Kies wie het bezwaar indient."
    if not gronden.strip():
        fouten["gronden"] = "Vat de gronden van het bezwaar samen."
    if fouten:
        raise ValidationError(fouten)
    return Bezwaar.objects.create(
        aanvraag=a, besluit=besluit, ontvangen_op=ontvangen, indiener=indiener, indiener_naam=indiener_naam,
        gronden=gronden.strip(), te_laat=not regels.bezwaar_tijdig(besluit.datum, ontvangen),
        geregistreerd_door_id=rol.user_id,
    )


BEZWAAR_STAPPEN = ("lbt_gevraagd_op", "verweer_verzonden_op", "hoorzitting_op", "lbt_advies_op")


@transaction.atomic
def bezwaar_bijwerken(rol, bezwaar: Bezwaar, **velden) -> Bezwaar:
    """Record the steps of the LBT procedure: asked, verweer sent, hearing, advice (each a date)."""
    a = _lock(bezwaar.aanvraag)
    _eis_staf(rol, a)
    b = Bezwaar.objects.select_for_update().get(pk=bezwaar.pk)
    if not b.is_open:
        raise ValidationError("Op dit bezwaar is al beslist.")
    for veld in BEZWAAR_STAPPEN:
        if veld in velden:
            setattr(b, veld, _datum(velden[veld], veld, verplicht=False))
    if "lbt_advies" in velden:
        b.lbt_advies = velden["lbt_advies"] or ""
    fouten = {}
    for veld in BEZWAAR_STAPPEN:
        d = getattr(b, veld)
        if d and d < b.ontvangen_op:
            fouten[veld] = "Deze datum ligt vóór de ontvangst van het bezwaar."
        elif d and d > vandaag() and veld != "hoorzitting_op":
            fouten[veld] = "Deze datum ligt in de toekomst."
    if b.lbt_advies and not b.lbt_advies_op:
        fouten["lbt_advies_op"] = "Vul de datum van het advies van de LBT in."
    if b.lbt_advies_op and not b.lbt_advies:
        fouten["lbt_advies"] = "Kies wat de LBT adviseerde."
    if (b.lbt_advies_op or b.verweer_verzonden_op or b.hoorzitting_op) and not b.lbt_gevraagd_op:
        fouten["lbt_gevraagd_op"] = "Vul eerst in wanneer de LBT om advies is gevraagd."
    if b.lbt_advies and b.lbt_advies not in Bezwaar.LbtAdvies.values:
        fouten["lbt_advies"] = "Kies wat de LBT adviseerde."
    if fouten:
        raise ValidationError(fouten)
    b.save()
    _gebeurtenis(a, rol, "Bezwaarprocedure bijgewerkt (LBT)")
    return b


def _beslissen_op_bezwaar(rol, a: Aanvraag, *, uitkomst: str = "", motivering: str = "", beslist_op=None,
                          herzien: dict | None = None) -> Bezwaar:
    b = a.bezwaren.select_for_update().filter(beslist_op__isnull=True).first()
    fouten = {}
    if uitkomst not in Bezwaar.Uitkomst.values:
        fouten["uitkomst"] = "Kies de uitkomst."
    if uitkomst != Bezwaar.Uitkomst.INGETROKKEN and len(motivering.strip()) < 10:
        fouten["motivering"] = "Motiveer de beslissing op het bezwaar."
    volledig_toegekend = uitkomst == Bezwaar.Uitkomst.GEGROND
    if uitkomst in (Bezwaar.Uitkomst.ONGEGROND, Bezwaar.Uitkomst.NIET_ONTVANKELIJK) and not b.lbt_advies:
        fouten["uitkomst"] = ("Vraag eerst het advies van de LBT: dat is alleen niet nodig als het bezwaar volledig "
                              "wordt toegekend.")
    if fouten:
        raise ValidationError(fouten)
    datum = _datum(beslist_op, "beslist_op", verplicht=False) or vandaag()
    if datum < b.ontvangen_op:
        raise ValidationError({"beslist_op": "De beslissing ligt vóór de ontvangst van het bezwaar."})
    b.uitkomst = uitkomst
    b.motivering = motivering.strip()
    b.beslist_op = datum
    b.save()
    if volledig_toegekend:
        _herzien(rol, a, b, herzien or {})
    if uitkomst != Bezwaar.Uitkomst.INGETROKKEN:
        _beschikking(rol, a, Besluit.objects.get(aanvraag=a), soort="bezwaar", bezwaar=b)  # fresh: maybe revised
    return b


def _herzien(rol, a: Aanvraag, bezwaar: Bezwaar, herzien: dict) -> None:
    """An objection upheld: revise the decision. A refused TLV is granted; a granted one is replaced by one
    with the revised type, category or period (the old one is withdrawn on the same day)."""
    besluit = Besluit.objects.select_for_update().get(pk=a.besluit.pk)
    if not a.is_tlv:
        return
    oud = a.tlvs.filter(ingetrokken_op__isnull=True).order_by("-pk").first()
    besluit.uitkomst = Besluit.Uitkomst.TOEGEKEND
    besluit.herzien_op_bezwaar = True
    _tlv_gegevens(a, besluit, tlv_soort=herzien.get("tlv_soort", ""), categorie=herzien.get("categorie", ""),
                  begindatum=herzien.get("begindatum"), einddatum=herzien.get("einddatum"), emb=herzien.get("emb"))
    besluit.save()
    if oud is not None:
        oud.ingetrokken_op = bezwaar.beslist_op
        oud.intrekkingsreden = "Herzien op bezwaar"
        oud.save(update_fields=["ingetrokken_op", "intrekkingsreden"])
    _tlv_uitgeven(a, besluit, vervangt=oud or (a.vorige_tlv if a.soort == Soort.VERLENGING else None),
                  emb=bool(herzien.get("emb", a.emb)))


# ------------------------------------------------------------------------------------------------------------
# TLV and arrangement after the decision
# ------------------------------------------------------------------------------------------------------------

@transaction.atomic
def tlv_intrekken(rol, tlv: Tlv, *, datum=None, reden: str = "") -> Tlv:
    t = Tlv.objects.select_for_update().filter(pk=tlv.pk).first()
    if t is None or not can(rol, "change", t):
        raise PermissionDenied("Alleen de directeur of commissie van het SWV kan een TLV intrekken.")
    if t.ingetrokken_op:
        raise ValidationError("Deze TLV is al ingetrokken.")
    if not reden.strip():
        raise ValidationError({"reden": "Schrijf de reden van de intrekking."})
    datum = _datum(datum, "datum", verplicht=False) or vandaag()
    if datum < t.afgegeven_op:
        raise ValidationError({"datum": "De intrekking ligt vóór de afgifte."})
    t.ingetrokken_op = datum
    t.intrekkingsreden = reden.strip()
    t.save(update_fields=["ingetrokken_op", "intrekkingsreden"])
    _gebeurtenis(t.aanvraag, rol, f"TLV {t.nummer} ingetrokken per {datum:%d-%m-%Y}", toelichting=reden.strip())
    return t


@transaction.atomic
def besteding_boeken(rol, arrangement: Arrangement, *, datum, omschrijving: str, uren=None, bedrag=None) -> Besteding:
    arr = Arrangement.objects.select_for_update().filter(pk=arrangement.pk).first()
    if arr is None or not can(rol, "change", arr):
        raise PermissionDenied("Alleen het samenwerkingsverband boekt bestedingen op een arrangement.")
    datum = _datum(datum, "datum")
    uren = _decimaal(uren, "uren") or Decimal("0")
    bedrag = _decimaal(bedrag, "bedrag") or Decimal("0")
    fouten = {}
    if not omschrijving.strip():
        fouten["omschrijving"] = "Omschrijf de besteding."
    if uren == 0 and bedrag == 0:
        fouten["bedrag"] = "Vul uren of een bedrag in."
    if not (arr.begindatum <= datum <= arr.einddatum):
        fouten["datum"] = f"De datum valt buiten de periode van het arrangement ({arr.begindatum:%d-%m-%Y} t/m {arr.einddatum:%d-%m-%Y})."
    if fouten:
        raise ValidationError(fouten)
    return Besteding.objects.create(
        arrangement=arr, datum=datum, omschrijving=omschrijving.strip(), uren=uren, bedrag=bedrag,
        geboekt_door_id=rol.user_id,
    )


@transaction.atomic
def instellingen_opslaan(rol, instellingen: Toewijzingsinstellingen) -> Toewijzingsinstellingen:
    if not can(rol, "change", instellingen) or instellingen.swv_id != rol.swv_id:
        raise PermissionDenied("Alleen de directeur of beheerder van het SWV wijzigt deze instellingen.")
    bestaand = Toewijzingsinstellingen.objects.filter(swv_id=rol.swv_id).first()
    if bestaand is not None:
        instellingen.pk = bestaand.pk
        instellingen._state.adding = False  # an update of the SWV's one row, also when given a new instance
    instellingen.full_clean()
    instellingen.save()
    return instellingen


def roltoekenning_functie(user: User, swv_id) -> str:
    r = Roltoekenning.objects.filter(user=user, swv_id=swv_id, actief=True).exclude(functie="").first()
    return r.functie if r else ""


def zichtbare_aanvragen(rol):
    return visible(rol, Aanvraag)
