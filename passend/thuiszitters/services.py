"""The one place that changes the thuiszitters register. Each function is one transaction, locks the case,
checks access and the rules, and writes a Contact (kind STAP) on the case's timeline for every step; the audit
trail records the changes through the model signals. Nothing is ever deleted.
"""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from passend.accounts.models import SWV_STAF, Rol
from passend.core.access import can
from passend.core.invoer import datum as _datum
from passend.register.models import Inschrijving, Leerling, Postcodegebied, School, actief_op

from . import regels
from .models import Actie, Categorie, Categoriestand, Contact, Melding, Partij, Reden, Uitkomst, Urenstand
from .toegang import mag_melden, melding_zichtbaar

GEEN_TOEGANG = "U heeft geen toegang tot deze melding."
AFGESLOTEN = "Deze melding is afgesloten; er kan niets meer aan veranderen."
MAX_UREN = Decimal("40")


def vandaag() -> dt.date:
    return timezone.localdate()


def _stap(m: Melding, rol, tekst: str, *, soort=Contact.Soort.STAP, datum=None, partij="") -> Contact:
    return Contact.objects.create(melding=m, datum=datum or vandaag(), soort=soort, partij=partij, verslag=tekst,
                                  user_id=getattr(rol, "user_id", None), rol=getattr(rol, "rol", "") or "")


def _lock(melding: Melding) -> Melding:
    m = Melding.objects.select_for_update().filter(pk=melding.pk).first()
    if m is None:
        raise PermissionDenied(GEEN_TOEGANG)
    return m


def _eis_wijzigen(rol, m: Melding) -> None:
    if not can(rol, "change", m):
        if melding_zichtbaar(rol, m) and not m.is_open:
            raise ValidationError(AFGESLOTEN)
        raise PermissionDenied(GEEN_TOEGANG)


def _uren(waarde, veld: str, fouten: dict, verplicht: bool = True) -> Decimal | None:
    if waarde in (None, ""):
        if verplicht:
            fouten[veld] = "Vul het aantal uren onderwijs per week in (0 als de leerling geen onderwijs krijgt)."
        return None
    try:
        uren = Decimal(str(waarde).replace(",", ".")).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        fouten[veld] = "Vul een aantal uren in, bijvoorbeeld 4 of 2,5."
        return None
    if not Decimal(0) <= uren <= MAX_UREN:
        fouten[veld] = f"Het aantal uren per week ligt tussen 0 en {MAX_UREN}."
        return None
    return uren


def _codes(waarden, keuzes, veld: str, fouten: dict, naam: str) -> list[str]:
    waarden = [w for w in (waarden or []) if w]
    onbekend = [w for w in waarden if w not in keuzes.values]
    if onbekend:
        fouten[veld] = f"Onbekende {naam}: {', '.join(onbekend)}."
    return sorted(set(waarden) - set(onbekend), key=list(keuzes.values).index)


def casushouders(swv_id):
    """Who can hold a case: users with an active role of SWV staff, school or leerplicht in this SWV."""
    from passend.accounts.models import User

    return User.objects.filter(
        rollen__swv_id=swv_id, rollen__actief=True, rollen__rol__in=[*SWV_STAF, Rol.SCHOOL, Rol.LEERPLICHT],
        is_active=True,
    ).distinct().order_by("first_name", "last_name", "username")


def gemeente_van(leerling: Leerling | None, school: School | None):
    """The pupil's gemeente: from the PC4 of the home address, else the school's gemeente."""
    if leerling is not None and len(leerling.postcode or "") >= 4:
        gebied = Postcodegebied.objects.filter(pc4=leerling.postcode[:4]).select_related("gemeente").first()
        if gebied is not None and gebied.gemeente_id:
            return gebied.gemeente
    return school.gemeente if school is not None else None


def _inschrijving_op(leerling: Leerling, d: dt.date):
    """The pupil's enrolment on day `d`: begun on or before it and not ended before it (actief_op alone does not
    look at the begin date, and `d` may lie in the past)."""
    return (Inschrijving.objects.filter(leerling=leerling, begindatum__lte=d).filter(actief_op(d))
            .select_related("school")
            .order_by("-begindatum").first())


def _eis_inschrijving(categorie: str, inschrijving, school: School | None, *, op: dt.date | None = None) -> None:
    """Does the category fit the pupil's enrolment? Absoluut verzuim is a pupil who is not enrolled, relatief
    verzuim a pupil who is (domain.md section 5: https://www.assen.nl/vac/wat-is-ongeoorloofd-verzuim,
    kst-26695-108). `inschrijving`: the active one on the day the category applies from (_inschrijving_op);
    `school`: the school of enrolment (when reporting the one chosen, else the one of `inschrijving`). Raises
    ValidationError with a Dutch message; used both when reporting and when the category of a case changes.

    When reporting (`op` None) a missing school is an error on the school field, to choose it; when the category
    of a case changes (`op`: the day the new category applies from) there is no school to choose, so it is an
    error on the category."""
    if categorie == Categorie.RELATIEF and school is None:
        if op is None:
            raise ValidationError({"school": "Bij relatief verzuim is de leerling ingeschreven: kies de school."})
        raise ValidationError({"categorie": f"Bij relatief verzuim is de leerling ingeschreven, maar op {op:%d-%m-%Y} "
                                            "staat de leerling op geen school ingeschreven. Kies absoluut verzuim, "
                                            "of de dag waarop de leerling wel ingeschreven stond."})
    if categorie == Categorie.ABSOLUUT and inschrijving is not None:
        op_dag = f" op {op:%d-%m-%Y}" if op is not None else ""
        raise ValidationError({"categorie": f"De leerling staat{op_dag} ingeschreven op {inschrijving.school.naam}: "
                                            "dat is relatief verzuim, geen absoluut verzuim."})


def _nummer(swv, jaar: int) -> str:
    prefix = f"TZ-{swv.code}-{jaar}-"
    laatste = Melding.objects.filter(nummer__startswith=prefix).aggregate(m=Max("nummer"))["m"]
    volgend = int(laatste.rsplit("-", 1)[1]) + 1 if laatste else 1
    return f"{prefix}{volgend:04d}"


@transaction.atomic
def melding_registreren(rol, *, categorie: str, startdatum, leerling: Leerling | None = None,
                        nieuwe_leerling: dict | None = None, uren_onderwijs=0, redenen=(), reden_anders: str = "",
                        partijen=(), casushouder=None, school: School | None = None, toelichting: str = "") -> Melding:
    """Report a pupil as (threatened) thuiszitter. A school reports a pupil it can see; SWV staff any pupil of the
    SWV; leerplicht reports a pupil of its gemeente, usually one not enrolled anywhere (a new record: name, date of
    birth, postcode), since leerplicht does not search the pupil register.

    Relatief verzuim needs the school of enrolment; absoluut verzuim means not enrolled. One open case per pupil."""
    if not mag_melden(rol):
        raise PermissionDenied("U kunt geen thuiszitter melden.")
    fouten: dict = {}
    if categorie not in Categorie.values:
        fouten["categorie"] = "Kies de categorie: absoluut verzuim, relatief verzuim, een vrijstelling of dreigend."
    start = _datum(startdatum, "startdatum")
    if start > vandaag():
        fouten["startdatum"] = "De startdatum ligt in de toekomst."
    uren = _uren(uren_onderwijs, "uren_onderwijs", fouten)
    redenen = _codes(redenen, Reden, "redenen", fouten, "reden")
    if Reden.ANDERS in redenen and not (reden_anders or "").strip():
        fouten["reden_anders"] = "Beschrijf de andere reden."
    partijen = _codes(partijen, Partij, "partijen", fouten, "partij")
    if (leerling is None) == (not nieuwe_leerling):
        fouten["leerling"] = "Kies een bekende leerling of vul de gegevens van een nieuwe leerling in."
    if leerling is not None and rol.rol == Rol.LEERPLICHT:
        fouten["leerling"] = "Leerplicht meldt met de gegevens van de leerling (naam, geboortedatum, postcode)."
    if fouten:
        raise ValidationError(fouten)

    if leerling is None:
        leerling = Leerling(swv_id=rol.swv_id, **{k: v for k, v in nieuwe_leerling.items() if v is not None})
        try:
            leerling.full_clean()
        except ValidationError as e:
            raise ValidationError({f"leerling_{k}": v for k, v in e.message_dict.items()}) from None
        leerling.save()
    elif leerling.swv_id != rol.swv_id or not can(rol, "view", leerling):
        raise PermissionDenied("U kunt deze leerling niet kiezen.")
    if Melding.objects.filter(leerling=leerling, einddatum__isnull=True).exists():
        raise ValidationError({"leerling": "Voor deze leerling loopt al een thuiszittersmelding. Vul die aan."})

    inschrijving = _inschrijving_op(leerling, min(start, vandaag()))
    if school is None and inschrijving is not None:
        school = inschrijving.school
    if rol.rol == Rol.SCHOOL:
        mijn = set(rol.scholen.values_list("pk", flat=True))
        if school is None and len(mijn) == 1:
            school = School.objects.get(pk=next(iter(mijn)))
        if school is None or school.pk not in mijn:
            raise ValidationError({"school": "Kies de eigen school van de leerling."})
    _eis_inschrijving(categorie, inschrijving, school)
    gemeente = gemeente_van(leerling, school)
    if rol.rol == Rol.LEERPLICHT:
        gemeente = rol.gemeente
    if casushouder is not None and not casushouders(rol.swv_id).filter(pk=casushouder.pk).exists():
        raise ValidationError({"casushouder": "Kies als casushouder iemand van het samenwerkingsverband, de school of "
                                              "leerplicht."})
    m = Melding(
        swv_id=rol.swv_id, nummer=_nummer(leerling.swv, start.year), leerling=leerling, categorie=categorie,
        startdatum=start, duur_sinds=start, uren_onderwijs=uren, redenen=redenen,
        reden_anders=(reden_anders or "").strip()[:300],
        partijen=partijen, school=school, gemeente=gemeente, casushouder=casushouder,
        toelichting=(toelichting or "").strip(), leeftijd_bij_start=regels.leeftijd(leerling.geboortedatum, start),
        schoolsoort=(school.soort if school else (inschrijving.school.soort if inschrijving else "")),
        gemeld_door_id=rol.user_id, gemeld_door_rol=rol.rol,
    )
    m.full_clean()
    m.save()
    _urenstand(m, rol, start, uren)
    _categoriestand(m, rol, start, categorie)
    _stap(m, rol, f"Gemeld als {m.get_categorie_display().lower()} door {rol.get_rol_display().lower()}; "
                  f"zonder (volledig) onderwijs sinds {start:%d-%m-%Y}")
    return m


def _urenstand(m: Melding, rol, vanaf: dt.date, uren: Decimal) -> Urenstand:
    return Urenstand.objects.create(melding=m, geldig_vanaf=vanaf, uren=uren, door_id=getattr(rol, "user_id", None),
                                    rol=getattr(rol, "rol", "") or "")


def _categoriestand(m: Melding, rol, vanaf: dt.date, categorie: str) -> Categoriestand:
    return Categoriestand.objects.create(melding=m, geldig_vanaf=vanaf, categorie=categorie,
                                         door_id=getattr(rol, "user_id", None), rol=getattr(rol, "rol", "") or "")


def _ingangsdatum(waarde, veld: str, m: Melding, laatste: dt.date | None, fouten: dict, *, toekomst: str,
                  voor_start: str, eerder: str) -> dt.date | None:
    """The day a change takes effect (default today): not in the future, not before the start date, not before
    the last recorded change of the same kind. A wrong date goes into `fouten` under `veld`."""
    try:
        sinds = _datum(waarde, veld, False) or vandaag()
    except ValidationError as e:
        fouten[veld] = e.messages[0]
        return None
    if sinds > vandaag():
        fouten[veld] = toekomst
    elif sinds < m.startdatum:
        fouten[veld] = f"{voor_start} ({m.startdatum:%d-%m-%Y})."
    elif laatste is not None and sinds < laatste:
        fouten[veld] = f"{eerder} {laatste:%d-%m-%Y}; kies die dag of een latere dag."
    return sinds


def _laatste(standen) -> dt.date | None:
    return standen.order_by("-geldig_vanaf", "-pk").values_list("geldig_vanaf", flat=True).first()


def duur_sinds_van(m: Melding) -> dt.date:
    """The day the case's duration counts from now (regels.duur_vanaf over its recorded categories)."""
    standen = list(m.categoriestanden.order_by("geldig_vanaf", "pk").values_list("geldig_vanaf", "categorie"))
    laatste = max([vandaag(), *(d for d, _ in standen)])
    return regels.duur_vanaf(m.startdatum, standen, laatste)


def _uren_tekst(uren: Decimal) -> str:
    return f"{uren.normalize():f}".replace(".", ",")


BEWERKBAAR = ("categorie", "uren_onderwijs", "redenen", "reden_anders", "partijen", "casushouder", "toelichting")


@transaction.atomic
def melding_bijwerken(rol, melding: Melding, *, uren_sinds=None, categorie_sinds=None, **velden) -> Melding:
    """Change the case's category, hours, reasons, parties, case holder or note while it is open.

    A change of hours or of category is kept with its date (`uren_sinds`, `categorie_sinds`, default today; not
    in the future, not before the start nor before the last recorded change of the same kind): the quarterly
    report and the dashboard read the hours and the category valid on their reference date (rapport.uren_op,
    rapport.categorie_op), and the duration counts from the day regels.duur_vanaf gives (Melding.duur_sinds)."""
    m = _lock(melding)
    oud_uren, oud_categorie = m.uren_onderwijs, m.categorie
    _eis_wijzigen(rol, m)
    onbekend = set(velden) - set(BEWERKBAAR)
    if onbekend:
        raise ValidationError(f"Onbekende velden: {', '.join(sorted(onbekend))}.")
    fouten: dict = {}
    if "categorie" in velden and velden["categorie"] not in Categorie.values:
        fouten["categorie"] = "Kies een categorie uit de lijst."
    if "uren_onderwijs" in velden:
        velden["uren_onderwijs"] = _uren(velden["uren_onderwijs"], "uren_onderwijs", fouten)
    if "redenen" in velden:
        velden["redenen"] = _codes(velden["redenen"], Reden, "redenen", fouten, "reden")
    if "partijen" in velden:
        velden["partijen"] = _codes(velden["partijen"], Partij, "partijen", fouten, "partij")
    redenen = velden.get("redenen", m.redenen)
    anders = velden.get("reden_anders", m.reden_anders)
    if Reden.ANDERS in redenen and not (anders or "").strip():
        fouten["reden_anders"] = "Beschrijf de andere reden."
    if velden.get("casushouder") is not None and not casushouders(m.swv_id).filter(pk=velden["casushouder"].pk).exists():
        fouten["casushouder"] = "Kies als casushouder iemand van het samenwerkingsverband, de school of leerplicht."
    uren_nieuw = velden.get("uren_onderwijs") is not None and velden["uren_onderwijs"] != m.uren_onderwijs
    sinds = categorie_vanaf = None
    if uren_nieuw:
        sinds = _ingangsdatum(uren_sinds, "uren_sinds", m, _laatste(m.urenstanden), fouten,
                              toekomst="De datum waarop de uren ingaan ligt in de toekomst.",
                              voor_start="De uren kunnen niet ingaan voor de startdatum",
                              eerder="De uren zijn al gewijzigd per")
    categorie_nieuw = ("categorie" not in fouten and velden.get("categorie") is not None
                       and velden["categorie"] != m.categorie)
    if categorie_nieuw:
        categorie_vanaf = _ingangsdatum(
            categorie_sinds, "categorie_sinds", m, _laatste(m.categoriestanden), fouten,
            toekomst="De datum waarop de nieuwe categorie ingaat ligt in de toekomst.",
            voor_start="De nieuwe categorie kan niet ingaan voor de startdatum",
            eerder="De categorie is al gewijzigd per")
    if fouten:
        raise ValidationError(fouten)
    if categorie_nieuw:
        # The same enrolment check as when reporting, on the day the new category applies from.
        inschrijving = _inschrijving_op(m.leerling, categorie_vanaf) if m.leerling_id else None
        _eis_inschrijving(velden["categorie"], inschrijving, inschrijving.school if inschrijving else None,
                          op=categorie_vanaf)
    if velden.get("categorie") == Categorie.RELATIEF and m.school_id is None:
        raise ValidationError({"categorie": "Bij relatief verzuim is de leerling ingeschreven; deze melding heeft geen school."})
    gewijzigd = []
    for veld, waarde in velden.items():
        if isinstance(waarde, str):
            waarde = waarde.strip()
        if getattr(m, veld) != waarde:
            setattr(m, veld, waarde)
            gewijzigd.append(Melding._meta.get_field(veld).verbose_name)
    if gewijzigd:
        if categorie_nieuw:
            _categoriestand(m, rol, categorie_vanaf, m.categorie)
            m.duur_sinds = duur_sinds_van(m)
        m.full_clean()
        m.save()
        tekst = "Melding bijgewerkt: " + ", ".join(str(g) for g in gewijzigd)
        if categorie_nieuw:
            tekst += (f" (categorie van {Categorie(oud_categorie).label.lower()} naar "
                      f"{m.get_categorie_display().lower()}, vanaf {categorie_vanaf:%d-%m-%Y})")
        if uren_nieuw:
            _urenstand(m, rol, sinds, m.uren_onderwijs)
            tekst += (f" (uren onderwijs per week van {_uren_tekst(Decimal(oud_uren))} naar "
                      f"{_uren_tekst(m.uren_onderwijs)}, vanaf {sinds:%d-%m-%Y})")
        _stap(m, rol, tekst)
    return m


@transaction.atomic
def contact_toevoegen(rol, melding: Melding, *, datum, soort: str, verslag: str, partij: str = "") -> Contact:
    """Record a contact or step on the case's timeline (by anyone who works on the case)."""
    m = _lock(melding)
    _eis_wijzigen(rol, m)
    d = _datum(datum, "datum")
    fouten = {}
    if d > vandaag():
        fouten["datum"] = "De datum ligt in de toekomst."
    if d < m.startdatum - dt.timedelta(days=365):
        fouten["datum"] = "De datum ligt ruim voor de start van de melding."
    if soort not in Contact.Soort.values or soort == Contact.Soort.STAP:
        fouten["soort"] = "Kies wat voor contact het was."
    if partij and partij not in Partij.values:
        fouten["partij"] = "Kies een partij uit de lijst."
    if not (verslag or "").strip():
        fouten["verslag"] = "Schrijf kort wat er is besproken of gedaan."
    if fouten:
        raise ValidationError(fouten)
    if soort == Contact.Soort.TAFEL and rol.rol not in SWV_STAF:
        raise ValidationError({"soort": "Het thuiszittersoverleg legt het samenwerkingsverband vast."})
    c = Contact.objects.create(melding=m, datum=d, soort=soort, partij=partij, verslag=verslag.strip(),
                               user_id=rol.user_id, rol=rol.rol)
    if soort == Contact.Soort.TAFEL and m.tafel_op is None:
        m.tafel_op = d
        m.save(update_fields=["tafel_op"])
    return c


@transaction.atomic
def actie_toevoegen(rol, melding: Melding, *, omschrijving: str, eigenaar: str, uiterlijk, partij: str = "") -> Actie:
    """Add an action to the plan of approach: what, who, by when."""
    m = _lock(melding)
    _eis_wijzigen(rol, m)
    fouten = {}
    if not (omschrijving or "").strip():
        fouten["omschrijving"] = "Beschrijf de actie."
    if not (eigenaar or "").strip():
        fouten["eigenaar"] = "Schrijf wie de actie uitvoert."
    if partij and partij not in Partij.values:
        fouten["partij"] = "Kies een partij uit de lijst."
    d = _datum(uiterlijk, "uiterlijk")
    if d < m.startdatum:
        fouten["uiterlijk"] = "De datum ligt voor de start van de melding."
    if fouten:
        raise ValidationError(fouten)
    a = Actie.objects.create(melding=m, omschrijving=omschrijving.strip()[:300], eigenaar=eigenaar.strip()[:150],
                             partij=partij, uiterlijk=d, aangemaakt_door_id=rol.user_id)
    _stap(m, rol, f"Actie in het plan van aanpak: {a.omschrijving} ({a.eigenaar}, uiterlijk {d:%d-%m-%Y})")
    return a


@transaction.atomic
def actie_afronden(rol, actie: Actie, *, datum=None) -> Actie:
    a = Actie.objects.select_for_update().select_related("melding").filter(pk=actie.pk).first()
    if a is None or not can(rol, "change", a):
        if a is not None and melding_zichtbaar(rol, a.melding) and not a.melding.is_open:
            raise ValidationError(AFGESLOTEN)
        raise PermissionDenied(GEEN_TOEGANG)
    if a.gedaan_op is not None:
        raise ValidationError("Deze actie is al afgerond.")
    d = _datum(datum, "datum", False) or vandaag()
    if d > vandaag():
        raise ValidationError({"datum": "De datum ligt in de toekomst."})
    a.gedaan_op = d
    a.save(update_fields=["gedaan_op"])
    _stap(a.melding, rol, f"Actie afgerond: {a.omschrijving}")
    return a


@transaction.atomic
def naar_tafel(rol, melding: Melding, *, datum=None, verslag: str = "") -> Melding:
    """The SWV puts the case on the thuiszittersoverleg (thuiszitterstafel)."""
    m = _lock(melding)
    _eis_wijzigen(rol, m)
    if rol.rol not in SWV_STAF:
        raise PermissionDenied("Het samenwerkingsverband brengt een casus in het thuiszittersoverleg.")
    if m.tafel_op is not None:
        raise ValidationError(f"Deze casus is al op {m.tafel_op:%d-%m-%Y} in het thuiszittersoverleg gebracht.")
    d = _datum(datum, "datum", False) or vandaag()
    if d > vandaag() + dt.timedelta(days=60):
        raise ValidationError({"datum": "Kies een datum binnen twee maanden."})
    m.tafel_op = d
    m.save(update_fields=["tafel_op"])
    _stap(m, rol, (verslag or "").strip() or "Ingebracht in het thuiszittersoverleg", soort=Contact.Soort.TAFEL,
          datum=min(d, vandaag()), partij=Partij.SWV)
    return m


@transaction.atomic
def beeindigen(rol, melding: Melding, *, einddatum, uitkomst: str, school: School | None = None, uren=None,
               toelichting: str = "") -> Melding:
    """End the case with its outcome (SWV staff or leerplicht). The case stays in the register for good."""
    m = _lock(melding)
    _eis_wijzigen(rol, m)
    if rol.rol not in (*SWV_STAF, Rol.LEERPLICHT):
        raise PermissionDenied("Het samenwerkingsverband of leerplicht sluit een melding af.")
    fouten: dict = {}
    eind = _datum(einddatum, "einddatum")
    if eind > vandaag():
        fouten["einddatum"] = "De einddatum ligt in de toekomst."
    elif eind < m.startdatum:
        fouten["einddatum"] = f"De einddatum ligt voor de startdatum ({m.startdatum:%d-%m-%Y})."
    elif (gewijzigd := _laatste(m.categoriestanden)) is not None and eind < gewijzigd:
        fouten["einddatum"] = (f"De categorie is gewijzigd per {gewijzigd:%d-%m-%Y}; de einddatum kan niet eerder "
                               "liggen. Kies die dag of een latere dag.")
    elif (gewijzigd := _laatste(m.urenstanden)) is not None and eind < gewijzigd:
        fouten["einddatum"] = (f"Het aantal uren onderwijs is gewijzigd per {gewijzigd:%d-%m-%Y}; de einddatum kan "
                               "niet eerder liggen. Kies die dag of een latere dag.")
    if uitkomst not in Uitkomst.values:
        fouten["uitkomst"] = "Kies hoe de melding eindigt."
    u = _uren(uren, "uren", fouten, verplicht=uitkomst == Uitkomst.TERUG_OP_SCHOOL)
    if uitkomst == Uitkomst.TERUG_OP_SCHOOL and school is None:
        fouten["school"] = "Kies de school waar de leerling weer naar toe gaat."
    if uitkomst in (Uitkomst.ANDERS, Uitkomst.ZORG, Uitkomst.ANDER_ONDERWIJS) and not (toelichting or "").strip():
        fouten["toelichting"] = "Schrijf kort waar de leerling nu onderwijs of zorg krijgt."
    if fouten:
        raise ValidationError(fouten)
    m.einddatum, m.uitkomst, m.uitkomst_school, m.uitkomst_uren = eind, uitkomst, school, u
    m.uitkomst_toelichting = (toelichting or "").strip()
    m.full_clean()
    m.save()
    waar = f" ({school.naam}, {u} uur per week)" if school is not None else ""
    _stap(m, rol, f"Afgesloten per {eind:%d-%m-%Y}: {m.get_uitkomst_display().lower()}{waar}", datum=min(eind, vandaag()))
    return m


def leerlingen_van(rol):
    """The pupils this role may pick when reporting (not for leerplicht: it reports with the pupil's data)."""
    from passend.core.access import visible

    if rol is None or rol.rol == Rol.LEERPLICHT:
        return Leerling.objects.none()
    return visible(rol, Leerling)


