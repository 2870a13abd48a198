"""The newsletter: public signup with double opt-in and one-click unsubscribe; the editors' issues.

- Signup (public): services.abonneren mails a confirmation link; the page says the same whether the address was
  known or not, so it does not reveal who subscribes.
- Confirming: GET only shows a button, POST confirms. Mail scanners that open every link must not subscribe
  anyone.
- Unsubscribing: GET shows one button, POST deletes the subscriber (no address is kept). The POST also works as
  RFC 8058 one-click unsubscribe from a mail client (body `List-Unsubscribe=One-Click`, no CSRF token): the view
  is csrf-exempt, which is safe because it only ever removes the one subscriber its signed token names.
- Issues (the Steunpunt): list, compose from recent content, preview the plain text, send as a background job.
  The editor sees how many confirmed subscribers there are, never their addresses."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from passend.core.access import get_or_refuse, visible
from passend.core.ui import fouten_naar_form, pagineer

from . import services, verzending
from .forms_nieuwsbrief import AanmeldForm, NieuwsbriefForm
from .models import Activiteit, Artikel, Nieuwsbrief
from .views_kennis import steunpunt_vereist

PER_PAGINA = 25
EXTRA_ARTIKELEN = 30


# ------------------------------------------------------------------------------------------------------------
# Public: signup, confirm, unsubscribe
# ------------------------------------------------------------------------------------------------------------

@require_http_methods(["GET", "HEAD", "POST"])
def nieuwsbrief(request):
    if request.method == "POST":
        form = AanmeldForm(request.POST)
        if form.is_valid():
            try:
                services.abonneren(form.cleaned_data["email"])
            except ValidationError as fout:
                fouten_naar_form(form, fout)
            else:
                return redirect("steunpunt:nieuwsbrief_verstuurd")
    else:
        form = AanmeldForm()
    return render(request, "steunpunt/nieuwsbrief_aanmelden.html", {
        "form": form, "dagen": _bevestig_dagen(),
    })


def _bevestig_dagen() -> int:
    return settings.PASSEND_STEUNPUNT_BEVESTIG_DAGEN


@require_safe
def nieuwsbrief_verstuurd(request):
    return render(request, "steunpunt/nieuwsbrief_verstuurd.html", {"dagen": _bevestig_dagen()})


@require_http_methods(["GET", "HEAD", "POST"])
def nieuwsbrief_bevestigen(request, token: str):
    if request.method == "POST":
        try:
            services.bevestigen(token)
        except ValidationError as fout:
            return render(request, "steunpunt/nieuwsbrief_bevestigen.html",
                          {"fout": " ".join(fout.messages), "token": token}, status=400)
        return render(request, "steunpunt/nieuwsbrief_bevestigen.html", {"bevestigd": True, "token": token})
    return render(request, "steunpunt/nieuwsbrief_bevestigen.html", {"token": token})


@csrf_exempt  # RFC 8058 one-click: the mail client posts without a CSRF token; see the module docstring
@require_http_methods(["GET", "HEAD", "POST"])
def nieuwsbrief_afmelden(request, token: str):
    if request.method == "POST":
        afgemeld = services.opzeggen(token)
        return render(request, "steunpunt/nieuwsbrief_afmelden.html",
                      {"klaar": True, "afgemeld": afgemeld, "token": token}, status=200 if afgemeld else 400)
    return render(request, "steunpunt/nieuwsbrief_afmelden.html", {"token": token})


# ------------------------------------------------------------------------------------------------------------
# Editors: issues
# ------------------------------------------------------------------------------------------------------------

@steunpunt_vereist
@require_safe
def nieuwsbrieven(request):
    qs = visible(request.rol, Nieuwsbrief).order_by("-aangemaakt")
    return render(request, "steunpunt/nieuwsbrief_lijst.html", {
        "page": pagineer(request, qs, PER_PAGINA), "abonnees": services.aantal_abonnees(),
    })


def _keuzes(brief: Nieuwsbrief | None):
    """The articles and activities to choose from: the suggestions (recent content), what the issue already
    holds, and the latest published articles. Returns (artikelen, activiteiten, suggesties)."""
    sug_art, sug_act = services.recente_inhoud()
    sug_art_ids = set(sug_art.values_list("pk", flat=True))
    sug_act_ids = set(sug_act.values_list("pk", flat=True))
    art_ids = set(sug_art_ids)
    art_ids |= set(Artikel.objects.filter(status=Artikel.Status.GEPUBLICEERD)
                   .order_by("-gepubliceerd_op", "titel").values_list("pk", flat=True)[:EXTRA_ARTIKELEN])
    act_ids = set(sug_act_ids)
    act_ids |= set(Activiteit.objects.filter(status=Activiteit.Status.GEPUBLICEERD, begin__gt=timezone.now())
                   .values_list("pk", flat=True))
    if brief is not None:
        art_ids |= set(brief.artikelen.values_list("pk", flat=True))
        act_ids |= set(brief.activiteiten.values_list("pk", flat=True))
    artikelen = Artikel.objects.filter(pk__in=art_ids).order_by("-gepubliceerd_op", "titel")
    activiteiten = Activiteit.objects.filter(pk__in=act_ids).order_by("begin")
    return artikelen, activiteiten, (sug_art_ids, sug_act_ids)


def _brief_form(request, brief: Nieuwsbrief | None):
    if brief is not None and brief.status != Nieuwsbrief.Status.CONCEPT:
        messages.error(request, "Deze nieuwsbrief is al verzonden en kan niet meer worden gewijzigd.")
        return redirect("steunpunt:nieuwsbrief_voorbeeld", pk=brief.pk)
    artikelen, activiteiten, (sug_art, sug_act) = _keuzes(brief)
    if request.method == "POST":
        form = NieuwsbriefForm(request.POST, artikelen=artikelen, activiteiten=activiteiten)
        if form.is_valid():
            d = form.cleaned_data
            try:
                b = services.nieuwsbrief_opslaan(request.rol, brief, onderwerp=d["onderwerp"],
                                                 inleiding=d["inleiding"], artikelen=d["artikelen"],
                                                 activiteiten=d["activiteiten"])
            except ValidationError as fout:
                fouten_naar_form(form, fout)
            else:
                messages.success(request, "De nieuwsbrief is opgeslagen. Controleer hieronder de tekst en verzend hem.")
                return redirect("steunpunt:nieuwsbrief_voorbeeld", pk=b.pk)
    elif brief is not None:
        form = NieuwsbriefForm(artikelen=artikelen, activiteiten=activiteiten, initial={
            "onderwerp": brief.onderwerp, "inleiding": brief.inleiding,
            "artikelen": list(brief.artikelen.values_list("pk", flat=True)),
            "activiteiten": list(brief.activiteiten.values_list("pk", flat=True)),
        })
    else:
        form = NieuwsbriefForm(artikelen=artikelen, activiteiten=activiteiten, initial={
            "onderwerp": f"Nieuwsbrief Steunpunt Passend Onderwijs, {date_format(timezone.localdate(), 'F Y')}",
            "artikelen": sorted(sug_art), "activiteiten": sorted(sug_act),
        })
    return render(request, "steunpunt/nieuwsbrief_form.html", {
        "form": form, "brief": brief, "suggesties": len(sug_art) + len(sug_act),
    })


@steunpunt_vereist
@require_http_methods(["GET", "HEAD", "POST"])
def nieuwsbrief_nieuw(request):
    return _brief_form(request, None)


@steunpunt_vereist
@require_http_methods(["GET", "HEAD", "POST"])
def nieuwsbrief_wijzigen(request, pk: int):
    return _brief_form(request, get_or_refuse(request.rol, Nieuwsbrief, pk, "change"))


@steunpunt_vereist
@require_safe
def nieuwsbrief_voorbeeld(request, pk: int):
    brief = get_or_refuse(request.rol, Nieuwsbrief, pk)
    return render(request, "steunpunt/nieuwsbrief_voorbeeld.html", {
        "brief": brief, "tekst": verzending.tekst_van(brief), "abonnees": services.aantal_abonnees(),
        "hervatten": brief.status == Nieuwsbrief.Status.VERZENDEN and not services.verzending_loopt(brief),
    })


@steunpunt_vereist
@require_POST
def nieuwsbrief_verzenden(request, pk: int):
    brief = get_or_refuse(request.rol, Nieuwsbrief, pk, "change")
    try:
        job = services.nieuwsbrief_verzenden(request.rol, brief)
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
        return redirect("steunpunt:nieuwsbrief_voorbeeld", pk=brief.pk)
    return redirect("core:taak", pk=job.pk)


urlpatterns = [
    path("nieuwsbrief/", nieuwsbrief, name="nieuwsbrief"),
    path("nieuwsbrief/verstuurd/", nieuwsbrief_verstuurd, name="nieuwsbrief_verstuurd"),
    path("nieuwsbrief/bevestigen/<str:token>/", nieuwsbrief_bevestigen, name="nieuwsbrief_bevestigen"),
    path("nieuwsbrief/afmelden/<str:token>/", nieuwsbrief_afmelden, name="nieuwsbrief_afmelden"),
    path("nieuwsbrieven/", nieuwsbrieven, name="nieuwsbrieven"),
    path("nieuwsbrieven/nieuw/", nieuwsbrief_nieuw, name="nieuwsbrief_nieuw"),
    path("nieuwsbrieven/<int:pk>/", nieuwsbrief_voorbeeld, name="nieuwsbrief_voorbeeld"),
    path("nieuwsbrieven/<int:pk>/wijzigen/", nieuwsbrief_wijzigen, name="nieuwsbrief_wijzigen"),
    path("nieuwsbrieven/<int:pk>/verzenden/", nieuwsbrief_verzenden, name="nieuwsbrief_verzenden"),
]
