"""The one place that changes dekkend-netwerk data. Each function is one transaction, checks access and validates
first; on an error it raises ValidationError (a dict of Dutch messages per field) and nothing changes."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from passend.accounts.models import Rol
from passend.core.access import can, may_see_leerling, school_ids
from passend.core.invoer import getal
from passend.register.models import Leerling, Postcodegebied, School, Soort

from . import regels
from .models import (
    Aanbod,
    Behoefte,
    Leerlingbehoefte,
    Netwerkinstellingen,
    Niveau,
    Ondersteuningsplan,
    Plaatsingsverzoek,
    Schoolprofiel,
)
from .toegang import PLAATSERS, PROFIEL_STAF, mag_plaatsen


def laad_standaard_behoeften() -> int:
    """The shared list (regels.STANDAARD_BEHOEFTEN) as rows without SWV; existing rows are left as they are.
    Reference data, loaded in bulk without audit rows."""
    bestaand = set(Behoefte.objects.filter(swv__isnull=True).values_list("code", flat=True))
    nieuw = [Behoefte(code=c, naam=n, omschrijving=o, volgorde=(i + 1) * 10)
             for i, (c, n, o) in enumerate(regels.STANDAARD_BEHOEFTEN) if c not in bestaand]
    Behoefte.objects.bulk_create(nieuw)
    return len(nieuw)


def behoeften_van(swv_id):
    """The needs an SWV works with: the standard list and its own."""
    from django.db.models import Q

    return Behoefte.objects.filter(Q(swv__isnull=True) | Q(swv_id=swv_id))


@transaction.atomic
def behoefte_toevoegen(rol, *, naam: str, omschrijving: str = "") -> Behoefte:
    if rol.rol not in PROFIEL_STAF:
        raise PermissionDenied("Alleen medewerkers van het samenwerkingsverband vullen de lijst aan.")
    naam = (naam or "").strip()
    code = slugify(naam)[:30]
    if not naam or not code:
        raise ValidationError({"naam": "Geef de behoefte een naam."})
    if behoeften_van(rol.swv_id).filter(code=code).exists() or behoeften_van(rol.swv_id).filter(
            naam__iexact=naam).exists():
        raise ValidationError({"naam": "Deze behoefte staat al in de lijst."})
    return Behoefte.objects.create(swv_id=rol.swv_id, code=code, naam=naam, omschrijving=omschrijving.strip()[:300],
                                   volgorde=500)


@transaction.atomic
def plan_opslaan(rol, plan: Ondersteuningsplan | None, *, titel: str, geldig_van: dt.date, geldig_tot: dt.date,
                 opr_instemming_op: dt.date | None, basisondersteuning: str, basis_behoeften) -> Ondersteuningsplan:
    plan = plan or Ondersteuningsplan(swv_id=rol.swv_id)
    if not can(rol, "change", plan):
        raise PermissionDenied("Alleen de directeur van het samenwerkingsverband stelt het ondersteuningsplan vast.")
    fouten = {}
    if not basisondersteuning.strip():
        fouten["basisondersteuning"] = "Beschrijf de basisondersteuning: wat elke school biedt."
    fout = regels.plan_fout(geldig_van, geldig_tot, opr_instemming_op)
    if fout:
        fouten["opr_instemming_op" if "OPR" in fout else "geldig_tot"] = fout
    behoeften = list(basis_behoeften)
    if any(b.swv_id not in (None, rol.swv_id) for b in behoeften):
        fouten["basis_behoeften"] = "Kies behoeften uit de lijst van dit samenwerkingsverband."
    if fouten:
        raise ValidationError(fouten)
    plan.titel = titel.strip() or "Ondersteuningsplan"
    plan.geldig_van, plan.geldig_tot = geldig_van, geldig_tot
    plan.opr_instemming_op = opr_instemming_op
    plan.basisondersteuning = basisondersteuning.strip()
    plan.save()
    plan.basis_behoeften.set(behoeften)
    return plan


def huidig_plan(swv_id, op: dt.date | None = None) -> Ondersteuningsplan | None:
    op = op or timezone.localdate()
    return (Ondersteuningsplan.objects.filter(swv_id=swv_id, geldig_van__lte=op, geldig_tot__gte=op).first()
            or Ondersteuningsplan.objects.filter(swv_id=swv_id).first())


def _int(waarde, veld, fouten, *, leeg_mag=True):
    if waarde in (None, ""):
        if not leeg_mag:
            fouten[veld] = "Vul een aantal in."
        return None
    try:
        n = int(str(waarde).strip())
    except ValueError:
        fouten[veld] = "Vul een heel getal in."
        return None
    if n < 0 or n > 100000:
        fouten[veld] = "Vul een aantal van 0 tot 100.000 in."
        return None
    return n


def is_speciaal(school: School) -> bool:
    """SBO, SO and VSO schools record places, occupancy and a waiting list (issue 7: 'special schools')."""
    return school.soort == Soort.SBO or school.is_speciaal


def profiel_schrijven(rol, school: School):
    """May `rol` edit the profile of `school` (own school for a school user, every school for SWV staff)?"""
    return can(rol, "change", Schoolprofiel(swv_id=rol.swv_id, school=school))


@transaction.atomic
def profiel_opslaan(rol, school: School, *, geldig_van: dt.date, geldig_tot: dt.date, mr_advies_op: dt.date | None,
                    expertise: str = "", voorzieningen: str = "", plaatsen=None, bezetting=None, wachtlijst=None,
                    aanbod: dict) -> Schoolprofiel:
    """Save the SOP of one school. `aanbod`: behoefte id -> {"niveau", "capaciteit", "bezet", "toelichting"} for
    the needs the school serves; needs not in it are removed from the profile."""
    profiel = Schoolprofiel.objects.select_for_update().filter(swv_id=rol.swv_id, school=school).first() \
        or Schoolprofiel(swv_id=rol.swv_id, school=school)
    if not can(rol, "change", profiel):
        raise PermissionDenied("U kunt alleen het profiel van uw eigen school wijzigen.")
    fouten = {}
    fout = regels.periode_fout(geldig_van, geldig_tot)
    if fout:
        fouten["geldig_tot"] = fout
    plaatsen = _int(plaatsen, "plaatsen", fouten)
    bezetting = _int(bezetting, "bezetting", fouten)
    wachtlijst = _int(wachtlijst, "wachtlijst", fouten)
    if not is_speciaal(school) and any(v is not None for v in (plaatsen, bezetting, wachtlijst)):
        fouten["plaatsen"] = "Plaatsen, bezetting en wachtlijst horen bij een speciale school (SBO, SO, VSO)."
    geldig = {b.pk: b for b in behoeften_van(rol.swv_id).filter(pk__in=list(aanbod))}
    rijen = []
    for bid, r in aanbod.items():
        b = geldig.get(int(bid))
        if b is None:
            fouten["aanbod"] = "Kies behoeften uit de lijst van dit samenwerkingsverband."
            continue
        niveau = r.get("niveau") or Niveau.EXTRA
        if niveau not in Niveau.values:
            fouten[f"niveau_{b.pk}"] = "Kies een niveau."
        cap = _int(r.get("capaciteit"), f"capaciteit_{b.pk}", fouten)
        bezet = _int(r.get("bezet"), f"bezet_{b.pk}", fouten) or 0
        if cap is not None and bezet > cap:
            fouten[f"bezet_{b.pk}"] = f"{b.naam}: er zijn meer leerlingen ({bezet}) dan plaatsen ({cap})."
        rijen.append((b, niveau, cap, bezet, (r.get("toelichting") or "").strip()[:300]))
    if fouten:
        raise ValidationError(fouten)
    profiel.geldig_van, profiel.geldig_tot, profiel.mr_advies_op = geldig_van, geldig_tot, mr_advies_op
    profiel.expertise, profiel.voorzieningen = expertise.strip(), voorzieningen.strip()
    profiel.plaatsen, profiel.bezetting, profiel.wachtlijst = plaatsen, bezetting, wachtlijst
    profiel.bijgewerkt_door, profiel.bijgewerkt = rol.user, timezone.now()
    profiel.save()
    bestaand = {a.behoefte_id: a for a in profiel.aanbod.all()}
    for b, niveau, cap, bezet, toelichting in rijen:
        a = bestaand.pop(b.pk, None) or Aanbod(profiel=profiel, behoefte=b)
        a.niveau, a.capaciteit, a.bezet, a.toelichting = niveau, cap, bezet, toelichting
        a.save()
    for a in bestaand.values():
        a.delete()
    return profiel


@transaction.atomic
def leerlingbehoeften_zetten(rol, leerling: Leerling, behoeften, *, bron: str = Leerlingbehoefte.Bron.SCHOOL):
    """Set a pupil's stated needs to exactly `behoeften`."""
    if not can(rol, "change", Leerlingbehoefte(leerling=leerling)):
        raise PermissionDenied("U kunt de behoeften van deze leerling niet wijzigen.")
    behoeften = list(behoeften)
    if any(b.swv_id not in (None, leerling.swv_id) for b in behoeften):
        raise ValidationError({"behoeften": "Kies behoeften uit de lijst van dit samenwerkingsverband."})
    if bron not in Leerlingbehoefte.Bron.values:
        raise ValidationError({"bron": "Kies waar de behoefte uit blijkt."})
    gewenst = {b.pk for b in behoeften}
    bestaand = {lb.behoefte_id: lb for lb in leerling.behoeften.all()}
    for bid, lb in bestaand.items():
        if bid not in gewenst:
            lb.delete()
    for bid in gewenst - set(bestaand):
        Leerlingbehoefte.objects.create(leerling=leerling, behoefte_id=bid, bron=bron, vastgesteld_door=rol.user)
    return list(leerling.behoeften.select_related("behoefte"))


def _pc4(postcode: str) -> str:
    return (postcode or "").strip().replace(" ", "")[:4]


@transaction.atomic
def plaatsing_starten(rol, leerling: Leerling, *, behoeften, pc4: str = "", vanuit_school: School | None = None,
                      aanmelding=None, toelichting: str = "") -> Plaatsingsverzoek:
    """A school (for a pupil it must place under its zorgplicht) or a consulent starts the search for a place."""
    if not mag_plaatsen(rol) or not may_see_leerling(rol, leerling):
        raise PermissionDenied("U kunt voor deze leerling geen plaats zoeken.")
    fouten = {}
    behoeften = list(behoeften)
    if not behoeften:
        fouten["behoeften"] = "Kies minstens één ondersteuningsbehoefte."
    elif any(b.swv_id not in (None, leerling.swv_id) for b in behoeften):
        fouten["behoeften"] = "Kies behoeften uit de lijst van dit samenwerkingsverband."
    pc4 = _pc4(pc4) or _pc4(leerling.postcode)
    if not (len(pc4) == 4 and pc4.isdigit()):
        fouten["pc4"] = "Vul de postcode van het woonadres in (vier cijfers, bijv. 3511)."
    elif not Postcodegebied.objects.filter(pc4=pc4).exists():
        fouten["pc4"] = f"Postcode {pc4} bestaat niet in het register."
    if rol.rol == Rol.SCHOOL:
        if vanuit_school is None and len(school_ids(rol)) == 1:
            vanuit_school = School.objects.get(pk=next(iter(school_ids(rol))))
        if vanuit_school is None or vanuit_school.pk not in school_ids(rol):
            fouten["vanuit_school"] = "Kies uw eigen school."
    if aanmelding is not None and aanmelding.leerling_id != leerling.pk:
        fouten["aanmelding"] = "Deze aanmelding hoort bij een andere leerling."
    if Plaatsingsverzoek.objects.filter(leerling=leerling, status__in=[
            Plaatsingsverzoek.Status.OPEN, Plaatsingsverzoek.Status.GEKOZEN]).exists():
        fouten["__all__"] = "Voor deze leerling loopt al een plaatsingsverzoek."
    if fouten:
        raise ValidationError(fouten)
    p = Plaatsingsverzoek.objects.create(
        swv_id=leerling.swv_id, leerling=leerling, vanuit_school=vanuit_school, aanmelding=aanmelding, pc4=pc4,
        toelichting=toelichting.strip(), aangemaakt_door=rol.user)
    p.behoeften.set(behoeften)
    # The stated needs become the pupil's needs (the demand side of the coverage figures).
    for b in behoeften:
        Leerlingbehoefte.objects.get_or_create(leerling=leerling, behoefte=b, defaults={
            "bron": Leerlingbehoefte.Bron.PLAATSING, "vastgesteld_door": rol.user})
    return p


def _vergrendel(p: Plaatsingsverzoek) -> Plaatsingsverzoek:
    return Plaatsingsverzoek.objects.select_for_update().get(pk=p.pk)


@transaction.atomic
def plaatsing_kiezen(rol, p: Plaatsingsverzoek, school: School, *, reden: str = "") -> Plaatsingsverzoek:
    """Record the chosen school; it then confirms or declines."""
    p = _vergrendel(p)
    if not can(rol, "change", p) or (rol.rol == Rol.SCHOOL and p.vanuit_school_id not in school_ids(rol)):
        raise PermissionDenied("U kunt voor dit verzoek geen school kiezen.")
    if p.status not in (p.Status.OPEN, p.Status.AFGEWEZEN):
        raise ValidationError({"__all__": f"Dit verzoek is {p.get_status_display().lower()}; kiezen kan niet meer."})
    if school.pk == p.vanuit_school_id:
        raise ValidationError({"school": "Kies een andere school dan de school die een plaats zoekt."})
    from .gegevens import regio_scholen  # gegevens imports this module

    if not regio_scholen(p.swv).filter(pk=school.pk).exists():
        raise ValidationError({"school": "Kies een school uit de regio of een school met een ondersteuningsprofiel "
                                         "in dit samenwerkingsverband."})
    p.status, p.gekozen_school, p.keuze_reden = p.Status.GEKOZEN, school, reden.strip()
    p.gekozen_op, p.gekozen_door = timezone.now(), rol.user
    p.beantwoord_op = p.beantwoord_door = None
    p.antwoord_toelichting = ""
    p.save()
    return p


@transaction.atomic
def plaatsing_beantwoorden(rol, p: Plaatsingsverzoek, *, akkoord: bool, toelichting: str = "") -> Plaatsingsverzoek:
    """The chosen school confirms (the pupil can come) or declines (with a reason; the search goes on). SWV staff
    may record the answer on the school's behalf."""
    p = _vergrendel(p)
    if p.status != p.Status.GEKOZEN:
        raise ValidationError({"__all__": "Er is geen gekozen school die nog moet antwoorden."})
    if not (rol.rol in PLAATSERS and p.swv_id == rol.swv_id) and not (
            rol.rol == Rol.SCHOOL and p.gekozen_school_id in school_ids(rol)):
        raise PermissionDenied("Alleen de gekozen school (of het samenwerkingsverband) beantwoordt dit verzoek.")
    if not akkoord and not toelichting.strip():
        raise ValidationError({"toelichting": "Geef aan waarom de school de leerling niet kan plaatsen."})
    p.status = p.Status.BEVESTIGD if akkoord else p.Status.AFGEWEZEN
    p.beantwoord_op, p.beantwoord_door, p.antwoord_toelichting = timezone.now(), rol.user, toelichting.strip()
    p.save()
    return p


@transaction.atomic
def plaatsing_intrekken(rol, p: Plaatsingsverzoek, *, toelichting: str = "") -> Plaatsingsverzoek:
    p = _vergrendel(p)
    # The asking school and the SWV withdraw; the chosen school declines instead (plaatsing_beantwoorden).
    if not can(rol, "change", p) or (rol.rol == Rol.SCHOOL and p.vanuit_school_id not in school_ids(rol)):
        raise PermissionDenied("Alleen de school die een plaats zoekt of het samenwerkingsverband trekt dit in.")
    if p.status in (p.Status.BEVESTIGD, p.Status.INGETROKKEN):
        raise ValidationError({"__all__": f"Dit verzoek is al {p.get_status_display().lower()}."})
    p.status = p.Status.INGETROKKEN
    p.antwoord_toelichting = toelichting.strip()
    p.save()
    return p


INSTELLING_VELDEN = ("max_afstand_km", "wachtlijst_drempel", "bezetting_drempel_procent", "wegfactor")


@transaction.atomic
def instellingen_opslaan(rol, data: dict) -> Netwerkinstellingen:
    inst = Netwerkinstellingen.voor(rol.swv_id)
    if not can(rol, "change", inst):
        raise PermissionDenied("Alleen de directeur of beheerder wijzigt de instellingen.")
    fouten = {}
    grenzen = {"max_afstand_km": (Decimal("0.5"), Decimal("200")), "wegfactor": (Decimal("1"), Decimal("3")),
               "wachtlijst_drempel": (0, 1000), "bezetting_drempel_procent": (50, 200)}
    waarden = {}
    for veld in INSTELLING_VELDEN:
        ruw = str(data.get(veld, "")).strip()
        laag, hoog = grenzen[veld]
        try:
            w = getal(ruw)  # Dutch notation; refuses NaN and Infinity
        except ValueError:
            fouten[veld] = "Vul een getal in."
            continue
        if not isinstance(laag, Decimal):
            if w != int(w):
                fouten[veld] = "Vul een heel getal in."
                continue
            w = int(w)
        if not (laag <= w <= hoog):
            fouten[veld] = f"Kies een waarde van {str(laag).replace('.', ',')} tot {str(hoog).replace('.', ',')}."
            continue
        waarden[veld] = w
    if fouten:
        raise ValidationError(fouten)
    for k, v in waarden.items():
        setattr(inst, k, v)
    inst.save()
    return inst
