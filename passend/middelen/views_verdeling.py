"""Middelen pages: the four distribution models side by side, the settings, the rates per year and the official
pupil count (issue 6; domain.md section 6). The numbers come from gegevens.py (database -> inputs) and regels.py
(pure rules); every change goes through services.py. Who may see and change what: toegang.py.

- `middelen:verdeling`: the free budget of a year distributed under all four models, per bestuur (and per school
  on unfolding), with a grouped bar chart. The model parameters can be changed to see the effect (GET, nothing
  is saved); the directeur saves them as the SWV's settings (POST).
- `middelen:instellingen`: all settings, in groups; editable by the directeur and the beheerder.
- `middelen:normbedragen`: the rates per year and sector (official, with their source, and the SWV's own), one
  rate or a file of rates (all-or-nothing), and a template CSV.
- `middelen:telling`: the SWV's official DUO pupil counts next to the register's counts.

No pupil data on these pages: amounts, counts and school names only.
"""

import csv
import io
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, Sum
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from passend.accounts.models import Rol
from passend.core.access import visible
from passend.core.grafiek import Reeks, staafdiagram
from passend.core.ui import fouten_naar_form, rol_vereist
from passend.register.models import School, Soort

from . import gegevens, regels, services, toegang
from . import normbedragen as normbedragen_data
from .forms import (
    GROEPEN,
    HYBRIDE_VELDEN,
    InstellingenForm,
    NormbedragenBestandForm,
    NormbedragForm,
    TellingForm,
    VerdelingForm,
    als_tekst,
)
from .models import Component, Leerlingtelling, Middeleninstellingen, Normbedrag, Verdeelmodel
from .views_begroting import periode_tekst

LEZEN_GEWEIGERD = ("Middelen is voor medewerkers van het samenwerkingsverband, de schoolbesturen en de "
                   "beheerder.")
PARAMETERS = ("apparaat_procent", "vaste_voet_per_school", *HYBRIDE_VELDEN)
MODELLEN = list(Verdeelmodel.choices)
SWV_RIJ = "Blijft bij het SWV"


# ------------------------------------------------------------------------------------------------------------
# Small helpers
# ------------------------------------------------------------------------------------------------------------

def euro(bedrag) -> str:
    """An amount the Dutch way, to the cent: € 1.234,56 and € -12,00."""
    d = regels.cent(Decimal(bedrag))
    tekst = f"{abs(d):,.2f}".replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return f"€ {'-' if d < 0 else ''}{tekst}"


def procent(waarde) -> str:
    return f"{als_tekst(waarde)} %"


def _vereis_lezen(rol) -> None:
    if not toegang.mag_lezen(rol):
        raise PermissionDenied(LEZEN_GEWEIGERD)


def _vereis_wijzigen(request) -> bool:
    """Whether the role may change; a POST by a role that may not is refused."""
    mag = toegang.mag_wijzigen(request.rol)
    if request.method == "POST" and not mag:
        raise PermissionDenied(services.GEEN_RECHT)
    return mag


def _jaren(rol) -> list[int]:
    """The years to choose from: every year with rates, every year with an official count, and this year."""
    jaren = set(gegevens.jaren_met_tarieven(rol.swv))
    jaren |= set(visible(rol, Leerlingtelling).filter(swv=rol.swv_id).values_list("jaar", flat=True))
    jaren.add(timezone.localdate().year)
    return sorted(jaren, reverse=True)


def _standaard_jaar(swv, jaren: list[int]) -> int:
    """The most recent year whose rates are complete (else this year, which then says what is missing)."""
    sector = gegevens.sector_van(swv)
    for jaar in jaren:
        bedragen, _ = gegevens.tarieven(swv, jaar)
        if all(c in bedragen for c in regels.BENODIGD[sector]):
            return jaar
    return timezone.localdate().year


# ------------------------------------------------------------------------------------------------------------
# The models side by side
# ------------------------------------------------------------------------------------------------------------

def _vergelijking(vrij: Decimal, scholen: list[regels.School], params: dict, eigen_bestuur) -> dict:
    """The four distributions of `vrij` and the rows of the table: per bestuur, per school, the SWV, the total."""
    hybride = {"school": params["hybride_school_procent"], "leerling": params["hybride_leerling_procent"],
               "expertise": params["hybride_expertise_procent"]}
    verdelingen = [regels.verdeel(vrij, scholen, model, apparaat_procent=params["apparaat_procent"],
                                  vaste_voet_per_school=params["vaste_voet_per_school"], hybride=hybride)
                   for model, _ in MODELLEN]
    per_bestuur = [v.per_bestuur(scholen) for v in verdelingen]
    besturen: dict = {}
    for s in scholen:
        besturen.setdefault(s.bestuur_id, {"naam": s.bestuur, "scholen": []})["scholen"].append(s)
    volgorde = sorted(besturen, key=lambda b: (b is None, besturen[b]["naam"].lower(), b or 0))
    rijen = []
    for b in volgorde:
        eigen = eigen_bestuur is not None and b == eigen_bestuur
        rijen.append({
            "naam": besturen[b]["naam"],
            "eigen": eigen,
            "bedragen": [per_bestuur[i].get(b, regels.NUL) for i in range(len(MODELLEN))],
            "leerlingen": sum(s.leerlingen for s in besturen[b]["scholen"]),
            "scholen": [{"naam": s.naam, "leerlingen": s.leerlingen, "arrangementen": euro(s.arrangementen),
                         "bedragen": [euro(v.per_school.get(s.school_id, regels.NUL)) for v in verdelingen]}
                        for s in besturen[b]["scholen"]],
        })
    totalen = [sum(v.per_school.values(), regels.NUL) + v.swv for v in verdelingen]
    return {
        "verdelingen": verdelingen,
        "rijen": [{**r, "bedragen_tekst": [euro(x) for x in r["bedragen"]]} for r in rijen],
        "swv": [euro(v.swv) for v in verdelingen],
        "totalen": [euro(t) for t in totalen],
        "totalen_kloppen": all(t == vrij for t in totalen),
    }


def _grafiek(jaar: int, vergelijking: dict, gekozen: str):
    """A grouped bar chart: per bestuur (and the SWV) one bar per model. Amounts in whole euros; the table on the
    page has them to the cent and is the text alternative."""
    categorieen = [r["naam"] + (" (uw bestuur)" if r["eigen"] else "") for r in vergelijking["rijen"]] + [SWV_RIJ]
    reeksen = []
    for i, (model, label) in enumerate(MODELLEN):
        waarden = [float(round(r["bedragen"][i])) for r in vergelijking["rijen"]]
        waarden.append(float(round(vergelijking["verdelingen"][i].swv)))
        reeksen.append(Reeks(label + (" (gekozen)" if model == gekozen else ""), waarden))
    return staafdiagram(
        f"Verdeling van het vrije budget {jaar} per bestuur en per model, in euro", categorieen, reeksen,
        eenheid="euro", kop="Bestuur", id_prefix="grafiek-verdeling",
        beschrijving="Wat elk bestuur en het samenwerkingsverband zelf ontvangt onder het schoolmodel, "
                     "expertisemodel, leerlingmodel en hybride model, afgerond op hele euro's",
    )


def _uitleg_modellen(params: dict) -> list[tuple[str, str]]:
    voet = params["vaste_voet_per_school"]
    return [
        ("Schoolmodel", "Het geld gaat naar de besturen naar leerlingaantal"
         + (f", met eerst een vaste voet van {euro(voet)} per school" if voet else "") + "."),
        ("Expertisemodel", "Het SWV houdt het geld en betaalt zelf arrangementen en expertise; de besturen krijgen "
                           "niets rechtstreeks."),
        ("Leerlingmodel", "Het geld volgt de toegekende arrangementen (naar rato van hun dagen in het jaar); wat "
                          "overblijft, blijft bij het SWV."),
        ("Hybride model", f"{procent(params['hybride_school_procent'])} via het schoolmodel, "
                          f"{procent(params['hybride_leerling_procent'])} via het leerlingmodel en "
                          f"{procent(params['hybride_expertise_procent'])} via het expertisemodel."),
    ]


@rol_vereist
@require_http_methods(["GET", "HEAD", "POST"])
def verdeling(request):
    rol = request.rol
    _vereis_lezen(rol)
    mag_wijzigen = _vereis_wijzigen(request)
    swv = rol.swv
    inst = Middeleninstellingen.voor(swv)
    jaren = _jaren(rol)
    standaard_jaar = _standaard_jaar(swv, jaren)
    opgeslagen = {v: getattr(inst, v) for v in PARAMETERS}
    standaard = {"jaar": str(standaard_jaar), **{v: als_tekst(w) for v, w in opgeslagen.items()}}

    if request.method == "POST":
        form = VerdelingForm(request.POST, jaren=jaren)
        if form.is_valid():
            try:
                services.instellingen_opslaan(rol, **{v: form.cleaned_data[v] for v in PARAMETERS})
            except ValidationError as fout:
                fouten_naar_form(form, fout)
            else:
                messages.success(request, "De verdeling is opgeslagen als instelling van het samenwerkingsverband.")
                return redirect(f"{reverse('middelen:verdeling')}?jaar={form.cleaned_data['jaar']}")
    else:
        gegeven = {k: v for k, v in request.GET.items() if k in VerdelingForm.base_fields}
        form = VerdelingForm({**standaard, **gegeven}, jaren=jaren)
    geldig = form.is_valid()
    cd = getattr(form, "cleaned_data", {})
    jaar = cd.get("jaar") if "jaar" not in form.errors and cd.get("jaar") else standaard_jaar
    params = {v: cd[v] for v in PARAMETERS} if geldig else opgeslagen

    context = {
        "form": form, "geldig": geldig, "jaar": jaar, "instellingen": inst, "mag_wijzigen": mag_wijzigen,
        "modellen": [{"code": m, "label": label, "gekozen": m == inst.gekozen_model} for m, label in MODELLEN],
        "gekozen_label": inst.get_gekozen_model_display(),
        "params": {"apparaat": procent(params["apparaat_procent"]), "voet": euro(params["vaste_voet_per_school"])},
        "uitleg": _uitleg_modellen(params),
        "afwijkend": geldig and any(params[v] != opgeslagen[v] for v in PARAMETERS),
        "opslaan_waarden": [(v, als_tekst(params[v])) for v in PARAMETERS] if geldig else [],
        "hybride_velden": [form[v] for v in HYBRIDE_VELDEN],
        "andere_velden": [form["apparaat_procent"], form["vaste_voet_per_school"]],
    }
    try:
        begroting = gegevens.begroting(swv, jaar, inst)
    except regels.OntbrekendNormbedrag as fout:
        context["ontbreekt"] = fout
        return render(request, "middelen/verdeling.html", context)
    scholen = gegevens.scholen(swv, jaar)
    eigen_bestuur = rol.bestuur_id if rol.rol == Rol.SCHOOLBESTUUR else None
    vergelijking = _vergelijking(begroting.vrij, scholen, params, eigen_bestuur)
    context.update({
        "begroting": begroting,
        "vrij": euro(begroting.vrij),
        "tekort": begroting.vrij < 0,
        "teldatum": begroting.teldatum,
        "periode": periode_tekst(jaar, begroting.sector),
        "scholen": scholen,
        "v": vergelijking,
        "eigen_bestuur_bekend": eigen_bestuur is not None and any(r["eigen"] for r in vergelijking["rijen"]),
    })
    if scholen and begroting.vrij > 0:
        context["grafiek"] = _grafiek(jaar, vergelijking, inst.gekozen_model)
    return render(request, "middelen/verdeling.html", context)


# ------------------------------------------------------------------------------------------------------------
# Settings
# ------------------------------------------------------------------------------------------------------------

PROCENT_VELDEN = {"apparaat_procent", *HYBRIDE_VELDEN, "vangnet_drempel_procent", "signalering_procent"}
GROEI_VELDEN = {"groei_leerlingen_procent", "groei_tlv_procent", "indexatie_procent"}
BEDRAG_VELDEN = {"vaste_voet_per_school", "reserve", "totale_baten", "signalering_minimum"}


def _weergave(inst, veld: str) -> str:
    waarde = getattr(inst, veld)
    if veld == "gekozen_model":
        return inst.get_gekozen_model_display()
    if waarde is None:
        return "Niet ingevuld"
    if veld in PROCENT_VELDEN:
        return procent(waarde)
    if veld in GROEI_VELDEN:
        return f"{als_tekst(waarde)} % per jaar"
    if veld in BEDRAG_VELDEN:
        return euro(waarde)
    if veld == "prognose_jaren":
        return f"{waarde} jaar"
    return als_tekst(waarde)


def _signalering(inst) -> dict | None:
    """The signaleringswaarde with the stored settings, and how far the reserve is above it."""
    if inst.totale_baten is None:
        return None
    waarde = regels.signaleringswaarde(inst.totale_baten, minimum=inst.signalering_minimum,
                                       procent=inst.signalering_procent)
    uit = {"waarde": euro(waarde), "boven": None}
    if inst.reserve is not None:
        boven = regels.boven_signaleringswaarde(inst.reserve, waarde)
        uit["boven"] = euro(boven) if boven > 0 else None
        uit["reserve"] = euro(inst.reserve)
    return uit


@rol_vereist
@require_http_methods(["GET", "HEAD", "POST"])
def instellingen(request):
    rol = request.rol
    _vereis_lezen(rol)
    mag_wijzigen = _vereis_wijzigen(request)
    inst = Middeleninstellingen.voor(rol.swv)
    if request.method == "POST":
        form = InstellingenForm(request.POST)
        if form.is_valid():
            try:
                services.instellingen_opslaan(rol, **form.cleaned_data)
            except ValidationError as fout:
                fouten_naar_form(form, fout)
            else:
                messages.success(request, "De instellingen van Middelen zijn opgeslagen.")
                return redirect("middelen:instellingen")
    else:
        form = InstellingenForm(initial={v: getattr(inst, v) for v in InstellingenForm.base_fields})
    groepen = [{"id": gid, "titel": titel, "velden": [form[v] for v in velden],
                "waarden": [(form[v].label, _weergave(inst, v), form[v].help_text) for v in velden]}
               for gid, titel, velden in GROEPEN]
    return render(request, "middelen/instellingen.html", {
        "form": form, "instellingen": inst, "mag_wijzigen": mag_wijzigen, "groepen": groepen,
        "signalering": _signalering(inst),
    })


# ------------------------------------------------------------------------------------------------------------
# Rates
# ------------------------------------------------------------------------------------------------------------

COMPONENT_VOLGORDE = {c: i for i, c in enumerate(Component.values)}


def _tarieftabellen(rol, sector: str) -> list[dict]:
    """Per year and sector the rates: official rows with their source and the SWV's own rows; which one applies,
    and which components the budget needs that are missing."""
    qs = visible(rol, Normbedrag).select_related("ingevoerd_door")
    if sector != "alle":
        qs = qs.filter(sector=sector)
    groepen: dict = {}
    for n in qs:
        groepen.setdefault((n.jaar, n.sector), []).append(n)
    tabellen = []
    for (jaar, sec), rijen in sorted(groepen.items(), key=lambda kv: (-kv[0][0], kv[0][1])):
        eigen = {n.component for n in rijen if n.swv_id is not None}
        rijen.sort(key=lambda n: (COMPONENT_VOLGORDE.get(n.component, 99), n.swv_id is not None))
        aanwezig = {n.component for n in rijen}
        tabellen.append({
            "jaar": jaar, "sector": sec, "periode": rijen[0].periode,
            "rijen": [{"n": n, "bedrag": euro(n.bedrag), "officieel": n.swv_id is None,
                       "vervangen": n.swv_id is None and n.component in eigen} for n in rijen],
            "ontbreekt": [gegevens.LABELS.get(c, c) for c in regels.BENODIGD[sec] if c not in aanwezig],
            "aanpassing": normbedragen_data.aanpassing_verevening(jaar),
        })
    return tabellen


@rol_vereist
@require_http_methods(["GET", "HEAD", "POST"])
def normbedragen(request):
    rol = request.rol
    _vereis_lezen(rol)
    mag_wijzigen = _vereis_wijzigen(request)
    eigen_sector = gegevens.sector_van(rol.swv)
    sector = request.GET.get("sector")
    sector = sector if sector in ("PO", "VO", "alle") else eigen_sector
    terug = f"{reverse('middelen:normbedragen')}?sector={sector}"
    initial = {"sector": eigen_sector, "jaar": timezone.localdate().year}
    # From the budget's missing-rates message: ?jaar=&component= fill in the form.
    if request.GET.get("jaar", "").isdigit() and 2014 <= int(request.GET["jaar"]) <= 2100:
        initial["jaar"] = int(request.GET["jaar"])
    if request.GET.get("component") in Component.values:
        initial["component"] = request.GET["component"]
    if mag_wijzigen and request.GET.get("wijzig", "").isdigit():
        n = visible(rol, Normbedrag).filter(pk=int(request.GET["wijzig"])).first()
        if n is not None:
            initial = {"jaar": n.jaar, "periode": n.periode, "sector": n.sector, "component": n.component,
                       "bedrag": n.bedrag, "bron": n.bron if n.swv_id else ""}
    bedrag_form = NormbedragForm(initial=initial, prefix="bedrag")
    bestand_form = NormbedragenBestandForm(prefix="bestand")
    if request.method == "POST" and request.POST.get("actie") == "bestand":
        bestand_form = NormbedragenBestandForm(request.POST, request.FILES, prefix="bestand")
        if bestand_form.is_valid():
            f = bestand_form.cleaned_data["bestand"]
            try:
                rijen = services.normbedragen_lezen(f.read(), f.name)
                aantal = services.normbedragen_opslaan(rol, rijen)
            except ValidationError as fout:
                bestand_form.add_error(None, fout.messages)
            else:
                messages.success(request, f"{aantal} normbedrag{'en' if aantal != 1 else ''} uit {f.name} "
                                          "opgeslagen als eigen invoer van het samenwerkingsverband.")
                return redirect(terug)
    elif request.method == "POST":
        bedrag_form = NormbedragForm(request.POST, prefix="bedrag")
        if bedrag_form.is_valid():
            try:
                services.normbedragen_opslaan(rol, [bedrag_form.rij()])
            except ValidationError as fout:
                bedrag_form.add_error(None, [m.removeprefix("Regel 1: ") for m in fout.messages])
            else:
                d = bedrag_form.cleaned_data
                messages.success(request, f"Het normbedrag {gegevens.LABELS[d['component']].lower()} voor "
                                          f"{d['sector']} {d['jaar']} is opgeslagen: {euro(d['bedrag'])}.")
                return redirect(terug)
    return render(request, "middelen/normbedragen.html", {
        "tabellen": _tarieftabellen(rol, sector), "sector": sector, "eigen_sector": eigen_sector,
        "mag_wijzigen": mag_wijzigen, "bedrag_form": bedrag_form, "bestand_form": bestand_form,
        "componenten": list(Component.choices),
    })


@rol_vereist
@require_safe
def normbedragen_sjabloon(request):
    """A CSV to fill in: the right columns and one row per component the SWV's budget needs (; as separator and
    a BOM, so Excel opens it as it should)."""
    rol = request.rol
    _vereis_lezen(rol)
    sector = gegevens.sector_van(rol.swv)
    jaar = timezone.localdate().year
    nodig = list(regels.BENODIGD[sector]) + (["smw"] if sector == "PO" else [])
    uit = io.StringIO()
    schrijver = csv.writer(uit, delimiter=";", lineterminator="\r\n")
    schrijver.writerow(["jaar", "periode", "sector", "component", "bedrag", "bron", "omschrijving"])
    for c in nodig:
        schrijver.writerow([jaar, jaar, sector, c, "", "", gegevens.LABELS[c]])
    response = HttpResponse("\ufeff" + uit.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="normbedragen-sjabloon-{sector.lower()}.csv"'
    return response


# ------------------------------------------------------------------------------------------------------------
# Official pupil count
# ------------------------------------------------------------------------------------------------------------

def _register_telling(rol, sector: str) -> dict:
    """The register's DUO counts of the SWV's schools (the current numbers; the budget uses them for years
    without an official count)."""
    if sector == "VO":
        qs = visible(rol, School).filter(regio_swv_vo=rol.swv_id, soort=Soort.VO)
    else:
        qs = visible(rol, School).filter(regio_swv_po=rol.swv_id, soort__in=[Soort.BAO, Soort.SBO])
    per_soort = {r["soort"]: r for r in qs.values("soort").annotate(
        n=Sum("leerlingen"), scholen=Count("pk"), onbekend=Count("pk", filter=Q(leerlingen__isnull=True)))}

    def n(soort):
        return (per_soort.get(soort) or {}).get("n") or 0

    return {"bo": n(Soort.BAO), "sbo": n(Soort.SBO), "vo": n(Soort.VO),
            "totaal": n(Soort.BAO) + n(Soort.SBO) if sector == "PO" else n(Soort.VO),
            "scholen": sum(r["scholen"] for r in per_soort.values()),
            "onbekend": sum(r["onbekend"] for r in per_soort.values())}


@rol_vereist
@require_http_methods(["GET", "HEAD", "POST"])
def telling(request):
    rol = request.rol
    _vereis_lezen(rol)
    mag_wijzigen = _vereis_wijzigen(request)
    sector = gegevens.sector_van(rol.swv)
    tellingen = list(visible(rol, Leerlingtelling).filter(swv=rol.swv_id).order_by("-jaar"))
    register = _register_telling(rol, sector)
    if request.method == "POST":
        form = TellingForm(request.POST, sector=sector)
        if form.is_valid():
            try:
                t = services.leerlingtelling_opslaan(rol, **form.cleaned_data)
            except ValidationError as fout:
                fouten_naar_form(form, fout)
            else:
                messages.success(request, f"De leerlingtelling voor {t.jaar} is opgeslagen. De begroting van "
                                          f"{t.jaar} rekent nu met deze telling.")
                return redirect("middelen:telling")
    else:
        initial = {"jaar": timezone.localdate().year}
        bestaand = next((t for t in tellingen if str(t.jaar) == request.GET.get("jaar", "")), None)
        if bestaand is not None:
            initial = {v: getattr(bestaand, v) for v in ("jaar", "bo", "sbo", "vo", "schoolgewichten", "bron")}
        form = TellingForm(initial=initial, sector=sector)
    rijen = []
    for t in tellingen:
        totaal = t.bo + t.sbo if sector == "PO" else t.vo
        rijen.append({"t": t, "teldatum": regels.teldatum(t.jaar, sector), "totaal": totaal,
                      "verschil": totaal - register["totaal"]})
    return render(request, "middelen/telling.html", {
        "form": form, "mag_wijzigen": mag_wijzigen, "sector": sector, "rijen": rijen, "register": register,
    })


urlpatterns = [
    path("verdeling/", verdeling, name="verdeling"),
    path("instellingen/", instellingen, name="instellingen"),
    path("normbedragen/", normbedragen, name="normbedragen"),
    path("normbedragen/sjabloon.csv", normbedragen_sjabloon, name="normbedragen_sjabloon"),
    path("telling/", telling, name="telling"),
]
