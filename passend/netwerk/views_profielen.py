"""Pages of the region's offer: the list of needs, the ondersteuningsplan, the school support profiles (list,
compare, export, one profile, edit) and the settings of the dekkend netwerk.

Everything here describes schools, not pupils: every role of the SWV reads it. Who changes what is toegang.py's;
every write goes through services.py (which checks again and saves nothing on an error)."""

import datetime as dt
from collections import Counter, defaultdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from passend.accounts.models import Rol
from passend.audit.services import record
from passend.core.access import can, get_or_refuse, school_ids, visible
from passend.core.ui import fouten_naar_form, opties, pagineer, rol_vereist
from passend.register.maps import BRON, locatiekaart
from passend.register.models import School, Soort
from passend.toewijzing import export

from . import gegevens, regels, services
from .forms_profielen import BehoefteForm, InstellingenForm, PlanForm, ProfielFilter, ProfielForm
from .gegevens import REGULIER
from .models import Aanbod, Behoefte, Netwerkinstellingen, Niveau, Ondersteuningsplan, Schoolprofiel
from .toegang import PROFIEL_STAF

PER_PAGINA = 25

STATUS_LABELS = {
    "ontbreekt": "Geen profiel",
    "geldig": "Geldig",
    "verloopt": "Verloopt binnenkort",
    "verlopen": "Verlopen",
    "toekomst": "Nog niet ingegaan",
}
STATUS_KLASSE = {"ontbreekt": "fout", "geldig": "goed", "verloopt": "let-op", "verlopen": "fout", "toekomst": ""}
NIVEAU_KORT = {Niveau.BASIS: "basis", Niveau.EXTRA: "extra", Niveau.SPECIALISTISCH: "specialistisch"}
SPECIAAL = (Soort.SO, Soort.VSO, Soort.SO_VSO)


def _vandaag() -> dt.date:
    return timezone.localdate()


def _status(van, tot, op) -> dict:
    code = regels.status_periode(van, tot, op)
    return {"code": code, "label": STATUS_LABELS[code], "klasse": STATUS_KLASSE[code]}


GEEN_PROFIEL = {"code": "ontbreekt", "label": STATUS_LABELS["ontbreekt"], "klasse": STATUS_KLASSE["ontbreekt"]}


def _school_of_404(rol, school_id: int) -> School:
    """A school of the SWV's region, one with a profile in this SWV, or a special school (SO/VSO serve several
    SWV's, so any SWV may describe one); other schools do not exist for this SWV's pages."""
    school = School.objects.filter(pk=school_id).first()
    if school is None:
        raise Http404("Deze school bestaat niet.")
    if school.is_speciaal or gegevens.regio_scholen(rol.swv).filter(pk=school.pk).exists():
        return school
    raise Http404("Deze school hoort niet bij uw samenwerkingsverband.")


def _basis_ids(plan) -> set[int]:
    return set(plan.basis_behoeften.values_list("pk", flat=True)) if plan else set()


# ------------------------------------------------------------------------------------------------------------
# Needs
# ------------------------------------------------------------------------------------------------------------

@rol_vereist
@require_http_methods(["GET", "HEAD", "POST"])
def behoeften(request):
    rol = request.rol
    mag_toevoegen = rol.rol in PROFIEL_STAF
    form = BehoefteForm()
    if request.method == "POST":
        if not mag_toevoegen:
            raise PermissionDenied("Alleen medewerkers van het samenwerkingsverband vullen de lijst aan.")
        form = BehoefteForm(request.POST)
        if form.is_valid():
            try:
                b = services.behoefte_toevoegen(rol, **form.cleaned_data)
            except ValidationError as fout:
                fouten_naar_form(form, fout)
            else:
                messages.success(request, f"De behoefte ‘{b.naam}’ staat nu in de lijst.")
                return redirect("netwerk:behoeften")
    lijst = list(visible(rol, Behoefte))
    scholen = dict(Aanbod.objects.filter(profiel__swv_id=rol.swv_id).values("behoefte_id")
                   .annotate(n=Count("profiel__school_id", distinct=True)).values_list("behoefte_id", "n"))
    plan = services.huidig_plan(rol.swv_id)
    basis = _basis_ids(plan)
    rijen = [{"b": b, "eigen": b.swv_id is not None, "scholen": scholen.get(b.pk, 0), "basis": b.pk in basis}
             for b in lijst]
    return render(request, "netwerk/behoeften.html", {
        "rijen": rijen, "form": form, "mag_toevoegen": mag_toevoegen, "plan": plan,
        "eigen": sum(1 for r in rijen if r["eigen"]),
    })


# ------------------------------------------------------------------------------------------------------------
# Ondersteuningsplan
# ------------------------------------------------------------------------------------------------------------

def _mag_plan_schrijven(rol) -> bool:
    return can(rol, "change", Ondersteuningsplan(swv_id=rol.swv_id))


@rol_vereist
@require_safe
def plan(request):
    rol = request.rol
    vandaag = _vandaag()
    plannen = list(visible(rol, Ondersteuningsplan).prefetch_related("basis_behoeften"))
    huidig = services.huidig_plan(rol.swv_id, vandaag)
    huidig = next((p for p in plannen if huidig is not None and p.pk == huidig.pk), None)
    ctx = {"plan": huidig, "mag_wijzigen": _mag_plan_schrijven(rol), "vandaag": vandaag,
           "eerdere": [{"p": p, "status": _status(p.geldig_van, p.geldig_tot, vandaag)}
                       for p in plannen if p is not huidig]}
    if huidig is not None:
        uiterlijk = regels.inspectie_uiterlijk(huidig.geldig_van)
        ctx.update(status=_status(huidig.geldig_van, huidig.geldig_tot, vandaag), inspectie_uiterlijk=uiterlijk,
                   jaren=round((huidig.geldig_tot - huidig.geldig_van).days / 365.25, 1))
        if ctx["status"]["code"] in ("verloopt", "verlopen"):
            # The next plan must reach the Inspectie before 1 May preceding the school year after this one.
            ctx["volgende_uiterlijk"] = regels.inspectie_uiterlijk(huidig.geldig_tot + dt.timedelta(days=1))
            ctx["volgende_te_laat"] = ctx["volgende_uiterlijk"] < vandaag
    return render(request, "netwerk/plan.html", ctx)


def _voorstel_plan(vorig, vandaag: dt.date) -> dict:
    """Initial values for a new plan: the period after the current one (or from this school year), 4 years,
    with the current plan's basisondersteuning to start from."""
    if vorig is not None and vorig.geldig_tot >= vandaag:
        van = vorig.geldig_tot + dt.timedelta(days=1)
    else:
        van = dt.date(vandaag.year if vandaag.month >= 8 else vandaag.year - 1, 8, 1)
    tot = regels.plus_jaren(van, regels.MAX_PLANPERIODE_JAREN) - dt.timedelta(days=1)
    init = {"titel": f"Ondersteuningsplan {van.year}-{tot.year}", "geldig_van": van, "geldig_tot": tot}
    if vorig is not None:
        init.update(basisondersteuning=vorig.basisondersteuning, basis_behoeften=list(vorig.basis_behoeften.all()))
    return init


@rol_vereist
@require_http_methods(["GET", "HEAD", "POST"])
def plan_bewerken(request, pk=None):
    rol = request.rol
    if pk is not None:
        plan_obj = get_or_refuse(rol, Ondersteuningsplan, pk, "change")
    else:
        plan_obj = None
        if not _mag_plan_schrijven(rol):
            raise PermissionDenied("Alleen de directeur van het samenwerkingsverband stelt het ondersteuningsplan "
                                   "vast.")
    keuzes = services.behoeften_van(rol.swv_id)
    if request.method == "POST":
        form = PlanForm(request.POST, behoeften=keuzes)
        if form.is_valid():
            try:
                opgeslagen = services.plan_opslaan(rol, plan_obj, **form.cleaned_data)
            except ValidationError as fout:
                fouten_naar_form(form, fout)
            else:
                messages.success(request, f"{opgeslagen.titel} is opgeslagen.")
                return redirect("netwerk:plan")
    elif plan_obj is not None:
        form = PlanForm(behoeften=keuzes, initial={
            "titel": plan_obj.titel, "geldig_van": plan_obj.geldig_van, "geldig_tot": plan_obj.geldig_tot,
            "opr_instemming_op": plan_obj.opr_instemming_op, "basisondersteuning": plan_obj.basisondersteuning,
            "basis_behoeften": list(plan_obj.basis_behoeften.all())})
    else:
        form = PlanForm(behoeften=keuzes, initial=_voorstel_plan(services.huidig_plan(rol.swv_id), _vandaag()))
    return render(request, "netwerk/plan_form.html", {"form": form, "plan": plan_obj})


# ------------------------------------------------------------------------------------------------------------
# Profiles: list, compare, export
# ------------------------------------------------------------------------------------------------------------

def _cel(a, drempel: int) -> dict:
    vrij = regels.vrij(a.capaciteit, a.bezet)
    return {"niveau": a.niveau, "niveau_kort": NIVEAU_KORT.get(a.niveau, a.niveau), "capaciteit": a.capaciteit,
            "bezet": a.bezet, "vrij": vrij, "vol": regels.is_vol(a.capaciteit, a.bezet, drempel),
            "toelichting": a.toelichting, "via_basis": False}


BASIS_CEL = {"niveau": Niveau.BASIS, "niveau_kort": "basis", "capaciteit": None, "bezet": 0, "vrij": None,
             "vol": False, "toelichting": "", "via_basis": True}


def _profielen_gegevens(request):
    """(form, rows, needs, counts) for the list and the export. A row: school, profile or None, status, cells
    (one per need, None where not offered), may_edit, own."""
    rol = request.rol
    vandaag = _vandaag()
    swv = rol.swv
    alle_behoeften = list(services.behoeften_van(rol.swv_id))
    form = ProfielFilter(request.GET or None, behoeften=services.behoeften_van(rol.swv_id))
    scholen = list(gegevens.regio_scholen(swv).only("pk", "naam", "plaats", "soort", "vestigingscode")
                   .order_by("naam", "plaats"))
    profielen = {p.school_id: p for p in visible(rol, Schoolprofiel)}
    plan = services.huidig_plan(rol.swv_id, vandaag)
    basis = _basis_ids(plan)
    staf = rol.rol in PROFIEL_STAF
    mijn = school_ids(rol) if rol.rol == Rol.SCHOOL else set()
    rijen = []
    for s in scholen:
        p = profielen.get(s.pk)
        status = _status(p.geldig_van, p.geldig_tot, vandaag) if p else GEEN_PROFIEL
        rijen.append({"school": s, "profiel": p, "status": status, "eigen": s.pk in mijn,
                      "mag_bewerken": staf or s.pk in mijn})
    tellingen = Counter(r["status"]["code"] for r in rijen)
    k = {"totaal": len(rijen), "geldig": tellingen["geldig"] + tellingen["verloopt"],
         "verloopt": tellingen["verloopt"], "verlopen": tellingen["verlopen"], "ontbreekt": tellingen["ontbreekt"],
         "toekomst": tellingen["toekomst"]}
    # Offers: one query for the whole region (the filter on a need and the matrix both need them).
    aanbod = defaultdict(dict)
    drempel = int(Netwerkinstellingen.voor(rol.swv_id).bezetting_drempel_procent)
    for a in visible(rol, Aanbod).select_related("profiel").only(
            "behoefte_id", "niveau", "capaciteit", "bezet", "toelichting", "profiel__school_id"):
        aanbod[a.profiel.school_id][a.behoefte_id] = _cel(a, drempel)
    gefilterd = form.is_bound and form.is_valid()
    if form.is_bound and not form.is_valid():
        rijen = []
    elif gefilterd:
        d = form.cleaned_data
        for woord in d["q"].casefold().split():
            rijen = [r for r in rijen if woord in r["school"].naam.casefold()
                     or woord in r["school"].plaats.casefold()]
        if d["soort"]:
            rijen = [r for r in rijen if r["school"].soort == d["soort"]]
        if d["behoefte"]:
            bid = d["behoefte"].pk
            rijen = [r for r in rijen if bid in aanbod.get(r["school"].pk, {})
                     or (bid in basis and r["school"].soort in REGULIER)]
        if d["status"]:
            # 'geldig' includes the profiles that expire soon: they are still valid (the count above agrees).
            codes = {"geldig", "verloopt"} if d["status"] == "geldig" else {d["status"]}
            rijen = [r for r in rijen if r["status"]["code"] in codes]
    # A school user's own school(s) first.
    rijen.sort(key=lambda r: not r["eigen"])
    for r in rijen:
        eigen = aanbod.get(r["school"].pk, {})
        r["cellen"] = [eigen.get(b.pk) or (BASIS_CEL if b.pk in basis and r["school"].soort in REGULIER else None)
                       for b in alle_behoeften]
        r["aantal_aanbod"] = len(eigen)
    return form, rijen, alle_behoeften, k, plan


def _nieuwe_speciale_school(request):
    """Staff add a special school outside the region (SO/VSO serve several SWV's): ?nieuw=<school id>."""
    rol = request.rol
    if rol.rol not in PROFIEL_STAF:
        raise PermissionDenied("Alleen medewerkers van het samenwerkingsverband voegen een school toe.")
    try:
        school = School.objects.get(pk=int(request.GET["nieuw"]), soort__in=SPECIAAL)
    except (ValueError, School.DoesNotExist):
        messages.error(request, "Kies een school voor speciaal onderwijs uit de lijst.")
        return redirect("netwerk:profielen")
    return redirect("netwerk:profiel_bewerken", school_id=school.pk)


def _speciale_scholen_buiten(rol, binnen: set[int]) -> str:
    """<option>s of the special schools not yet in the list (for staff to add one)."""
    keuzes = [(s.pk, f"{s.naam} ({s.plaats})" if s.plaats else s.naam)
              for s in School.objects.filter(soort__in=SPECIAAL).exclude(pk__in=binnen)
              .only("pk", "naam", "plaats").order_by("naam", "plaats")]
    return opties([("", "Kies een school"), *keuzes], "")


@rol_vereist
@require_safe
def profielen(request):
    rol = request.rol
    if request.GET.get("nieuw"):
        return _nieuwe_speciale_school(request)
    form, rijen, behoeften_lijst, k, plan = _profielen_gegevens(request)
    if request.GET.get("export") == "xlsx":
        return _export(request, rijen, behoeften_lijst)
    page = pagineer(request, rijen, PER_PAGINA)
    query = request.GET.copy()
    query.pop("page", None)
    query["export"] = "xlsx"
    staf = rol.rol in PROFIEL_STAF
    return render(request, "netwerk/profielen.html", {
        "form": form, "page": page, "behoeften": behoeften_lijst, "k": k, "plan": plan,
        "export_query": query.urlencode(), "staf": staf, "is_school": rol.rol == Rol.SCHOOL,
        "speciale_scholen": _speciale_scholen_buiten(rol, {r["school"].pk for r in rijen}) if staf else "",
        "profiel_url": reverse("netwerk:profiel", args=[0]).removesuffix("0/"),
    })


EXPORT_SCHOLEN = [
    export.Kolom("School", 32),
    export.Kolom("Vestigingscode", 12),
    export.Kolom("Plaats", 18),
    export.Kolom("Soort", 8),
    export.Kolom("Profiel", 18),
    export.Kolom("Geldig vanaf", 12, export.DATUM),
    export.Kolom("Geldig tot en met", 12, export.DATUM),
    export.Kolom("Advies MR op", 12, export.DATUM),
    export.Kolom("Behoeften in profiel", 10, export.GETAL),
    export.Kolom("Plaatsen", 9, export.GETAL),
    export.Kolom("Bezetting", 9, export.GETAL),
    export.Kolom("Wachtlijst", 9, export.GETAL),
    export.Kolom("Expertise", 40),
    export.Kolom("Voorzieningen", 40),
]
EXPORT_AANBOD = [
    export.Kolom("School", 32),
    export.Kolom("Vestigingscode", 12),
    export.Kolom("Soort", 8),
    export.Kolom("Behoefte", 26),
    export.Kolom("Niveau", 26),
    export.Kolom("Plaatsen", 9, export.GETAL),
    export.Kolom("Bezet", 9, export.GETAL),
    export.Kolom("Vrij", 9, export.GETAL),
    export.Kolom("Vol", 6),
    export.Kolom("Toelichting", 40),
]


def _export(request, rijen, behoeften_lijst):
    rol = request.rol
    niveaus = dict(Niveau.choices)
    wb = export.werkboek()

    def scholen():
        for r in rijen:
            s, p = r["school"], r["profiel"]
            yield [s.naam, s.vestigingscode, s.plaats, s.soort, r["status"]["label"],
                   p.geldig_van if p else None, p.geldig_tot if p else None, p.mr_advies_op if p else None,
                   r["aantal_aanbod"], p.plaatsen if p else None, p.bezetting if p else None,
                   p.wachtlijst if p else None, p.expertise if p else "", p.voorzieningen if p else ""]

    def aanbod():
        for r in rijen:
            s = r["school"]
            for b, c in zip(behoeften_lijst, r["cellen"], strict=True):
                if c is None:
                    continue
                yield [s.naam, s.vestigingscode, s.soort, b.naam,
                       niveaus.get(c["niveau"], c["niveau"]) + (" (ondersteuningsplan)" if c["via_basis"] else ""),
                       c["capaciteit"], c["bezet"], c["vrij"], c["vol"], c["toelichting"]]

    export.blad(wb, "Scholen", EXPORT_SCHOLEN, scholen())
    export.blad(wb, "Aanbod", EXPORT_AANBOD, aanbod())
    gekozen = ", ".join(f"{k}={v}" for k, v in request.GET.items() if v and k not in ("page", "export"))
    record("export", None, object_type_label="netwerk.schoolprofiel", swv_id=rol.swv_id,
           omschrijving=f"Ondersteuningsprofielen geëxporteerd ({len(rijen)} scholen)"
                        f"{': ' + gekozen if gekozen else ''}"[:200])
    return export.als_download(wb, f"ondersteuningsprofielen-{_vandaag():%Y%m%d}.xlsx")


# ------------------------------------------------------------------------------------------------------------
# One profile
# ------------------------------------------------------------------------------------------------------------

@rol_vereist
@require_safe
def profiel(request, school_id: int):
    rol = request.rol
    school = _school_of_404(rol, school_id)
    vandaag = _vandaag()
    p = visible(rol, Schoolprofiel).filter(school=school).select_related("bijgewerkt_door").first()
    inst = Netwerkinstellingen.voor(rol.swv_id)
    drempel = int(inst.bezetting_drempel_procent)
    plan = services.huidig_plan(rol.swv_id, vandaag)
    ctx = {"school": school, "profiel": p, "mag_bewerken": services.profiel_schrijven(rol, school),
           "instellingen": inst, "plan": plan,
           "kaart": locatiekaart(school.lat, school.lon, f"Ligging van {school.naam} in Nederland",
                                 id_prefix=f"kaart-{school.vestigingscode}"),
           "kaart_bron": BRON,
           "basis": list(plan.basis_behoeften.all()) if plan and school.soort in REGULIER else []}
    if p is not None:
        rijen = []
        for a in p.aanbod.select_related("behoefte"):
            rijen.append({"a": a, **_cel(a, drempel)})
        ctx.update(status=_status(p.geldig_van, p.geldig_tot, vandaag), aanbod=rijen,
                   expertise=[r.strip(" -•\t") for r in p.expertise.splitlines() if r.strip(" -•\t")],
                   voorzieningen=[r.strip(" -•\t") for r in p.voorzieningen.splitlines() if r.strip(" -•\t")],
                   bezetting_procent=round(p.bezetting * 100 / p.plaatsen) if p.plaatsen and p.bezetting is not None
                   else None,
                   wachtlijst_hoog=p.wachtlijst is not None and p.wachtlijst > inst.wachtlijst_drempel)
    return render(request, "netwerk/profiel.html", ctx)


@rol_vereist
@require_http_methods(["GET", "HEAD", "POST"])
def profiel_bewerken(request, school_id: int):
    rol = request.rol
    school = _school_of_404(rol, school_id)
    if not services.profiel_schrijven(rol, school):
        raise PermissionDenied("U kunt alleen het ondersteuningsprofiel van uw eigen school wijzigen.")
    p = Schoolprofiel.objects.filter(swv_id=rol.swv_id, school=school).first()
    keuzes = list(services.behoeften_van(rol.swv_id))
    speciaal = services.is_speciaal(school)
    if request.method == "POST":
        form = ProfielForm(request.POST, behoeften=keuzes, speciaal=speciaal)
        if form.is_valid():
            try:
                services.profiel_opslaan(rol, school, **form.profielvelden(), aanbod=form.aanbod())
            except ValidationError as fout:
                fouten_naar_form(form, fout)
            else:
                messages.success(request, f"Het ondersteuningsprofiel van {school.naam} is opgeslagen.")
                return redirect("netwerk:profiel", school_id=school.pk)
    else:
        form = ProfielForm(initial=ProfielForm.beginwaarden(p, speciaal, _vandaag()), behoeften=keuzes,
                           speciaal=speciaal)
    return render(request, "netwerk/profiel_form.html", {"form": form, "school": school, "profiel": p,
                                                         "speciaal": speciaal})


# ------------------------------------------------------------------------------------------------------------
# Settings
# ------------------------------------------------------------------------------------------------------------

@rol_vereist
@require_http_methods(["GET", "HEAD", "POST"])
def instellingen(request):
    rol = request.rol
    inst = Netwerkinstellingen.voor(rol.swv_id)
    mag_wijzigen = can(rol, "change", inst)
    if request.method == "POST":
        if not mag_wijzigen:
            raise PermissionDenied("Alleen de directeur of beheerder wijzigt de instellingen.")
        form = InstellingenForm(request.POST)
        if form.is_valid():
            try:
                services.instellingen_opslaan(rol, form.cleaned_data)
            except ValidationError as fout:
                fouten_naar_form(form, fout)
            else:
                messages.success(request, "De instellingen van het dekkend netwerk zijn opgeslagen.")
                return redirect("netwerk:instellingen")
    else:
        form = InstellingenForm(initial={v: getattr(inst, v) for v in InstellingenForm.VELDEN})
    return render(request, "netwerk/instellingen.html", {"form": form, "instellingen": inst,
                                                         "mag_wijzigen": mag_wijzigen})

