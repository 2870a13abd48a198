"""The worklist of aanmeldingen (every role that has aanmeldingen) and recording a new one (school).

Every row comes through passend.core.access (visible); every change goes through services.py, whose errors are
shown on the form with everything the user typed.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, DateField, IntegerField, Q, Value, When
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods

from passend.accounts.models import SWV_STAF, Rol
from passend.core.access import visible
from passend.core.ui import fouten_naar_form, pagineer, rol_vereist
from passend.register.models import Leerling, School

from .. import regels, services
from ..forms import BESLOTEN, OPEN, OUDERS, AanmeldingForm, LijstFilter
from ..models import OPEN_STATUSSEN, Aanmelding, Status, Zorgplichtinstellingen
from ..panels import kengetallen, met_termijn, te_bevestigen, termijn_q, termijn_volgorde

PER_PAGINA = 25
LIJST_ROLLEN = (*SWV_STAF, Rol.SCHOOL, Rol.OUDER)


def _eis_lijstrol(rol) -> None:
    if rol.rol not in LIJST_ROLLEN:
        raise PermissionDenied("In deze rol heeft u geen aanmeldingen in Passend.")


def _geordend(qs, status: str):
    """Open ones by deadline (shortest first); decided ones newest decision first; 'alle': open first."""
    if status == OPEN:
        return qs.alias(_termijn=termijn_volgorde()).order_by("_termijn", "ontvangen_op", "pk")
    if status == BESLOTEN:
        return qs.order_by("-besloten_op", "-pk")
    return qs.alias(
        _groep=Case(When(status__in=OPEN_STATUSSEN, then=Value(0)), default=Value(1), output_field=IntegerField()),
        _termijn=Case(When(status__in=OPEN_STATUSSEN, then=termijn_volgorde()), default=None,
                      output_field=DateField()),
    ).order_by("_groep", "_termijn", "-besloten_op", "-pk")


@rol_vereist
def lijst(request):
    rol = request.rol
    _eis_lijstrol(rol)
    peildatum = services.vandaag()
    wd = Zorgplichtinstellingen.voor(rol.swv_id).waarschuwen_dagen
    zichtbaar = visible(rol, Aanmelding)
    is_school = rol.rol == Rol.SCHOOL
    voorgesteld = []
    if is_school:
        mijn = rol.scholen.all()
        # Proposed to this school by another one: shown in their own block, not in the worklist.
        zichtbaar = zichtbaar.exclude(Q(status=Status.ELDERS_VOORGESTELD, andere_school__in=mijn) & ~Q(school__in=mijn))
        voorgesteld = met_termijn(
            te_bevestigen(rol).select_related("leerling", "school").order_by("ontvangen_op", "pk"), peildatum, wd
        )
    scholen = None
    if rol.rol in SWV_STAF or (is_school and len(rol.scholen.all()[:2]) > 1):
        scholen = (visible(rol, School).filter(pk__in=zichtbaar.values("school_id"))
                   .only("pk", "naam", "plaats").order_by("naam", "plaats"))
    form = LijstFilter(request.GET or None, scholen=scholen)
    qs = zichtbaar
    status, termijn = OPEN, ""
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        status = d["status"] or OPEN
        termijn = d["termijn"]
        for woord in d["q"].casefold().split():
            qs = qs.filter(leerling__zoeknaam__icontains=woord)
        if d.get("school"):
            qs = qs.filter(school=d["school"])
    elif form.is_bound:
        qs = qs.none()
    if termijn:
        status = OPEN
        qs = qs.filter(termijn_q(termijn, peildatum, wd))
    if status == OPEN:
        qs = qs.filter(status__in=OPEN_STATUSSEN)
    elif status == BESLOTEN:
        qs = qs.exclude(status__in=OPEN_STATUSSEN)
    qs = _geordend(qs.select_related("leerling", "school", "andere_school"), status)
    page = pagineer(request, qs, PER_PAGINA)
    page.object_list = met_termijn(page.object_list, peildatum, wd)
    k = None
    if rol.rol != Rol.OUDER:
        k = kengetallen(rol, zichtbaar.filter(school__in=rol.scholen.all()) if is_school else zichtbaar, peildatum)
    return render(request, "zorgplicht/lijst.html", {
        "form": form,
        "page": page,
        "status": status,
        "termijn": termijn,
        "k": k,
        "voorgesteld": voorgesteld,
        "is_school": is_school,
        "is_ouder": rol.rol == Rol.OUDER,
        "toon_school": rol.rol != Rol.SCHOOL or scholen is not None,
        "kan_aanmelden": is_school,
        "peildatum": peildatum,
        # One reverse() instead of one per row.
        "detail_url": reverse("zorgplicht:detail", args=[0]).removesuffix("0/"),
    })


@rol_vereist
@require_http_methods(["GET", "POST"])
def nieuw(request):
    rol = request.rol
    if rol.rol != Rol.SCHOOL:
        raise PermissionDenied("Alleen een gebruiker van een school legt een aanmelding vast.")
    scholen = list(services.scholen_van(rol))
    if not scholen:
        raise PermissionDenied("Aan uw rol is geen school gekoppeld. Vraag de beheerder dit in te stellen.")
    leerlingen = visible(rol, Leerling).order_by("achternaam", "voornaam", "pk")
    form = AanmeldingForm(request.POST or None, scholen=School.objects.filter(pk__in=[s.pk for s in scholen])
                          .order_by("naam"), leerlingen=leerlingen)
    if request.method == "POST" and form.is_valid():
        try:
            a = services.aanmelding_registreren(rol, **form.service_gegevens())
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        except PermissionDenied as fout:
            form.add_error(None, str(fout))
        else:
            uiterlijk = regels.beslis_uiterlijk(a.ontvangen_op)
            messages.success(request, f"De aanmelding van {a.leerling.naam} is vastgelegd. Beslis uiterlijk op "
                             f"{uiterlijk:%d-%m-%Y} (6 weken na ontvangst).")
            return redirect("zorgplicht:detail", pk=a.pk)
    return render(request, "zorgplicht/nieuw.html", {
        "form": form, "een_school": form.een_school,
        "ouders": [{"nr": int(o[-1]), "velden": form.ouder_velden(o)} for o in OUDERS],
    })


urlpatterns = [
    path("", lijst, name="lijst"),
    path("nieuw/", nieuw, name="nieuw"),
]
