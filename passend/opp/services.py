"""The one place that changes OPP's. Each function is one transaction, checks access on the objects themselves
and the rules (regels.py); the audit trail records every change through the model signals.

A set version (vastgesteld) is never changed: adjusting the OPP means a new version (a copy of the last one),
which is set again after a new discussion with the parents (OOGO).
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from passend.accounts.models import Rol
from passend.audit.services import record
from passend.core.access import can
from passend.core.invoer import datum as _datum
from passend.register.models import Leerling, OuderKind, School, Soort

from .models import Aanleiding, Evaluatie, Instemming, Mening, Opp, OppVersie

VERSIE_VELDEN = (
    "uitstroombestemming", "onderbouwing", "belemmerende_factoren", "bevorderende_factoren", "ondersteuning",
    "afwijkingen", "doelen", "zienswijze_leerling", "oogo_op", "oogo_verslag",
)
MAX_PDF = 20 * 1024 * 1024
# School types where the 6 weeks always start at enrolment: the pupil is there because of the support
# (domain.md section 3: "within 6 weeks after inschrijving"). Only regular schools follow the SWV's setting.
SPECIAAL = (Soort.SBO, Soort.SO, Soort.VSO, Soort.SO_VSO)


def vandaag() -> dt.date:
    return timezone.localdate()




def ontbrekend(v: OppVersie) -> list[str]:
    """What a version still lacks before it can be set (the contents the AMvB requires, domain.md §3, plus the
    pupil's view and the discussion with the parents)."""
    mist = []
    if not v.uitstroombestemming:
        mist.append("de verwachte uitstroombestemming")
    if not v.onderbouwing.strip():
        mist.append("de onderbouwing van de uitstroombestemming")
    if not v.belemmerende_factoren.strip():
        mist.append("de belemmerende factoren")
    if not v.bevorderende_factoren.strip():
        mist.append("de bevorderende factoren")
    if not v.ondersteuning.strip():
        mist.append("de te bieden begeleiding en ondersteuning (handelingsdeel)")
    if not v.doelen.strip():
        mist.append("de doelen (handelingsdeel)")
    if not v.zienswijze_leerling.strip():
        mist.append("de zienswijze van de leerling (schrijf zo nodig waarom die ontbreekt)")
    if v.oogo_op is None:
        mist.append("de datum van het gesprek met de ouders (OOGO)")
    return mist


@transaction.atomic
def opp_aanmaken(rol, *, leerling: Leerling, school: School, aanleiding: str, aanleiding_datum,
                 contactpersoon=None) -> Opp:
    """Start an OPP (with a first concept version) for a pupil at one of the role's schools."""
    if rol is None or rol.rol != Rol.SCHOOL or not rol.scholen.filter(pk=school.pk).exists():
        raise PermissionDenied("Alleen de school stelt een OPP op, voor een leerling van de eigen school.")
    if not can(rol, "view", leerling) or not leerling.inschrijvingen.filter(school=school, einddatum__isnull=True).exists():
        raise PermissionDenied("De leerling staat niet op deze school ingeschreven.")
    fouten = {}
    if aanleiding not in Aanleiding.values:
        fouten["aanleiding"] = "Kies wat de termijn van 6 weken start."
    elif school.soort in SPECIAAL and aanleiding != Aanleiding.INSCHRIJVING:
        fouten["aanleiding"] = ("In het speciaal (basis)onderwijs start de termijn van 6 weken altijd bij de "
                                "inschrijving. Kies de inschrijving en de datum van inschrijving.")
    datum = _datum(aanleiding_datum, "aanleiding_datum")
    if datum > vandaag():
        fouten["aanleiding_datum"] = "Deze datum ligt in de toekomst."
    if Opp.objects.filter(leerling=leerling, school=school, beeindigd_op__isnull=True).exists():
        fouten["leerling"] = "Deze leerling heeft op deze school al een lopend OPP."
    if fouten:
        raise ValidationError(fouten)
    opp = Opp.objects.create(swv_id=rol.swv_id, leerling=leerling, school=school, aanleiding=aanleiding,
                             aanleiding_datum=datum, contactpersoon=contactpersoon, aangemaakt_door_id=rol.user_id)
    OppVersie.objects.create(opp=opp, nummer=1)
    return opp


@transaction.atomic
def versie_bijwerken(rol, versie: OppVersie, **velden) -> OppVersie:
    v = OppVersie.objects.select_for_update().filter(pk=versie.pk).first()
    if v is None or not can(rol, "change", v):
        raise PermissionDenied("Deze versie kan niet (meer) worden gewijzigd: een vastgestelde versie blijft zoals hij is.")
    for veld in VERSIE_VELDEN:
        if veld in velden:
            setattr(v, veld, velden[veld] if velden[veld] is not None else ("" if veld != "oogo_op" else None))
    if v.oogo_op and v.oogo_op > vandaag():
        raise ValidationError({"oogo_op": "Het gesprek met ouders ligt in de toekomst."})
    v.full_clean()
    v.save()
    return v


@transaction.atomic
def vaststellen(rol, versie: OppVersie, *, datum=None) -> OppVersie:
    """Set a complete concept version. From then on it is read-only; parents can give consent on it."""
    v = OppVersie.objects.select_for_update().filter(pk=versie.pk).first()
    if v is None or not can(rol, "change", v):
        raise PermissionDenied("Alleen de school stelt een conceptversie vast.")
    mist = ontbrekend(v)
    if mist:
        raise ValidationError("Het OPP is nog niet compleet. Nog nodig: " + "; ".join(mist) + ".")
    d = _datum(datum, "datum", verplicht=False) or vandaag()
    if d > vandaag():
        raise ValidationError({"datum": "Vaststellen kan niet in de toekomst."})
    v.status = OppVersie.Status.VASTGESTELD
    v.vastgesteld_op = d
    v.vastgesteld_door_id = rol.user_id
    v.save()
    return v


@transaction.atomic
def nieuwe_versie(rol, opp: Opp) -> OppVersie:
    """Start adjusting: a concept copy of the last set version (only one concept at a time)."""
    o = Opp.objects.select_for_update().filter(pk=opp.pk).first()
    if o is None or not can(rol, "change", o):
        raise PermissionDenied("Alleen de school past een OPP aan.")
    if o.versies.filter(status=OppVersie.Status.CONCEPT).exists():
        raise ValidationError("Er is al een conceptversie; werk die bij.")
    laatste = o.versies.filter(status=OppVersie.Status.VASTGESTELD).order_by("-nummer").first()
    nummer = (o.versies.order_by("-nummer").values_list("nummer", flat=True).first() or 0) + 1
    nieuw = OppVersie(opp=o, nummer=nummer)
    if laatste is not None:
        for veld in VERSIE_VELDEN:
            setattr(nieuw, veld, getattr(laatste, veld))
        nieuw.oogo_op = None  # an adjustment needs a new discussion with the parents
        nieuw.oogo_verslag = ""
    nieuw.save()
    return nieuw


@transaction.atomic
def instemming_geven(rol, versie: OppVersie, *, besluit: str, toelichting: str = "") -> Instemming:
    """A parent gives or withholds consent on the handelingsdeel of a set version; per parent, recorded with
    who, when and whether they have gezag. Without consent the school still provides the support."""
    v = OppVersie.objects.select_for_update().select_related("opp").filter(pk=versie.pk).first()
    if v is None or rol is None or rol.rol != Rol.OUDER or not can(rol, "view", v):
        raise PermissionDenied("Alleen een ouder van deze leerling kan instemmen.")
    if v.status != OppVersie.Status.VASTGESTELD:
        raise ValidationError("U kunt instemmen zodra de school deze versie heeft vastgesteld.")
    if besluit not in Instemming.Besluit.values:
        raise ValidationError({"besluit": "Kies of u wel of niet instemt met het handelingsdeel."})
    relatie = (OuderKind.objects.select_related("ouder").filter(leerling_id=v.opp.leerling_id, ouder__user_id=rol.user_id)
               .order_by("-heeft_gezag", "pk").first())
    if relatie is None:
        raise PermissionDenied("Alleen een ouder van deze leerling kan instemmen.")
    if not relatie.heeft_gezag:
        raise ValidationError("Instemmen kan alleen een ouder met gezag.")
    inst, _ = Instemming.objects.update_or_create(
        versie=v, ouder=relatie.ouder,
        defaults={"heeft_gezag": True, "user_id": rol.user_id, "op": timezone.now(), "besluit": besluit,
                  "toelichting": toelichting.strip()},
    )
    return inst


MENING_MAX = 5000


@transaction.atomic
def mening_geven(rol, opp: Opp, *, tekst: str) -> Mening:
    """The pupil, in their own account, gives their view on their OPP (hoorrecht, Kamerstuk 36443). It goes to
    the school, which takes it into the pupil's view in the next version. Kept as given: a new view is a new
    row, the earlier ones stay."""
    o = Opp.objects.select_for_update().filter(pk=opp.pk).first()
    if o is None or rol is None or rol.rol != Rol.LEERLING or not can(rol, "view", o):
        raise PermissionDenied("Alleen de leerling zelf kan hier zijn of haar mening geven.")
    if o.beeindigd_op is not None:
        raise ValidationError("Dit OPP is afgesloten. Je kunt er geen mening meer over geven.")
    tekst = (tekst or "").strip()
    if not tekst:
        raise ValidationError({"tekst": "Schrijf je mening op voordat je hem verstuurt."})
    if len(tekst) > MENING_MAX:
        raise ValidationError({"tekst": f"Je mening is te lang: maximaal {MENING_MAX} tekens."})
    return Mening.objects.create(opp=o, versie=huidige_versie(o), user_id=rol.user_id, tekst=tekst)


@transaction.atomic
def evaluatie_toevoegen(rol, opp: Opp, *, datum, verslag: str, met_ouders: bool = True,
                        bijstelling_nodig: bool = False) -> Evaluatie:
    o = Opp.objects.select_for_update().filter(pk=opp.pk).first()
    if o is None or not can(rol, "change", o):
        raise PermissionDenied("Alleen de school evalueert het OPP.")
    d = _datum(datum, "datum")
    fouten = {}
    if d > vandaag():
        fouten["datum"] = "De evaluatie ligt in de toekomst."
    if not o.versies.filter(status=OppVersie.Status.VASTGESTELD).exists():
        fouten["datum"] = "Evalueren kan als er een vastgestelde versie is."
    if len(verslag.strip()) < 10:
        fouten["verslag"] = "Schrijf wat er uit de evaluatie kwam."
    if fouten:
        raise ValidationError(fouten)
    return Evaluatie.objects.create(opp=o, datum=d, verslag=verslag.strip(), met_ouders=bool(met_ouders),
                                    bijstelling_nodig=bool(bijstelling_nodig), door_id=rol.user_id)


@transaction.atomic
def extern_opp_toevoegen(rol, opp: Opp, upload) -> Opp:
    """Attach an OPP made elsewhere (PDF), while there is no set version in Passend yet."""
    o = Opp.objects.select_for_update().filter(pk=opp.pk).first()
    if o is None or not can(rol, "change", o):
        raise PermissionDenied("Alleen de school voegt een OPP toe.")
    if o.versies.filter(status=OppVersie.Status.VASTGESTELD).exists():
        raise ValidationError("Er is al een vastgesteld OPP in Passend.")
    naam = (getattr(upload, "name", "") or "").lower()
    if not naam.endswith(".pdf"):
        raise ValidationError({"bestand": "Voeg het OPP toe als PDF."})
    if upload.size == 0 or upload.size > MAX_PDF:
        raise ValidationError({"bestand": "Het bestand is leeg of groter dan 20 MB."})
    kop = upload.read(5)
    upload.seek(0)
    if kop != b"%PDF-":
        raise ValidationError({"bestand": "Dit bestand is geen PDF."})
    o.extern_bestand.save(f"opp-{o.pk}.pdf", upload, save=False)
    o.save()
    record("update", o, velden=["extern_bestand"], omschrijving="OPP van buiten Passend toegevoegd (PDF)")
    return o


@transaction.atomic
def opp_beeindigen(rol, opp: Opp, *, datum=None) -> Opp:
    o = Opp.objects.select_for_update().filter(pk=opp.pk).first()
    if o is None or not can(rol, "change", o):
        raise PermissionDenied("Alleen de school beëindigt het OPP.")
    o.beeindigd_op = _datum(datum, "datum", verplicht=False) or vandaag()
    o.save()
    return o


def huidige_versie(opp: Opp) -> OppVersie | None:
    """The last set version (what applies now), or None."""
    return opp.versies.filter(status=OppVersie.Status.VASTGESTELD).order_by("-nummer").first()
