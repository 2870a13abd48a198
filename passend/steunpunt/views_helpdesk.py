"""The helpdesk of the Steunpunt (login required).

- /steunpunt/helpdesk/ (helpdesk): a questioner (services.mag_vragen) sees their own questions and a button to
  ask; the Steunpunt sees the worklist of all questions: filters, open ones first (oldest first), the waiting
  time in working days with a 'te laat' mark beyond the norm, and on top the open count, the median response
  time and the share answered within the norm over the last 90 days. helpdesk_export gives the worklist as an
  Excel workbook without questioners' names.
- /steunpunt/helpdesk/nieuw/ (vraag_nieuw): ask a question.
- /steunpunt/helpdesk/<pk>/ (vraag): one question (the questioner's own, or any for the Steunpunt), with the
  Steunpunt's actions as POSTs: pick up, answer, close (the questioner may close their own too) and turn the
  answer into a draft FAQ.
"""

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, DateTimeField, F, IntegerField, Q, Value, When
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from passend.accounts.models import Rol
from passend.audit.services import record
from passend.core.access import get_or_refuse, visible
from passend.core.ui import fouten_naar_form, pagineer, rol_vereist
from passend.toewijzing.export import als_download

from . import export, regels, services
from .forms_helpdesk import OPEN, AntwoordForm, VraagForm, WerklijstFilter
from .models import Vraag, met_keuze

PER_PAGINA = 25
OPEN_STATUSSEN = (Vraag.Status.NIEUW, Vraag.Status.IN_BEHANDELING)
KENGETAL_DAGEN = 90


def _rol_label(code: str) -> str:
    try:
        return Rol(code).label.split(" (")[0].split(" / ")[0]
    except ValueError:
        return code


# ------------------------------------------------------------------------------------------------------------
# The list: own questions, or the Steunpunt's worklist
# ------------------------------------------------------------------------------------------------------------

def _gefilterd(rol, form: WerklijstFilter):
    """All questions (the Steunpunt sees all) with the form's filters, open ones first (oldest first), then the
    rest (most recently asked first)."""
    qs = visible(rol, Vraag).select_related("thema", "behandelaar")
    if form.is_valid():
        d = form.cleaned_data
        if d["status"] == OPEN:
            qs = qs.filter(status__in=OPEN_STATUSSEN)
        elif d["status"]:
            qs = qs.filter(status=d["status"])
        if d["thema"]:
            qs = qs.filter(thema=d["thema"])
        if d["sector"]:
            qs = qs.filter(met_keuze("sectoren", d["sector"]))
        if d["behandelaar"] == "mij":
            qs = qs.filter(behandelaar_id=rol.user_id)
        elif d["behandelaar"] == "niemand":
            qs = qs.filter(behandelaar__isnull=True)
    is_open = Q(status__in=OPEN_STATUSSEN)
    return qs.annotate(
        sorteer_dicht=Case(When(is_open, then=Value(0)), default=Value(1), output_field=IntegerField()),
        sorteer_open=Case(When(is_open, then=F("gesteld_op")), default=None, output_field=DateTimeField()),
        sorteer_rest=Case(When(is_open, then=None), default=F("gesteld_op"), output_field=DateTimeField()),
    ).order_by("sorteer_dicht", F("sorteer_open").asc(nulls_last=True), F("sorteer_rest").desc(nulls_last=True),
               "pk")


def kengetallen(nu: dt.datetime | None = None) -> dict:
    """Open questions, and over the questions answered in the last 90 days: the median response time in working
    days and the share answered within the norm."""
    nu = nu or timezone.now()
    open_aantal = Vraag.objects.filter(status__in=OPEN_STATUSSEN).count()
    beantwoord = Vraag.objects.filter(beantwoord_op__isnull=False,
                                      beantwoord_op__gte=nu - dt.timedelta(days=KENGETAL_DAGEN))
    tijden = [export.tijden(v, nu) for v in beantwoord.only("gesteld_op", "beantwoord_op")]
    dagen = [d for d, _ in tijden]
    op_tijd = sum(1 for _, o in tijden if o)
    return {
        "open": open_aantal,
        "beantwoord": len(tijden),
        "mediaan": regels.mediaan(dagen, minimaal=1),
        "op_tijd_procent": round(100 * op_tijd / len(tijden)) if tijden else None,
        "dagen": KENGETAL_DAGEN,
    }


def _met_tijden(vragen, nu):
    for v in vragen:
        v.werkdagen, v.op_tijd = export.tijden(v, nu)
        v.te_laat = v.op_tijd is False
        v.is_open = v.status in OPEN_STATUSSEN
        v.vrager_rol_label = _rol_label(v.vrager_rol)
    return vragen


@rol_vereist
@require_safe
def helpdesk(request):
    rol = request.rol
    nu = timezone.now()
    norm = settings.PASSEND_STEUNPUNT_REACTIE_WERKDAGEN
    if services.is_steunpunt(rol):
        form = WerklijstFilter(request.GET or None)
        page = pagineer(request, _gefilterd(rol, form), PER_PAGINA)
        _met_tijden(page.object_list, nu)
        return render(request, "steunpunt/helpdesk_werklijst.html", {
            "form": form, "page": page, "k": kengetallen(nu), "norm": norm,
            "gefilterd": any(request.GET.get(f) for f in form.fields),
        })
    if not services.mag_vragen(rol):
        raise PermissionDenied("De helpdesk van het Steunpunt is er voor scholen, schoolbesturen, "
                               "samenwerkingsverbanden, gemeenten en ouders.")
    # The questioner's own questions (visible() already keeps to the person's own), newest first.
    page = pagineer(request, visible(rol, Vraag).select_related("thema").order_by("-gesteld_op", "-pk"), PER_PAGINA)
    _met_tijden(page.object_list, nu)
    return render(request, "steunpunt/helpdesk_mijn.html", {"page": page, "norm": norm})


@rol_vereist
@require_safe
def helpdesk_export(request):
    rol = request.rol
    if not services.is_steunpunt(rol):
        raise PermissionDenied("Alleen het Steunpunt kan de werklijst van de helpdesk downloaden.")
    form = WerklijstFilter(request.GET or None)
    vragen = list(_gefilterd(rol, form).select_related("thema"))
    wb = export.werklijst_werkboek(vragen)
    record("export", None, object_type_label="steunpunt.vraag",
           omschrijving=f"Werklijst helpdesk geëxporteerd ({len(vragen)} vragen, zonder namen)")
    return als_download(wb, f"helpdesk-werklijst-{timezone.localdate():%Y%m%d}.xlsx")


# ------------------------------------------------------------------------------------------------------------
# Asking
# ------------------------------------------------------------------------------------------------------------

@rol_vereist
@require_http_methods(["GET", "POST"])
def vraag_nieuw(request):
    rol = request.rol
    if not services.mag_vragen(rol):
        raise PermissionDenied("In deze rol kunt u geen vraag aan de helpdesk stellen.")
    form = VraagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            v = services.vraag_stellen(rol, onderwerp=d["onderwerp"], tekst=d["tekst"], thema=d["thema"],
                                       sectoren=d["sectoren"])
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        else:
            messages.success(request, f"Uw vraag is verstuurd (nummer {v.nummer}). U krijgt een e-mail als het "
                                      "Steunpunt heeft geantwoord.")
            return redirect("steunpunt:vraag", pk=v.pk)
    return render(request, "steunpunt/helpdesk_nieuw.html", {
        "form": form, "norm": settings.PASSEND_STEUNPUNT_REACTIE_WERKDAGEN,
    })


# ------------------------------------------------------------------------------------------------------------
# One question
# ------------------------------------------------------------------------------------------------------------

def _artikel_wijzigen_url(artikel) -> str:
    """The edit page of a draft article (built by the knowledge-base pages), or '' while it does not exist."""
    if artikel is None:
        return ""
    try:
        return reverse("steunpunt:artikel_wijzigen", args=[artikel.pk])
    except NoReverseMatch:
        return ""


def _artikel_url(artikel) -> str:
    if artikel is None:
        return ""
    try:
        return reverse("steunpunt:artikel", args=[artikel.slug])
    except NoReverseMatch:
        return ""


def _detail(request, v: Vraag, antwoord_form: AntwoordForm | None = None, status: int = 200):
    rol = request.rol
    steunpunt = services.is_steunpunt(rol)
    nu = timezone.now()
    _met_tijden([v], nu)
    eigen = v.vrager_id is not None and v.vrager_id == rol.user_id
    if steunpunt and antwoord_form is None:
        antwoord_form = AntwoordForm(initial={"antwoord": v.antwoord})
    return render(request, "steunpunt/helpdesk_vraag.html", {
        "v": v, "steunpunt": steunpunt, "eigen": eigen,
        "norm": settings.PASSEND_STEUNPUNT_REACTIE_WERKDAGEN,
        "antwoord_form": antwoord_form if steunpunt else None,
        "kan_oppakken": steunpunt and v.status in OPEN_STATUSSEN and v.behandelaar_id != rol.user_id,
        "kan_beantwoorden": steunpunt and v.status != Vraag.Status.GESLOTEN,
        "kan_sluiten": (steunpunt or eigen) and v.status != Vraag.Status.GESLOTEN,
        "kan_faq": steunpunt and v.status in (Vraag.Status.BEANTWOORD, Vraag.Status.GESLOTEN) and bool(v.antwoord)
                   and not v.faq_id,
        "faq_wijzigen_url": _artikel_wijzigen_url(v.faq) if steunpunt else "",
        "faq_url": _artikel_url(v.faq) if steunpunt else "",
        "vrager_rol_label": _rol_label(v.vrager_rol),
    }, status=status)


def _vraag(request, pk: int) -> Vraag:
    return get_or_refuse(request.rol, Vraag, pk)


@rol_vereist
@require_safe
def vraag(request, pk: int):
    return _detail(request, _vraag(request, pk))


@rol_vereist
@require_POST
def vraag_oppakken(request, pk: int):
    v = _vraag(request, pk)
    try:
        services.vraag_oppakken(request.rol, v)
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    else:
        messages.success(request, f"U behandelt vraag {v.nummer}.")
    return redirect("steunpunt:vraag", pk=v.pk)


@rol_vereist
@require_POST
def vraag_beantwoorden(request, pk: int):
    v = _vraag(request, pk)
    if not services.is_steunpunt(request.rol):
        raise PermissionDenied("Alleen medewerkers van het Steunpunt beantwoorden vragen.")
    form = AntwoordForm(request.POST)
    if form.is_valid():
        try:
            services.vraag_beantwoorden(request.rol, v, form.cleaned_data["antwoord"])
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        else:
            messages.success(request, f"Het antwoord op vraag {v.nummer} is opgeslagen. De vrager krijgt een e-mail.")
            return redirect("steunpunt:vraag", pk=v.pk)
    v.refresh_from_db()
    return _detail(request, v, form)


@rol_vereist
@require_POST
def vraag_sluiten(request, pk: int):
    v = _vraag(request, pk)
    services.vraag_sluiten(request.rol, v)  # PermissionDenied for anyone but the questioner or the Steunpunt
    messages.success(request, f"Vraag {v.nummer} is gesloten.")
    return redirect("steunpunt:vraag", pk=v.pk)


@rol_vereist
@require_POST
def vraag_faq(request, pk: int):
    v = _vraag(request, pk)
    try:
        artikel = services.naar_faq(request.rol, v)
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
        return redirect("steunpunt:vraag", pk=v.pk)
    url = _artikel_wijzigen_url(artikel)
    messages.success(request, f"Er is een concept voor een veelgestelde vraag gemaakt: ‘{artikel.titel}’. Haal er "
                              "alles uit wat iemand herkenbaar maakt voordat u het publiceert.")
    if url:
        return redirect(url)
    return redirect("steunpunt:vraag", pk=v.pk)


urlpatterns = [
    path("helpdesk/", helpdesk, name="helpdesk"),
    path("helpdesk/export/", helpdesk_export, name="helpdesk_export"),
    path("helpdesk/nieuw/", vraag_nieuw, name="vraag_nieuw"),
    path("helpdesk/<int:pk>/", vraag, name="vraag"),
    path("helpdesk/<int:pk>/oppakken/", vraag_oppakken, name="vraag_oppakken"),
    path("helpdesk/<int:pk>/beantwoorden/", vraag_beantwoorden, name="vraag_beantwoorden"),
    path("helpdesk/<int:pk>/sluiten/", vraag_sluiten, name="vraag_sluiten"),
    path("helpdesk/<int:pk>/faq/", vraag_faq, name="vraag_faq"),
]
