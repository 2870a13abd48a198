"""Pages of the route planning (the gemeente's vervoer role only): the vehicles, the plannings with their
progress, routes, map and key figures, and the driver's route sheet (PDF).

The route sheet holds only what the driver needs: per stop the time, what to do, the pupil's first name and the
initial of the last name, the place (PC4 area or school) and what the driver must know (chauffeur_info,
wheelchair, travels alone, maximum ride time). No date of birth, no TLV, no other data. Downloading it is recorded
as an export in the audit trail of every pupil on it."""

import math

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods

from passend.audit.services import record, record_view
from passend.core.access import can, get_or_refuse, visible
from passend.core.jobs import live_voortgang
from passend.core.ui import fouten_naar_form, pagineer, rol_vereist
from passend.netwerk.regels import afstand_km
from passend.register.models import Postcodegebied

from . import kaart, services
from .forms_routes import PlanningForm, VoertuigForm
from .models import Routeplanning, Vervoersaanvraag, Vervoersinstellingen, Voertuig, Vorm
from .toegang import is_vervoer

# htmx stops polling when the server answers with this status (as passend/core/views.py).
HTMX_STOP_POLLING = 286


def _vervoer(request):
    rol = request.rol
    if not is_vervoer(rol):
        raise PermissionDenied("Alleen de gemeente (rol leerlingenvervoer) beheert voertuigen en routes.")
    return rol


# ---------------------------------------------------------------------------------------------------------------
# Vehicles
# ---------------------------------------------------------------------------------------------------------------


def _opslaan(rol, voertuig, form):
    """Save through the service; on an error the form shows it and keeps what was typed. Returns the vehicle or
    None."""
    if not form.is_valid():
        return None
    try:
        return services.voertuig_opslaan(rol, voertuig, **form.service_gegevens())
    except ValidationError as fout:
        fouten_naar_form(form, fout)
    except PermissionDenied as fout:
        form.add_error(None, str(fout))
    return None


@rol_vereist
@require_http_methods(["GET", "POST"])
def voertuigen(request):
    rol = _vervoer(request)
    form = VoertuigForm.van(None, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        v = _opslaan(rol, None, form)
        if v is not None:
            messages.success(request, f"Voertuig ‘{v.naam}’ is toegevoegd.")
            return redirect("vervoer:voertuigen")
    lijst = visible(rol, Voertuig).order_by("-actief", "naam")
    page = pagineer(request, lijst, 50)
    return render(request, "vervoer/voertuigen.html", {
        "page": page, "form": form, "gemeente": rol.gemeente,
        "actief": lijst.filter(actief=True).count(),
        "rolstoelplaatsen": sum(v.rolstoelplaatsen for v in lijst.filter(actief=True)),
    })


@rol_vereist
@require_http_methods(["GET", "POST"])
def voertuig(request, pk: int):
    rol = _vervoer(request)
    v = get_or_refuse(rol, Voertuig, pk, "change")
    form = VoertuigForm.van(v, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        opgeslagen = _opslaan(rol, v, form)
        if opgeslagen is not None:
            messages.success(request, f"Voertuig ‘{opgeslagen.naam}’ is opgeslagen.")
            return redirect("vervoer:voertuigen")
    return render(request, "vervoer/voertuig.html", {"v": v, "form": form})


# ---------------------------------------------------------------------------------------------------------------
# Plannings
# ---------------------------------------------------------------------------------------------------------------


def _toegekend(rol):
    return visible(rol, Vervoersaanvraag).filter(
        status=Vervoersaanvraag.Status.TOEGEKEND, vorm=Vorm.AANGEPAST, gemeente_id=rol.gemeente_id)


@rol_vereist
@require_http_methods(["GET", "POST"])
def planningen(request):
    rol = _vervoer(request)
    form = PlanningForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            p = services.planning_starten(rol, **form.service_gegevens())
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        except PermissionDenied as fout:
            form.add_error(None, str(fout))
        else:
            messages.info(request, "De planning is gestart. U ziet de voortgang op deze pagina; u kunt haar ook "
                                   "sluiten en later terugkomen.")
            return redirect("vervoer:planning", pk=p.pk)
    page = pagineer(request, visible(rol, Routeplanning).select_related("aangemaakt_door").order_by("-aangemaakt"),
                    25)
    return render(request, "vervoer/planningen.html", {
        "page": page, "form": form, "gemeente": rol.gemeente,
        "leerlingen": _toegekend(rol).count(),
        "voertuigen": visible(rol, Voertuig).filter(actief=True).count(),
        "instellingen": Vervoersinstellingen.voor(rol.gemeente_id),
    })


def _is_lopend(p: Routeplanning) -> bool:
    return p.status in (Routeplanning.Status.WACHT, Routeplanning.Status.BEZIG)


@rol_vereist
def planning(request, pk: int):
    rol = _vervoer(request)
    p = get_or_refuse(rol, Routeplanning, pk)
    job = live_voortgang(p.job) if p.job_id else None
    if request.htmx and request.GET.get("voortgang"):
        return _voortgang(request, p, job)
    ctx = {"p": p, "job": job, "lopend": _is_lopend(p),
           "job_zichtbaar": job is not None and can(rol, "view", job)}
    if p.status == Routeplanning.Status.KLAAR:
        ctx.update(_uitkomst(rol, p))
        record_view(p, omschrijving=f"Routeplanning bekeken: {len(ctx['aanvragen'])} leerlingen met naam")
    return render(request, "vervoer/planning.html", ctx)


def _voortgang(request, p, job):
    """The progress fragment (polled every second). When the planning has finished, the whole page reloads to
    show the routes (or the error)."""
    if not _is_lopend(p):
        resp = HttpResponse("")
        resp["HX-Refresh"] = "true"
        return resp
    resp = render(request, "vervoer/route_voortgang.html", {"p": p, "job": job})
    if job is not None and job.is_afgerond:
        resp.status_code = HTMX_STOP_POLLING
    return resp


def _aanvragen(rol, p: Routeplanning) -> dict[int, Vervoersaanvraag]:
    r = p.resultaat or {}
    ids = {h["aanvraag"] for route in r.get("routes", []) for h in route.get("haltes", [])}
    ids |= set(r.get("niet_ingepland", []))
    return {a.pk: a for a in visible(rol, Vervoersaanvraag).filter(pk__in=ids).select_related("leerling", "school")}


def _minuten(km: float, inst) -> float:
    return km / float(inst.snelheid_kmh) * 60


def _reden(a: Vervoersaanvraag, inst, voertuigen: list[Voertuig], centra: dict) -> str:
    """Why a pupil could not be planned, as a hint (the planner does not say; these are the usual causes)."""
    actief = [v for v in voertuigen if v.actief]
    if a.rolstoel and not any(v.rolstoelplaatsen for v in actief):
        return "Rijdt in een rolstoel, maar geen actief voertuig heeft een rolstoelplaats."
    max_rit = a.max_rit_minuten or inst.max_rit_minuten
    thuis = centra.get(a.pc4)
    if thuis and a.school.lat is not None:
        direct = _minuten(afstand_km(thuis[0], thuis[1], a.school.lat, a.school.lon) * float(inst.wegfactor), inst)
        if direct > max_rit:
            return (f"De rit rechtstreeks van huis naar school duurt al ongeveer {math.ceil(direct)} minuten, langer "
                    f"dan de grootste ritduur van {max_rit} minuten.")
    if a.alleen_reizen:
        return ("Moet alleen reizen en heeft daarom een eigen voertuig nodig: er was geen voertuig meer vrij. "
                "Voeg een voertuig toe.")
    return ("Geen voertuig kon de leerling op tijd halen en brengen binnen de grootste ritduur. Voeg een voertuig "
            "toe, verruim de beschikbaarheid van de voertuigen of reken langer.")


def _uitkomst(rol, p: Routeplanning) -> dict:
    """Routes with their stops as table rows, the pupils not planned with a hint, key figures and the map."""
    r = p.resultaat or {}
    aanvragen = _aanvragen(rol, p)
    rittijden = r.get("rittijden", {})
    heen = p.richting == Routeplanning.Richting.HEEN
    detail = reverse("vervoer:aanvraag", args=[0]).removesuffix("0/")
    routes_data = r.get("routes", [])
    lijnen = kaart.lijnen_voor(routes_data)
    routes = []
    for lijn, route in zip(lijnen, routes_data, strict=True):
        rijen = []
        for nr, h in enumerate(route.get("haltes", []), start=1):
            a = aanvragen.get(h["aanvraag"])
            rijen.append({
                "nr": nr, "code": f"{lijn.letter}{nr}", "tijd": h["tijd"], "ophalen": h["soort"] == "ophaal",
                "a": a, "url": f"{detail}{a.pk}/" if a else "",
                "thuis": (h["soort"] == "ophaal") == heen,
                "rit": rittijden.get(str(h["aanvraag"])),
            })
        routes.append({"lijn": lijn, "route": route, "rijen": rijen,
                       "leerlingen": sum(1 for h in route.get("haltes", []) if h["soort"] == "ophaal")})
    inst = Vervoersinstellingen.voor(p.gemeente_id)
    voertuigen = list(Voertuig.objects.filter(gemeente_id=p.gemeente_id))
    niet = [aanvragen[i] for i in r.get("niet_ingepland", []) if i in aanvragen]
    centra = {c: (lat, lon) for c, lat, lon in Postcodegebied.objects.filter(
        pc4__in={a.pc4 for a in niet}, lat__isnull=False).values_list("pc4", "lat", "lon")}
    niet_ingepland = [{"a": a, "url": f"{detail}{a.pk}/", "reden": _reden(a, inst, voertuigen, centra)} for a in niet]

    def plek(h):
        a = aanvragen.get(h["aanvraag"])
        thuis = (h["soort"] == "ophaal") == heen
        actie = "ophalen" if h["soort"] == "ophaal" else "afleveren"
        if thuis:
            return "thuis", f"Postcode {a.pc4 if a else ''}".strip(), actie
        return "school", a.school.naam if a else "School", actie

    return {
        "routes": routes, "niet_ingepland": niet_ingepland, "aanvragen": aanvragen, "k": p.kengetallen or {},
        "kaart": kaart.routekaart(p, plek), "kaart_bron": kaart.BRON, "instellingen": inst,
    }


# ---------------------------------------------------------------------------------------------------------------
# The driver's route sheet
# ---------------------------------------------------------------------------------------------------------------


def _kort(leerling) -> str:
    """First name and the initial of the last name: enough for the driver to call the pupil."""
    return f"{leerling.voornaam} {leerling.achternaam[:1].upper()}." if leerling.achternaam else leerling.voornaam


def ritlijst_context(p: Routeplanning, route: dict, aanvragen: dict[int, Vervoersaanvraag]) -> dict:
    """Only what the driver must know (see the module docstring)."""
    heen = p.richting == Routeplanning.Richting.HEEN
    inst = Vervoersinstellingen.voor(p.gemeente_id)
    gebieden = {g.pc4: g.gemeente.naam if g.gemeente else "" for g in Postcodegebied.objects.filter(
        pc4__in={a.pc4 for a in aanvragen.values()}).select_related("gemeente")}
    voertuig = Voertuig.objects.filter(pk=route["voertuig"], gemeente_id=p.gemeente_id).first()
    haltes = []
    for nr, h in enumerate(route.get("haltes", []), start=1):
        a = aanvragen.get(h["aanvraag"])
        thuis = (h["soort"] == "ophaal") == heen
        if a is None:
            haltes.append({"nr": nr, "tijd": h["tijd"], "ophalen": h["soort"] == "ophaal", "naam": "(onbekend)",
                           "plek": "", "bijzonder": []})
            continue
        if thuis:
            plek = " ".join(x for x in (f"postcodegebied {a.pc4}", gebieden.get(a.pc4, "")) if x)
        else:
            s = a.school
            adres = " ".join(x for x in (s.straat, s.huisnummer) if x)
            postcode = f"{s.postcode[:4]} {s.postcode[4:]}" if len(s.postcode or "") == 6 else s.postcode
            plaats = " ".join(x for x in (postcode, s.plaats) if x)
            plek = ", ".join(x for x in (s.naam, adres, plaats) if x)
        bijzonder = []
        if h["soort"] == "ophaal":  # said once, where the pupil gets in
            if a.chauffeur_info:
                bijzonder.append(a.chauffeur_info)
            if a.rolstoel:
                bijzonder.append("Rolstoel: gebruikt een rolstoelplaats.")
            if a.alleen_reizen:
                bijzonder.append("Moet alleen reizen: geen andere leerlingen tegelijk in het voertuig.")
            eigen = a.max_rit_minuten is not None
            bijzonder.append(f"Rit ten hoogste {a.max_rit_minuten or inst.max_rit_minuten} minuten"
                             f"{' (eigen grens)' if eigen else ''}.")
        haltes.append({"nr": nr, "tijd": h["tijd"], "ophalen": h["soort"] == "ophaal", "naam": _kort(a.leerling),
                       "plek": plek, "thuis": thuis, "bijzonder": bijzonder})
    depot = voertuig.depot_pc4 if voertuig else ""
    titel = f"Ritlijst {route.get('naam', '')}, {p.get_richting_display().lower()}"
    return {
        "titel": titel, "p": p, "route": route, "voertuig": voertuig, "depot": depot, "haltes": haltes,
        "gemeente": p.gemeente, "leerlingen": sum(1 for h in route.get("haltes", []) if h["soort"] == "ophaal"),
        "afgedrukt": timezone.localtime(),
    }


def ritlijst_html(ctx: dict) -> str:
    with translation.override("nl"):
        return render_to_string("vervoer/route_ritlijst_pdf.html", ctx)


@rol_vereist
def ritlijst(request, pk: int, voertuig_id: int):
    from passend.toewijzing.pdf import html_naar_pdf

    rol = _vervoer(request)
    p = get_or_refuse(rol, Routeplanning, pk)
    if p.status != Routeplanning.Status.KLAAR:
        raise Http404("Deze planning heeft (nog) geen routes.")
    route = next((r for r in (p.resultaat or {}).get("routes", []) if r.get("voertuig") == voertuig_id), None)
    if route is None:
        raise Http404("Dit voertuig rijdt niet in deze planning.")
    ids = {h["aanvraag"] for h in route.get("haltes", [])}
    aanvragen = {a.pk: a for a in visible(rol, Vervoersaanvraag).filter(pk__in=ids).select_related(
        "leerling", "school")}
    ctx = ritlijst_context(p, route, aanvragen)
    inhoud = html_naar_pdf(ritlijst_html(ctx))
    for a in aanvragen.values():
        record("export", a, omschrijving=f"Ritlijst (PDF) voor de chauffeur van {route.get('naam', '')}, "
                                         f"routeplanning {p.pk}")
    resp = HttpResponse(inhoud, content_type="application/pdf")
    naam = slugify(route.get("naam", "")) or str(voertuig_id)
    resp["Content-Disposition"] = f'attachment; filename="ritlijst-{p.pk}-{naam}.pdf"'
    return resp
