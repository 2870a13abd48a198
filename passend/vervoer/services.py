"""The one place that changes leerlingenvervoer data. Each function is one transaction, checks access and
validates first; on an error it raises ValidationError (Dutch messages per field) and nothing changes."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from passend.accounts.models import Rol
from passend.core.access import can, is_eigen, may_see_leerling
from passend.core.invoer import getal
from passend.register.models import Leerling, Postcodegebied

from . import gegevens, regels
from .models import Routeplanning, Vervoersaanvraag, Vervoersinstellingen, Voertuig, Vorm
from .toegang import is_vervoer, mag_aanvragen


def schooljaar_van(d) -> int:
    return d.year if d.month >= 8 else d.year - 1


def voorstel_berekenen(a: Vervoersaanvraag) -> regels.Voorstel:
    inst = Vervoersinstellingen.voor(a.gemeente_id)
    km, dichtstbij, school = gegevens.afstanden(a.pc4, a.school, float(inst.wegfactor))
    if km is None:
        return regels.Voorstel(False, "geen", ["De ligging van het woonadres of de school is onbekend: de gemeente "
                                               "beoordeelt de afstand zelf."])
    v = regels.recht_op_vervoer(soort=a.school.soort, afstand_km=km, afstand_dichtstbij_km=dichtstbij,
                                kan_zelfstandig_reizen=a.kan_zelfstandig_reizen, beperking=a.beperking,
                                inkomen_boven_grens=a.inkomen_boven_grens, regels=gegevens.regels_van(inst))
    if school is not None and school.pk != a.school_id:
        v.redenen[0] += f" ({school.naam}, {school.plaats})"
    return v


@transaction.atomic
def aanvraag_indienen(rol, leerling: Leerling, *, kan_zelfstandig_reizen: bool = False, beperking: bool = False,
                      rolstoel: bool = False, alleen_reizen: bool = False, max_rit_minuten=None,
                      chauffeur_info: str = "", inkomen_boven_grens: bool | None = None, toelichting: str = "",
                      schooljaar: int | None = None) -> Vervoersaanvraag:
    """A parent (for their child), the pupil's school or SWV staff asks transport for this school year. The school
    and the TLV come from the register: nobody uploads them again."""
    if not mag_aanvragen(rol) or not may_see_leerling(rol, leerling) or (
            rol.rol == Rol.OUDER and not is_eigen(rol, leerling.pk)):
        raise PermissionDenied("U kunt voor deze leerling geen vervoer aanvragen.")
    fouten = {}
    school = gegevens.huidige_school(leerling)
    if school is None:
        fouten["__all__"] = "De leerling staat niet ingeschreven op een school."
    pc4 = (leerling.postcode or "")[:4]
    gebied = Postcodegebied.objects.filter(pc4=pc4).select_related("gemeente").first()
    if gebied is None or gebied.gemeente_id is None:
        fouten["pc4"] = "Het woonadres van de leerling heeft geen bekende postcode: vul die eerst in bij de leerling."
    schooljaar = schooljaar or schooljaar_van(timezone.localdate())
    if Vervoersaanvraag.objects.filter(leerling=leerling, schooljaar=schooljaar).exists():
        fouten["__all__"] = "Voor deze leerling is voor dit schooljaar al vervoer aangevraagd."
    if max_rit_minuten not in (None, ""):
        try:
            max_rit_minuten = int(max_rit_minuten)
        except (TypeError, ValueError):
            max_rit_minuten = -1
        if not 10 <= max_rit_minuten <= 180:
            fouten["max_rit_minuten"] = "Vul een ritduur van 10 tot 180 minuten in, of laat het leeg."
    else:
        max_rit_minuten = None
    if fouten:
        raise ValidationError(fouten)
    a = Vervoersaanvraag(
        swv_id=leerling.swv_id, gemeente=gebied.gemeente, leerling=leerling, school=school, schooljaar=schooljaar,
        pc4=pc4, kan_zelfstandig_reizen=kan_zelfstandig_reizen, beperking=beperking, rolstoel=rolstoel,
        alleen_reizen=alleen_reizen, max_rit_minuten=max_rit_minuten, chauffeur_info=chauffeur_info.strip()[:300],
        inkomen_boven_grens=inkomen_boven_grens, toelichting=toelichting.strip(), aangemaakt_door=rol.user)
    a.voorstel = voorstel_berekenen(a).als_dict()
    a.save()
    return a


@transaction.atomic
def voorstel_vernieuwen(rol, a: Vervoersaanvraag) -> Vervoersaanvraag:
    """Compute the proposal again (after the settings or the pupil's address changed)."""
    a = Vervoersaanvraag.objects.select_for_update().get(pk=a.pk)
    if not (is_vervoer(rol) and can(rol, "change", a)):
        raise PermissionDenied("Alleen de gemeente beoordeelt deze aanvraag.")
    if a.status != a.Status.INGEDIEND:
        raise ValidationError({"__all__": "Over deze aanvraag is al besloten: het voorstel blijft zoals het was."})
    a.voorstel = voorstel_berekenen(a).als_dict()
    a.save()
    return a


@transaction.atomic
def besluiten(rol, a: Vervoersaanvraag, *, toekennen: bool, vorm: str = "", eigen_bijdrage=None,
              motivering: str = "") -> Vervoersaanvraag:
    """The gemeente user confirms (or departs from) the proposal. A decision that departs from it needs a
    motivering; a granted right needs a form of transport."""
    a = Vervoersaanvraag.objects.select_for_update().get(pk=a.pk)
    if not (is_vervoer(rol) and can(rol, "change", a)):
        raise PermissionDenied("Alleen de gemeente van het woonadres besluit over deze aanvraag.")
    fouten = {}
    if a.status != a.Status.INGEDIEND:
        fouten["__all__"] = f"Over deze aanvraag is al besloten ({a.get_status_display().lower()})."
    vorm = vorm or (a.voorstel.get("vorm") if toekennen else Vorm.GEEN)
    if toekennen and vorm not in (Vorm.AANGEPAST, Vorm.OV, Vorm.FIETS):
        fouten["vorm"] = "Kies de vorm van het vervoer."
    if not toekennen:
        vorm = Vorm.GEEN
    bijdrage = None
    if eigen_bijdrage not in (None, ""):
        try:
            bijdrage = getal(str(eigen_bijdrage))
        except ValueError:
            fouten["eigen_bijdrage"] = "Vul een bedrag in, bijvoorbeeld 622,50."
        else:
            if bijdrage < 0 or bijdrage > Decimal("10000"):
                fouten["eigen_bijdrage"] = "Vul een bedrag van 0 tot 10.000 euro in."
    afwijkend = (toekennen != bool(a.voorstel.get("recht"))) or (toekennen and vorm != a.voorstel.get("vorm"))
    if afwijkend and not motivering.strip():
        fouten["motivering"] = "Het besluit wijkt af van het voorstel: geef de reden."
    if fouten:
        raise ValidationError(fouten)
    a.status = a.Status.TOEGEKEND if toekennen else a.Status.AFGEWEZEN
    a.vorm = vorm
    if not toekennen:
        a.eigen_bijdrage = None  # no transport, no contribution
    else:
        a.eigen_bijdrage = bijdrage if bijdrage is not None else (
            Decimal(a.voorstel["eigen_bijdrage"]) if a.voorstel.get("eigen_bijdrage") else None)
    a.motivering = motivering.strip()
    a.besloten_op, a.besloten_door = timezone.localdate(), rol.user
    a.save()
    return a


@transaction.atomic
def voertuig_opslaan(rol, voertuig: Voertuig | None, *, naam: str, zitplaatsen, rolstoelplaatsen, depot_pc4: str,
                     beschikbaar_van, beschikbaar_tot, actief: bool = True) -> Voertuig:
    if not is_vervoer(rol):
        raise PermissionDenied("Alleen de gemeente beheert de voertuigen.")
    v = voertuig or Voertuig(gemeente_id=rol.gemeente_id)
    if not can(rol, "change", v):
        raise PermissionDenied("Dit voertuig hoort bij een andere gemeente.")
    fouten = {}
    if not naam.strip():
        fouten["naam"] = "Geef het voertuig een naam."
    try:
        zitplaatsen, rolstoelplaatsen = int(zitplaatsen), int(rolstoelplaatsen or 0)
    except (TypeError, ValueError):
        fouten["zitplaatsen"] = "Vul hele getallen in."
    else:
        if not 1 <= zitplaatsen <= 60:
            fouten["zitplaatsen"] = "Een voertuig heeft 1 tot 60 zitplaatsen."
        if not 0 <= rolstoelplaatsen <= 10:
            fouten["rolstoelplaatsen"] = "Vul 0 tot 10 rolstoelplaatsen in."
    if not Postcodegebied.objects.filter(pc4=(depot_pc4 or "").strip(), lat__isnull=False).exists():
        fouten["depot_pc4"] = "Vul een bestaande postcode (4 cijfers) in."
    if beschikbaar_van and beschikbaar_tot and beschikbaar_tot <= beschikbaar_van:
        fouten["beschikbaar_tot"] = "De eindtijd moet na de begintijd liggen."
    if fouten:
        raise ValidationError(fouten)
    v.naam, v.zitplaatsen, v.rolstoelplaatsen = naam.strip(), zitplaatsen, rolstoelplaatsen
    v.depot_pc4, v.beschikbaar_van, v.beschikbaar_tot, v.actief = depot_pc4.strip(), beschikbaar_van, \
        beschikbaar_tot, actief
    v.save()
    return v


@transaction.atomic
def planning_starten(rol, *, richting: str = Routeplanning.Richting.HEEN, seconden: int = 30) -> Routeplanning:
    """Plan the routes of the granted aangepast-vervoer pupils of the gemeente, in the background (a Job)."""
    from passend.core.jobs import start_job

    if not is_vervoer(rol):
        raise PermissionDenied("Alleen de gemeente plant de routes.")
    fouten = {}
    if richting not in Routeplanning.Richting.values:
        fouten["richting"] = "Kies heen of terug."
    try:
        seconden = int(seconden)
    except (TypeError, ValueError):
        seconden = 0
    if not 1 <= seconden <= 600:
        fouten["seconden"] = "Kies een rekentijd van 1 tot 600 seconden."
    if not Voertuig.objects.filter(gemeente_id=rol.gemeente_id, actief=True).exists():
        fouten["__all__"] = "Voeg eerst voertuigen toe."
    elif not Vervoersaanvraag.objects.filter(gemeente_id=rol.gemeente_id, swv_id=rol.swv_id,
                                             status=Vervoersaanvraag.Status.TOEGEKEND, vorm=Vorm.AANGEPAST).exists():
        fouten["__all__"] = "Er zijn nog geen leerlingen met toegekend aangepast vervoer."
    if fouten:
        raise ValidationError(fouten)
    p = Routeplanning.objects.create(gemeente_id=rol.gemeente_id, swv_id=rol.swv_id, richting=richting,
                                     seconden=seconden, aangemaakt_door=rol.user)
    transaction.on_commit(lambda: _start(p, rol, start_job))
    return p


def _start(p, rol, start_job):
    job = start_job("vervoer-planning", f"Routes plannen ({p.get_richting_display().lower()})", user=rol.user,
                    swv=rol.swv, planning=p.pk)
    Routeplanning.objects.filter(pk=p.pk).update(job=job)


INSTELLING_VELDEN = ("km_drempel", "vo_alleen_met_beperking", "ov_max_minuten", "wegfactor", "ov_snelheid_kmh",
                     "snelheid_kmh", "max_rit_minuten", "inkomensgrens", "drempelbedrag", "draagkracht_km",
                     "schooltijd_begin", "schooltijd_eind", "aankomst_marge_min")


@transaction.atomic
def instellingen_opslaan(rol, **waarden) -> Vervoersinstellingen:
    """Save the verordening's settings (values already parsed by the form; checked again here)."""
    if not is_vervoer(rol):
        raise PermissionDenied("Alleen de gemeente stelt de verordening in.")
    inst = Vervoersinstellingen.voor(rol.gemeente_id)
    fouten = {}
    grenzen = {"km_drempel": (0, 50), "ov_max_minuten": (15, 240), "wegfactor": (1, 3), "ov_snelheid_kmh": (5, 80),
               "snelheid_kmh": (10, 100), "max_rit_minuten": (10, 180), "inkomensgrens": (0, 1000000),
               "drempelbedrag": (0, 10000), "draagkracht_km": (0, 200), "aankomst_marge_min": (5, 60)}
    for veld, (laag, hoog) in grenzen.items():
        if veld in waarden and waarden[veld] is not None and not laag <= Decimal(str(waarden[veld])) <= hoog:
            fouten[veld] = f"Kies een waarde van {laag} tot {hoog}."
    b, e = waarden.get("schooltijd_begin", inst.schooltijd_begin), waarden.get("schooltijd_eind", inst.schooltijd_eind)
    if b and e and e <= b:
        fouten["schooltijd_eind"] = "De school eindigt na het begin."
    if fouten:
        raise ValidationError(fouten)
    for veld in INSTELLING_VELDEN:
        if veld in waarden and waarden[veld] is not None:
            setattr(inst, veld, waarden[veld])
    inst.save()
    return inst
