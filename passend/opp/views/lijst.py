"""The OPP list (the worklist: which OPP's are late or due for evaluation) and starting a new OPP.

Every row comes through visible(rol, Opp); the status per row is regels.opp_status with the SWV's
waarschuwen_dagen (see werklijst.py). The consent state of the current set version is read for the whole page
at once, so the number of queries does not grow with the number of rows.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from passend.accounts.models import SWV_STAF, Rol
from passend.core.access import visible
from passend.core.ui import fouten_naar_form, opties, pagineer, rol_vereist
from passend.register.models import Inschrijving, School, actief_op

from .. import regels, services
from ..forms import OppNieuwForm, leerlingen_voor_opp, standaard_aanleiding
from ..models import Aanleiding, Opp
from . import werklijst

PER_PAGINA = 25


def _lijst(request):
    rol = request.rol
    g = request.GET
    peildatum = services.vandaag()
    dagen = werklijst.waarschuwen_dagen(rol.swv_id)
    zichtbaar = werklijst.met_termijnen(visible(rol, Opp))
    filters = {
        "q": g.get("q", "").strip()[:100],
        "status": g.get("status", "") if g.get("status", "") in dict(werklijst.FILTER_STATUSSEN) else "",
        "school": g.get("school", "") if g.get("school", "").isdigit() else "",
    }
    qs = zichtbaar
    for woord in filters["q"].casefold().split():
        qs = qs.filter(leerling__zoeknaam__icontains=woord)
    if filters["status"]:
        qs = qs.filter(werklijst.status_q(filters["status"], peildatum, dagen))
    else:
        qs = qs.filter(beeindigd_op__isnull=True)
    if filters["school"]:
        qs = qs.filter(school_id=int(filters["school"]))
    qs = werklijst.op_urgentie(qs.select_related("leerling", "school"), peildatum, dagen)
    # A school filter for staff, and for a school user with more than one school.
    school_opties = None
    if rol.rol in SWV_STAF or (rol.rol == Rol.SCHOOL and rol.scholen.count() > 1):
        scholen = School.objects.filter(pk__in=visible(rol, Opp).values("school_id")).only("pk", "naam", "plaats")
        school_opties = opties(
            [("", "Alle scholen"),
             *((s.pk, f"{s.naam} ({s.plaats})" if s.plaats else s.naam) for s in scholen.order_by("naam", "plaats"))],
            filters["school"],
        )
    return qs, filters, {
        "peildatum": peildatum, "dagen": dagen, "school_opties": school_opties,
        "kengetallen": werklijst.tellingen(zichtbaar, peildatum, dagen) if rol.rol != Rol.OUDER else None,
    }


@rol_vereist
def lijst(request):
    if request.rol.rol == Rol.LEERLING:  # a pupil has one plan: it is on their own overview
        return redirect("ouders:leerling")
    qs, filters, extra = _lijst(request)
    page = pagineer(request, qs, PER_PAGINA)
    rijen = list(page.object_list)
    instemming = werklijst.instemming_per_versie(rijen)
    for o in rijen:
        o.status = werklijst.status_van(o, extra["peildatum"], extra["dagen"])
        o.instemming = instemming.get(o.huidige_versie_id)
        o.te_laat_vastgesteld = o.eerste_vastgesteld is not None and not regels.op_tijd_vastgesteld(
            o.aanleiding_datum, o.eerste_vastgesteld)
    return render(request, "opp/lijst.html", {
        "page": page,
        "rijen": rijen,
        "filters": filters,
        "statussen": werklijst.FILTER_STATUSSEN,
        "kan_opstellen": request.rol.rol == Rol.SCHOOL,
        "is_ouder": request.rol.rol == Rol.OUDER,
        **extra,
    })


@rol_vereist
@require_http_methods(["GET", "POST"])
def nieuw(request):
    rol = request.rol
    if rol.rol != Rol.SCHOOL:
        raise PermissionDenied("Alleen een gebruiker van een school stelt een OPP op.")
    leerling = inschrijving = None
    if request.method == "GET" and request.GET.get("leerling", "").isdigit():
        leerling = leerlingen_voor_opp(rol).filter(pk=int(request.GET["leerling"])).first()
    form = OppNieuwForm(request.POST or None, rol=rol)
    if request.method == "GET":
        school = form.scholen[0] if len(form.scholen) == 1 else None
        if leerling is not None:
            inschrijving = (Inschrijving.objects.filter(leerling=leerling, school__in=form.scholen).filter(actief_op())
                            .select_related("school").order_by("-begindatum").first())
            school = inschrijving.school if inschrijving else school
            form.initial["leerling"] = leerling.pk
            if inschrijving is not None:
                form.initial["school"] = inschrijving.school_id
        aanleiding = standaard_aanleiding(school, rol.swv_id)
        form.initial["aanleiding"] = aanleiding
        if aanleiding == Aanleiding.INSCHRIJVING and inschrijving is not None:
            form.initial["aanleiding_datum"] = inschrijving.begindatum
        if school is not None and form.fields["contactpersoon"].queryset.filter(pk=rol.user_id).exists():
            form.initial["contactpersoon"] = rol.user_id
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            o = services.opp_aanmaken(rol, leerling=d["leerling"], school=d["school"], aanleiding=d["aanleiding"],
                                      aanleiding_datum=d["aanleiding_datum"], contactpersoon=d["contactpersoon"])
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        except PermissionDenied as fout:
            form.add_error(None, str(fout))
        else:
            messages.success(request, f"Het OPP voor {o.leerling.naam} is aangemaakt. Vul de eerste versie in en "
                             f"stel die uiterlijk {regels.vaststellen_uiterlijk(o.aanleiding_datum):%d-%m-%Y} vast.")
            return redirect("opp:versie_bewerken", pk=o.versies.get().pk)
    return render(request, "opp/nieuw.html", {
        "form": form, "leerling": leerling,
        "regulier": dict(Aanleiding.choices)[standaard_aanleiding(None, rol.swv_id)],
    })


urlpatterns = [
    path("", lijst, name="lijst"),
    path("nieuw/", nieuw, name="nieuw"),
]
