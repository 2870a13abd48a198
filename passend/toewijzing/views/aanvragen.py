"""Pages for schools and parents: the list of requests (every role that has requests), a new request and
editing it (school), attachments (school and SWV staff), and the parent's reaction.

Every row comes through passend.core.access (visible / get_or_refuse); every change goes through services.py,
whose errors are shown on the form with everything the user typed.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods, require_POST

from passend.accounts.models import SWV_STAF, Rol
from passend.audit.services import record_view
from passend.core.access import get_or_refuse, visible
from passend.core.ui import fouten_naar_form, pagineer, rol_vereist
from passend.register.models import School

from .. import services, termijnen
from ..forms_aanvragen import (
    LOPEND,
    LOPEND_STATUSSEN,
    REACTIE_STATUSSEN,
    AanvraagForm,
    AanvraagZoekForm,
    BijlageForm,
    OuderreactieForm,
    leerlingen_voor_aanvraag,
)
from ..models import OPEN_STATUSSEN, Aanvraag, Bijlage, Ouderreactie, Status, Toewijzingsinstellingen
from ..toegang import mag_aanvragen

AANVRAGEN_PER_PAGINA = 25
LIJST_ROLLEN = (*SWV_STAF, Rol.SCHOOL, Rol.OUDER, Rol.DESKUNDIGE)



# --------------------------------------------------------------------------------------------------------
# The list
# --------------------------------------------------------------------------------------------------------

@rol_vereist
def aanvragen(request):
    rol = request.rol
    if rol.rol not in LIJST_ROLLEN:
        raise PermissionDenied("In deze rol heeft u geen aanvragen in Passend.")
    zichtbaar = visible(rol, Aanvraag)
    scholen = None
    if rol.rol in SWV_STAF or (rol.rol == Rol.SCHOOL and len(rol.scholen.all()[:2]) > 1):
        scholen = (
            visible(rol, School)
            .filter(pk__in=zichtbaar.values("school_id")).only("pk", "naam", "plaats").order_by("naam", "plaats")
        )
    form = AanvraagZoekForm(request.GET or None, scholen=scholen)
    if scholen is not None:
        form.fields["school"].widget.keuzes = [
            ("", "Alle scholen"), *((s.pk, f"{s.naam} ({s.plaats})" if s.plaats else s.naam) for s in scholen)
        ]
    qs = zichtbaar
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        for woord in data["q"].casefold().split():
            qs = qs.filter(Q(leerling__zoeknaam__icontains=woord) | Q(nummer__icontains=woord))
        if data["status"] == LOPEND:
            qs = qs.filter(status__in=LOPEND_STATUSSEN)
        elif data["status"]:
            qs = qs.filter(status=data["status"])
        if data["soort"]:
            qs = qs.filter(soort=data["soort"])
        if data.get("school"):
            qs = qs.filter(school=data["school"])
    elif form.is_bound:
        qs = qs.none()
    qs = qs.select_related("leerling", "school").order_by("-aangemaakt", "-pk")
    page = pagineer(request, qs, AANVRAGEN_PER_PAGINA)
    weken = Toewijzingsinstellingen.voor(rol.swv_id).besluittermijn_weken
    open_ = [a.pk for a in page.object_list if a.ingediend_op and a.status in OPEN_STATUSSEN]
    perioden = termijnen.opschortingen(open_) if open_ else {}
    for a in page.object_list:
        a.besluit_uiterlijk = termijnen.uiterlijk(a, weken, perioden.get(a.pk, [])) if a.pk in open_ else None
        a.opgeschort = a.pk in open_ and a.besluit_uiterlijk is None
        gevraagd = termijnen.open_aanvulling(perioden.get(a.pk, [])) if a.status == Status.AANVULLING else None
        a.aanvullen_uiterlijk = gevraagd[2] if gevraagd else None
    return render(request, "toewijzing/aanvragen.html", {
        "form": form,
        "page": page,
        "kan_aanvragen": mag_aanvragen(rol),
        "toon_school": rol.rol != Rol.SCHOOL or scholen is not None,
        "besluittermijn_weken": weken,
        # One reverse() instead of one per row.
        "aanvraag_url": reverse("toewijzing:aanvraag", args=[0]).removesuffix("0/"),
    })


# --------------------------------------------------------------------------------------------------------
# New request and editing it
# --------------------------------------------------------------------------------------------------------

@rol_vereist
@require_http_methods(["GET", "POST"])
def aanvraag_nieuw(request):
    rol = request.rol
    if not mag_aanvragen(rol):
        raise PermissionDenied("Alleen een gebruiker van een school kan een aanvraag doen.")
    leerling = None
    if request.method == "GET" and request.GET.get("leerling", "").isdigit():
        leerling = leerlingen_voor_aanvraag(rol).filter(pk=int(request.GET["leerling"])).first()
    form = AanvraagForm(request.POST or None, rol=rol, leerling=leerling)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            nieuw = services.aanvraag_aanmaken(rol, data["leerling"], data["school"], data["soort"], **form.velden())
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        except PermissionDenied as fout:
            form.add_error(None, str(fout))
        else:
            messages.success(request, f"De aanvraag {nieuw.nummer} is opgeslagen als concept. Voeg het OPP toe en "
                             "dien de aanvraag in als alles compleet is.")
            return redirect("toewijzing:aanvraag", pk=nieuw.pk)
    return render(request, "toewijzing/aanvraag_form.html", {
        "form": form, "titel": "Nieuwe aanvraag", "leerling": leerling, "aanvraag": None,
    })


@rol_vereist
@require_http_methods(["GET", "POST"])
def aanvraag_bewerken(request, pk: int):
    rol = request.rol
    a = get_or_refuse(rol, Aanvraag, pk, "change")
    form = AanvraagForm(request.POST or None, rol=rol, aanvraag=a, initial=AanvraagForm.initial_van(a))
    if request.method == "POST" and form.is_valid():
        try:
            services.aanvraag_bijwerken(rol, a, **form.velden())
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        except PermissionDenied as fout:
            form.add_error(None, str(fout))
        else:
            messages.success(request, "De aanvraag is opgeslagen.")
            return redirect("toewijzing:aanvraag", pk=a.pk)
    else:
        record_view(a)
    return render(request, "toewijzing/aanvraag_form.html", {
        "form": form, "titel": f"Aanvraag {a.nummer} wijzigen", "leerling": a.leerling, "aanvraag": a,
    })


# --------------------------------------------------------------------------------------------------------
# Attachments
# --------------------------------------------------------------------------------------------------------

@rol_vereist
@require_POST
def bijlage_nieuw(request, pk: int):
    rol = request.rol
    a = get_or_refuse(rol, Aanvraag, pk)
    form = BijlageForm(request.POST, request.FILES)
    if not form.is_valid():
        for fouten in form.errors.values():
            for fout in fouten:
                messages.error(request, f"De bijlage is niet toegevoegd: {fout}")
    else:
        try:
            b = services.bijlage_toevoegen(rol, a, form.cleaned_data["soort"], form.cleaned_data["bestand"])
        except ValidationError as fout:
            messages.error(request, "De bijlage is niet toegevoegd: " + " ".join(fout.messages))
        else:
            messages.success(request, f"De bijlage {b.naam} is toegevoegd.")
    return redirect(reverse("toewijzing:aanvraag", args=[a.pk]) + "#kop-bijlagen")


@rol_vereist
@require_POST
def bijlage_verwijderen(request, pk: int):
    rol = request.rol
    b = get_or_refuse(rol, Bijlage, pk)
    aanvraag_pk, naam = b.aanvraag_id, b.naam
    try:
        services.bijlage_verwijderen(rol, b)
    except ValidationError as fout:
        messages.error(request, "De bijlage is niet verwijderd: " + " ".join(fout.messages))
    else:
        messages.success(request, f"De bijlage {naam} is verwijderd.")
    return redirect(reverse("toewijzing:aanvraag", args=[aanvraag_pk]) + "#kop-bijlagen")


# --------------------------------------------------------------------------------------------------------
# The parent's reaction
# --------------------------------------------------------------------------------------------------------

@rol_vereist
@require_http_methods(["GET", "POST"])
def ouderreactie(request, pk: int):
    rol = request.rol
    if rol.rol != Rol.OUDER:
        raise PermissionDenied("Alleen een ouder van de leerling kan hier reageren.")
    a = get_or_refuse(rol, Aanvraag, pk)
    a = Aanvraag.objects.select_related("leerling", "school").get(pk=a.pk)
    eigen = (
        Ouderreactie.objects.filter(aanvraag=a, ouder__user_id=rol.user_id).order_by("-gezien_op").first()
    )
    initial = {"akkoord": eigen.akkoord, "zienswijze": eigen.zienswijze} if eigen else {}
    form = OuderreactieForm(request.POST or None, initial=initial)
    open_voor_reactie = a.status in REACTIE_STATUSSEN
    if request.method == "POST" and form.is_valid():
        try:
            services.ouderreactie_geven(
                rol, a, akkoord=form.cleaned_data["akkoord"], zienswijze=form.cleaned_data["zienswijze"]
            )
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        else:
            messages.success(request, "Dank u wel. Uw reactie is vastgelegd; de school en het samenwerkingsverband "
                             "zien hem bij de aanvraag.")
            return redirect("toewijzing:aanvraag", pk=a.pk)
    elif request.method == "GET":
        record_view(a)
    return render(request, "toewijzing/ouderreactie.html", {
        "a": a, "form": form, "eigen": eigen, "open_voor_reactie": open_voor_reactie,
        "instellingen": Toewijzingsinstellingen.voor(a.swv_id),
    })


urlpatterns = [
    path("aanvragen/", aanvragen, name="aanvragen"),
    path("aanvragen/nieuw/", aanvraag_nieuw, name="aanvraag_nieuw"),
    path("aanvragen/<int:pk>/wijzigen/", aanvraag_bewerken, name="aanvraag_bewerken"),
    path("aanvragen/<int:pk>/bijlagen/", bijlage_nieuw, name="bijlage_nieuw"),
    path("bijlagen/<int:pk>/verwijderen/", bijlage_verwijderen, name="bijlage_verwijderen"),
    path("aanvragen/<int:pk>/reactie/", ouderreactie, name="ouderreactie"),
]
