"""One OPP's page for every role that may see it: the current set version, the concept being worked on, all
versions, the parents' consent, evaluations, deadlines and the OPP made elsewhere (PDF). The school's forms
(evaluation, attach a PDF, start a new version) post to the views below and come back here with their errors.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from passend.accounts.models import SWV_STAF, Rol
from passend.audit.services import record_view
from passend.core.access import can, get_or_refuse, visible
from passend.core.ui import fouten_naar_form, rol_vereist
from passend.register.models import OuderKind

from .. import regels, services
from ..forms import EvaluatieForm, ExternForm, MeningForm
from ..models import Instemming, Mening, Opp, OppVersie
from . import werklijst
from .inhoud import inhoud


def laad_opp(rol, pk: int, action: str = "view") -> Opp:
    """One OPP annotated with its deadlines, or 403/404 (access checked, refusal audited)."""
    o = get_or_refuse(rol, Opp, pk, action)
    return werklijst.met_termijnen(
        Opp.objects.select_related("leerling", "school", "swv", "contactpersoon")
    ).get(pk=o.pk)


def eigen_relatie(rol, leerling_id: int):
    """The parent's relation to the pupil (the one with gezag first), or None for other roles."""
    if rol.rol != Rol.OUDER:
        return None
    return (OuderKind.objects.filter(leerling_id=leerling_id, ouder__user_id=rol.user_id)
            .select_related("ouder").order_by("-heeft_gezag", "pk").first())


def instemmingen_voor(versie: OppVersie, rol, leerling_id: int) -> list[dict]:
    """Per parent with gezag (and any other parent who reacted): who, relation, and their consent, if any.
    A parent sees the other parents' choice, not their explanation (that is between them and the school).
    The pupil's own account sees none of it: consent is between the parents and the school."""
    if rol.rol == Rol.LEERLING:
        return []
    relaties = list(OuderKind.objects.filter(leerling_id=leerling_id).select_related("ouder").order_by("ouder__achternaam", "pk"))
    per_ouder = {i.ouder_id: i for i in Instemming.objects.filter(versie=versie).select_related("ouder", "user")}
    rijen = []
    for r in relaties:
        i = per_ouder.pop(r.ouder_id, None)
        if r.heeft_gezag or i is not None:
            rijen.append({"ouder": r.ouder, "relatie": r.get_relatie_display(), "gezag": r.heeft_gezag, "i": i})
    for i in per_ouder.values():  # a parent no longer linked to the pupil
        rijen.append({"ouder": i.ouder, "relatie": "", "gezag": i.heeft_gezag, "i": i})
    for rij in rijen:
        rij["eigen"] = rol.rol == Rol.OUDER and rij["ouder"].user_id == rol.user_id
        rij["toelichting_zichtbaar"] = rol.rol != Rol.OUDER or rij["eigen"]
    return rijen


def context_voor(request, o: Opp, *, evaluatie_form=None, extern_form=None, mening_form=None) -> dict:
    rol = request.rol
    peildatum = services.vandaag()
    dagen = werklijst.waarschuwen_dagen(o.swv_id)
    # Parents and the pupil see only the versions the school has set (visible() hides the concept from them).
    versies = list(visible(rol, OppVersie).filter(opp=o).select_related("vastgesteld_door").order_by("-nummer"))
    huidige = next((v for v in versies if v.status == OppVersie.Status.VASTGESTELD), None)
    concept = next((v for v in versies if v.status == OppVersie.Status.CONCEPT), None)
    kan_wijzigen = can(rol, "change", o) and o.beeindigd_op is None
    relatie = eigen_relatie(rol, o.leerling_id)
    ctx = {
        "o": o,
        "versies": versies,
        "huidige": huidige,
        "concept": concept,
        "kan_wijzigen": kan_wijzigen,
        "is_school": rol.rol == Rol.SCHOOL,
        "is_ouder": rol.rol == Rol.OUDER,
        "is_leerling": rol.rol == Rol.LEERLING,
        # The parents' consent is between them and the school: not shown in the pupil's own account.
        "toon_instemming": rol.rol != Rol.LEERLING,
        "staf": rol.rol in SWV_STAF,
        "relatie": relatie,
        "status": werklijst.status_van(o, peildatum, dagen),
        "vaststellen_uiterlijk": regels.vaststellen_uiterlijk(o.aanleiding_datum),
        "evaluaties": list(o.evaluaties.select_related("door")),
        "instemmingen": instemmingen_voor(huidige, rol, o.leerling_id) if huidige else [],
    }
    if o.eerste_vastgesteld:
        ctx["op_tijd"] = regels.op_tijd_vastgesteld(o.aanleiding_datum, o.eerste_vastgesteld)
        ctx["evaluatie_uiterlijk"] = regels.evaluatie_uiterlijk(o.eerste_vastgesteld, o.laatste_evaluatie)
    if huidige:
        ctx["huidige_inhoud"] = inhoud(huidige)
        ctx["instemming_samenvatting"] = werklijst.instemming_per_versie([o]).get(huidige.pk)
        ctx["eigen_instemming"] = next((r["i"] for r in ctx["instemmingen"] if r["eigen"] and r["i"]), None)
    if kan_wijzigen and huidige is not None:
        ctx["evaluatie_form"] = evaluatie_form or EvaluatieForm(initial={"datum": peildatum, "met_ouders": True})
    if kan_wijzigen and huidige is None:
        ctx["extern_form"] = extern_form or ExternForm()
    ctx["kan_nieuwe_versie"] = kan_wijzigen and huidige is not None and concept is None
    ctx.update(_mening_context(rol, o, mening_form))
    return ctx


def _mening_context(rol, o: Opp, mening_form) -> dict:
    """The pupil's own views (hoorrecht): the pupil writes and rereads them; the school and SWV staff read them.
    Parents never get them (visible() returns none for them)."""
    if rol.rol == Rol.LEERLING:
        ctx = {"meningen": list(visible(rol, Mening).filter(opp=o).select_related("versie"))}
        if o.beeindigd_op is None or mening_form is not None:
            ctx["mening_form"] = mening_form or MeningForm()
        return ctx
    if rol.rol == Rol.SCHOOL or rol.rol in SWV_STAF:
        return {"toon_meningen": True,
                "meningen": list(visible(rol, Mening).filter(opp=o).select_related("versie", "user"))}
    return {}


@rol_vereist
def detail(request, pk: int):
    o = laad_opp(request.rol, pk)
    record_view(o)
    return render(request, "opp/detail.html", context_voor(request, o))


@rol_vereist
@require_POST
def evaluatie(request, pk: int):
    rol = request.rol
    o = laad_opp(rol, pk, "change")
    form = EvaluatieForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.evaluatie_toevoegen(rol, o, datum=d["datum"], verslag=d["verslag"], met_ouders=d["met_ouders"],
                                         bijstelling_nodig=d["bijstelling_nodig"])
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        else:
            tekst = "De evaluatie is opgeslagen."
            if d["bijstelling_nodig"]:
                tekst += " Het OPP moet worden bijgesteld: maak een nieuwe versie en bespreek die met de ouders."
            messages.success(request, tekst)
            return redirect("opp:detail", pk=o.pk)
    return render(request, "opp/detail.html", context_voor(request, o, evaluatie_form=form))


@rol_vereist
@require_POST
def extern_toevoegen(request, pk: int):
    rol = request.rol
    o = laad_opp(rol, pk, "change")
    form = ExternForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.extern_opp_toevoegen(rol, o, form.cleaned_data["bestand"])
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        else:
            messages.success(request, "Het OPP (PDF) is toegevoegd.")
            return redirect("opp:detail", pk=o.pk)
    return render(request, "opp/detail.html", context_voor(request, o, extern_form=form))


@rol_vereist
def extern(request, pk: int):
    """The OPP made elsewhere, as a PDF download (access checked, view recorded)."""
    o = get_or_refuse(request.rol, Opp, pk)
    if not o.extern_bestand:
        raise Http404("Bij dit OPP is geen PDF toegevoegd.")
    try:
        fh = o.extern_bestand.open("rb")
    except FileNotFoundError:
        raise Http404("Het bestand is niet gevonden.") from None
    record_view(o, omschrijving="OPP van buiten Passend geopend (PDF)")
    resp = FileResponse(fh, as_attachment=False, filename=f"opp-{o.pk}-extern.pdf", content_type="application/pdf")
    resp["X-Content-Type-Options"] = "nosniff"
    return resp


@rol_vereist
@require_POST
def nieuwe_versie(request, pk: int):
    rol = request.rol
    o = get_or_refuse(rol, Opp, pk, "change")
    try:
        v = services.nieuwe_versie(rol, o)
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
        return redirect("opp:detail", pk=o.pk)
    except PermissionDenied as fout:
        raise PermissionDenied(str(fout)) from None
    messages.success(request, f"Versie {v.nummer} is gemaakt als kopie van de laatste vastgestelde versie. Bespreek "
                     "de wijzigingen met de ouders en vul de datum van dat gesprek in voordat u vaststelt.")
    return redirect("opp:versie_bewerken", pk=v.pk)


urlpatterns = [
    path("<int:pk>/", detail, name="detail"),
    path("<int:pk>/evaluatie/", evaluatie, name="evaluatie"),
    path("<int:pk>/extern/", extern, name="extern"),
    path("<int:pk>/extern/toevoegen/", extern_toevoegen, name="extern_toevoegen"),
    path("<int:pk>/nieuwe-versie/", nieuwe_versie, name="nieuwe_versie"),
]
